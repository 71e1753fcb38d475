// Epoch milliseconds of a wire instant without Date.parse: a cycle reads one timestamp per sample,
// tens of thousands per call, and Date.parse is the single largest cost at that scale.
import { parseInstant } from '../instant.ts';

const DAYS_BEFORE_MONTH = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = s.charCodeAt(at + i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

function daysFromCivil(y: number, m: number, d: number): number {
  // Days since 1970-01-01 of a proleptic Gregorian date (no leap seconds, as in ECMAScript).
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const yy = y - 1;
  const daysBeforeYear =
    365 * (y - 1970) + (Math.floor(yy / 4) - Math.floor(yy / 100) + Math.floor(yy / 400)) - 477;
  return daysBeforeYear + DAYS_BEFORE_MONTH[m]! + (leap && m > 2 ? 1 : 0) + d - 1;
}

/**
 * `YYYY-MM-DDTHH:MM[:SS[.f{1,3}]]Z` → epoch ms, identical to parseInstant; anything it does not
 * recognise at once (or out of range) goes through parseInstant, which throws on a bad value.
 */
export function instantMs(s: string): number {
  const len = s.length;
  if (
    (len === 20 || len === 17 || (len >= 22 && len <= 24)) &&
    s.charCodeAt(len - 1) === 90 /* Z */ &&
    s.charCodeAt(4) === 45 &&
    s.charCodeAt(7) === 45 &&
    s.charCodeAt(10) === 84 &&
    s.charCodeAt(13) === 58
  ) {
    const y = digits(s, 0, 4);
    const mo = digits(s, 5, 2);
    const d = digits(s, 8, 2);
    const h = digits(s, 11, 2);
    const mi = digits(s, 14, 2);
    let sec = 0;
    let ms = 0;
    let ok =
      y >= 1970 && mo >= 1 && mo <= 12 && d >= 1 && d <= 28 && h >= 0 && h <= 23 && mi >= 0 && mi <= 59;
    if (ok && len >= 20) {
      ok = s.charCodeAt(16) === 58;
      sec = digits(s, 17, 2);
      ok = ok && sec >= 0 && sec <= 59;
      if (ok && len >= 22) {
        ok = s.charCodeAt(19) === 46;
        const frac = digits(s, 20, len - 21);
        ok = ok && frac >= 0;
        ms = len === 22 ? frac * 100 : len === 23 ? frac * 10 : frac;
      }
    }
    // Days 29–31 need the month length: left to the platform, as are pre-1970 instants.
    if (ok) return ((daysFromCivil(y, mo, d) * 24 + h) * 60 + mi) * 60_000 + sec * 1000 + ms;
  }
  return parseInstant(s);
}

/** Instants read before, by text: bounded, emptied when full (a memo; answers never depend on it). */
const read = new Map<string, number>();
const READ_KEPT = 8192;

/**
 * instantMs, remembered by text. An idle charger's newest sample keeps its instant for hours, and
 * every cycle reads it again: a map lookup is cheaper than parsing it each time.
 */
export function rememberedInstantMs(s: string): number {
  let ms = read.get(s);
  if (ms === undefined) {
    ms = instantMs(s);
    if (read.size >= READ_KEPT) read.clear();
    read.set(s, ms);
  }
  return ms;
}

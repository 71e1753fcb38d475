// Local wall-clock time of an instant in an IANA time zone, through Intl: daylight-saving changes
// come from the platform's time-zone database, never from hand-written offsets.
import type { Day } from './model.ts';

/** A formatter per time zone and kind of answer, made once: making one costs more than using it. */
function cachedFormatter(
  cache: Map<string, Intl.DateTimeFormat>,
  timeZone: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  let f = cache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { ...options, timeZone });
    cache.set(timeZone, f);
  }
  return f;
}

const dayMinuteFormatters = new Map<string, Intl.DateTimeFormat>();
const DAY_MINUTE: Intl.DateTimeFormatOptions = {
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
};
const formatter = (timeZone: string) => cachedFormatter(dayMinuteFormatters, timeZone, DAY_MINUTE);

export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0) return false;
  try {
    formatter(value);
    return true;
  } catch {
    return false;
  }
}

const WEEKDAY: Record<string, Day> = {
  Mon: 'MON',
  Tue: 'TUE',
  Wed: 'WED',
  Thu: 'THU',
  Fri: 'FRI',
  Sat: 'SAT',
  Sun: 'SUN',
};

export interface LocalTime {
  day: Day;
  /** Minutes since local midnight, 0..1439. */
  minute: number;
}

/** The last answer: a simulator tick asks for the same instant twice (its loads, then its cycle). */
let lastZone = '';
let lastMs = NaN;
let lastLocal: LocalTime = { day: 'MON', minute: 0 };

export function localTimeAt(timeZone: string, epochMs: number): LocalTime {
  if (timeZone === lastZone && epochMs === lastMs) return { ...lastLocal };
  let day: Day = 'MON';
  let hour = 0;
  let minute = 0;
  for (const part of formatter(timeZone).formatToParts(epochMs)) {
    if (part.type === 'weekday') day = WEEKDAY[part.value] ?? day;
    else if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
  }
  lastZone = timeZone;
  lastMs = epochMs;
  lastLocal = { day, minute: hour * 60 + minute };
  return { ...lastLocal };
}

const wallFormatters = new Map<string, Intl.DateTimeFormat>();
const WALL_CLOCK: Intl.DateTimeFormatOptions = {
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
};

/** The zone's wall clock minus UTC at an instant, in ms (to the second). */
export function zoneOffsetMs(timeZone: string, epochMs: number): number {
  const f = cachedFormatter(wallFormatters, timeZone, WALL_CLOCK);
  const p = Object.fromEntries(f.formatToParts(epochMs).map((x) => [x.type, x.value]));
  const wall = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
  return wall - Math.floor(epochMs / 1000) * 1000;
}

/**
 * The UTC instant at which the zone's wall clock reads `wallMs` (a wall time written as if it were
 * UTC, e.g. Date.UTC(y, m - 1, d, h, min)). Two passes settle the offset across a daylight-saving
 * change; a wall time in a skipped hour moves forward.
 */
export function instantOfWallTime(timeZone: string, wallMs: number): number {
  let guess = wallMs;
  for (let i = 0; i < 2; i++) guess = wallMs - zoneOffsetMs(timeZone, guess);
  return guess;
}

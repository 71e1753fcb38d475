// Instants on the wire are UTC; people at a depot think in site time. These convert between a
// UTC instant and the wall clock of the microgrid's IANA zone (daylight saving included) for
// display and for the "at" pickers (an <input type="datetime-local"> holds "YYYY-MM-DDTHH:MM").
import { instantOfWallTime } from '../../../../domain/local-time.ts';

function parts(timeZone: string, at: number): Record<string, string> {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    weekday: 'short',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  return Object.fromEntries(f.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
}

/** "2026-03-02T16:00" in the zone for a UTC instant (what a datetime-local input shows). */
export function toSiteInput(timeZone: string, iso: string): string {
  const p = parts(timeZone, Date.parse(iso));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** The UTC instant of a site wall time "YYYY-MM-DDTHH:MM[:SS]"; null when it is not one. */
export function fromSiteInput(timeZone: string, value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return null;
  const wall = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6] ?? 0),
  );
  return new Date(instantOfWallTime(timeZone, wall)).toISOString().replace(/\.000Z$/, 'Z');
}

/** "Mon 2026-03-02 16:00 (Australia/Melbourne)"-style text for a UTC instant. */
export function siteTime(timeZone: string, iso: string | null | undefined): string {
  if (!iso) return '—';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const p = parts(timeZone, at);
  return `${p.weekday} ${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}${p.second !== '00' ? `:${p.second}` : ''}`;
}

export function nowIso(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// Local wall-clock time of an instant in an IANA time zone, through Intl: daylight-saving changes
// come from the platform's time-zone database, never from hand-written offsets.
import type { Day } from './model.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

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

export function localTimeAt(timeZone: string, epochMs: number): LocalTime {
  let day: Day = 'MON';
  let hour = 0;
  let minute = 0;
  for (const part of formatter(timeZone).formatToParts(epochMs)) {
    if (part.type === 'weekday') day = WEEKDAY[part.value] ?? day;
    else if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return { day, minute: hour * 60 + minute };
}

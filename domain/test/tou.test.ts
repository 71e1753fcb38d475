// TOU windows are written in site local time and must hold across daylight-saving changes.
import { describe, expect, it } from 'vitest';
import { activeCapAt, compilePolicy, localTimeAt, parseInstant, type LimitPolicy } from '../index.ts';

const policy = (schedule: LimitPolicy['schedule'], scope: LimitPolicy['scope'] = 'NODE'): LimitPolicy => ({
  id: 'p',
  scope,
  node_id: 'grid',
  hard_cap_kw: 700,
  schedule,
});
const capAt = (p: LimitPolicy, tz: string, iso: string) =>
  activeCapAt(compilePolicy(p), tz, parseInstant(iso));

describe('TOU evaluation in the microgrid time zone', () => {
  const weekdayEvening = policy([
    { days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], start: '15:00', end: '21:00', cap_kw: 450 },
  ]);
  const MEL = 'Australia/Melbourne';

  it('inside a window gives its cap (TOU_SCHEDULED_CAP), outside the hard cap; start inclusive, end exclusive', () => {
    // 2 March 2026 is a Monday; Melbourne is on daylight time (UTC+11): 15:00 local = 04:00Z.
    expect(capAt(weekdayEvening, MEL, '2026-03-02T03:59:59Z')).toEqual({
      capW: 700_000,
      source: 'NODE_HARD_CAP',
      windowIndex: null,
    });
    expect(capAt(weekdayEvening, MEL, '2026-03-02T04:00:00Z')).toEqual({
      capW: 450_000,
      source: 'TOU_SCHEDULED_CAP',
      windowIndex: 0,
    });
    expect(capAt(weekdayEvening, MEL, '2026-03-02T09:59:59Z').source).toBe('TOU_SCHEDULED_CAP');
    expect(capAt(weekdayEvening, MEL, '2026-03-02T10:00:00Z').source).toBe('NODE_HARD_CAP');
  });

  it('an AGGREGATE policy outside its windows reports AGGREGATE_LIMIT', () => {
    expect(capAt(policy([], 'AGGREGATE'), MEL, '2026-03-02T04:00:00Z')).toMatchObject({
      source: 'AGGREGATE_LIMIT',
      capW: 700_000,
    });
  });

  it('follows Melbourne from daylight (UTC+11) to standard time (UTC+10) in April', () => {
    // Monday 30 March (AEDT): 15:00 local = 04:00Z. Monday 6 April (AEST): 15:00 local = 05:00Z.
    expect(capAt(weekdayEvening, MEL, '2026-03-30T04:00:00Z').source).toBe('TOU_SCHEDULED_CAP');
    expect(capAt(weekdayEvening, MEL, '2026-04-06T04:30:00Z').source).toBe('NODE_HARD_CAP');
    expect(capAt(weekdayEvening, MEL, '2026-04-06T05:00:00Z').source).toBe('TOU_SCHEDULED_CAP');
  });

  it('a window in the repeated hour of 5 April 2026 applies to both occurrences', () => {
    const earlySunday = policy([{ days: ['SUN'], start: '02:00', end: '03:00', cap_kw: 100 }]);
    expect(capAt(earlySunday, MEL, '2026-04-04T14:59:00Z').source).toBe('NODE_HARD_CAP'); // 01:59 AEDT
    expect(capAt(earlySunday, MEL, '2026-04-04T15:30:00Z').source).toBe('TOU_SCHEDULED_CAP'); // 02:30 AEDT
    expect(capAt(earlySunday, MEL, '2026-04-04T16:30:00Z').source).toBe('TOU_SCHEDULED_CAP'); // 02:30 AEST, again
    expect(capAt(earlySunday, MEL, '2026-04-04T17:00:00Z').source).toBe('NODE_HARD_CAP'); // 03:00 AEST
  });

  it('a window in the skipped hour of 4 October 2026 never applies; one around it lasts one real hour', () => {
    const skipped = policy([{ days: ['SUN'], start: '02:00', end: '03:00', cap_kw: 100 }]);
    const around = policy([{ days: ['SUN'], start: '01:00', end: '04:00', cap_kw: 100 }]);
    for (let m = 0; m < 180; m += 5) {
      const t = parseInstant('2026-10-03T14:00:00Z') + m * 60_000;
      expect(activeCapAt(compilePolicy(skipped), MEL, t).source).toBe('NODE_HARD_CAP');
    }
    // 01:00 AEST = 15:00Z; clocks jump 02:00 AEST → 03:00 AEDT at 16:00Z; 04:00 AEDT = 17:00Z.
    expect(capAt(around, MEL, '2026-10-03T14:59:00Z').source).toBe('NODE_HARD_CAP');
    expect(capAt(around, MEL, '2026-10-03T15:00:00Z').source).toBe('TOU_SCHEDULED_CAP');
    expect(capAt(around, MEL, '2026-10-03T16:59:00Z').source).toBe('TOU_SCHEDULED_CAP');
    expect(capAt(around, MEL, '2026-10-03T17:00:00Z').source).toBe('NODE_HARD_CAP');
  });

  it('follows a US daylight-saving change (New York, 8 March 2026)', () => {
    const NY = 'America/New_York';
    const evening = policy([{ days: ['MON'], start: '17:00', end: '19:00', cap_kw: 300 }]);
    // Monday 2 March (EST, UTC−5): 17:00 = 22:00Z. Monday 9 March (EDT, UTC−4): 17:00 = 21:00Z.
    expect(capAt(evening, NY, '2026-03-02T21:30:00Z').source).toBe('NODE_HARD_CAP');
    expect(capAt(evening, NY, '2026-03-02T22:00:00Z').source).toBe('TOU_SCHEDULED_CAP');
    expect(capAt(evening, NY, '2026-03-09T21:00:00Z').source).toBe('TOU_SCHEDULED_CAP');
    expect(capAt(evening, NY, '2026-03-09T23:00:00Z').source).toBe('NODE_HARD_CAP');
    // The night of the change: 00:00–03:00 local is only two real hours.
    const night = policy([{ days: ['SUN'], start: '00:00', end: '03:00', cap_kw: 300 }]);
    expect(capAt(night, NY, '2026-03-08T06:59:00Z').source).toBe('TOU_SCHEDULED_CAP'); // 01:59 EST
    expect(capAt(night, NY, '2026-03-08T07:00:00Z').source).toBe('NODE_HARD_CAP'); // 03:00 EDT
  });

  it('a window ending at 24:00 covers the last minute of the day and not the next day', () => {
    const lateSaturday = policy([{ days: ['SAT'], start: '22:00', end: '24:00', cap_kw: 100 }]);
    expect(localTimeAt(MEL, parseInstant('2026-03-07T12:59:00Z'))).toEqual({
      day: 'SAT',
      minute: 23 * 60 + 59,
    });
    expect(capAt(lateSaturday, MEL, '2026-03-07T12:59:00Z').source).toBe('TOU_SCHEDULED_CAP');
    expect(capAt(lateSaturday, MEL, '2026-03-07T13:00:00Z').source).toBe('NODE_HARD_CAP'); // Sunday 00:00
  });

  it('gives each zone its own local time for the same instant, asked again and again', () => {
    const t = parseInstant('2026-03-07T12:59:00Z');
    for (let i = 0; i < 2; i++) {
      const melbourne = localTimeAt(MEL, t);
      const again = localTimeAt(MEL, t);
      expect(again).toEqual({ day: 'SAT', minute: 23 * 60 + 59 });
      // What a caller does with its answer is not the next caller's answer.
      melbourne.minute = -1;
      again.minute = -1;
      expect(localTimeAt(MEL, t)).toEqual({ day: 'SAT', minute: 23 * 60 + 59 });
      expect(localTimeAt('America/New_York', t)).toEqual({ day: 'SAT', minute: 7 * 60 + 59 });
    }
  });
});

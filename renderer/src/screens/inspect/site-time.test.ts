// Site wall time ↔ UTC in the microgrid's zone, across daylight-saving changes.
import { describe, expect, it } from 'vitest';
import { fromSiteInput, siteTime, toSiteInput } from './site-time.ts';

const MEL = 'Australia/Melbourne';

describe('site time', () => {
  it('converts a site wall time to UTC and back, in and out of daylight saving', () => {
    expect(fromSiteInput(MEL, '2026-03-02T16:00')).toBe('2026-03-02T05:00:00Z');
    expect(fromSiteInput(MEL, '2026-07-01T16:00')).toBe('2026-07-01T06:00:00Z');
    expect(toSiteInput(MEL, '2026-03-02T05:00:00Z')).toBe('2026-03-02T16:00');
    expect(toSiteInput(MEL, '2026-07-01T06:00:00Z')).toBe('2026-07-01T16:00');
  });

  it('resolves the hours either side of a change', () => {
    // 5 April 2026 03:00 AEDT → 02:00 AEST: 01:30 is before the change, 04:00 after it.
    expect(fromSiteInput(MEL, '2026-04-05T01:30')).toBe('2026-04-04T14:30:00Z');
    expect(fromSiteInput(MEL, '2026-04-05T04:00')).toBe('2026-04-04T18:00:00Z');
  });

  it('refuses what is not a date and time, and says instants with the weekday', () => {
    expect(fromSiteInput(MEL, 'tomorrow')).toBeNull();
    expect(siteTime(MEL, '2026-03-02T05:00:00Z')).toBe('Mon 2026-03-02 16:00');
    expect(siteTime(MEL, null)).toBe('—');
  });
});

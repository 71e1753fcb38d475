// A profile built from an open microgrid is an ordinary, valid profile: the document without its
// stored version, seeded vehicles on every charger, a shape for every building load and PV array.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MicrogridDocument } from '../../../../domain/index.ts';
import { validateProfile } from '../../../../simulator/index.ts';
import { buildProfile, nextLocalMidnight } from '../profile-builder.ts';

const north = (): MicrogridDocument =>
  JSON.parse(
    readFileSync(join(import.meta.dirname, '..', '..', '..', '..', 'examples', 'depot-north.json'), 'utf8'),
  ) as MicrogridDocument;

describe('profile builder', () => {
  it('builds a valid profile from North Depot', () => {
    const profile = buildProfile(
      { ...north(), version: 3, updated_at: '2026-01-01T00:00:00Z', updated_by: 'x' } as MicrogridDocument,
      { start: '2026-03-02T13:00:00Z', seed: 5 },
    );
    const report = validateProfile(profile);
    expect(report.errors).toEqual([]);
    expect(report.valid).toBe(true);
    expect(report.profile).toMatchObject({ seed: 5, duration_minutes: 720, tick_seconds: 60 });
    expect((profile.microgrid as Record<string, unknown>).version).toBeUndefined();
    expect(
      (profile.loads as { asset_id: string; shape: string }[]).map((l) => [l.asset_id, l.shape]),
    ).toEqual([
      ['load-office', 'RANDOM_WALK'],
      ['pv-roof', 'PV_BELL'],
      ['load-wash', 'RANDOM_WALK'],
    ]);
  });

  it('builds a valid profile for a microgrid without chargers, and for a short run', () => {
    const doc = north();
    const noChargers = { ...doc, assets: doc.assets.filter((a) => a.kind !== 'CHARGER') };
    expect(validateProfile(buildProfile(noChargers, { start: '2026-03-02T13:00:00Z' })).errors).toEqual([]);
    expect(
      validateProfile(buildProfile(doc, { start: '2026-03-02T13:00:00Z', duration_minutes: 30, vehicles: 3 }))
        .errors,
    ).toEqual([]);
  });

  it('finds the next local midnight across a daylight-saving change', () => {
    // Melbourne leaves daylight saving on 5 April 2026: midnight of the 5th is still UTC+11, of the 6th UTC+10.
    expect(nextLocalMidnight('Australia/Melbourne', Date.parse('2026-04-04T05:00:00Z'))).toBe(
      '2026-04-04T13:00:00Z',
    );
    expect(nextLocalMidnight('Australia/Melbourne', Date.parse('2026-04-05T05:00:00Z'))).toBe(
      '2026-04-05T14:00:00Z',
    );
  });
});

// The in-process simulator's store keeps only the newest sample of each point: it must answer the
// present as the domain's MemoryStore does, and forget what a rolled-back transaction wrote.
import { describe, expect, it } from 'vitest';
import type { StoredDocument, TelemetrySample } from '../../domain/index.ts';
import { MemoryStore } from '../../domain/usecases/index.ts';
import { depot } from '../../domain/usecases/test/fixture.ts';
import { PresentStore } from '../delivery/present-store.ts';

const T = (hhmm: string) => `2026-03-01T${hhmm}:00Z`;
const NOW = Date.parse(T('12:00'));

/** A store holding the fixture depot. */
function holding<S extends PresentStore | MemoryStore>(store: S): S {
  const doc: StoredDocument = { ...depot(), version: 1, updated_at: T('00:00'), updated_by: 'qa' };
  store.appendVersion(doc, { version: 1, at: T('00:00'), by: 'qa', kind: 'CREATED', summary: '' });
  return store;
}

const byPoint = (samples: TelemetrySample[]) =>
  [...samples].sort((a, b) =>
    ('node_id' in a ? `n${a.node_id}` : `a${a.asset_id}`).localeCompare(
      'node_id' in b ? `n${b.node_id}` : `a${b.asset_id}`,
    ),
  );

describe('PresentStore telemetry', () => {
  const batches: TelemetrySample[][] = [
    [
      { node_id: 'grid', at: T('00:01'), demand_kw: 100 },
      { asset_id: 'ch-01', at: T('00:01'), power_kw: 10, connected: true },
    ],
    [
      // Newer replaces, older is ignored, and on equal instants the later arrival wins.
      { node_id: 'grid', at: T('00:03'), demand_kw: 300 },
      { node_id: 'grid', at: T('00:02'), demand_kw: 200 },
      { asset_id: 'ch-01', at: T('00:01'), power_kw: 11, connected: true },
      { asset_id: 'ch-02', at: T('00:03'), power_kw: 7, connected: false },
    ],
  ];

  it('answers the newest sample of each point as the MemoryStore does', () => {
    const present = holding(new PresentStore());
    const memory = holding(new MemoryStore());
    for (const b of batches) {
      present.appendSamples('mg-north', b, 0);
      memory.appendSamples('mg-north', b, 0);
      expect(byPoint(present.latestSamples('mg-north', NOW))).toEqual(
        byPoint(memory.latestSamples('mg-north', NOW)),
      );
    }
    expect(byPoint(present.latestSamples('mg-north', NOW))).toEqual([
      { asset_id: 'ch-01', at: T('00:01'), power_kw: 11, connected: true },
      { asset_id: 'ch-02', at: T('00:03'), power_kw: 7, connected: false },
      { node_id: 'grid', at: T('00:03'), demand_kw: 300 },
    ]);
  });

  it('forgets what a rolled-back transaction replaced or added, and keeps what came before', () => {
    const present = holding(new PresentStore());
    present.appendSamples('mg-north', batches[0]!, 0);
    const before = byPoint(present.latestSamples('mg-north', NOW));
    expect(() =>
      present.transaction(() => {
        present.appendSamples('mg-north', batches[1]!, 0);
        present.appendSamples('mg-north', [{ node_id: 'grid', at: T('00:04'), demand_kw: 400 }], 0);
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(byPoint(present.latestSamples('mg-north', NOW))).toEqual(before);
  });

  it('undoes a rolled-back inner transaction alone, and everything when the outer one rolls back', () => {
    const present = holding(new PresentStore());
    present.appendSamples('mg-north', batches[0]!, 0);
    const start = byPoint(present.latestSamples('mg-north', NOW));
    const later = { node_id: 'grid', at: T('00:05'), demand_kw: 500 };
    let afterFirst: TelemetrySample[] = [];
    present.transaction(() => {
      present.appendSamples('mg-north', batches[1]!, 0);
      afterFirst = byPoint(present.latestSamples('mg-north', NOW));
      expect(() =>
        present.transaction(() => {
          present.appendSamples('mg-north', [later], 0);
          throw new Error('inner rolled back');
        }),
      ).toThrow('inner rolled back');
      expect(byPoint(present.latestSamples('mg-north', NOW))).toEqual(afterFirst);
    });
    expect(byPoint(present.latestSamples('mg-north', NOW))).toEqual(afterFirst);
    expect(() =>
      present.transaction(() => {
        present.transaction(() => present.appendSamples('mg-north', [later], 0));
        present.appendSamples('mg-north', batches[0]!, 0);
        throw new Error('outer rolled back');
      }),
    ).toThrow('outer rolled back');
    expect(byPoint(present.latestSamples('mg-north', NOW))).toEqual(afterFirst);
    expect(afterFirst).not.toEqual(start);
  });
});

// Effective limit of every node at an instant, its binding source and the tie rule (cycle.md §1).
import { describe, expect, it } from 'vitest';
import { bindingOf, limitsAt, parseInstant, type MicrogridDocument } from '../index.ts';

const doc: MicrogridDocument = JSON.parse(
  JSON.stringify({
    microgrid: { id: 'm', depot_id: 'd', name: 'm', timezone: 'Australia/Melbourne', root_node_id: 'grid' },
    nodes: [
      {
        id: 'grid',
        parent_id: null,
        name: 'g',
        kind: 'GRID_CONNECTION',
        physical_rating_kw: 800,
        metered: true,
      },
      {
        id: 'sb-a',
        parent_id: 'grid',
        name: 'a',
        kind: 'SWITCHBOARD',
        physical_rating_kw: 400,
        metered: true,
      },
      {
        id: 'sb-b',
        parent_id: 'grid',
        name: 'b',
        kind: 'SWITCHBOARD',
        physical_rating_kw: 400,
        metered: true,
      },
    ],
    assets: [],
    limits: [
      {
        id: 'lim-grid',
        scope: 'NODE',
        node_id: 'grid',
        hard_cap_kw: 700,
        schedule: [{ days: ['MON'], start: '15:00', end: '21:00', cap_kw: 450 }],
      },
      { id: 'lim-sb-a', scope: 'NODE', node_id: 'sb-a', hard_cap_kw: 400, schedule: [] },
      { id: 'agg', scope: 'AGGREGATE', node_id: 'grid', hard_cap_kw: 600, schedule: [] },
    ],
    circuit_aliases: [],
  }),
);
const MON_EVENING = parseInstant('2026-03-02T05:00:00Z'); // 16:00 local
const MON_MORNING = parseInstant('2026-03-01T22:00:00Z'); // 09:00 local

describe('effective limits', () => {
  it('takes the minimum of physical rating, active policy cap and active envelopes, with its source', () => {
    const morning = limitsAt(doc, [], MON_MORNING);
    expect(morning.nodes.get('grid')).toMatchObject({
      limitW: 700_000,
      bindingSource: 'NODE_HARD_CAP',
      policyId: 'lim-grid',
    });
    expect(morning.nodes.get('sb-b')).toMatchObject({
      limitW: 400_000,
      bindingSource: 'NODE_PHYSICAL_RATING',
      policyId: null,
    });
    const evening = limitsAt(doc, [{ id: 'e1', target_node_id: 'grid', capacity_kw: 500 }], MON_EVENING);
    expect(evening.nodes.get('grid')).toMatchObject({
      limitW: 450_000,
      bindingSource: 'TOU_SCHEDULED_CAP',
      envelopeCapW: 500_000,
    });
    const cut = limitsAt(
      doc,
      [
        { id: 'e1', target_node_id: 'grid', capacity_kw: 420 },
        { id: 'e2', target_node_id: 'grid', capacity_kw: 380.5 },
      ],
      MON_EVENING,
    );
    expect(cut.nodes.get('grid')).toMatchObject({
      limitW: 380_500,
      bindingSource: 'OPERATING_ENVELOPE',
      envelopeId: 'e2',
    });
    expect(evening.aggregates.get('grid')).toMatchObject({
      policyId: 'agg',
      cap: { capW: 600_000, source: 'AGGREGATE_LIMIT' },
    });
  });

  it('breaks ties in the order OPERATING_ENVELOPE, NODE_PHYSICAL_RATING, NODE_HARD_CAP, TOU_SCHEDULED_CAP', () => {
    // sb-a: hard cap 400 equals its physical rating 400.
    expect(limitsAt(doc, [], MON_MORNING).nodes.get('sb-a')).toMatchObject({
      limitW: 400_000,
      bindingSource: 'NODE_PHYSICAL_RATING',
    });
    expect(
      limitsAt(doc, [{ id: 'e', target_node_id: 'sb-a', capacity_kw: 400 }], MON_MORNING).nodes.get('sb-a')
        ?.bindingSource,
    ).toBe('OPERATING_ENVELOPE');
    expect(
      bindingOf(500_000, { capW: 450_000, source: 'TOU_SCHEDULED_CAP', windowIndex: 0 }, 450_000),
    ).toEqual({ limitW: 450_000, source: 'OPERATING_ENVELOPE' });
    expect(bindingOf(450_000, { capW: 450_000, source: 'TOU_SCHEDULED_CAP', windowIndex: 0 }, null)).toEqual({
      limitW: 450_000,
      source: 'NODE_PHYSICAL_RATING',
    });
    expect(bindingOf(500_000, { capW: 450_000, source: 'NODE_HARD_CAP', windowIndex: null }, null)).toEqual({
      limitW: 450_000,
      source: 'NODE_HARD_CAP',
    });
  });

  it('names the smallest id among equal-capacity envelopes', () => {
    const r = limitsAt(
      doc,
      [
        { id: 'z', target_node_id: 'sb-b', capacity_kw: 100 },
        { id: 'a', target_node_id: 'sb-b', capacity_kw: 100 },
      ],
      MON_MORNING,
    );
    expect(r.nodes.get('sb-b')).toMatchObject({ envelopeId: 'a', bindingSource: 'OPERATING_ENVELOPE' });
  });
});

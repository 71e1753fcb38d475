// fast-check: reordering nodes, assets and limits never changes validation output or effective limits.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  limitsAt,
  validateDocumentModel,
  type Asset,
  type LimitPolicy,
  type MicrogridDocument,
  type MicrogridNode,
} from '../index.ts';

const DAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN', 'XYZ'];
const TIMES = ['00:00', '06:30', '15:00', '21:00', '24:00', '25:00'];

/** Mostly-valid documents with the kinds of mistakes users make: duplicates, dangling ids, bad values. */
const documentArb = fc
  .record({
    size: fc.integer({ min: 1, max: 25 }),
    parents: fc.array(fc.nat(), { minLength: 25, maxLength: 25 }),
    ratings: fc.array(fc.constantFrom(50, 100, 100, 250.5, 400, 0, -3, 1.0001), {
      minLength: 25,
      maxLength: 25,
    }),
    dangling: fc.array(fc.nat({ max: 24 }), { maxLength: 2 }),
    duplicates: fc.array(fc.nat({ max: 24 }), { maxLength: 2 }),
    chargers: fc.array(
      fc.record({ at: fc.nat(), rating: fc.constantFrom(7.4, 22, 50), min: fc.constantFrom(0, 4.2, 60) }),
      { maxLength: 12 },
    ),
    limits: fc.array(
      fc.record({
        at: fc.nat(),
        scope: fc.constantFrom('NODE', 'AGGREGATE') as fc.Arbitrary<'NODE' | 'AGGREGATE'>,
        cap: fc.constantFrom(30, 90, 100, 120, 450, -1),
        windows: fc.array(
          fc.record({
            days: fc.subarray(DAYS, { minLength: 1, maxLength: 3 }),
            start: fc.constantFrom(...TIMES),
            end: fc.constantFrom(...TIMES),
            cap: fc.constantFrom(20, 60, 99, 500),
          }),
          { maxLength: 2 },
        ),
      }),
      { maxLength: 8 },
    ),
  })
  .map(({ size, parents, ratings, dangling, duplicates, chargers, limits }): MicrogridDocument => {
    const id = (i: number) => `n${String(i).padStart(2, '0')}`;
    const nodes: MicrogridNode[] = [];
    for (let i = 0; i < size; i++) {
      nodes.push({
        id: id(i),
        parent_id: i === 0 ? null : id(parents[i]! % i),
        name: id(i),
        kind: i === 0 ? 'GRID_CONNECTION' : 'FEEDER',
        physical_rating_kw: ratings[i]!,
        metered: i % 2 === 0,
      });
    }
    for (const d of dangling) if (d < size && d > 0) nodes[d]!.parent_id = d % 2 ? 'ghost' : id(size - 1);
    for (const d of duplicates) if (d < size) nodes.push({ ...nodes[d]!, name: 'copy' });
    const assets: Asset[] = chargers.map((c, i) => ({
      id: `ch-${i}`,
      node_id: id(c.at % (size + 1)),
      name: `c${i}`,
      kind: 'CHARGER',
      rating_kw: c.rating,
      min_kw: c.min,
    }));
    const policies: LimitPolicy[] = limits.map((l, i) => ({
      id: `lim-${i}`,
      scope: l.scope,
      node_id: id(l.at % (size + 1)),
      hard_cap_kw: l.cap,
      schedule: l.windows.map((w) => ({ days: w.days, start: w.start, end: w.end, cap_kw: w.cap })),
    }));
    return {
      microgrid: {
        id: 'mg',
        depot_id: 'd',
        name: 'mg',
        timezone: 'Australia/Melbourne',
        root_node_id: id(0),
      },
      nodes,
      assets,
      limits: policies,
      circuit_aliases: [],
    };
  });

const permutation = (n: number) => fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n });
const reorder = <T>(items: T[], order: number[]) => order.map((i) => items[i]!);

const shuffledDocArb = documentArb.chain((doc) =>
  fc
    .tuple(
      fc.constant(doc),
      permutation(doc.nodes.length),
      permutation(doc.assets.length),
      permutation(doc.limits.length),
    )
    .map(([d, pn, pa, pl]) => ({
      doc: d,
      copy: {
        ...d,
        nodes: reorder(d.nodes, pn),
        assets: reorder(d.assets, pa),
        limits: reorder(d.limits, pl),
      },
    })),
);

/** The same document with its mistakes removed in an order-independent way, so most samples are valid. */
function repaired(doc: MicrogridDocument): MicrogridDocument {
  const seen = new Set<string>();
  const nodes = doc.nodes
    .filter((n) => n.name !== 'copy' && !seen.has(n.id) && seen.add(n.id))
    .map((n) => ({
      ...n,
      parent_id: n.parent_id === null || seen.has(n.parent_id) ? n.parent_id : doc.microgrid.root_node_id,
      physical_rating_kw: 1000,
    }));
  const policyKeys = new Set<string>();
  const limits = doc.limits
    .filter((l) => seen.has(l.node_id) && l.hard_cap_kw! >= 0)
    .filter(
      (l) =>
        Number(l.id.slice(4)) ===
        Math.min(
          ...doc.limits
            .filter((m) => m.scope === l.scope && m.node_id === l.node_id)
            .map((m) => Number(m.id.slice(4))),
        ),
    )
    .filter((l) => !policyKeys.has(l.scope + l.node_id) && policyKeys.add(l.scope + l.node_id))
    .map((l) => ({ ...l, schedule: l.schedule.slice(0, 1) }));
  return {
    ...doc,
    nodes,
    assets: doc.assets.filter((a) => seen.has(a.node_id)).map((a) => ({ ...a, min_kw: 0 })),
    limits,
  };
}

describe('order independence', () => {
  it('shuffling nodes, assets and limits never changes the validation output', () => {
    fc.assert(
      fc.property(shuffledDocArb, ({ doc, copy }) => {
        expect(JSON.stringify(validateDocumentModel(copy))).toBe(JSON.stringify(validateDocumentModel(doc)));
      }),
      { numRuns: 400, seed: 20261127 },
    );
  });

  it('shuffling nodes, limits and envelopes never changes the effective limits', () => {
    const validArb = shuffledDocArb
      .map(({ doc, copy }) => ({ doc: repaired(doc), copy: repaired(copy) }))
      .filter(({ doc }) => validateDocumentModel(doc).valid);
    fc.assert(
      fc.property(
        validArb,
        fc.integer({ min: 0, max: 14 * 24 * 60 }),
        fc.array(fc.record({ node: fc.nat(), cap: fc.constantFrom(10, 40, 40, 80) }), { maxLength: 4 }),
        ({ doc, copy }, minute, envs) => {
          const t = Date.parse('2026-03-30T00:00:00Z') + minute * 60_000;
          const envelopes = envs.map((e, i) => ({
            id: `e${i}`,
            target_node_id: doc.nodes[e.node % doc.nodes.length]!.id,
            capacity_kw: e.cap,
          }));
          const a = limitsAt(doc, envelopes, t);
          const b = limitsAt(copy, [...envelopes].reverse(), t);
          const sorted = (m: Map<string, unknown>) => [...m.entries()].sort(([x], [y]) => (x < y ? -1 : 1));
          expect(sorted(b.nodes)).toEqual(sorted(a.nodes));
          expect(sorted(b.aggregates)).toEqual(sorted(a.aggregates));
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });
});

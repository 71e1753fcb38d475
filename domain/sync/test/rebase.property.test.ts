// fast-check: the three-way re-apply behaves like a merge a support engineer can trust — nothing
// changed remotely gives the local document, nothing changed locally gives the remote one,
// disjoint changes commute, and a conflict resolves to exactly the side chosen.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Asset, CircuitAlias, LimitPolicy, MicrogridDocument, MicrogridNode } from '../../model.ts';
import { canonicalJson, documentElements } from '../elements.ts';
import { rebase, type Side } from '../rebase.ts';

// The pool of element slots a random edit may touch. n0 is the root and always present.
const SLOTS = [
  'microgrid:name',
  'microgrid:timezone',
  'microgrid:settings',
  ...[1, 2, 3, 4, 5].map((i) => `node:n${i}`),
  ...[0, 1, 2, 3].map((i) => `asset:a${i}`),
  ...[0, 1, 2].map((i) => `policy:p${i}`),
  ...[0, 1, 2].map((i) => `alias:c${i}`),
] as const;

type Op = 'modify' | 'remove' | 'add';
interface Edit {
  slot: number;
  op: Op;
  v: number;
}

const node = (id: string, v: number): MicrogridNode => ({
  id,
  parent_id: id === 'n0' ? null : 'n0',
  name: `node ${id} v${v}`,
  kind: 'FEEDER',
  physical_rating_kw: 50 + v,
  metered: v % 2 === 0,
});
const asset = (id: string, v: number): Asset => ({
  id,
  node_id: `n${v % 3}`,
  name: `asset ${id} v${v}`,
  kind: 'CHARGER',
  rating_kw: 7 + v,
  min_kw: 0,
});
const policy = (id: string, v: number): LimitPolicy => ({
  id,
  scope: v % 2 ? 'AGGREGATE' : 'NODE',
  node_id: `n${v % 3}`,
  hard_cap_kw: 10 + v,
  schedule: v % 3 ? [] : [{ days: ['MON'], start: '15:00', end: '21:00', cap_kw: v }],
});
const alias = (id: string, v: number): CircuitAlias => ({ circuit_id: id, node_id: `n${v % 4}` });

function clone(doc: MicrogridDocument): MicrogridDocument {
  return JSON.parse(JSON.stringify(doc)) as MicrogridDocument;
}

function listOf(doc: MicrogridDocument, kind: string): { id?: string; circuit_id?: string }[] {
  return (
    { node: doc.nodes, asset: doc.assets, policy: doc.limits, alias: doc.circuit_aliases } as Record<
      string,
      { id?: string; circuit_id?: string }[]
    >
  )[kind]!;
}

function make(kind: string, id: string, v: number): object {
  return kind === 'node'
    ? node(id, v)
    : kind === 'asset'
      ? asset(id, v)
      : kind === 'policy'
        ? policy(id, v)
        : alias(id, v);
}

/** Applies edits; an edit that does not fit (modify an absent element, ...) is skipped. */
function applyEdits(doc: MicrogridDocument, edits: readonly Edit[], reorder = false): MicrogridDocument {
  const out = clone(doc);
  for (const e of edits) {
    const [kind, id] = SLOTS[e.slot % SLOTS.length]!.split(':') as [string, string];
    if (kind === 'microgrid') {
      const m = out.microgrid as unknown as Record<string, unknown>;
      if (id === 'name' && e.op !== 'remove') m.name = `Depot v${e.v}`;
      if (id === 'timezone' && e.op !== 'remove') m.timezone = e.v % 2 ? 'Europe/Berlin' : 'Australia/Perth';
      if (id === 'settings') {
        if (e.op === 'remove') delete m.settings;
        else m.settings = { stale_after_s: 30 + e.v };
      }
      continue;
    }
    const list = listOf(out, kind);
    const at = list.findIndex((x) => (x.id ?? x.circuit_id) === id);
    if (e.op === 'remove' && at >= 0) list.splice(at, 1);
    else if (e.op === 'modify' && at >= 0) list[at] = make(kind, id, e.v + 100);
    else if (e.op === 'add' && at < 0) list.push(make(kind, id, e.v));
  }
  if (reorder) {
    out.nodes.reverse();
    out.assets.reverse();
  }
  return out;
}

const baseArb = fc
  .record({
    present: fc.array(fc.boolean(), { minLength: SLOTS.length, maxLength: SLOTS.length }),
    v: fc.nat({ max: 20 }),
  })
  .map(({ present, v }) => {
    const doc: MicrogridDocument = {
      microgrid: {
        id: 'mg',
        depot_id: 'depot',
        name: 'Depot',
        timezone: 'Australia/Melbourne',
        root_node_id: 'n0',
      },
      nodes: [node('n0', v)],
      assets: [],
      limits: [],
      circuit_aliases: [],
    };
    const edits: Edit[] = present.flatMap((p, slot) =>
      p ? [{ slot, op: 'add' as const, v: v + slot }] : [],
    );
    return applyEdits(doc, edits);
  });

const editArb = fc.record({
  slot: fc.nat({ max: SLOTS.length - 1 }),
  op: fc.constantFrom<Op>('modify', 'remove', 'add'),
  v: fc.nat({ max: 50 }),
});
const editsArb = fc.array(editArb, { maxLength: 8 });

function strip(doc: MicrogridDocument): MicrogridDocument {
  const { version: _v, updated_at: _a, updated_by: _b, ...rest } = doc;
  return rest;
}

/** The document as a sorted element map: what the merge promises, independent of list order. */
function elements(doc: MicrogridDocument): Record<string, string> {
  return Object.fromEntries(
    [...documentElements(doc)].map(([k, v]) => [k, canonicalJson(v)]).sort(([a], [b]) => (a! < b! ? -1 : 1)),
  );
}

const RUNS = { numRuns: 200, seed: 20260302 };

describe('rebase: three-way re-apply of local changes onto the latest remote document', () => {
  it('with no remote changes gives exactly the local document', () => {
    fc.assert(
      fc.property(baseArb, editsArb, fc.boolean(), (base, edits, reorder) => {
        const local = applyEdits(base, edits, reorder);
        const r = rebase({ base, local, remote: clone(base) });
        expect(r.conflicts).toEqual([]);
        expect(r.remote_changes).toEqual([]);
        expect(r.document).toEqual(strip(local));
      }),
      RUNS,
    );
  });

  it('with no local changes gives exactly the remote document', () => {
    fc.assert(
      fc.property(baseArb, editsArb, fc.boolean(), (base, edits, reorder) => {
        const remote = {
          ...applyEdits(base, edits, reorder),
          version: 7,
          updated_at: '2026-03-02T07:30:00Z',
          updated_by: 'ana',
        };
        const r = rebase({ base, local: clone(base), remote });
        expect(r.conflicts).toEqual([]);
        expect(r.reapplied).toEqual([]);
        expect(r.document).toEqual(strip(remote));
      }),
      RUNS,
    );
  });

  it('disjoint changes merge without asking and commute', () => {
    fc.assert(
      fc.property(
        baseArb,
        editsArb,
        editsArb,
        fc.array(fc.boolean(), { minLength: SLOTS.length, maxLength: SLOTS.length }),
        (base, a, b, mine) => {
          // Each slot belongs to one side only: the edits touch disjoint elements.
          const local = applyEdits(
            base,
            a.filter((e) => mine[e.slot]),
          );
          const remote = applyEdits(
            base,
            b.filter((e) => !mine[e.slot]),
          );
          const forward = rebase({ base, local, remote });
          const backward = rebase({ base, local: remote, remote: local });
          expect(forward.conflicts).toEqual([]);
          expect(backward.conflicts).toEqual([]);
          expect(elements(forward.document!)).toEqual(elements(backward.document!));
          // Every element holds the value of the side that changed it (or the base's).
          const [B, L, R, M] = [base, local, remote, forward.document!].map(elements) as Record<
            string,
            string
          >[];
          for (const key of new Set([...Object.keys(B!), ...Object.keys(L!), ...Object.keys(R!)])) {
            const expected = L![key] !== B![key] ? L![key] : R![key];
            expect(M![key]).toBe(expected);
          }
        },
      ),
      RUNS,
    );
  });

  it('both sides making the same change is no conflict', () => {
    fc.assert(
      fc.property(baseArb, editsArb, (base, edits) => {
        const changed = applyEdits(base, edits);
        const r = rebase({ base, local: changed, remote: clone(changed) });
        expect(r.conflicts).toEqual([]);
        expect(elements(r.document!)).toEqual(elements(changed));
      }),
      RUNS,
    );
  });

  it('asks for every element both sides changed differently, and applies exactly the chosen side', () => {
    fc.assert(
      fc.property(
        baseArb,
        editsArb,
        editsArb,
        fc.array(fc.constantFrom<Side>('local', 'remote'), {
          minLength: SLOTS.length,
          maxLength: SLOTS.length,
        }),
        (base, a, b, picks) => {
          const local = applyEdits(base, a);
          const remote = applyEdits(base, b);
          const open = rebase({ base, local, remote });
          const [B, L, R] = [base, local, remote].map(elements) as Record<string, string>[];
          const expectedConflicts = [
            ...new Set([...Object.keys(B!), ...Object.keys(L!), ...Object.keys(R!)]),
          ].filter((k) => L![k] !== B![k] && R![k] !== B![k] && L![k] !== R![k]);
          expect(open.conflicts.map((c) => c.key).sort()).toEqual(expectedConflicts.sort());
          expect(open.document === null).toBe(expectedConflicts.length > 0);
          const choices = Object.fromEntries(open.conflicts.map((c, i) => [c.key, picks[i % picks.length]!]));
          const settled = rebase({ base, local, remote, choices });
          expect(settled.unresolved).toEqual([]);
          const M = elements(settled.document!);
          for (const c of settled.conflicts) {
            expect(c.choice).toBe(choices[c.key]);
            expect(M[c.key]).toBe(choices[c.key] === 'local' ? L![c.key] : R![c.key]);
          }
        },
      ),
      RUNS,
    );
  });
});

// Topology rules of domain.md, one behaviour per test.
import { describe, expect, it } from 'vitest';
import {
  removedNodeReferences,
  validateDocumentModel,
  validateTopology,
  type Asset,
  type MicrogridDocument,
  type MicrogridNode,
} from '../index.ts';

const n = (
  id: string,
  parent_id: string | null,
  physical_rating_kw = 100,
  kind: MicrogridNode['kind'] = 'FEEDER',
): MicrogridNode => ({ id, parent_id, name: id, kind, physical_rating_kw, metered: false });
const charger = (id: string, node_id: string, rating_kw = 22, min_kw?: number): Asset => ({
  id,
  node_id,
  name: id,
  kind: 'CHARGER',
  rating_kw,
  ...(min_kw !== undefined ? { min_kw } : {}),
});
const topo = (nodes: MicrogridNode[], assets: Asset[] = [], root = 'g') =>
  validateTopology({ root_node_id: root, nodes, assets });
const codes = (r: { errors: { code: string }[] }) => r.errors.map((e) => e.code);

describe('topology validation', () => {
  it('accepts a plain tree', () => {
    expect(
      topo([n('g', null, 500, 'GRID_CONNECTION'), n('a', 'g'), n('b', 'a')], [charger('c1', 'b')]).errors,
    ).toEqual([]);
  });

  it('TOPOLOGY_EMPTY when there are no nodes', () => {
    expect(codes(topo([]))).toEqual(['TOPOLOGY_EMPTY']);
  });

  it('TOPOLOGY_DUPLICATE_ID for two nodes, two assets, or a node and an asset sharing an id', () => {
    const r = topo(
      [n('g', null), n('a', 'g'), n('a', 'g')],
      [charger('x', 'a'), charger('x', 'a'), charger('g', 'a')],
    );
    expect(
      r.errors.filter((e) => e.code === 'TOPOLOGY_DUPLICATE_ID').map((e) => e.node_id ?? e.asset_id),
    ).toEqual(['a', 'g', 'x']);
  });

  it('TOPOLOGY_ROOT_INVALID when root_node_id names no node, or the root has a parent', () => {
    expect(topo([n('g', null)], [], 'nope').errors[0]).toMatchObject({
      code: 'TOPOLOGY_ROOT_INVALID',
      node_id: 'nope',
      field: 'root_node_id',
    });
    expect(topo([n('g', 'a'), n('a', 'g')]).errors.map((e) => e.code)).toEqual([
      'TOPOLOGY_ROOT_INVALID',
      'TOPOLOGY_CYCLE',
    ]);
  });

  it('TOPOLOGY_ORPHAN_NODE for a non-root node with a null or unknown parent', () => {
    const r = topo([n('g', null), n('a', null), n('b', 'zz')]);
    expect(r.errors.map((e) => [e.code, e.node_id, e.field])).toEqual([
      ['TOPOLOGY_ORPHAN_NODE', 'a', 'parent_id'],
      ['TOPOLOGY_ORPHAN_NODE', 'b', 'parent_id'],
    ]);
  });

  it('TOPOLOGY_CYCLE reports each cycle once, in parent order from its smallest id', () => {
    // d → c → e → d, and a self-loop on s.
    const r = topo([n('g', null), n('d', 'c'), n('c', 'e'), n('e', 'd'), n('s', 's'), n('x', 'd')]);
    const cycles = r.errors.filter((e) => e.code === 'TOPOLOGY_CYCLE');
    expect(cycles.map((e) => e.node_ids)).toEqual([['c', 'e', 'd'], ['s']]);
    expect(cycles[0]!.node_id).toBe('c');
  });

  it('ASSET_NODE_MISSING for an asset on a node that does not exist', () => {
    expect(topo([n('g', null)], [charger('c1', 'nowhere')]).errors).toMatchObject([
      { code: 'ASSET_NODE_MISSING', asset_id: 'c1', field: 'node_id' },
    ]);
  });

  it('RATING_INVALID: missing, zero, negative, more than 3 decimals, min_kw above rating', () => {
    const r = topo(
      [
        n('g', null),
        { ...n('a', 'g'), physical_rating_kw: undefined },
        n('b', 'g', 0),
        n('c', 'g', -1),
        n('d', 'g', 1.0001),
      ],
      [charger('c1', 'g', 22, 22.001), charger('c2', 'g', 22, 22)],
    );
    expect(r.errors.map((e) => [e.code, e.node_id ?? e.asset_id, e.field])).toEqual([
      ['RATING_INVALID', 'a', 'physical_rating_kw'],
      ['RATING_INVALID', 'b', 'physical_rating_kw'],
      ['RATING_INVALID', 'c', 'physical_rating_kw'],
      ['RATING_INVALID', 'c1', 'min_kw'],
      ['RATING_INVALID', 'd', 'physical_rating_kw'],
    ]);
  });

  it('accepts a rating with exactly 3 decimals (1 W resolution)', () => {
    expect(topo([n('g', null, 0.001), n('a', 'g', 123.456)]).errors).toEqual([]);
  });

  it('reports every error at once, in table order then by id', () => {
    const r = topo([n('g', null), n('b', 'zz', -1), n('a', 'a')], [charger('c9', 'q')]);
    expect(r.errors.map((e) => `${e.code}:${e.node_id ?? e.asset_id}`)).toEqual([
      'TOPOLOGY_ORPHAN_NODE:b',
      'TOPOLOGY_CYCLE:a',
      'ASSET_NODE_MISSING:c9',
      'RATING_INVALID:b',
    ]);
  });

  it('warns (never rejects) on a child rated above its parent and a root that is not a grid connection', () => {
    const r = topo([n('g', null, 100, 'TRANSFORMER'), n('a', 'g', 150)]);
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => [w.code, w.node_id])).toEqual([
      ['ROOT_NOT_GRID_CONNECTION', 'g'],
      ['CHILD_RATING_ABOVE_PARENT', 'a'],
    ]);
  });

  it('warns on a charger with no NODE policy between it and the root, not on one that has', () => {
    const doc: MicrogridDocument = {
      microgrid: { id: 'm', depot_id: 'd', name: 'm', timezone: 'UTC', root_node_id: 'g' },
      nodes: [n('g', null, 500, 'GRID_CONNECTION'), n('a', 'g'), n('b', 'g')],
      assets: [charger('c-a', 'a'), charger('c-b', 'b')],
      limits: [
        { id: 'l', scope: 'NODE', node_id: 'a', hard_cap_kw: 50, schedule: [] },
        { id: 'agg', scope: 'AGGREGATE', node_id: 'g', hard_cap_kw: 50, schedule: [] },
      ],
      circuit_aliases: [],
    };
    expect(validateDocumentModel(doc).warnings.map((w) => [w.code, w.asset_id])).toEqual([
      ['CHARGER_WITHOUT_NODE_POLICY', 'c-b'],
    ]);
  });

  it('NODE_REFERENCED when an edit removes a node still targeted by a limit, alias, live envelope or active binding', () => {
    const remaining = new Set(['g', 'a']);
    const errors = removedNodeReferences((id) => remaining.has(id), {
      limits: [
        { id: 'l1', node_id: 'b' },
        { id: 'l2', node_id: 'a' },
      ],
      circuit_aliases: [{ circuit_id: '1042', node_id: 'c' }],
      envelopes: [{ id: 'e1', target_node_id: 'd' }],
      bindings: [{ id: 'b1', scope_node_id: 'e' }],
    });
    expect(errors.map((e) => [e.code, e.node_id])).toEqual([
      ['NODE_REFERENCED', 'b'],
      ['NODE_REFERENCED', 'c'],
      ['NODE_REFERENCED', 'd'],
      ['NODE_REFERENCED', 'e'],
    ]);
    expect(errors[1]).toMatchObject({ circuit_id: '1042' });
  });
});

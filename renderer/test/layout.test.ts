// The layered layout's plan: sibling leaves stacked under their parent, boxes never overlapping,
// and the same picture for the same draft.
import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { generateMicrogrid } from '../../fixtures/generate-microgrid.ts';
import type { Draft } from '../src/screens/topology/draft.ts';
import {
  layoutKey,
  nodeHeight,
  placementsOf,
  planLayout,
  STACK_MIN,
  type Placement,
} from '../src/screens/topology/layout-graph.ts';

const elk = new ELK();

async function place(draft: Draft): Promise<Map<string, Placement>> {
  const plan = planLayout(draft);
  return placementsOf(plan, await elk.layout(structuredClone(plan.graph)));
}

function overlaps(a: Placement, b: Placement): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('layout plan', () => {
  it('stacks leaf siblings into one box and hands ELK far fewer boxes than nodes', () => {
    const doc = generateMicrogrid({ seed: 3, fanout: [3, 4, 10], chargersPerLeaf: 2 });
    const plan = planLayout(doc);
    expect(doc.nodes).toHaveLength(1 + 3 + 12 + 120);
    // Root, 3 transformers, then 12 boards each carrying its 10 feeders as one box.
    expect(plan.graph.children).toHaveLength(1 + 3 + 12);
    expect(plan.graph.edges).toHaveLength(3 + 12);
  });

  it('places every node, none overlapping, children below their parent', async () => {
    const doc = generateMicrogrid({ seed: 4, fanout: [2, 3, 5], chargersPerLeaf: 3, buildingLoads: true });
    const placed = await place(doc);
    expect([...placed.keys()].sort()).toEqual(doc.nodes.map((n) => n.id).sort());
    const all = [...placed.values()];
    for (let i = 0; i < all.length; i++)
      for (let j = i + 1; j < all.length; j++) expect(overlaps(all[i]!, all[j]!)).toBe(false);
    for (const n of doc.nodes) {
      if (n.parent_id) expect(placed.get(n.id)!.y).toBeGreaterThan(placed.get(n.parent_id)!.y);
      const assets = doc.assets.filter((a) => a.node_id === n.id).length;
      expect(placed.get(n.id)!.height).toBe(nodeHeight(assets));
    }
    // Leaves of a board with STACK_MIN or more of them go down one column, entering from the left;
    // each one's link continues the bus from the sibling above it.
    const stacked = doc.nodes.filter((n) => placed.get(n.id)!.stacked);
    expect(stacked.length).toBeGreaterThanOrEqual(STACK_MIN);
    const column = doc.nodes.filter((n) => n.parent_id === stacked[0]!.parent_id);
    expect(column.map((n) => placed.get(n.id)!.after)).toEqual([
      undefined,
      ...column.slice(0, -1).map((n) => n.id),
    ]);
    expect(new Set(column.map((n) => placed.get(n.id)!.x)).size).toBe(1);
  });

  it('gives the same placements for the same draft, and still lays out a cycle and an orphan', async () => {
    const doc = generateMicrogrid({ seed: 5, fanout: [2, 2, 4], chargersPerLeaf: 1 });
    expect([...(await place(doc))]).toEqual([...(await place(doc))]);
    const broken: Draft = {
      nodes: doc.nodes.map((n) =>
        n.id === 'n-0' ? { ...n, parent_id: 'n-0-0' } : n.id === 'n-1' ? { ...n, parent_id: 'gone' } : n,
      ),
      assets: doc.assets,
    };
    const placed = await place(broken);
    expect(placed.size).toBe(doc.nodes.length);
  });

  it('keys the layout by structure only: a rename keeps the key, a move changes it', () => {
    const doc = generateMicrogrid({ seed: 6, fanout: [2, 2], chargersPerLeaf: 1 });
    const key = layoutKey(doc);
    expect(layoutKey({ ...doc, nodes: doc.nodes.map((n) => ({ ...n, name: `${n.name}!` })) })).toBe(key);
    expect(
      layoutKey({ ...doc, nodes: doc.nodes.map((n) => (n.id === 'n-1-0' ? { ...n, parent_id: 'n-0' } : n)) }),
    ).not.toBe(key);
  });
});

// Topology edits, undo/redo and live validation: what the Topology screen does to a draft.
import { describe, expect, it } from 'vitest';
import type { MicrogridDocument } from '../../domain/model.ts';
import example from '../../examples/depot-north.json';
import {
  addAsset,
  addChildNode,
  changeId,
  deleteAsset,
  deleteNode,
  indexDraft,
  sameDraft,
  updateAsset,
  updateNode,
  type Draft,
  type EditResult,
} from '../src/screens/topology/draft.ts';
import { record, redo, startHistory, undo, undoLabel, redoLabel } from '../src/screens/topology/history.ts';
import { liveIssues } from '../src/screens/topology/live-validation.ts';

const doc = example as unknown as MicrogridDocument;
const base: Draft = { nodes: doc.nodes, assets: doc.assets };

function ok(r: EditResult): Draft {
  if (!r.ok) throw new Error(`edit refused: ${r.code} ${r.message}`);
  return r.draft;
}

describe('edits', () => {
  it('renames and re-rates a node, keeping every other entry by identity', () => {
    const next = ok(updateNode(base, 'sb-a', { name: 'Board A', physical_rating_kw: 380 }));
    const at = base.nodes.findIndex((n) => n.id === 'sb-a');
    expect(next.nodes[at]).toMatchObject({ id: 'sb-a', name: 'Board A', physical_rating_kw: 380 });
    expect(next.nodes.filter((n, i) => i !== at).every((n) => base.nodes.includes(n))).toBe(true);
    expect(next.assets).toBe(base.assets);
    expect(base.nodes[at]!.name).toBe('Switchboard A'); // the old draft is untouched
  });

  it('clears a rating (missing), and says nothing changed for a no-op', () => {
    const next = ok(updateNode(base, 'tx-1', { physical_rating_kw: undefined }));
    expect('physical_rating_kw' in next.nodes.find((n) => n.id === 'tx-1')!).toBe(false);
    expect(updateNode(base, 'tx-1', { name: 'Transformer 1' })).toMatchObject({
      ok: false,
      code: 'NO_CHANGE',
    });
  });

  it('adds a child node rated like its parent and an asset, each with a free id', () => {
    const withNode = addChildNode(base, 'sb-a');
    const draft = ok(withNode);
    expect(draft.nodes.at(-1)).toEqual({
      id: 'node-1',
      parent_id: 'sb-a',
      name: 'New distribution board',
      kind: 'DISTRIBUTION_BOARD',
      metered: false,
      physical_rating_kw: 400,
    });
    const withAsset = addAsset(draft, 'node-1');
    expect(ok(withAsset).assets.at(-1)).toMatchObject({
      id: 'charger-1',
      node_id: 'node-1',
      kind: 'CHARGER',
      rating_kw: 22,
    });
    expect(liveIssues('grid', ok(withAsset)).errors).toEqual([]);
  });

  it('changes an id and carries children and assets along; refuses a taken or malformed id', () => {
    const next = ok(changeId(base, 'sb-a', 'board-a'));
    expect(next.nodes.filter((n) => n.parent_id === 'board-a').map((n) => n.id)).toEqual([
      'cb-a1',
      'cb-a2',
      'cb-a3',
    ]);
    expect(liveIssues('grid', next).errors).toEqual([]);
    expect(changeId(base, 'sb-a', 'tx-1')).toMatchObject({ ok: false, code: 'ID_TAKEN', field: 'id' });
    expect(changeId(base, 'sb-a', 'has space')).toMatchObject({ ok: false, code: 'ID_INVALID' });
  });

  it('deletes a node with its assets, leaving its children as orphans; or the whole subtree', () => {
    const alone = ok(deleteNode(base, 'sb-a'));
    expect(alone.nodes.map((n) => n.id)).not.toContain('sb-a');
    const orphans = liveIssues('grid', alone)
      .errors.filter((e) => e.code === 'TOPOLOGY_ORPHAN_NODE')
      .map((e) => e.node_id);
    expect(orphans).toEqual(['cb-a1', 'cb-a2', 'cb-a3']);
    const subtree = ok(deleteNode(base, 'sb-a', true));
    expect(subtree.nodes.map((n) => n.id).filter((id) => id.startsWith('cb-a'))).toEqual([]);
    expect(subtree.assets.some((a) => ['cb-a1', 'cb-a2', 'cb-a3'].includes(a.node_id))).toBe(false);
    expect(liveIssues('grid', subtree).errors).toEqual([]);
  });

  it('re-attaches and deletes assets', () => {
    const first = base.assets[0]!;
    expect(ok(updateAsset(base, first.id, { node_id: 'cb-b1' })).assets[0]!.node_id).toBe('cb-b1');
    expect(ok(deleteAsset(base, first.id)).assets).toHaveLength(base.assets.length - 1);
  });

  it('compares drafts by value', () => {
    expect(sameDraft(base, { nodes: [...base.nodes], assets: [...base.assets] })).toBe(true);
    expect(sameDraft(base, ok(updateNode(base, 'grid', { metered: false })))).toBe(false);
    expect(sameDraft(base, { nodes: base.nodes.map((n) => ({ ...n })), assets: base.assets })).toBe(true);
    // The store answers its own key order; a node is the same node in any order.
    const reordered = base.nodes.map((n) => Object.fromEntries(Object.entries(n).reverse()) as typeof n);
    expect(sameDraft(base, { nodes: reordered, assets: base.assets })).toBe(true);
  });
});

describe('live validation', () => {
  it('marks every node of a cycle, and an asset on a missing node', () => {
    const cycle = ok(updateNode(base, 'tx-1', { parent_id: 'sb-a' }));
    const live = liveIssues('grid', cycle);
    expect(live.errors.map((e) => e.code)).toEqual(['TOPOLOGY_CYCLE']);
    expect([...live.byNode.keys()].sort()).toEqual(['sb-a', 'tx-1']);
    const lost = ok(updateAsset(base, base.assets[0]!.id, { node_id: 'nowhere' }));
    expect(
      liveIssues('grid', lost)
        .byAsset.get(base.assets[0]!.id)
        ?.map((e) => e.code),
    ).toEqual(['ASSET_NODE_MISSING']);
  });

  it('keeps the lists of nodes whose issues did not change, so their cards do not re-render', () => {
    const bad = ok(updateNode(base, 'cb-a1', { physical_rating_kw: -5 }));
    const first = liveIssues('grid', bad);
    const worse = ok(updateNode(bad, 'cb-b1', { physical_rating_kw: 0 }));
    const second = liveIssues('grid', worse, first);
    expect(second.byNode.get('cb-a1')).toBe(first.byNode.get('cb-a1'));
    expect(second.byNode.get('cb-b1')?.[0]).toMatchObject({
      code: 'RATING_INVALID',
      field: 'physical_rating_kw',
    });
  });
});

describe('undo and redo', () => {
  it('round-trips an edit and forgets the redo branch after a new edit', () => {
    const renamed = ok(updateNode(base, 'grid', { name: 'Grid supply' }));
    let h = record(startHistory(base), renamed, 'rename grid');
    expect(undoLabel(h)).toBe('rename grid');
    h = undo(h);
    expect(h.present).toBe(base);
    expect(redoLabel(h)).toBe('rename grid');
    h = redo(h);
    expect(h.present).toBe(renamed);
    h = undo(h);
    h = record(h, ok(deleteAsset(base, base.assets[0]!.id)), 'delete asset');
    expect(h.future).toEqual([]);
    expect(undo(undo(h)).present).toBe(base);
  });
});

describe('index', () => {
  it('groups assets and children in draft order and reuses unchanged groups', () => {
    const index = indexDraft(base);
    expect(index.childrenOf.get('sb-a')).toEqual(['cb-a1', 'cb-a2', 'cb-a3']);
    const next = indexDraft(ok(updateNode(base, 'grid', { name: 'x' })), index);
    expect(next.assetsOf.get('cb-a1')).toBe(index.assetsOf.get('cb-a1'));
    expect(next.childrenOf.get('sb-a')).toBe(index.childrenOf.get('sb-a'));
  });
});

// The topology being edited: nodes and assets exactly as they will be sent to putTopology, plus
// the edits the Topology screen offers. Every edit is a pure function from one draft to the next
// (unchanged entries keep their identity, so only what changed re-renders).
import { ID_PATTERN } from '../../../../domain/ids.ts';
import type { Asset, AssetKind, MicrogridNode, NodeKind } from '../../../../domain/model.ts';

export interface Draft {
  readonly nodes: readonly MicrogridNode[];
  readonly assets: readonly Asset[];
}

export interface DraftIndex {
  nodeById: ReadonlyMap<string, MicrogridNode>;
  assetById: ReadonlyMap<string, Asset>;
  /** Asset ids per node id, in draft order (also for node ids that no longer exist). */
  assetsOf: ReadonlyMap<string, readonly string[]>;
  /** Child node ids per parent id, in draft order. */
  childrenOf: ReadonlyMap<string, readonly string[]>;
}

const EMPTY: readonly string[] = [];

function sameIds(a: readonly string[] | undefined, b: readonly string[]): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Lists that did not change keep the previous array, so components selecting them stay put. */
function group(
  items: readonly { id: string }[],
  keyOf: (item: never) => string,
  previous?: ReadonlyMap<string, readonly string[]>,
) {
  const out = new Map<string, string[]>();
  for (const item of items) {
    const key = keyOf(item as never);
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    list.push(item.id);
  }
  const stable = new Map<string, readonly string[]>();
  for (const [key, list] of out) {
    const before = previous?.get(key);
    stable.set(key, before && sameIds(before, list) ? before : list);
  }
  return stable;
}

export function indexDraft(draft: Draft, previous?: DraftIndex): DraftIndex {
  return {
    nodeById: new Map(draft.nodes.map((n) => [n.id, n])),
    assetById: new Map(draft.assets.map((a) => [a.id, a])),
    assetsOf: group(draft.assets, (a: Asset) => a.node_id, previous?.assetsOf),
    childrenOf: group(
      draft.nodes.filter((n) => n.parent_id !== null),
      (n: MicrogridNode) => n.parent_id!,
      previous?.childrenOf,
    ),
  };
}

export function assetsOf(index: DraftIndex, nodeId: string): readonly string[] {
  return index.assetsOf.get(nodeId) ?? EMPTY;
}

/** An edit either gives the next draft or says, in a sentence, why it cannot be made. */
export type EditResult =
  { ok: true; draft: Draft; label: string } | { ok: false; code: string; message: string; field?: string };

function done(draft: Draft, label: string): EditResult {
  return { ok: true, draft, label };
}

function refuse(code: string, message: string, field?: string): EditResult {
  return field ? { ok: false, code, message, field } : { ok: false, code, message };
}

function idTaken(draft: Draft, id: string): boolean {
  return draft.nodes.some((n) => n.id === id) || draft.assets.some((a) => a.id === id);
}

/** `prefix-1`, `prefix-2`, …: the first id no node or asset uses. */
export function freeId(draft: Draft, prefix: string): string {
  const taken = new Set<string>([...draft.nodes.map((n) => n.id), ...draft.assets.map((a) => a.id)]);
  for (let i = 1; ; i++) {
    const id = `${prefix}-${i}`;
    if (!taken.has(id)) return id;
  }
}

const CHILD_KIND: Record<NodeKind, NodeKind> = {
  GRID_CONNECTION: 'TRANSFORMER',
  TRANSFORMER: 'SWITCHBOARD',
  SWITCHBOARD: 'DISTRIBUTION_BOARD',
  DISTRIBUTION_BOARD: 'FEEDER',
  FEEDER: 'FEEDER',
};

/** A new child under `parentId`, rated like its parent so that it starts valid. */
export function addChildNode(draft: Draft, parentId: string): EditResult & { id?: string } {
  const parent = draft.nodes.find((n) => n.id === parentId);
  if (!parent) return refuse('NODE_UNKNOWN', `there is no node ${parentId} to add a child to`);
  const id = freeId(draft, 'node');
  const kind = CHILD_KIND[parent.kind];
  const node: MicrogridNode = {
    id,
    parent_id: parentId,
    name: `New ${kind.toLowerCase().replace('_', ' ')}`,
    kind,
    metered: false,
  };
  if (parent.physical_rating_kw !== undefined) node.physical_rating_kw = parent.physical_rating_kw;
  return {
    ...done({ nodes: [...draft.nodes, node], assets: draft.assets }, `add node ${id} under ${parentId}`),
    id,
  };
}

export function addAsset(
  draft: Draft,
  nodeId: string,
  kind: AssetKind = 'CHARGER',
): EditResult & { id?: string } {
  if (!draft.nodes.some((n) => n.id === nodeId))
    return refuse('NODE_UNKNOWN', `there is no node ${nodeId} to attach an asset to`);
  const id = freeId(draft, kind === 'CHARGER' ? 'charger' : kind.toLowerCase().replace('_', '-'));
  const asset: Asset = {
    id,
    node_id: nodeId,
    name: `New ${kind.toLowerCase().replace('_', ' ')}`,
    kind,
    rating_kw: kind === 'CHARGER' ? 22 : 10,
  };
  return {
    ...done({ nodes: draft.nodes, assets: [...draft.assets, asset] }, `add asset ${id} to ${nodeId}`),
    id,
  };
}

export type NodePatch = Partial<
  Pick<MicrogridNode, 'name' | 'kind' | 'physical_rating_kw' | 'metered' | 'parent_id'>
>;
export type AssetPatch = Partial<
  Pick<Asset, 'name' | 'kind' | 'rating_kw' | 'min_kw' | 'fallback_kw' | 'node_id'>
>;

/** Applies a patch; a member set to `undefined` is removed (a cleared rating is missing). */
function patched<T extends object>(value: T, patch: Partial<T>): T {
  const out = { ...value };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete (out as Record<string, unknown>)[k];
    else (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

function unchanged<T extends object>(value: T, patch: Partial<T>): boolean {
  return Object.entries(patch).every(([k, v]) => (value as Record<string, unknown>)[k] === v);
}

/** Rename, re-parent, set the rating, kind or metering of one node. */
export function updateNode(draft: Draft, id: string, patch: NodePatch): EditResult {
  const at = draft.nodes.findIndex((n) => n.id === id);
  if (at < 0) return refuse('NODE_UNKNOWN', `there is no node ${id}`);
  const node = draft.nodes[at]!;
  if (unchanged(node, patch)) return refuse('NO_CHANGE', 'nothing changed');
  const nodes = [...draft.nodes];
  nodes[at] = patched<MicrogridNode>(node, patch);
  const what = Object.keys(patch).join(', ');
  const label =
    patch.parent_id !== undefined && Object.keys(patch).length === 1
      ? `move node ${id} under ${patch.parent_id ?? 'nothing'}`
      : `set ${what} of node ${id}`;
  return done({ nodes, assets: draft.assets }, label);
}

export function updateAsset(draft: Draft, id: string, patch: AssetPatch): EditResult {
  const at = draft.assets.findIndex((a) => a.id === id);
  if (at < 0) return refuse('ASSET_UNKNOWN', `there is no asset ${id}`);
  const asset = draft.assets[at]!;
  if (unchanged(asset, patch)) return refuse('NO_CHANGE', 'nothing changed');
  const assets = [...draft.assets];
  assets[at] = patched<Asset>(asset, patch);
  return done({ nodes: draft.nodes, assets }, `set ${Object.keys(patch).join(', ')} of asset ${id}`);
}

/** A new id for a node or asset; references to a node (children, assets) follow it. */
export function changeId(draft: Draft, from: string, to: string): EditResult {
  if (from === to) return refuse('NO_CHANGE', 'nothing changed');
  if (!ID_PATTERN.test(to))
    return refuse(
      'ID_INVALID',
      `${JSON.stringify(to)} is not an id: 1–64 of A–Z a–z 0–9 . _ : -, starting with a letter or digit`,
      'id',
    );
  if (idTaken(draft, to)) return refuse('ID_TAKEN', `${to} is already the id of a node or asset`, 'id');
  if (draft.nodes.some((n) => n.id === from)) {
    const nodes = draft.nodes.map((n) =>
      n.id === from ? { ...n, id: to } : n.parent_id === from ? { ...n, parent_id: to } : n,
    );
    const assets = draft.assets.map((a) => (a.node_id === from ? { ...a, node_id: to } : a));
    return done({ nodes, assets }, `rename node id ${from} to ${to}`);
  }
  if (draft.assets.some((a) => a.id === from)) {
    return done(
      { nodes: draft.nodes, assets: draft.assets.map((a) => (a.id === from ? { ...a, id: to } : a)) },
      `rename asset id ${from} to ${to}`,
    );
  }
  return refuse('NODE_UNKNOWN', `there is no node or asset ${from}`);
}

function subtreeOf(draft: Draft, id: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const n of draft.nodes) {
    if (n.parent_id === null) continue;
    const list = children.get(n.parent_id);
    if (list) list.push(n.id);
    else children.set(n.parent_id, [n.id]);
  }
  const out = new Set<string>([id]);
  const stack = [id];
  while (stack.length) {
    for (const c of children.get(stack.pop()!) ?? []) {
      // A cycle below the node must not loop forever.
      if (out.has(c)) continue;
      out.add(c);
      stack.push(c);
    }
  }
  return out;
}

/**
 * Deletes a node with its own assets. Its child nodes stay where they are, pointing at a parent
 * that is gone — live validation shows them as orphans until they are moved or deleted — unless
 * `withSubtree`, which deletes everything below it too.
 */
export function deleteNode(draft: Draft, id: string, withSubtree = false): EditResult {
  if (!draft.nodes.some((n) => n.id === id)) return refuse('NODE_UNKNOWN', `there is no node ${id}`);
  const gone = withSubtree ? subtreeOf(draft, id) : new Set([id]);
  const nodes = draft.nodes.filter((n) => !gone.has(n.id));
  const assets = draft.assets.filter((a) => !gone.has(a.node_id));
  return done(
    { nodes, assets },
    withSubtree ? `delete node ${id} and ${gone.size - 1} below it` : `delete node ${id}`,
  );
}

export function deleteAsset(draft: Draft, id: string): EditResult {
  if (!draft.assets.some((a) => a.id === id)) return refuse('ASSET_UNKNOWN', `there is no asset ${id}`);
  return done({ nodes: draft.nodes, assets: draft.assets.filter((a) => a.id !== id) }, `delete asset ${id}`);
}

/** Flat records with primitive members, compared by value whatever their key order. */
function sameEntry(a: object, b: object): boolean {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  for (const k of keys) if (x[k] !== y[k]) return false;
  return true;
}

function sameList(a: readonly object[], b: readonly object[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  // Edits keep untouched entries by identity; only the others are compared by value.
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !sameEntry(a[i]!, b[i]!)) return false;
  return true;
}

/** True when the two drafts would be stored as the same topology. */
export function sameDraft(a: Draft, b: Draft): boolean {
  return a === b || (sameList(a.nodes, b.nodes) && sameList(a.assets, b.assets));
}

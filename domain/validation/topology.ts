// Topology rules of domain.md: every blocking error at once, plus the non-blocking warnings.
import { compareIds } from '../ids.ts';
import { issue, sortIssues, type ValidationError, type ValidationWarning } from '../issues.ts';
import type { Asset, MicrogridNode } from '../model.ts';
import { isKwValue, kwToW } from '../units.ts';

export interface TopologyInput {
  root_node_id: string;
  nodes: readonly MicrogridNode[];
  assets: readonly Asset[];
}

/** The node tree as validation resolved it; later rules (limits, references) read it. */
export interface TopologyIndex {
  /** Position of each node id in `nodes`. */
  indexOf: ReadonlyMap<string, number>;
  /** One node per id; for a duplicated id the representative is chosen independently of input order. */
  nodes: readonly MicrogridNode[];
  /** Parent position per node: -1 for none, -2 for a parent id that names no node. */
  parentIdx: Int32Array;
  /** Valid physical rating in watts per node, NaN where the rating is invalid. */
  ratingW: Float64Array;
  assetIds: ReadonlySet<string>;
  hasNode(id: string): boolean;
  node(id: string): MicrogridNode | undefined;
  /** The node's valid rating in watts, or undefined. */
  ratingOf(id: string): number | undefined;
}

export interface TopologyReport {
  errors: ValidationError[];
  warnings: ValidationWarning[];
  index: TopologyIndex;
}

function ratingProblem(value: number | undefined): string | null {
  if (value === undefined) return 'is missing';
  if (!Number.isFinite(value)) return 'is not a finite number';
  if (value <= 0) return `must be above 0 (got ${value})`;
  if (!isKwValue(value)) return `has more than 3 decimals (got ${value})`;
  return null;
}

function optionalPowerProblem(value: number | undefined): string | null {
  if (value === undefined) return null;
  if (!Number.isFinite(value)) return 'is not a finite number';
  if (value < 0) return `must not be negative (got ${value})`;
  if (!isKwValue(value)) return `has more than 3 decimals (got ${value})`;
  return null;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * One pass to index the nodes (100,000 of them must validate in well under 150 ms, so every later
 * rule works on positions and typed arrays rather than on id lookups).
 */
function indexNodes(input: readonly MicrogridNode[]) {
  const indexOf = new Map<string, number>();
  const nodes: MicrogridNode[] = [];
  let duplicateCounts: Map<string, number> | null = null;
  for (const node of input) {
    const at = indexOf.get(node.id);
    if (at === undefined) {
      indexOf.set(node.id, nodes.length);
      nodes.push(node);
      continue;
    }
    duplicateCounts ??= new Map();
    duplicateCounts.set(node.id, (duplicateCounts.get(node.id) ?? 1) + 1);
    // The entry with the smallest JSON represents the id, whatever the input order.
    if (JSON.stringify(node) < JSON.stringify(nodes[at])) nodes[at] = node;
  }
  return { indexOf, nodes, duplicateCounts };
}

export function validateTopology(input: TopologyInput): TopologyReport {
  const errors: ValidationError[] = [];
  const warnings: ValidationWarning[] = [];
  const { indexOf, nodes, duplicateCounts } = indexNodes(input.nodes);
  const count = nodes.length;

  if (input.nodes.length === 0) {
    errors.push(issue('TOPOLOGY_EMPTY', 'the microgrid has no nodes; it needs at least its root node'));
  }

  const assetCounts = new Map<string, number>();
  for (const a of input.assets) assetCounts.set(a.id, (assetCounts.get(a.id) ?? 0) + 1);
  const duplicateIds = new Set<string>(duplicateCounts?.keys() ?? []);
  for (const [id, a] of assetCounts) if (a > 1 || indexOf.has(id)) duplicateIds.add(id);
  for (const id of duplicateIds) {
    const n = indexOf.has(id) ? (duplicateCounts?.get(id) ?? 1) : 0;
    const a = assetCounts.get(id) ?? 0;
    const what = [n ? plural(n, 'node') : '', a ? plural(a, 'asset') : ''].filter(Boolean).join(' and ');
    errors.push(
      issue(
        'TOPOLOGY_DUPLICATE_ID',
        `id ${id} is used by ${what}; ids must be unique across nodes and assets`,
        n ? { node_id: id } : { asset_id: id },
      ),
    );
  }

  const rootId = input.root_node_id;
  const rootAt = indexOf.get(rootId);
  const root = rootAt === undefined ? undefined : nodes[rootAt];
  if (input.nodes.length > 0 && root === undefined) {
    errors.push(
      issue('TOPOLOGY_ROOT_INVALID', `root_node_id ${rootId} names no node`, {
        node_id: rootId,
        field: 'root_node_id',
      }),
    );
  } else if (root !== undefined && root.parent_id !== null) {
    errors.push(
      issue(
        'TOPOLOGY_ROOT_INVALID',
        `the root node ${rootId} has a parent (${root.parent_id}); the root's parent_id must be null`,
        { node_id: rootId, field: 'parent_id' },
      ),
    );
  }

  const parentIdx = new Int32Array(count);
  const ratingW = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const node = nodes[i]!;
    parentIdx[i] = node.parent_id === null ? -1 : (indexOf.get(node.parent_id) ?? -2);
    const r = node.physical_rating_kw;
    ratingW[i] = ratingProblem(r) === null ? kwToW(r!) : NaN;
  }
  // Orphans and ratings are judged on every entry, duplicates included: each may be wrong on its own.
  const checkEntry = (node: MicrogridNode) => {
    if (node.id !== rootId) {
      if (node.parent_id === null) {
        errors.push(
          issue('TOPOLOGY_ORPHAN_NODE', `node ${node.id} has no parent but is not the root (${rootId})`, {
            node_id: node.id,
            field: 'parent_id',
          }),
        );
      } else if (!indexOf.has(node.parent_id)) {
        errors.push(
          issue(
            'TOPOLOGY_ORPHAN_NODE',
            `node ${node.id} names parent ${node.parent_id}, which is not a node`,
            { node_id: node.id, field: 'parent_id' },
          ),
        );
      }
    }
    const problem = ratingProblem(node.physical_rating_kw);
    if (problem)
      errors.push(
        issue('RATING_INVALID', `node ${node.id}: physical_rating_kw ${problem}`, {
          node_id: node.id,
          field: 'physical_rating_kw',
        }),
      );
  };
  if (duplicateCounts === null) {
    for (let i = 0; i < count; i++) {
      const p = parentIdx[i]!;
      if ((p < 0 && nodes[i]!.id !== rootId) || Number.isNaN(ratingW[i])) checkEntry(nodes[i]!);
    }
  } else {
    for (const node of input.nodes) checkEntry(node);
  }

  for (const cycle of findCycles(nodes, parentIdx)) {
    errors.push(
      issue(
        'TOPOLOGY_CYCLE',
        `following parent_id from ${cycle[0]} returns to it: ${[...cycle, cycle[0]].join(' → ')}`,
        { node_id: cycle[0], node_ids: cycle },
      ),
    );
  }

  for (const asset of input.assets) {
    if (!indexOf.has(asset.node_id)) {
      errors.push(
        issue(
          'ASSET_NODE_MISSING',
          `asset ${asset.id} is attached to node ${asset.node_id}, which is not a node`,
          { asset_id: asset.id, field: 'node_id' },
        ),
      );
    }
    const rating = ratingProblem(asset.rating_kw);
    if (rating) {
      errors.push(
        issue('RATING_INVALID', `asset ${asset.id}: rating_kw ${rating}`, {
          asset_id: asset.id,
          field: 'rating_kw',
        }),
      );
    }
    const min = optionalPowerProblem(asset.min_kw);
    if (min) {
      errors.push(
        issue('RATING_INVALID', `asset ${asset.id}: min_kw ${min}`, { asset_id: asset.id, field: 'min_kw' }),
      );
    } else if (
      asset.kind === 'CHARGER' &&
      !rating &&
      asset.min_kw !== undefined &&
      kwToW(asset.min_kw) > kwToW(asset.rating_kw!)
    ) {
      errors.push(
        issue(
          'RATING_INVALID',
          `charger ${asset.id}: min_kw ${asset.min_kw} is above its rating_kw ${asset.rating_kw}`,
          { asset_id: asset.id, field: 'min_kw' },
        ),
      );
    }
    const fallback = optionalPowerProblem(asset.fallback_kw);
    if (fallback) {
      errors.push(
        issue('RATING_INVALID', `asset ${asset.id}: fallback_kw ${fallback}`, {
          asset_id: asset.id,
          field: 'fallback_kw',
        }),
      );
    }
  }

  if (root !== undefined && root.kind !== 'GRID_CONNECTION') {
    warnings.push(
      issue('ROOT_NOT_GRID_CONNECTION', `the root node ${rootId} is a ${root.kind}, not a GRID_CONNECTION`, {
        node_id: rootId,
      }),
    );
  }
  for (let i = 0; i < count; i++) {
    const p = parentIdx[i]!;
    if (p >= 0 && ratingW[i]! > ratingW[p]!) {
      const node = nodes[i]!;
      const parent = nodes[p]!;
      warnings.push(
        issue(
          'CHILD_RATING_ABOVE_PARENT',
          `node ${node.id} is rated ${node.physical_rating_kw} kW, above its parent ${parent.id} (${parent.physical_rating_kw} kW)`,
          { node_id: node.id, field: 'physical_rating_kw' },
        ),
      );
    }
  }

  const index: TopologyIndex = {
    indexOf,
    nodes,
    parentIdx,
    ratingW,
    assetIds: new Set(assetCounts.keys()),
    hasNode: (id) => indexOf.has(id),
    node: (id) => {
      const i = indexOf.get(id);
      return i === undefined ? undefined : nodes[i];
    },
    ratingOf: (id) => {
      const i = indexOf.get(id);
      const r = i === undefined ? NaN : ratingW[i]!;
      return Number.isNaN(r) ? undefined : r;
    },
  };
  return { errors: sortIssues(errors), warnings: sortIssues(warnings), index };
}

/**
 * Every cycle of the parent relation, each as its node ids in parent-following order starting at
 * the smallest id. Iterative colouring over positions: linear in the number of nodes.
 */
export function findCycles(nodes: readonly MicrogridNode[], parentIdx: Int32Array): string[][] {
  const state = new Uint8Array(nodes.length); // 0 = unseen, 1 = on the current walk, 2 = done
  const cycles: string[][] = [];
  const walk: number[] = [];
  for (let start = 0; start < nodes.length; start++) {
    if (state[start] !== 0) continue;
    walk.length = 0;
    let current = start;
    while (current >= 0 && state[current] === 0) {
      state[current] = 1;
      walk.push(current);
      current = parentIdx[current]!;
    }
    if (current >= 0 && state[current] === 1) {
      const cycle = walk.slice(walk.indexOf(current)).map((i) => nodes[i]!.id);
      let smallest = 0;
      for (let i = 1; i < cycle.length; i++) if (compareIds(cycle[i]!, cycle[smallest]!) < 0) smallest = i;
      cycles.push([...cycle.slice(smallest), ...cycle.slice(0, smallest)]);
    }
    for (const i of walk) state[i] = 2;
  }
  return cycles;
}

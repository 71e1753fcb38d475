// The layered layout's graph. ELK lays out boxes; every Microgrid Node is a box sized by its
// attached assets — except that sibling leaves (feeders with their chargers, typically dozens under
// one board) are stacked in one column box under their parent, so that a depot with 2,000 nodes
// gives ELK a few hundred boxes and the canvas stays compact instead of one layer 400,000 px wide.
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { Draft } from './draft.ts';

export const NODE_WIDTH = 240;
export const NODE_HEADER_HEIGHT = 60;
export const ASSET_ROW_HEIGHT = 24;
const ASSET_LIST_PADDING = 6;
/** Stacked leaves sit this far right of their column, leaving room for the bus their edges share. */
export const STACK_INDENT = 32;
export const STACK_GAP = 14;
/** Leaf siblings are stacked once there are this many. */
export const STACK_MIN = 3;

export function nodeHeight(assetCount: number): number {
  return NODE_HEADER_HEIGHT + (assetCount > 0 ? assetCount * ASSET_ROW_HEIGHT + ASSET_LIST_PADDING : 0);
}

export interface Placement {
  x: number;
  y: number;
  width: number;
  height: number;
  /** In a stack: its edge enters from the left, along the stack's bus. */
  stacked: boolean;
  /** In a stack, the sibling above it: its link is drawn from there, continuing the bus. */
  after?: string;
}

/** The drawn ends of a node's link to its parent. */
export interface LinkEnds {
  source: string;
  sourceHandle: 'bus' | 'bottom';
  targetHandle: 'left' | 'top';
}

/**
 * Where the link of a node (placed at `p`) to its parent is drawn. A stacked leaf's link starts at
 * the sibling above it (its "bus" handle), so a stack's links form one bus line and only the links
 * near the view render — instead of every link of a long stack running from the parent over the
 * whole bus. The link still means "this node's parent".
 */
export function linkEnds(
  p: Placement | undefined,
  parentId: string,
  parentOf: (id: string) => string | null | undefined,
): LinkEnds {
  const above = p?.after !== undefined && parentOf(p.after) === parentId ? p.after : undefined;
  return {
    source: above ?? parentId,
    sourceHandle: above ? 'bus' : 'bottom',
    targetHandle: p?.stacked ? 'left' : 'top',
  };
}

export interface Stack {
  parent: string;
  leaves: readonly string[];
  /** The parent has no other children and sits at the top of the stack's box. */
  withParent: boolean;
}

export interface LayoutPlan {
  key: string;
  graph: ElkNode & { children: ElkNode[]; edges: ElkExtendedEdge[] };
  /** Stack box id → its parent and leaves (in draft order). */
  stacks: ReadonlyMap<string, Stack>;
  heights: ReadonlyMap<string, number>;
}

const STACK_PREFIX = 'stack\u0000';

export const LAYOUT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.spacing.nodeNode': '28',
  'elk.layered.spacing.nodeNodeBetweenLayers': '56',
  'elk.edgeRouting': 'POLYLINE',
  // A tree has no crossings to remove; asking ELK to also honour the document order costs 3-4x.
  // The picture is still the same for the same draft (ELK is deterministic).
  'elk.layered.considerModelOrder.strategy': 'NONE',
};

function assetCounts(draft: Draft): Map<string, number> {
  const counts = new Map<string, number>();
  for (const a of draft.assets) counts.set(a.node_id, (counts.get(a.node_id) ?? 0) + 1);
  return counts;
}

/** What the layout depends on: ids, parents and asset counts — not names or ratings. */
export function layoutKey(draft: Draft, counts = assetCounts(draft)): string {
  const parts: string[] = [];
  for (const n of draft.nodes) parts.push(`${n.id}\u0001${n.parent_id ?? ''}\u0001${counts.get(n.id) ?? 0}`);
  return parts.join('\u0002');
}

export function planLayout(draft: Draft): LayoutPlan {
  const counts = assetCounts(draft);
  const exists = new Set(draft.nodes.map((n) => n.id));
  const children = new Map<string, string[]>();
  for (const n of draft.nodes) {
    if (n.parent_id !== null && exists.has(n.parent_id) && n.parent_id !== n.id) {
      const list = children.get(n.parent_id);
      if (list) list.push(n.id);
      else children.set(n.parent_id, [n.id]);
    }
  }
  const heights = new Map<string, number>();
  for (const n of draft.nodes) heights.set(n.id, nodeHeight(counts.get(n.id) ?? 0));

  // Leaf siblings become one stack; a parent whose children are all in its stack travels with it
  // as one box (the parent's card on top, the stack below), which halves what ELK has to place.
  const stackOf = new Map<string, string>();
  const stacks = new Map<string, Stack>();
  for (const [parent, kids] of children) {
    const leaves = kids.filter((k) => !children.has(k));
    if (leaves.length < STACK_MIN) continue;
    const withParent = leaves.length === kids.length;
    const stackId = `${STACK_PREFIX}${parent}`;
    stacks.set(stackId, { parent, leaves, withParent });
    for (const leaf of leaves) stackOf.set(leaf, stackId);
    if (withParent) stackOf.set(parent, stackId);
  }

  const boxOf = (id: string) => stackOf.get(id) ?? id;
  const parentOf = new Map(draft.nodes.map((n) => [n.id, n.parent_id]));
  const boxes: ElkNode[] = [];
  const edges: ElkExtendedEdge[] = [];
  const placedStacks = new Set<string>();
  for (const n of draft.nodes) {
    const stackId = stackOf.get(n.id);
    if (stackId !== undefined) {
      if (placedStacks.has(stackId)) continue;
      placedStacks.add(stackId);
      const stack = stacks.get(stackId)!;
      const leavesHeight =
        stack.leaves.reduce((sum, id) => sum + heights.get(id)!, 0) + STACK_GAP * (stack.leaves.length - 1);
      const top = stack.withParent ? heights.get(stack.parent)! + STACK_GAP * 2 : 0;
      boxes.push({ id: stackId, width: NODE_WIDTH + STACK_INDENT, height: top + leavesHeight });
      // The box hangs from the stack's parent, or (when the parent is inside) from the grandparent.
      const from = stack.withParent ? parentOf.get(stack.parent)! : stack.parent;
      if (from !== null && exists.has(from) && boxOf(from) !== stackId)
        edges.push({ id: `e\u0000${stackId}`, sources: [boxOf(from)], targets: [stackId] });
      continue;
    }
    boxes.push({ id: n.id, width: NODE_WIDTH, height: heights.get(n.id)! });
    if (n.parent_id !== null && exists.has(n.parent_id) && n.parent_id !== n.id) {
      edges.push({ id: `e\u0000${n.id}`, sources: [boxOf(n.parent_id)], targets: [n.id] });
    }
  }
  return {
    key: layoutKey(draft, counts),
    graph: { id: 'root', layoutOptions: LAYOUT_OPTIONS, children: boxes, edges },
    stacks,
    heights,
  };
}

/** Node positions from ELK's box positions; stacked leaves go down their column in draft order. */
export function placementsOf(plan: LayoutPlan, laidOut: ElkNode): Map<string, Placement> {
  const out = new Map<string, Placement>();
  for (const box of laidOut.children ?? []) {
    const x = box.x ?? 0;
    const y = box.y ?? 0;
    const stack = plan.stacks.get(box.id);
    if (!stack) {
      out.set(box.id, { x, y, width: NODE_WIDTH, height: plan.heights.get(box.id)!, stacked: false });
      continue;
    }
    let top = y;
    if (stack.withParent) {
      const height = plan.heights.get(stack.parent)!;
      out.set(stack.parent, { x, y, width: NODE_WIDTH, height, stacked: false });
      top += height + STACK_GAP * 2;
    }
    let after: string | undefined;
    for (const leaf of stack.leaves) {
      const height = plan.heights.get(leaf)!;
      out.set(
        leaf,
        after === undefined
          ? { x: x + STACK_INDENT, y: top, width: NODE_WIDTH, height, stacked: true }
          : { x: x + STACK_INDENT, y: top, width: NODE_WIDTH, height, stacked: true, after },
      );
      top += height + STACK_GAP;
      after = leaf;
    }
  }
  return out;
}

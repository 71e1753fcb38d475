// The ReactFlow canvas: nodes placed by the layered layout, one edge per parent link. Only what is
// visible renders (onlyRenderVisibleElements); node and edge objects keep their identity while
// their placement is unchanged, so xyflow skips them on every later update. In edit mode a link
// is re-parented by dragging its parent end to another node, or by drawing a new link from a
// node's bottom handle to the node that should become its child.
import {
  Background,
  BackgroundVariant,
  ConnectionMode,
  Controls,
  MiniMap,
  Position,
  ReactFlow,
  getNodesBounds,
  getViewportForBounds,
  type Connection,
  type Edge,
  type Node,
  type NodeHandle,
  type NodeTypes,
  type Viewport,
} from '@xyflow/react';
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { afterPaint } from '../../app/app-state.ts';
import { updateNode } from './draft.ts';
import { linkEnds, type Placement } from './layout-graph.ts';
import { NodeCard } from './NodeCard.tsx';
import { useTopology } from './store.ts';

const NODE_TYPES: NodeTypes = { microgridNode: NodeCard };
/** Up to this many nodes the first view shows them all; above, it shows the top of the tree. */
const FIT_ALL_MAX = 150;
const MINIMAP_MAX = 400;

type FlowNode = Node<Record<string, never>, 'microgridNode'>;

const HANDLE_SIZE = 9;

/**
 * Where a card's handles are, known before it is rendered. With them (and the size given as
 * `measured`) xyflow treats every node as measured from the start; without them it renders every
 * node once to measure it — seconds for 2,000 nodes, since onlyRenderVisibleElements skips only
 * measured nodes. The card's CSS puts its handles exactly here.
 */
function handlesOf(width: number, height: number): NodeHandle[] {
  const h = HANDLE_SIZE;
  return [
    {
      id: 'top',
      type: 'target',
      position: Position.Top,
      x: width / 2 - h / 2,
      y: -h / 2,
      width: h,
      height: h,
    },
    {
      id: 'left',
      type: 'target',
      position: Position.Left,
      x: -h / 2,
      y: height / 2 - h / 2,
      width: h,
      height: h,
    },
    {
      id: 'bus',
      type: 'source',
      position: Position.Left,
      x: -h / 2,
      y: height / 2 - h / 2,
      width: h,
      height: h,
    },
    {
      id: 'bottom',
      type: 'source',
      position: Position.Bottom,
      x: width / 2 - h / 2,
      y: height - h / 2,
      width: h,
      height: h,
    },
  ];
}

function sameSpot(a: FlowNode, p: Placement): boolean {
  return a.position.x === p.x && a.position.y === p.y && a.height === p.height && a.width === p.width;
}

function firstViewport(placements: ReadonlyMap<string, Placement>, width: number, height: number): Viewport {
  const all = [...placements].map(([id, p]) => ({
    id,
    position: { x: p.x, y: p.y },
    width: p.width,
    height: p.height,
    data: {},
  }));
  if (all.length === 0) return { x: 0, y: 0, zoom: 1 };
  if (all.length <= FIT_ALL_MAX)
    return getViewportForBounds(getNodesBounds(all), width, height, 0.05, 1, 0.08);
  const top = all.sort((a, b) => a.position.y - b.position.y || a.position.x - b.position.x).slice(0, 24);
  return getViewportForBounds(getNodesBounds(top), width, height, 0.4, 1, 0.1);
}

export function TopologyCanvas({ onShown }: { onShown: () => void }) {
  const layout = useTopology((s) => s.layout);
  const nodes = useTopology((s) => s.history.present.nodes);
  const nodeById = useTopology((s) => s.index.nodeById);
  const issuesByNode = useTopology((s) => s.issues.byNode);
  const editMode = useTopology((s) => s.editMode);
  const select = useTopology((s) => s.select);
  const edit = useTopology((s) => s.edit);
  const nodeCache = useRef(new Map<string, FlowNode>());
  const edgeCache = useRef(new Map<string, Edge>());

  const flowNodes = useMemo(() => {
    if (!layout) return [];
    const out: FlowNode[] = [];
    const next = new Map<string, FlowNode>();
    for (const [id, p] of layout.placements) {
      if (!nodeById.has(id)) continue;
      const old = nodeCache.current.get(id);
      // A node with errors is raised so that its message shows above its neighbours.
      const zIndex = issuesByNode.has(id) ? 10 : 0;
      const n: FlowNode =
        old && sameSpot(old, p) && old.zIndex === zIndex
          ? old
          : {
              id,
              type: 'microgridNode',
              position: { x: p.x, y: p.y },
              width: p.width,
              height: p.height,
              measured: { width: p.width, height: p.height },
              handles: handlesOf(p.width, p.height),
              zIndex,
              data: {},
              draggable: false,
              selectable: false,
            };
      next.set(id, n);
      out.push(n);
    }
    nodeCache.current = next;
    return out;
  }, [layout, nodeById, issuesByNode]);

  // One link per node with a parent, drawn where linkEnds says (a stack's links form one bus
  // line). Re-parenting reads only its target.
  const flowEdges = useMemo(() => {
    const out: Edge[] = [];
    const next = new Map<string, Edge>();
    const parentOf = (id: string) => nodeById.get(id)?.parent_id;
    for (const n of nodes) {
      if (n.parent_id === null || !nodeById.has(n.parent_id) || n.parent_id === n.id) continue;
      const ends = linkEnds(layout?.placements.get(n.id), n.parent_id, parentOf);
      const key = `${n.parent_id}\u0000${n.id}\u0000${ends.source}\u0000${ends.targetHandle}`;
      const e = edgeCache.current.get(key) ?? {
        id: `link:${n.id}`,
        target: n.id,
        ...ends,
        type: 'smoothstep',
        reconnectable: 'source' as const,
        selectable: false,
        data: { parent: n.parent_id },
      };
      next.set(key, e);
      out.push(e);
    }
    edgeCache.current = next;
    return out;
  }, [nodes, nodeById, layout]);

  // The first view is computed before ReactFlow mounts (no fitView round trip over 2,000 nodes):
  // everything when small, the top of the tree when large.
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  useLayoutEffect(() => {
    const r = box.current?.getBoundingClientRect();
    if (r) setSize({ width: r.width, height: r.height });
  }, []);
  const [initialViewport, setInitialViewport] = useState<Viewport | null>(null);
  if (initialViewport === null && size && layout)
    setInitialViewport(firstViewport(layout.placements, size.width, size.height));
  const onInit = useCallback(
    () =>
      void afterPaint().then(() => {
        performance.mark('topology:shown');
        onShown();
      }),
    [onShown],
  );

  const reparent = useCallback(
    (child: string, parent: string) => {
      if (child === parent) return;
      edit(updateNode(useTopology.getState().history.present, child, { parent_id: parent }), {
        kind: 'node',
        id: child,
      });
    },
    [edit],
  );
  const onConnect = useCallback((c: Connection) => reparent(c.target, c.source), [reparent]);
  const onReconnect = useCallback(
    (old: Edge, c: Connection) => {
      // Only the parent end is draggable: the child stays, its parent changes.
      if (c.target === old.target) reparent(c.target, c.source);
    },
    [reparent],
  );

  return (
    <div className={`canvas${editMode ? ' editing' : ''}`} data-testid="topology-canvas" ref={box}>
      {initialViewport && (
        <ReactFlow<FlowNode, Edge>
          nodes={flowNodes}
          edges={flowEdges}
          nodeTypes={NODE_TYPES}
          defaultViewport={initialViewport}
          onInit={onInit}
          onlyRenderVisibleElements
          nodesDraggable={false}
          nodesConnectable={editMode}
          edgesReconnectable={editMode}
          elementsSelectable={false}
          connectionMode={ConnectionMode.Loose}
          onConnect={editMode ? onConnect : undefined}
          onReconnect={editMode ? onReconnect : undefined}
          onNodeClick={(_e, n) => select({ kind: 'node', id: n.id })}
          onPaneClick={() => select(null)}
          deleteKeyCode={null}
          minZoom={0.05}
          maxZoom={2}
          proOptions={{ hideAttribution: true }}
        >
          <Background variant={BackgroundVariant.Dots} gap={24} />
          <Controls showInteractive={false} />
          {flowNodes.length <= MINIMAP_MAX && <MiniMap pannable zoomable />}
        </ReactFlow>
      )}
    </div>
  );
}

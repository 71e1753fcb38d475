// The topology drawn read-only with a cycle's result on it: each Microgrid Node shows its effective
// limit and binding source, the headroom left (L − NC − fixed − allocated, with a bar) and its
// source mode; each charger its setpoint. The layout is the Topology screen's (ELK layered, leaf
// stacks), so both screens draw the same tree the same way.
import {
  Background,
  BackgroundVariant,
  Controls,
  Handle,
  Position,
  ReactFlow,
  ReactFlowProvider,
  getNodesBounds,
  getViewportForBounds,
  type Edge,
  type Node,
  type NodeProps,
  type NodeTypes,
  type Viewport,
} from '@xyflow/react';
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { CycleResult, NodeResult, SetpointResult } from '../../../../domain/cycle/types.ts';
import type { Asset, MicrogridNode } from '../../../../domain/model.ts';
import { whileBusy } from '../../app/app-state.ts';
import { layoutDraft, type Layout } from '../topology/layout.ts';
import { linkEnds } from '../topology/layout-graph.ts';

interface CardData extends Record<string, unknown> {
  node: MicrogridNode;
  result: NodeResult | undefined;
  assets: readonly Asset[];
  setpoints: ReadonlyMap<string, SetpointResult>;
}

type CardNode = Node<CardData, 'overlay'>;

function kw(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : `${v}`;
}

const OverlayCard = memo(function OverlayCard({ data }: NodeProps<CardNode>) {
  const { node, result, assets, setpoints } = data;
  const used = result ? result.non_controllable_kw + result.fixed_kw + result.allocated_kw : 0;
  const share =
    result && result.effective_limit_kw > 0 ? Math.min(1, Math.max(0, used / result.effective_limit_kw)) : 0;
  const cls = !result
    ? ''
    : result.headroom_kw < 0
      ? ' over'
      : result.headroom_kw < result.effective_limit_kw * 0.05
        ? ' tight'
        : '';
  return (
    <div
      className={`ov-node${cls}${result?.source_mode === 'FALLBACK_DERIVED' ? ' fallback' : ''}`}
      data-testid="overlay-node"
      data-node-id={node.id}
      data-limit-kw={result?.effective_limit_kw}
      data-headroom-kw={result?.headroom_kw}
      data-source-mode={result?.source_mode}
    >
      <Handle type="target" position={Position.Top} id="top" isConnectable={false} />
      <Handle type="target" position={Position.Left} id="left" isConnectable={false} />
      <Handle type="source" position={Position.Left} id="bus" isConnectable={false} />
      <div className="ov-head">
        <div className="ov-name" title={`${node.name} (${node.id})`}>
          {node.name || node.id} <span className="muted">{node.id}</span>
        </div>
        {result ? (
          <>
            <div className="ov-limit">
              limit <strong>{kw(result.effective_limit_kw)}</strong> kW <code>{result.binding_source}</code>
            </div>
            <div className="ov-limit">
              headroom <strong data-testid="overlay-headroom">{kw(result.headroom_kw)}</strong> kW ·{' '}
              {result.source_mode === 'MEASURED' ? 'measured' : 'fallback'}
            </div>
            <div
              className="ov-bar"
              title={`NC ${result.non_controllable_kw} + fixed ${result.fixed_kw} + allocated ${result.allocated_kw} of ${result.effective_limit_kw} kW`}
            >
              <span style={{ width: `${share * 100}%` }} />
            </div>
          </>
        ) : (
          <div className="muted">not in this cycle</div>
        )}
      </div>
      {assets.length > 0 && (
        <ul className="ov-assets">
          {assets.map((a) => {
            const s = setpoints.get(a.id);
            return (
              <li key={a.id} data-asset-id={a.id}>
                <span className="a-id">{a.id}</span>
                <span className="a-val">
                  {a.kind === 'CHARGER'
                    ? s
                      ? s.setpoint_kw === null
                        ? 'external'
                        : `${s.setpoint_kw} kW`
                      : '—'
                    : a.kind.toLowerCase().replace('_', ' ')}
                </span>
              </li>
            );
          })}
        </ul>
      )}
      <Handle type="source" position={Position.Bottom} id="bottom" isConnectable={false} />
    </div>
  );
});

const NODE_TYPES: NodeTypes = { overlay: OverlayCard };

function Flow({
  nodes,
  assets,
  cycle,
  layout,
}: {
  nodes: readonly MicrogridNode[];
  assets: readonly Asset[];
  cycle: CycleResult | null;
  layout: Layout;
}) {
  const results = useMemo(() => new Map((cycle?.nodes ?? []).map((n) => [n.node_id, n])), [cycle]);
  const setpoints = useMemo(() => new Map((cycle?.setpoints ?? []).map((s) => [s.asset_id, s])), [cycle]);
  const assetsOf = useMemo(() => {
    const m = new Map<string, Asset[]>();
    for (const a of assets) m.set(a.node_id, [...(m.get(a.node_id) ?? []), a]);
    return m;
  }, [assets]);
  const byId = useMemo(() => new Map(nodes.map((n) => [n.id, n])), [nodes]);
  const flowNodes: CardNode[] = useMemo(
    () =>
      [...layout.placements].flatMap(([id, p]) => {
        const node = byId.get(id);
        if (!node) return [];
        return [
          {
            id,
            type: 'overlay' as const,
            position: { x: p.x, y: p.y },
            width: p.width,
            height: p.height,
            draggable: false,
            selectable: false,
            data: { node, result: results.get(id), assets: assetsOf.get(id) ?? [], setpoints },
          },
        ];
      }),
    [layout, byId, results, assetsOf, setpoints],
  );
  const flowEdges: Edge[] = useMemo(() => {
    const parentOf = (id: string) => byId.get(id)?.parent_id;
    return nodes.flatMap((n) => {
      if (n.parent_id === null || !byId.has(n.parent_id)) return [];
      const ends = linkEnds(layout.placements.get(n.id), n.parent_id, parentOf);
      return [{ id: `link:${n.id}`, target: n.id, ...ends, type: 'smoothstep', selectable: false }];
    });
  }, [nodes, byId, layout]);
  const box = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState<Viewport | null>(null);
  useLayoutEffect(() => {
    const r = box.current?.getBoundingClientRect();
    if (!r) return;
    const all = flowNodes.map((n) => ({ ...n, width: n.width!, height: n.height! }));
    setViewport(
      all.length
        ? getViewportForBounds(getNodesBounds(all.slice(0, 150)), r.width, r.height, 0.1, 1, 0.06)
        : { x: 0, y: 0, zoom: 1 },
    );
    // The first view only: later cycles keep where the user panned.
  }, []);
  return (
    <div className="overlay-canvas" data-testid="overlay-canvas" ref={box}>
      {viewport && (
        <ReactFlow<CardNode, Edge>
          nodes={flowNodes}
          edges={flowEdges}
          nodeTypes={NODE_TYPES}
          defaultViewport={viewport}
          onlyRenderVisibleElements
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          minZoom={0.05}
          maxZoom={2}
          proOptions={{ hideAttribution: true }}
        >
          <Background variant={BackgroundVariant.Dots} gap={24} />
          <Controls showInteractive={false} />
        </ReactFlow>
      )}
    </div>
  );
}

export function OverlayCanvas({
  nodes,
  assets,
  cycle,
}: {
  nodes: readonly MicrogridNode[];
  assets: readonly Asset[];
  cycle: CycleResult | null;
}) {
  const [layout, setLayout] = useState<Layout | null>(null);
  useEffect(() => {
    let live = true;
    // The screen is not ready until the tree is laid out and drawn.
    void whileBusy(async () => {
      const l = await layoutDraft({ nodes, assets });
      if (live) setLayout(l);
    });
    return () => {
      live = false;
    };
  }, [nodes, assets]);
  if (!layout) return <p className="loading">Laying out the topology…</p>;
  return (
    <ReactFlowProvider>
      <Flow nodes={nodes} assets={assets} cycle={cycle} layout={layout} />
    </ReactFlowProvider>
  );
}

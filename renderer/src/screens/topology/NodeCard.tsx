// One Microgrid Node on the canvas with its attached assets. It receives only its id and selects
// itself from the store (xyflow's NodeRenderer pattern), so editing one node re-renders one card.
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { NO_ISSUES } from './live-validation.ts';
import { useTopology } from './store.ts';
import { assetsOf } from './draft.ts';

const KIND_LABEL: Record<string, string> = {
  GRID_CONNECTION: 'Grid connection',
  TRANSFORMER: 'Transformer',
  SWITCHBOARD: 'Switchboard',
  DISTRIBUTION_BOARD: 'Distribution board',
  FEEDER: 'Feeder',
  CHARGER: 'Charger',
  PV: 'PV',
  BATTERY: 'Battery',
  BUILDING_LOAD: 'Building load',
};

export function kindLabel(kind: string): string {
  return KIND_LABEL[kind] ?? kind;
}

function kw(value: number | undefined): string {
  return value === undefined ? '— kW' : `${value} kW`;
}

const AssetRow = memo(function AssetRow({ id }: { id: string }) {
  const asset = useTopology((s) => s.index.assetById.get(id));
  const issues = useTopology((s) => s.issues.byAsset.get(id) ?? NO_ISSUES);
  const selected = useTopology((s) => s.selection?.kind === 'asset' && s.selection.id === id);
  const select = useTopology((s) => s.select);
  if (!asset) return null;
  const first = issues[0];
  return (
    <li
      className={`asset${selected ? ' selected' : ''}${first ? ' invalid' : ''}`}
      data-asset-id={id}
      data-error-code={first?.code}
      data-field={first?.field}
      title={
        first
          ? issues.map((i) => `${i.code}: ${i.message}`).join('\n')
          : `${kindLabel(asset.kind)} ${asset.id}`
      }
      onClick={(e) => {
        e.stopPropagation();
        select({ kind: 'asset', id });
      }}
    >
      <span className={`asset-kind kind-${asset.kind.toLowerCase()}`}>{kindLabel(asset.kind)}</span>
      <span className="asset-name">{asset.name || asset.id}</span>
      <span className="asset-rating">{first ? first.code : kw(asset.rating_kw)}</span>
    </li>
  );
});

export const NodeCard = memo(function NodeCard({ id }: NodeProps) {
  const node = useTopology((s) => s.index.nodeById.get(id));
  const assetIds = useTopology((s) => assetsOf(s.index, id));
  const issues = useTopology((s) => s.issues.byNode.get(id) ?? NO_ISSUES);
  const selected = useTopology((s) => s.selection?.kind === 'node' && s.selection.id === id);
  const isRoot = useTopology((s) => s.saved?.microgrid.root_node_id === id);
  if (!node) return null;
  const first = issues[0];
  return (
    <div
      className={`mg-node kind-${node.kind.toLowerCase()}${selected ? ' selected' : ''}${first ? ' invalid' : ''}`}
      data-node-id={id}
      data-error-code={first?.code}
      data-field={first?.field}
    >
      <Handle type="target" position={Position.Top} id="top" />
      <Handle type="target" position={Position.Left} id="left" />
      {/* Where a stack's bus continues to the next sibling; an anchor only, not for drawing links. */}
      <Handle type="source" position={Position.Left} id="bus" isConnectable={false} className="bus-handle" />
      <header>
        <span className="node-kind">
          {kindLabel(node.kind)}
          {isRoot ? ' · root' : ''}
          {node.metered ? ' · metered' : ''}
        </span>
        <span className="node-rating">{kw(node.physical_rating_kw)}</span>
      </header>
      <div className="node-name" title={node.name}>
        {node.name || node.id}
      </div>
      <div className="node-id">{node.id}</div>
      {assetIds.length > 0 && (
        <ul className="asset-list">
          {assetIds.map((a) => (
            <AssetRow key={a} id={a} />
          ))}
        </ul>
      )}
      {first && (
        <div className="node-issues" role="alert">
          {issues.map((i, n) => (
            <div key={n} className="node-issue">
              <strong>{i.code}</strong> {i.message}
            </div>
          ))}
        </div>
      )}
      <Handle type="source" position={Position.Bottom} id="bottom" />
    </div>
  );
});

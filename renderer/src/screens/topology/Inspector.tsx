// The side panel: the selected Microgrid Node or asset, its fields and their validation errors.
// In edit mode every field is editable and every change is one undoable edit.
import type { ReactNode } from 'react';
import { ASSET_KINDS, NODE_KINDS } from '../../../../domain/model.ts';
import {
  addAsset,
  addChildNode,
  changeId,
  deleteAsset,
  deleteNode,
  updateAsset,
  updateNode,
  type AssetPatch,
  type NodePatch,
} from './draft.ts';
import { FieldIssues, parseKw, TextField } from './fields.tsx';
import { NO_ISSUES } from './live-validation.ts';
import { kindLabel } from './NodeCard.tsx';
import { useTopology, type Selection } from './store.ts';

function useEditor() {
  const edit = useTopology((s) => s.edit);
  const draft = () => useTopology.getState().history.present;
  return { edit, draft };
}

/** Id, name and kind: the fields a node and an asset both have. */
function CommonFields<K extends string>({
  what,
  item,
  kinds,
  disabled,
  set,
  idIssues,
}: {
  what: Selection['kind'];
  item: { id: string; name: string; kind: K };
  kinds: readonly K[];
  disabled: boolean;
  set: (patch: { name?: string; kind?: K }) => void;
  idIssues?: ReactNode;
}) {
  const { edit, draft } = useEditor();
  return (
    <>
      <TextField
        label="Id"
        name="id"
        value={item.id}
        disabled={disabled}
        onCommit={(t) => edit(changeId(draft(), item.id, t.trim()), { kind: what, id: t.trim() })}
      >
        {idIssues}
      </TextField>
      <TextField
        label="Name"
        name="name"
        value={item.name}
        disabled={disabled}
        onCommit={(t) => set({ name: t })}
      />
      <label className="field">
        <span>Kind</span>
        <select
          name="kind"
          data-field="kind"
          value={item.kind}
          disabled={disabled}
          onChange={(e) => set({ kind: e.target.value as K })}
        >
          {kinds.map((k) => (
            <option key={k} value={k}>
              {kindLabel(k)}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

/** A rating in kW: cleared is "no value", text that is not a number is refused with VALUE_INVALID. */
function KwField({
  label,
  field,
  value,
  disabled,
  onValue,
  children,
}: {
  label: string;
  field: string;
  value: number | undefined;
  disabled: boolean;
  onValue: (kw: number | undefined) => void;
  children: ReactNode;
}) {
  return (
    <TextField
      label={label}
      name={field}
      inputMode="decimal"
      value={value === undefined ? '' : String(value)}
      disabled={disabled}
      onCommit={(t) => {
        const kw = parseKw(t);
        if (kw.ok) onValue(kw.value);
        else
          useTopology.setState({
            editRefusal: {
              code: 'VALUE_INVALID',
              message: `${JSON.stringify(t)} is not a number of kW`,
              field,
            },
          });
      }}
    >
      {children}
    </TextField>
  );
}

function NodeInspector({ id }: { id: string }) {
  const node = useTopology((s) => s.index.nodeById.get(id));
  const issues = useTopology((s) => s.issues.byNode.get(id) ?? NO_ISSUES);
  const editMode = useTopology((s) => s.editMode);
  const nodeIds = useTopology((s) => s.history.present.nodes);
  const { edit, draft } = useEditor();
  if (!node) return <p className="hint">Node {id} is no longer in the topology.</p>;
  const set = (patch: NodePatch) => edit(updateNode(draft(), id, patch));
  const ro = !editMode;
  return (
    <section className="inspector-body" data-inspector-node={id}>
      <h3>Microgrid Node</h3>
      <CommonFields
        what="node"
        item={node}
        kinds={NODE_KINDS}
        disabled={ro}
        set={set}
        idIssues={<FieldIssues issues={issues} field="id" nodeId={id} />}
      />
      <KwField
        label="Physical rating (kW)"
        field="physical_rating_kw"
        value={node.physical_rating_kw}
        disabled={ro}
        onValue={(kw) => set({ physical_rating_kw: kw })}
      >
        <FieldIssues issues={issues} field="physical_rating_kw" nodeId={id} />
      </KwField>
      <label className="field checkbox">
        <input
          type="checkbox"
          name="metered"
          data-field="metered"
          checked={node.metered}
          disabled={ro}
          onChange={(e) => set({ metered: e.target.checked })}
        />
        <span>Metered (a meter reports this node's total demand)</span>
      </label>
      <label className="field">
        <span>Parent node</span>
        <select
          name="parent_id"
          data-field="parent_id"
          value={node.parent_id ?? ''}
          disabled={ro}
          onChange={(e) => set({ parent_id: e.target.value === '' ? null : e.target.value })}
        >
          <option value="">(none: only the root has no parent)</option>
          {node.parent_id !== null && !nodeIds.some((n) => n.id === node.parent_id) && (
            <option value={node.parent_id}>{node.parent_id} (missing)</option>
          )}
          {nodeIds
            .filter((n) => n.id !== id)
            .map((n) => (
              <option key={n.id} value={n.id}>
                {n.id}
              </option>
            ))}
        </select>
        <FieldIssues issues={issues} field="parent_id" nodeId={id} />
      </label>
      {issues
        .filter((i) => i.field === undefined || !['id', 'physical_rating_kw', 'parent_id'].includes(i.field))
        .map((i, n) => (
          <p key={n} className="field-error" data-error-code={i.code} data-node-id={id} data-field={i.field}>
            <strong>{i.code}</strong> {i.message}
          </p>
        ))}
      {editMode && (
        <div className="actions">
          <button
            type="button"
            data-testid="add-child-node"
            onClick={() => {
              const r = addChildNode(draft(), id);
              edit(r, r.id ? { kind: 'node', id: r.id } : undefined);
            }}
          >
            Add child node
          </button>
          <button
            type="button"
            data-testid="add-asset"
            onClick={() => {
              const r = addAsset(draft(), id);
              edit(r, r.id ? { kind: 'asset', id: r.id } : undefined);
            }}
          >
            Add asset
          </button>
          <button
            type="button"
            className="danger"
            data-testid="delete-node"
            onClick={() => edit(deleteNode(draft(), id), null)}
          >
            Delete node
          </button>
          <button
            type="button"
            className="danger"
            data-testid="delete-subtree"
            onClick={() => edit(deleteNode(draft(), id, true), null)}
          >
            Delete node and everything below
          </button>
        </div>
      )}
    </section>
  );
}

function AssetInspector({ id }: { id: string }) {
  const asset = useTopology((s) => s.index.assetById.get(id));
  const issues = useTopology((s) => s.issues.byAsset.get(id) ?? NO_ISSUES);
  const editMode = useTopology((s) => s.editMode);
  const nodes = useTopology((s) => s.history.present.nodes);
  const { edit, draft } = useEditor();
  if (!asset) return <p className="hint">Asset {id} is no longer in the topology.</p>;
  const set = (patch: AssetPatch) => edit(updateAsset(draft(), id, patch));
  const ro = !editMode;
  const kwField = (label: string, field: 'rating_kw' | 'min_kw' | 'fallback_kw') => (
    <KwField
      label={label}
      field={field}
      value={asset[field]}
      disabled={ro}
      onValue={(kw) => set({ [field]: kw })}
    >
      <FieldIssues issues={issues} field={field} assetId={id} />
    </KwField>
  );
  return (
    <section className="inspector-body" data-inspector-asset={id}>
      <h3>Asset</h3>
      <CommonFields what="asset" item={asset} kinds={ASSET_KINDS} disabled={ro} set={set} />
      {kwField(asset.kind === 'CHARGER' ? 'Rating (maximum, kW)' : 'Rating (kW)', 'rating_kw')}
      {asset.kind === 'CHARGER'
        ? kwField('Minimum power (kW)', 'min_kw')
        : kwField('Fallback demand when stale (kW)', 'fallback_kw')}
      <label className="field">
        <span>Attached to node</span>
        <select
          name="node_id"
          data-field="node_id"
          value={asset.node_id}
          disabled={ro}
          onChange={(e) => set({ node_id: e.target.value })}
        >
          {!nodes.some((n) => n.id === asset.node_id) && (
            <option value={asset.node_id}>{asset.node_id} (missing)</option>
          )}
          {nodes.map((n) => (
            <option key={n.id} value={n.id}>
              {n.id}
            </option>
          ))}
        </select>
        <FieldIssues issues={issues} field="node_id" assetId={id} />
      </label>
      {editMode && (
        <div className="actions">
          <button
            type="button"
            className="danger"
            data-testid="delete-asset"
            onClick={() => edit(deleteAsset(draft(), id), null)}
          >
            Delete asset
          </button>
        </div>
      )}
    </section>
  );
}

export function Inspector() {
  const selection = useTopology((s) => s.selection);
  const refusal = useTopology((s) => s.editRefusal);
  return (
    <aside className="inspector" data-testid="inspector">
      {refusal && (
        <p className="edit-refusal" role="alert" data-error-code={refusal.code} data-field={refusal.field}>
          <strong>{refusal.code}</strong> {refusal.message}
        </p>
      )}
      {selection === null && (
        <p className="hint">Select a Microgrid Node or an asset on the canvas to see its fields.</p>
      )}
      {selection?.kind === 'node' && <NodeInspector key={selection.id} id={selection.id} />}
      {selection?.kind === 'asset' && <AssetInspector key={selection.id} id={selection.id} />}
    </aside>
  );
}

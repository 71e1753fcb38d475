// Screen 3 of app.md: the node and aggregate limit policies of a microgrid with their hard caps and
// weekly TOU grids; every rule's error on the field that broke it (naming node and field), live as
// you type and again from the save; the policy set in force; the active limit now or at a chosen
// time with its source.
import { useCallback, useMemo, useState } from 'react';
import type { LimitScope } from '../../../../domain/model.ts';
import type { BridgeError } from '../../../../preload/contract.ts';
import type { LimitsScreenData } from '../../../../preload/inspect-contract.ts';
import { whileBusy } from '../../app/app-state.ts';
import { bridge } from '../../bridge/bridge.ts';
import { ErrorPanel, IssueList } from '../../components/ErrorList.tsx';
import { LeaveGuard } from '../../components/LeaveGuard.tsx';
import { InspectHeader } from '../inspect/InspectHeader.tsx';
import { ScreenFrame } from '../inspect/ScreenFrame.tsx';
import { useConnectionId } from '../inspect/source-store.ts';
import { useScreenData } from '../inspect/use-screen-data.ts';
import { ActiveLimitsPanel } from './ActiveLimitsPanel.tsx';
import {
  issuesByField,
  liveLimitIssues,
  newPolicyId,
  sameSet,
  toDraft,
  toPolicy,
  type DraftPolicy,
} from './policy-draft.ts';
import { PolicyEditor } from './PolicyEditor.tsx';
import { PolicySetTable } from './PolicySetTable.tsx';

/** Policy cards drawn at once; more are reached through the filter. */
const EDITOR_CARDS = 40;

function LimitsBody({
  data,
  connectionId,
  reload,
}: {
  data: LimitsScreenData;
  connectionId: string | undefined;
  reload: () => Promise<void>;
}) {
  const saved = useMemo(() => data.policies.map(toDraft), [data.policies]);
  const [draft, setDraft] = useState<DraftPolicy[]>(saved);
  const [basedOn, setBasedOn] = useState(data.version);
  const [saveError, setSaveError] = useState<BridgeError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [newNode, setNewNode] = useState(data.microgrid.root_node_id);
  const [newScope, setNewScope] = useState<LimitScope>('NODE');
  const [filter, setFilter] = useState('');
  // A newer version read from the store replaces the draft (after a save, or a reload).
  if (basedOn !== data.version) {
    setBasedOn(data.version);
    setDraft(saved);
  }
  const policies = useMemo(() => draft.map(toPolicy), [draft]);
  const issues = useMemo(() => liveLimitIssues(data, policies), [data, policies]);
  const byField = useMemo(() => issuesByField(issues), [issues]);
  const dirty = !sameSet(draft, saved);
  // A large depot has a policy on every node: the editor shows the policies matching the filter
  // (with the ones a rule refuses first), at most EDITOR_CARDS of them.
  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    const names = new Map(data.nodes.map((n) => [n.id, n.name.toLowerCase()]));
    const broken = new Set(issues.map((i) => i.policy_id));
    const matching = draft
      .map((p, index) => ({ p, index }))
      .filter(
        ({ p }) =>
          !f ||
          p.id.toLowerCase().includes(f) ||
          p.node_id.toLowerCase().includes(f) ||
          (names.get(p.node_id) ?? '').includes(f),
      );
    return [...matching.filter(({ p }) => broken.has(p.id)), ...matching.filter(({ p }) => !broken.has(p.id))]
      .slice(0, EDITOR_CARDS)
      .sort((a, b) => a.index - b.index);
  }, [draft, filter, issues, data.nodes]);

  const change = useCallback((index: number, next: DraftPolicy) => {
    setDraft((d) => d.map((p, i) => (i === index ? next : p)));
    setNotice(null);
  }, []);
  const remove = useCallback((index: number) => setDraft((d) => d.filter((_, k) => k !== index)), []);

  function add() {
    const rating = data.nodes.find((n) => n.id === newNode)?.physical_rating_kw;
    setDraft((d) => [
      ...d,
      {
        id: newPolicyId(d, newScope, newNode),
        scope: newScope,
        node_id: newNode,
        hard_cap: rating === undefined ? '' : String(rating),
        schedule: [],
      },
    ]);
    setNotice(null);
  }

  function save(): Promise<boolean> {
    return whileBusy(async () => {
      const reply = await bridge.send('limitsPut', {
        microgrid_id: data.microgrid.id,
        ...(connectionId ? { connection_id: connectionId } : {}),
        base_version: data.version,
        policies,
      });
      if (!reply.ok) {
        setSaveError(reply.error);
        setNotice(null);
        return false;
      }
      setSaveError(null);
      setNotice(
        reply.value.version === data.version
          ? 'no changes to save'
          : `saved as version ${reply.value.version}`,
      );
      await reload();
      return true;
    });
  }

  return (
    <>
      <LeaveGuard what="This policy set" isDirty={() => dirty} save={save} />
      <InspectHeader title="Limits" data={data}>
        <div>
          <dt>Draft</dt>
          <dd data-testid="limits-draft-state" data-dirty={dirty ? 'true' : 'false'}>
            {dirty ? 'unsaved changes' : 'saved'}
          </dd>
        </div>
      </InspectHeader>
      <ActiveLimitsPanel
        microgridId={data.microgrid.id}
        connectionId={connectionId}
        timeZone={data.microgrid.timezone}
        nodes={data.nodes}
        version={data.version}
      />
      <PolicySetTable policies={data.policies} nodes={data.nodes} version={data.version} />
      <section className="panel" data-testid="limits-editor">
        <h2>
          Edit the policy set{' '}
          <span className="sub">
            times are site time ({data.microgrid.timezone}); a window over midnight is two windows; end may be
            24:00
          </span>
        </h2>
        <div className="row">
          <label className="field">
            <span>Microgrid Node</span>
            <select
              data-testid="add-policy-node"
              value={newNode}
              onChange={(e) => setNewNode(e.target.value)}
            >
              {data.nodes.map((n) => (
                <option key={n.id} value={n.id}>
                  {n.name} ({n.id})
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Scope</span>
            <select
              data-testid="add-policy-scope"
              value={newScope}
              onChange={(e) => setNewScope(e.target.value as LimitScope)}
            >
              <option value="NODE">NODE</option>
              <option value="AGGREGATE">AGGREGATE</option>
            </select>
          </label>
          <button type="button" data-testid="add-policy" onClick={add}>
            Add policy
          </button>
          <span className="spacer" />
          <button
            type="button"
            data-testid="discard-limits"
            disabled={!dirty}
            onClick={() => setDraft(saved)}
          >
            Discard changes
          </button>
          <button type="button" className="primary" data-testid="save-limits" onClick={() => void save()}>
            Save policy set
          </button>
          {notice && (
            <span className="notice" data-testid="limits-notice">
              {notice}
            </span>
          )}
        </div>
        {saveError && <ErrorPanel error={saveError} testId="limits-save-errors" title="Save refused:" />}
        {issues.length > 0 && (
          <section className="live-issues" data-testid="limits-live-issues">
            <h2>
              {issues.length} rule{issues.length === 1 ? '' : 's'} broken in this draft
            </h2>
            <IssueList issues={issues} />
          </section>
        )}
        {draft.length > EDITOR_CARDS && (
          <div className="row">
            <label className="field">
              <span>Show the policies of (node or policy id, node name)</span>
              <input
                data-testid="limits-filter"
                value={filter}
                onChange={(e) => setFilter(e.target.value)}
                placeholder="sb-a"
              />
            </label>
            <span className="muted" data-testid="limits-shown">
              {shown.length} of {draft.length} policies shown
            </span>
          </div>
        )}
        {shown.map(({ p, index }) => (
          <PolicyEditor
            key={index}
            policy={p}
            index={index}
            nodes={data.nodes}
            issues={byField}
            readOnly={false}
            onChange={change}
            onRemove={remove}
          />
        ))}
      </section>
    </>
  );
}

export function LimitsScreen({ microgridId }: { microgridId: string }) {
  const connectionId = useConnectionId(microgridId);
  const { data, reload } = useScreenData(`${microgridId}\u0000${connectionId ?? ''}`, () =>
    bridge.send('limitsRead', {
      microgrid_id: microgridId,
      ...(connectionId ? { connection_id: connectionId } : {}),
    }),
  );
  return (
    <ScreenFrame microgridId={microgridId} what="limits" data={data}>
      {(value) => <LimitsBody data={value} connectionId={connectionId} reload={reload} />}
    </ScreenFrame>
  );
}

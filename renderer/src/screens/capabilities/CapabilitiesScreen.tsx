// Screen 5 of app.md: capability bindings and the latest status per capability and scope, with
// the scope named (whole microgrid, or which subtree); a refused bind shows the conflict with the
// existing and incoming source and the remediation. Bind, release and status events go through
// the shared use cases for a local microgrid.
import { useState } from 'react';
import {
  CAPABILITIES,
  CAPABILITY_STATES,
  type Capability,
  type CapabilityState,
} from '../../../../domain/capabilities/bindings.ts';
import type { MicrogridNode } from '../../../../domain/model.ts';
import type { BridgeError } from '../../../../preload/contract.ts';
import type { CapabilitiesScreenData } from '../../../../preload/inspect-contract.ts';
import { whileBusy } from '../../app/app-state.ts';
import { bridge } from '../../bridge/bridge.ts';
import { ErrorPanel } from '../../components/ErrorList.tsx';
import { InspectHeader } from '../inspect/InspectHeader.tsx';
import { ScreenFrame } from '../inspect/ScreenFrame.tsx';
import { nowIso, siteTime } from '../inspect/site-time.ts';
import { useConnectionId } from '../inspect/source-store.ts';
import { useScreenData } from '../inspect/use-screen-data.ts';
import { ConflictPanel } from './ConflictPanel.tsx';
import { scopeLabel } from './scope.ts';

/** What a bind and a status event both name: the capability, its scope and the source. */
interface Target {
  capability: Capability;
  scope_node_id: string;
  source_id: string;
}

function TargetFields<T extends Target>({
  testIdPrefix,
  value,
  onChange,
  nodes,
  rootId,
  sourcePlaceholder,
}: {
  testIdPrefix: string;
  value: T;
  onChange: (next: T) => void;
  nodes: readonly MicrogridNode[];
  rootId: string;
  sourcePlaceholder?: string;
}) {
  return (
    <>
      <label className="field">
        <span>Capability</span>
        <select
          data-testid={`${testIdPrefix}-capability`}
          value={value.capability}
          onChange={(e) => onChange({ ...value, capability: e.target.value as Capability })}
        >
          {CAPABILITIES.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Scope</span>
        <select
          data-testid={`${testIdPrefix}-scope`}
          value={value.scope_node_id}
          onChange={(e) => onChange({ ...value, scope_node_id: e.target.value })}
        >
          {nodes.map((n) => (
            <option key={n.id} value={n.id}>
              {n.id === rootId ? 'whole microgrid' : n.name} ({n.id})
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Source id</span>
        <input
          data-testid={`${testIdPrefix}-source`}
          value={value.source_id}
          onChange={(e) => onChange({ ...value, source_id: e.target.value })}
          placeholder={sourcePlaceholder}
        />
      </label>
    </>
  );
}

function CapabilitiesBody({ data, reload }: { data: CapabilitiesScreenData; reload: () => Promise<void> }) {
  const id = data.microgrid.id;
  const root = data.microgrid.root_node_id;
  const tz = data.microgrid.timezone;
  const local = data.source.kind === 'local';
  const [error, setError] = useState<BridgeError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [bind, setBind] = useState<{ capability: Capability; scope_node_id: string; source_id: string }>({
    capability: 'LOAD_CONTROL',
    scope_node_id: root,
    source_id: '',
  });
  const [event, setEvent] = useState<{
    capability: Capability;
    scope_node_id: string;
    source_id: string;
    state: CapabilityState;
    event_ref: string;
    observed_at: string;
  }>({
    capability: 'LOAD_CONTROL',
    scope_node_id: root,
    source_id: '',
    state: 'AVAILABLE',
    event_ref: '',
    observed_at: '',
  });

  function act(work: () => Promise<{ ok: true; note: string } | { ok: false; error: BridgeError }>) {
    void whileBusy(async () => {
      const r = await work();
      setError(r.ok ? null : r.error);
      setNotice(r.ok ? r.note : null);
      // A refusal too: what it is about is shown against the state as it is now.
      await reload();
    });
  }

  const release = (bindingId: string) =>
    act(async () => {
      const reply = await bridge.send('capabilityRelease', { microgrid_id: id, binding_id: bindingId });
      return reply.ok ? { ok: true, note: `released ${bindingId}` } : reply;
    });

  return (
    <>
      <InspectHeader title="Capabilities" data={data} readOnlyFromController />
      {error &&
        (error.code === 'CAPABILITY_SOURCE_CONFLICT' ? (
          <ConflictPanel
            error={error}
            rootId={root}
            nodes={data.nodes}
            onRelease={local ? release : undefined}
          />
        ) : (
          <ErrorPanel error={error} testId="capability-error" title="Refused:" />
        ))}
      {notice && (
        <p className="notice panel" data-testid="capability-notice">
          {notice}
        </p>
      )}
      <section className="panel" data-testid="capability-status">
        <h2>Latest status per capability and scope</h2>
        {data.statuses.length === 0 ? (
          <p className="muted">No status event has been received.</p>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th>Capability</th>
                <th>Scope</th>
                <th>State</th>
                <th>Observed (site time)</th>
                <th>Source · event</th>
                <th>History (newest first)</th>
              </tr>
            </thead>
            <tbody>
              {data.statuses.map((s) => (
                <tr
                  key={`${s.capability}/${s.scope_node_id}`}
                  data-testid="status-row"
                  data-capability={s.capability}
                  data-node-id={s.scope_node_id}
                  data-state={s.state}
                  data-whole-microgrid={String(s.whole_microgrid)}
                >
                  <td>{s.capability}</td>
                  <td data-testid="scope-label">{scopeLabel(s.scope_node_id, root, data.nodes)}</td>
                  <td>
                    <span className={`badge ${s.state}`} data-testid="status-state">
                      {s.state}
                    </span>
                  </td>
                  <td>
                    {siteTime(tz, s.observed_at)} <span className="muted">({s.observed_at})</span>
                  </td>
                  <td>
                    <code>{s.source_id}</code> · <code>{s.event_ref}</code>
                  </td>
                  <td>
                    <ol className="events">
                      {(s.history ?? []).map((h) => (
                        <li key={`${h.source_id}/${h.event_ref}`}>
                          {h.state} at {h.observed_at} ({h.event_ref})
                        </li>
                      ))}
                    </ol>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel" data-testid="capability-bindings">
        <h2>Capability Bindings</h2>
        {data.bindings.length === 0 ? (
          <p className="muted">No capability binding.</p>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th>Binding</th>
                <th>Capability</th>
                <th>Scope</th>
                <th>Source</th>
                <th>Status</th>
                <th>Created</th>
                <th>Released</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data.bindings.map((b) => (
                <tr
                  key={b.id}
                  data-testid={`binding-${b.id}`}
                  data-binding-id={b.id}
                  data-capability={b.capability}
                  data-node-id={b.scope_node_id}
                  data-source-id={b.source_id}
                  data-status={b.status}
                >
                  <td>
                    <code>{b.id}</code>
                  </td>
                  <td>{b.capability}</td>
                  <td data-testid="scope-label">{scopeLabel(b.scope_node_id, root, data.nodes)}</td>
                  <td>
                    <code>{b.source_id}</code>
                  </td>
                  <td>
                    <span className={`badge ${b.status}`}>{b.status}</span>
                  </td>
                  <td>{b.created_at}</td>
                  <td>{b.released_at ?? '—'}</td>
                  <td>
                    {local && b.status === 'ACTIVE' && (
                      <button type="button" data-testid="release" onClick={() => release(b.id)}>
                        Release
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {local && (
        <section className="panel tinted" data-testid="bind-form">
          <h2>
            Bind a source{' '}
            <span className="sub">
              one source per capability on overlapping scopes; disjoint subtrees may have different sources
            </span>
          </h2>
          <div className="row">
            <TargetFields
              testIdPrefix="bind"
              value={bind}
              onChange={setBind}
              nodes={data.nodes}
              rootId={root}
              sourcePlaceholder="ems-depot"
            />
            <button
              type="button"
              className="primary"
              data-testid="bind-submit"
              onClick={() =>
                act(async () => {
                  const reply = await bridge.send('capabilityBind', { microgrid_id: id, ...bind });
                  return reply.ok
                    ? {
                        ok: true,
                        note:
                          reply.value.kind === 'EXISTING'
                            ? `already bound: ${reply.value.binding.id}`
                            : `bound ${reply.value.binding.id}`,
                      }
                    : reply;
                })
              }
            >
              Bind
            </button>
          </div>
        </section>
      )}
      {local && (
        <section className="panel tinted" data-testid="event-form">
          <h2>
            Status event{' '}
            <span className="sub">accepted only from the source bound to that capability and scope</span>
          </h2>
          <div className="row">
            <TargetFields
              testIdPrefix="event"
              value={event}
              onChange={setEvent}
              nodes={data.nodes}
              rootId={root}
            />
            <label className="field">
              <span>State</span>
              <select
                data-testid="event-state"
                value={event.state}
                onChange={(e) => setEvent({ ...event, state: e.target.value as CapabilityState })}
              >
                {CAPABILITY_STATES.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Event ref</span>
              <input
                data-testid="event-ref"
                value={event.event_ref}
                onChange={(e) => setEvent({ ...event, event_ref: e.target.value })}
              />
            </label>
            <label className="field">
              <span>Observed at (UTC; empty = now)</span>
              <input
                data-testid="event-observed-at"
                value={event.observed_at}
                placeholder="2026-03-02T05:00:00Z"
                onChange={(e) => setEvent({ ...event, observed_at: e.target.value })}
              />
            </label>
            <button
              type="button"
              className="primary"
              data-testid="event-submit"
              onClick={() =>
                act(async () => {
                  const reply = await bridge.send('capabilityEvent', {
                    microgrid_id: id,
                    event: { ...event, observed_at: event.observed_at.trim() || nowIso() },
                  });
                  return reply.ok
                    ? {
                        ok: true,
                        note: reply.value.duplicate
                          ? `duplicate event ${event.event_ref}: acknowledged, stored once`
                          : `accepted ${event.event_ref}`,
                      }
                    : reply;
                })
              }
            >
              Send status
            </button>
          </div>
        </section>
      )}
    </>
  );
}

export function CapabilitiesScreen({ microgridId }: { microgridId: string }) {
  const connectionId = useConnectionId(microgridId);
  const { data, reload } = useScreenData(`${microgridId}\u0000${connectionId ?? ''}`, () =>
    bridge.send('capabilitiesRead', {
      microgrid_id: microgridId,
      ...(connectionId ? { connection_id: connectionId } : {}),
    }),
  );
  return (
    <ScreenFrame microgridId={microgridId} what="capabilities" data={data}>
      {(value) => <CapabilitiesBody data={value} reload={reload} />}
    </ScreenFrame>
  );
}

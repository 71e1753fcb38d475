// Screen 4 of app.md: active, pending and historical operating envelopes per scope on a timeline,
// each with status, validity window, source metadata and events; the effective limit of each
// node with its envelope term; and the legacy circuit value beside the canonical one.
import { useState } from 'react';
import type { EnvelopeInput, EnvelopeView } from '../../../../domain/envelopes/envelopes.ts';
import type { BridgeError } from '../../../../preload/contract.ts';
import type { EnvelopesScreenData } from '../../../../preload/inspect-contract.ts';
import { whileBusy } from '../../app/app-state.ts';
import { bridge } from '../../bridge/bridge.ts';
import { ErrorPanel } from '../../components/ErrorList.tsx';
import { InspectHeader } from '../inspect/InspectHeader.tsx';
import { ScreenFrame } from '../inspect/ScreenFrame.tsx';
import { fromSiteInput, siteTime, toSiteInput } from '../inspect/site-time.ts';
import { useConnectionId } from '../inspect/source-store.ts';
import { useScreenData } from '../inspect/use-screen-data.ts';
import { EnvelopeCard } from './EnvelopeCard.tsx';
import { EnvelopeTimeline } from './EnvelopeTimeline.tsx';
import { LegacyPanel } from './LegacyPanel.tsx';
import { ReceiveForm } from './ReceiveForm.tsx';

const GROUPS: { title: string; testId: string; statuses: string[] }[] = [
  { title: 'Active', testId: 'envelopes-active', statuses: ['ACTIVE'] },
  { title: 'Pending', testId: 'envelopes-pending', statuses: ['PENDING'] },
  {
    title: 'History (expired, withdrawn, superseded)',
    testId: 'envelopes-history',
    statuses: ['EXPIRED', 'WITHDRAWN', 'SUPERSEDED'],
  },
];

function EnvelopesBody({
  data,
  at,
  setAt,
  reload,
}: {
  data: EnvelopesScreenData;
  at: string | null;
  setAt: (at: string | null) => void;
  reload: () => Promise<void>;
}) {
  const tz = data.microgrid.timezone;
  const local = data.source.kind === 'local';
  const names = new Map(data.nodes.map((n) => [n.id, n.name]));
  const [atInput, setAtInput] = useState(toSiteInput(tz, data.at));
  const [error, setError] = useState<BridgeError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  function act(work: () => Promise<{ ok: true; note: string } | { ok: false; error: BridgeError }>) {
    void whileBusy(async () => {
      const r = await work();
      if (r.ok) {
        setError(null);
        setNotice(r.note);
        await reload();
      } else {
        setError(r.error);
        setNotice(null);
      }
    });
  }

  function receive(envelope: EnvelopeInput) {
    act(async () => {
      const reply = await bridge.send('envelopeReceive', { microgrid_id: data.microgrid.id, envelope });
      if (!reply.ok) return reply;
      const v = reply.value;
      return {
        ok: true,
        note:
          v.kind === 'DUPLICATE'
            ? `duplicate: ${v.envelope.id} was already received (nothing added)`
            : `received ${v.envelope.id}${v.superseded.length ? `; it supersedes ${v.superseded.join(', ')}` : ''}`,
      };
    });
  }

  function withdraw(e: EnvelopeView, reason: string) {
    act(async () => {
      const reply = await bridge.send('envelopeWithdraw', {
        microgrid_id: data.microgrid.id,
        envelope_id: e.id,
        reason,
      });
      return reply.ok ? { ok: true, note: `withdrew ${e.id}` } : reply;
    });
  }

  return (
    <>
      <InspectHeader title="Operating Envelopes" data={data} readOnlyFromController />
      <section className="panel">
        <div className="row">
          <label className="field">
            <span>Status at (site time, {tz})</span>
            <input
              type="datetime-local"
              data-testid="envelopes-at-input"
              value={atInput}
              onChange={(e) => setAtInput(e.target.value)}
            />
          </label>
          <button
            type="button"
            data-testid="envelopes-at-apply"
            onClick={() => {
              const instant = fromSiteInput(tz, atInput);
              if (instant) setAt(instant);
              else
                setError({
                  code: 'AT_INVALID',
                  message: `"${atInput}" is not a site date and time`,
                  field: 'at',
                });
            }}
          >
            Show at this time
          </button>
          <button type="button" data-testid="envelopes-now" onClick={() => setAt(null)}>
            Now
          </button>
          <span className="muted" data-testid="envelopes-at" data-at={data.at}>
            statuses {at ? 'at' : 'now,'} {siteTime(tz, data.at)} ({data.at})
          </span>
        </div>
      </section>
      {error && <ErrorPanel error={error} testId="envelope-error" title="Refused:" />}
      {notice && (
        <p className="notice panel" data-testid="envelope-notice">
          {notice}
        </p>
      )}
      {local && <ReceiveForm nodes={data.nodes} rootId={data.microgrid.root_node_id} onReceive={receive} />}
      <section className="panel">
        <h2>Timeline by scope</h2>
        <EnvelopeTimeline envelopes={data.envelopes} at={data.at} names={names} />
      </section>
      {GROUPS.map((g) => {
        const list = data.envelopes.filter((e) => g.statuses.includes(e.status));
        return (
          <section key={g.testId} className="panel" data-testid={g.testId}>
            <h2>
              {g.title} <span className="sub">{list.length}</span>
            </h2>
            {list.length === 0 ? (
              <p className="muted">None.</p>
            ) : (
              list.map((e) => (
                <EnvelopeCard
                  key={e.id}
                  envelope={e}
                  timeZone={tz}
                  nodeName={names.get(e.target_node_id) ?? e.target_node_id}
                  onWithdraw={local ? (reason) => withdraw(e, reason) : undefined}
                />
              ))
            )}
          </section>
        );
      })}
      <section className="panel" data-testid="envelope-limits">
        <h2>
          Effective limits with their envelope term <span className="sub">at {data.active.at}</span>
        </h2>
        <table className="data">
          <thead>
            <tr>
              <th>Microgrid Node</th>
              <th className="num">Rating kW</th>
              <th className="num">Policy cap kW</th>
              <th>Smallest active envelope</th>
              <th className="num">Effective limit kW</th>
              <th>Binding source</th>
            </tr>
          </thead>
          <tbody>
            {data.active.nodes.map((n) => (
              <tr key={n.node_id} data-testid="envelope-limit-row" data-node-id={n.node_id}>
                <td>
                  {names.get(n.node_id) ?? n.node_id} <code>{n.node_id}</code>
                </td>
                <td className="num">{n.physical_rating_kw}</td>
                <td className="num">{n.policy_cap_kw ?? '—'}</td>
                <td>{n.envelope_id ? `${n.envelope_cap_kw} kW (${n.envelope_id})` : '—'}</td>
                <td className="num" data-testid="effective-limit">
                  {n.effective_limit_kw}
                </td>
                <td data-binding-source={n.binding_source}>
                  <code>{n.binding_source}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <LegacyPanel legacy={data.legacy} names={names} />
    </>
  );
}

export function EnvelopesScreen({ microgridId }: { microgridId: string }) {
  const connectionId = useConnectionId(microgridId);
  const [at, setAt] = useState<string | null>(null);
  const { data, reload } = useScreenData(`${microgridId}\u0000${connectionId ?? ''}\u0000${at ?? ''}`, () =>
    bridge.send('envelopesRead', {
      microgrid_id: microgridId,
      ...(connectionId ? { connection_id: connectionId } : {}),
      ...(at ? { at } : {}),
    }),
  );
  return (
    <ScreenFrame microgridId={microgridId} what="operating envelopes" data={data}>
      {(value) => <EnvelopesBody data={value} at={at} setAt={setAt} reload={reload} />}
    </ScreenFrame>
  );
}

// One operating envelope: status at the instant shown, capacity and validity window, its source
// metadata, the envelope that superseded it or why it was withdrawn, and its audit events.
import { useState } from 'react';
import type { EnvelopeView } from '../../../../domain/envelopes/envelopes.ts';
import { siteTime } from '../inspect/site-time.ts';

export function EnvelopeCard({
  envelope: e,
  timeZone,
  nodeName,
  onWithdraw,
}: {
  envelope: EnvelopeView;
  timeZone: string;
  nodeName: string;
  onWithdraw?: (reason: string) => void;
}) {
  const [reason, setReason] = useState('');
  const live = e.status === 'ACTIVE' || e.status === 'PENDING';
  return (
    <article
      className="envelope-card"
      data-testid={`envelope-${e.id}`}
      data-envelope-id={e.id}
      data-status={e.status}
      data-node-id={e.target_node_id}
    >
      <h3>
        <code>{e.id}</code>
        <span className={`badge ${e.status}`} data-testid="envelope-status">
          {e.status}
        </span>
        <span data-testid="envelope-capacity">{e.capacity_kw} kW</span> on {nodeName}{' '}
        <code>{e.target_node_id}</code>
      </h3>
      <dl>
        <dt>Valid</dt>
        <dd data-testid="envelope-window">
          {e.valid_from} → {e.valid_to}{' '}
          <span className="muted">
            (site: {siteTime(timeZone, e.valid_from)} → {siteTime(timeZone, e.valid_to)})
          </span>
        </dd>
        <dt>Source</dt>
        <dd
          data-testid="envelope-source"
          data-source-type={e.source.type}
          data-source-id={e.source.source_id}
        >
          {e.source.type} · source <code>{e.source.source_id}</code> · ref{' '}
          <code>{e.source.external_ref}</code> · received {e.source.received_at}
        </dd>
        {e.superseded_by && (
          <>
            <dt>Superseded</dt>
            <dd data-testid="envelope-superseded-by">
              by <code>{e.superseded_by}</code> at {e.superseded_at}
            </dd>
          </>
        )}
        {e.withdrawn_at && (
          <>
            <dt>Withdrawn</dt>
            <dd data-testid="envelope-withdrawn">
              at {e.withdrawn_at}: {e.withdraw_reason}
            </dd>
          </>
        )}
      </dl>
      <ol className="events" data-testid="envelope-events">
        {e.events.map((ev, i) => (
          <li key={i} data-event-type={ev.type}>
            <strong>{ev.type}</strong> {ev.at}
            {ev.type === 'SUPERSEDED' && <> by {ev.superseded_by}</>}
            {ev.type === 'WITHDRAWN' && <> — {ev.reason}</>}
          </li>
        ))}
      </ol>
      {onWithdraw && live && (
        <div className="row">
          <label className="field">
            <span>Reason</span>
            <input
              data-testid="withdraw-reason"
              value={reason}
              onChange={(ev) => setReason(ev.target.value)}
              placeholder="why it no longer applies"
            />
          </label>
          <button type="button" className="danger" data-testid="withdraw" onClick={() => onWithdraw(reason)}>
            Withdraw
          </button>
        </div>
      )}
    </article>
  );
}

// Entering an operating envelope by hand (or as an operator sent it): target, capacity, validity
// window in UTC, and the source metadata. It goes through the receive use case, so supersede and
// idempotency are the domain's.
import { useState } from 'react';
import { ENVELOPE_SOURCE_TYPES } from '../../../../domain/envelopes/envelopes.ts';
import type { MicrogridNode } from '../../../../domain/model.ts';
import type { EnvelopeInput } from '../../../../domain/envelopes/envelopes.ts';

export interface ReceiveValues {
  target_node_id: string;
  capacity_kw: string;
  valid_from: string;
  valid_to: string;
  type: string;
  source_id: string;
  external_ref: string;
}

export function toEnvelopeInput(v: ReceiveValues): EnvelopeInput {
  const capacity = v.capacity_kw.trim() === '' ? Number.NaN : Number(v.capacity_kw);
  return {
    target_node_id: v.target_node_id,
    // NaN cannot cross the bridge: an empty or non-numeric capacity is sent as a string the service refuses by field.
    capacity_kw: Number.isNaN(capacity) ? (v.capacity_kw as unknown as number) : capacity,
    valid_from: v.valid_from.trim(),
    valid_to: v.valid_to.trim(),
    source: {
      type: v.type as EnvelopeInput['source']['type'],
      source_id: v.source_id.trim(),
      external_ref: v.external_ref.trim(),
    },
  };
}

export function ReceiveForm({
  nodes,
  rootId,
  onReceive,
}: {
  nodes: readonly MicrogridNode[];
  rootId: string;
  onReceive: (input: EnvelopeInput) => void;
}) {
  const [v, setV] = useState<ReceiveValues>({
    target_node_id: rootId,
    capacity_kw: '',
    valid_from: '',
    valid_to: '',
    type: 'MANUAL',
    source_id: '',
    external_ref: '',
  });
  const set = (patch: Partial<ReceiveValues>) => setV((x) => ({ ...x, ...patch }));
  const text = (name: keyof ReceiveValues, label: string, placeholder = '') => (
    <label className="field">
      <span>{label}</span>
      <input
        name={name}
        data-testid={`env-${name}`}
        value={v[name]}
        placeholder={placeholder}
        onChange={(e) => set({ [name]: e.target.value })}
      />
    </label>
  );
  return (
    <section className="panel tinted" data-testid="receive-envelope">
      <h2>
        Receive an operating envelope{' '}
        <span className="sub">instants in UTC (…Z); the same source and reference again is a duplicate</span>
      </h2>
      <div className="row">
        <label className="field">
          <span>Scope (target node)</span>
          <select
            name="target_node_id"
            data-testid="env-target_node_id"
            value={v.target_node_id}
            onChange={(e) => set({ target_node_id: e.target.value })}
          >
            {nodes.map((n) => (
              <option key={n.id} value={n.id}>
                {n.name} ({n.id})
              </option>
            ))}
          </select>
        </label>
        {text('capacity_kw', 'Capacity kW')}
        {text('valid_from', 'Valid from (UTC)', '2026-03-02T05:00:00Z')}
        {text('valid_to', 'Valid to (UTC)', '2026-03-02T09:00:00Z')}
        <label className="field">
          <span>Source type</span>
          <select
            name="type"
            data-testid="env-type"
            value={v.type}
            onChange={(e) => set({ type: e.target.value })}
          >
            {ENVELOPE_SOURCE_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        {text('source_id', 'Source id', 'dso-east')}
        {text('external_ref', 'External reference', 'oscp-0302-001')}
        <button
          type="button"
          className="primary"
          data-testid="env-receive"
          onClick={() => onReceive(toEnvelopeInput(v))}
        >
          Receive
        </button>
      </div>
    </section>
  );
}

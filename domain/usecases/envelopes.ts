// Operating envelopes: receive (new, duplicate or superseding), list at an instant, read one with
// its events, withdraw. Nothing is ever deleted; history stays readable with its source metadata.
import { fail, succeed, type Outcome } from '../failure.ts';
import {
  envelopeView,
  listEnvelopes as listAt,
  receiveEnvelope as receive,
  withdrawEnvelope as withdraw,
  type EnvelopeFilter,
  type EnvelopeInput,
  type EnvelopeRecord,
  type EnvelopeView,
} from '../envelopes/envelopes.ts';
import { formatInstant } from '../instant.ts';
import type { Ports } from '../ports.ts';
import { currentDocument, documentIds, microgridNotFound } from './common.ts';

export interface ReceivedEnvelope {
  /** CREATED answers 201, DUPLICATE 200 with the stored envelope. */
  kind: 'CREATED' | 'DUPLICATE';
  envelope: EnvelopeView;
  superseded: string[];
}

export function receiveEnvelope(
  ports: Ports,
  input: { microgridId: string; envelope: EnvelopeInput },
): Outcome<ReceivedEnvelope> {
  return ports.store.transaction(() => {
    const found = currentDocument(ports, input.microgridId);
    if (!found.ok) return found;
    const doc = found.value;
    const { store, clock, ids } = ports;
    const now = clock.now();
    const e = input.envelope;
    // Only what receiving can touch: the same reference, live envelopes from the same source on
    // the same node, and the requested id. The history of other sources is never read.
    const relevant = new Map<string, EnvelopeRecord>();
    const add = (r: EnvelopeRecord | undefined) => r && relevant.set(r.id, r);
    add(store.envelopeBySourceRef(input.microgridId, e.source.source_id, e.source.external_ref));
    for (const r of store.envelopesFromSource(input.microgridId, e.source.source_id, e.target_node_id, now))
      add(r);
    if (e.id !== undefined) add(store.envelope(input.microgridId, e.id));
    const { nodes } = documentIds(doc);
    const result = receive([...relevant.values()], e, {
      now,
      newId: () => ids.next('envelope'),
      hasNode: (id) => nodes.has(id),
    });
    if (!result.ok) return result;
    const r = result.value;
    if (r.kind === 'DUPLICATE')
      return succeed({ kind: 'DUPLICATE', envelope: envelopeView(r.envelope, now), superseded: [] });
    store.insertEnvelope(input.microgridId, r.envelope);
    for (const s of r.superseded)
      store.appendEnvelopeEvent(input.microgridId, s.id, s.events[s.events.length - 1]!);
    return succeed({
      kind: 'CREATED',
      envelope: envelopeView(r.envelope, now),
      superseded: r.superseded.map((s) => s.id),
    });
  });
}

export function listEnvelopes(
  ports: Ports,
  input: { microgridId: string; at?: number; filter?: EnvelopeFilter },
): Outcome<{ microgrid_id: string; at: string; envelopes: EnvelopeView[] }> {
  if (ports.store.currentVersion(input.microgridId) === undefined)
    return microgridNotFound(input.microgridId);
  const at = input.at ?? ports.clock.now();
  return succeed({
    microgrid_id: input.microgridId,
    at: formatInstant(at),
    envelopes: listAt(ports.store.envelopes(input.microgridId), at, input.filter),
  });
}

function envelopeNotFound<T>(microgridId: string, envelopeId: string): Outcome<T> {
  return fail(
    'NOT_FOUND',
    'ENVELOPE_NOT_FOUND',
    `microgrid ${microgridId} has no operating envelope ${envelopeId}`,
    { microgrid_id: microgridId, envelope_id: envelopeId },
  );
}

export function getEnvelope(
  ports: Ports,
  input: { microgridId: string; envelopeId: string; at?: number },
): Outcome<EnvelopeView> {
  if (ports.store.currentVersion(input.microgridId) === undefined)
    return microgridNotFound(input.microgridId);
  const e = ports.store.envelope(input.microgridId, input.envelopeId);
  return e
    ? succeed(envelopeView(e, input.at ?? ports.clock.now()))
    : envelopeNotFound(input.microgridId, input.envelopeId);
}

export function withdrawEnvelope(
  ports: Ports,
  input: { microgridId: string; envelopeId: string; reason: string },
): Outcome<EnvelopeView> {
  return ports.store.transaction(() => {
    if (ports.store.currentVersion(input.microgridId) === undefined)
      return microgridNotFound(input.microgridId);
    const e = ports.store.envelope(input.microgridId, input.envelopeId);
    if (!e) return envelopeNotFound(input.microgridId, input.envelopeId);
    const now = ports.clock.now();
    const done = withdraw(e, input.reason, now);
    if (!done.ok) return done;
    ports.store.appendEnvelopeEvent(
      input.microgridId,
      e.id,
      done.value.events[done.value.events.length - 1]!,
    );
    return succeed(envelopeView(done.value, now));
  });
}

// Operating envelopes: status at t, supersede, idempotent duplicates, withdraw, audit events.
import { describe, expect, it } from 'vitest';
import {
  envelopeStatusAt,
  listEnvelopes,
  parseInstant,
  receiveEnvelope,
  withdrawEnvelope,
  type EnvelopeInput,
  type EnvelopeRecord,
} from '../index.ts';

const T = (iso: string) => parseInstant(iso);
const nodes = new Set(['grid', 'sb-a']);
let counter = 0;
const ctx = (now: string) => ({
  now: T(now),
  newId: () => `env-${++counter}`,
  hasNode: (id: string) => nodes.has(id),
});
const input = (over: Partial<EnvelopeInput> & { ref: string; source_id?: string }): EnvelopeInput => ({
  target_node_id: 'grid',
  capacity_kw: 420,
  valid_from: '2026-03-02T08:00:00Z',
  valid_to: '2026-03-02T10:00:00Z',
  ...over,
  source: { type: 'OSCP', source_id: over.source_id ?? 'dnsp-vic', external_ref: over.ref },
});

/** Applies a receive result the way a store would: new record added, superseded ones replaced. */
function receive(list: EnvelopeRecord[], i: EnvelopeInput, now: string) {
  const r = receiveEnvelope(list, i, ctx(now));
  if (!r.ok) throw new Error(r.failure.code);
  if (r.value.kind === 'DUPLICATE') return { list, result: r.value };
  const replaced = new Map(r.value.superseded.map((e) => [e.id, e]));
  return { list: [...list.map((e) => replaced.get(e.id) ?? e), r.value.envelope], result: r.value };
}

describe('operating envelopes', () => {
  it('status follows the half-open validity window: PENDING, ACTIVE, EXPIRED', () => {
    const { list } = receive([], input({ ref: 'a' }), '2026-03-02T07:55:00Z');
    const e = list[0]!;
    expect(envelopeStatusAt(e, T('2026-03-02T07:59:59Z'))).toBe('PENDING');
    expect(envelopeStatusAt(e, T('2026-03-02T08:00:00Z'))).toBe('ACTIVE');
    expect(envelopeStatusAt(e, T('2026-03-02T09:59:59Z'))).toBe('ACTIVE');
    expect(envelopeStatusAt(e, T('2026-03-02T10:00:00Z'))).toBe('EXPIRED');
    expect(e.source).toEqual({
      type: 'OSCP',
      source_id: 'dnsp-vic',
      external_ref: 'a',
      received_at: '2026-03-02T07:55:00Z',
    });
    expect(e.events).toEqual([{ type: 'RECEIVED', at: '2026-03-02T07:55:00Z' }]);
  });

  it('the same (source_id, external_ref) again returns the stored envelope and adds nothing', () => {
    const first = receive([], input({ ref: 'same' }), '2026-03-02T07:55:00Z');
    const again = receive(first.list, input({ ref: 'same', capacity_kw: 10 }), '2026-03-02T07:56:00Z');
    expect(again.result.kind).toBe('DUPLICATE');
    expect(again.result.envelope).toEqual(first.list[0]);
    expect(again.list).toHaveLength(1);
    // Another source may use the same external_ref.
    expect(
      receive(first.list, input({ ref: 'same', source_id: 'other' }), '2026-03-02T07:56:00Z').result.kind,
    ).toBe('CREATED');
  });

  it('a new envelope from the same source on the same node with an overlapping window supersedes the live one', () => {
    let { list } = receive([], input({ ref: 'a' }), '2026-03-02T07:55:00Z');
    ({ list } = receive(list, input({ ref: 'other-node', target_node_id: 'sb-a' }), '2026-03-02T07:56:00Z'));
    ({ list } = receive(list, input({ ref: 'other-source', source_id: 'manual' }), '2026-03-02T07:57:00Z'));
    ({ list } = receive(
      list,
      input({ ref: 'later', valid_from: '2026-03-02T10:00:00Z', valid_to: '2026-03-02T11:00:00Z' }),
      '2026-03-02T07:58:00Z',
    ));
    const r = receive(
      list,
      input({
        ref: 'b',
        capacity_kw: 300,
        valid_from: '2026-03-02T09:00:00Z',
        valid_to: '2026-03-02T12:00:00Z',
      }),
      '2026-03-02T08:30:00Z',
    );
    const superseded =
      r.result.kind === 'CREATED' ? r.result.superseded.map((e) => e.source.external_ref) : [];
    expect(superseded).toEqual(['a', 'later']);
    const byRef = new Map(r.list.map((e) => [e.source.external_ref, e]));
    const newId = byRef.get('b')!.id;
    expect(byRef.get('a')).toMatchObject({ superseded_by: newId, superseded_at: '2026-03-02T08:30:00Z' });
    expect(byRef.get('a')!.events.at(-1)).toEqual({
      type: 'SUPERSEDED',
      at: '2026-03-02T08:30:00Z',
      superseded_by: newId,
    });
    expect(envelopeStatusAt(byRef.get('a')!, T('2026-03-02T08:29:00Z'))).toBe('ACTIVE');
    expect(envelopeStatusAt(byRef.get('a')!, T('2026-03-02T08:30:00Z'))).toBe('SUPERSEDED');
    expect(byRef.get('other-node')!.superseded_by).toBeNull();
    expect(byRef.get('other-source')!.superseded_by).toBeNull();
  });

  it('an expired envelope is not superseded', () => {
    const { list } = receive(
      [],
      input({ ref: 'old', valid_to: '2026-03-02T09:00:00Z' }),
      '2026-03-02T07:55:00Z',
    );
    const r = receive(
      list,
      input({ ref: 'new', valid_from: '2026-03-02T08:00:00Z' }),
      '2026-03-02T09:30:00Z',
    );
    expect(r.result.kind === 'CREATED' && r.result.superseded).toEqual([]);
  });

  it('withdraw stamps a live envelope and records the reason; a terminal or expired one is ENVELOPE_NOT_LIVE', () => {
    const { list } = receive([], input({ ref: 'w' }), '2026-03-02T07:55:00Z');
    const w = withdrawEnvelope(list[0]!, 'network constraint lifted', T('2026-03-02T08:45:00Z'));
    expect(w.ok).toBe(true);
    const withdrawn = (w as { value: EnvelopeRecord }).value;
    expect(withdrawn).toMatchObject({
      withdrawn_at: '2026-03-02T08:45:00Z',
      withdraw_reason: 'network constraint lifted',
    });
    expect(withdrawn.events.map((e) => e.type)).toEqual(['RECEIVED', 'WITHDRAWN']);
    expect(envelopeStatusAt(withdrawn, T('2026-03-02T09:00:00Z'))).toBe('WITHDRAWN');
    const again = withdrawEnvelope(withdrawn, 'x', T('2026-03-02T09:00:00Z'));
    expect(again).toMatchObject({ ok: false, failure: { code: 'ENVELOPE_NOT_LIVE', kind: 'CONFLICT' } });
    expect(withdrawEnvelope(list[0]!, 'late', T('2026-03-02T10:00:00Z'))).toMatchObject({
      ok: false,
      failure: { code: 'ENVELOPE_NOT_LIVE' },
    });
  });

  it('expired, withdrawn and superseded envelopes stay listed with their events and source metadata', () => {
    let { list } = receive(
      [],
      input({ ref: 'expired', valid_from: '2026-03-02T06:00:00Z', valid_to: '2026-03-02T07:00:00Z' }),
      '2026-03-02T05:00:00Z',
    );
    ({ list } = receive(list, input({ ref: 'to-withdraw', target_node_id: 'sb-a' }), '2026-03-02T07:00:00Z'));
    list = list.map((e) =>
      e.source.external_ref === 'to-withdraw'
        ? (withdrawEnvelope(e, 'cancelled', T('2026-03-02T07:10:00Z')) as { value: EnvelopeRecord }).value
        : e,
    );
    ({ list } = receive(list, input({ ref: 'first' }), '2026-03-02T07:20:00Z'));
    ({ list } = receive(list, input({ ref: 'second', capacity_kw: 380 }), '2026-03-02T07:30:00Z'));
    ({ list } = receive(
      list,
      input({
        ref: 'pending',
        source_id: 'csip',
        valid_from: '2026-03-03T00:00:00Z',
        valid_to: '2026-03-03T01:00:00Z',
      }),
      '2026-03-02T07:40:00Z',
    ));
    const view = listEnvelopes(list, T('2026-03-02T08:30:00Z'));
    expect(view.map((e) => [e.source.external_ref, e.status, e.events.length])).toEqual([
      ['expired', 'EXPIRED', 1],
      ['to-withdraw', 'WITHDRAWN', 2],
      ['first', 'SUPERSEDED', 2],
      ['second', 'ACTIVE', 1],
      ['pending', 'PENDING', 1],
    ]);
    expect(view.every((e) => e.source.source_id && e.source.received_at)).toBe(true);
    expect(
      listEnvelopes(list, T('2026-03-02T08:30:00Z'), { status: 'ACTIVE' }).map((e) => e.capacity_kw),
    ).toEqual([380]);
  });

  it('refuses a bad envelope with a clear code and field', () => {
    expect(
      receiveEnvelope([], input({ ref: 'x', target_node_id: 'nope' }), ctx('2026-03-02T07:00:00Z')),
    ).toMatchObject({ ok: false, failure: { code: 'ENVELOPE_TARGET_MISSING' } });
    expect(
      receiveEnvelope([], input({ ref: 'x', capacity_kw: -1 }), ctx('2026-03-02T07:00:00Z')),
    ).toMatchObject({ ok: false, failure: { code: 'ENVELOPE_VALUE_INVALID' } });
    expect(
      receiveEnvelope([], input({ ref: 'x', valid_to: '2026-03-02T08:00:00Z' }), ctx('2026-03-02T07:00:00Z')),
    ).toMatchObject({ ok: false, failure: { code: 'ENVELOPE_WINDOW_INVALID' } });
  });
});

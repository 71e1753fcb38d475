// Capability bindings (conflicts on overlapping scopes, idempotent re-bind, release) and status
// events (bound-source check, duplicates, latest status with late arrivals).
import { describe, expect, it } from 'vitest';
import {
  acceptStatusEvent,
  bindCapability,
  releaseBinding,
  statusByScope,
  type BindingRecord,
  type ScopeTree,
  type StatusEvent,
} from '../index.ts';

// grid ─ tx-1 ─ sb-a, sb-b ; grid ─ db-office
const parent: Record<string, string | null> = {
  grid: null,
  'tx-1': 'grid',
  'sb-a': 'tx-1',
  'sb-b': 'tx-1',
  'db-office': 'grid',
};
const tree: ScopeTree = { rootId: 'grid', parentOf: (id) => (id in parent ? parent[id] : undefined) };
let n = 0;
const ctx = {
  microgridId: 'mg-north',
  tree,
  now: Date.parse('2026-03-02T08:00:00Z'),
  newId: () => `bind-${++n}`,
};

function bind(
  list: BindingRecord[],
  source_id: string,
  scope_node_id: string,
  capability: BindingRecord['capability'] = 'LOAD_CONTROL',
) {
  return bindCapability(list, { capability, scope_node_id, source_id }, ctx);
}
function bound(list: BindingRecord[], source: string, scope: string): BindingRecord[] {
  const r = bind(list, source, scope);
  if (!r.ok) throw new Error(r.failure.code);
  return r.value.kind === 'CREATED' ? [...list, r.value.binding] : list;
}

describe('capability bindings', () => {
  it('disjoint subtrees may have different sources', () => {
    const list = bound(bound([], 'ems-a', 'sb-a'), 'ems-b', 'sb-b');
    expect(list.map((b) => [b.source_id, b.scope_node_id, b.status])).toEqual([
      ['ems-a', 'sb-a', 'ACTIVE'],
      ['ems-b', 'sb-b', 'ACTIVE'],
    ]);
  });

  it('an overlapping competing source is refused with the full conflict payload; the existing binding is untouched', () => {
    const list = bound([], 'ems-a', 'sb-a');
    const snapshot = JSON.stringify(list);
    for (const scope of ['sb-a', 'tx-1', 'grid']) {
      const r = bind(list, 'ems-b', scope);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.failure.code).toBe('CAPABILITY_SOURCE_CONFLICT');
      expect(r.failure.kind).toBe('CONFLICT');
      expect(r.failure.details).toMatchObject({
        microgrid_id: 'mg-north',
        capability: 'LOAD_CONTROL',
        existing_binding: {
          id: list[0]!.id,
          source_id: 'ems-a',
          scope_node_id: 'sb-a',
          whole_microgrid: false,
        },
        incoming: { source_id: 'ems-b', scope_node_id: scope, whole_microgrid: scope === 'grid' },
        remediation: { action: 'RELEASE_EXISTING_BINDING', binding_id: list[0]!.id },
      });
    }
    expect(JSON.stringify(list)).toBe(snapshot);
    // A different capability on the same scope is no conflict.
    expect(bind(list, 'ems-b', 'sb-a', 'DEMAND_RESPONSE').ok).toBe(true);
  });

  it('binding the same source to the same scope again returns the existing binding', () => {
    const list = bound([], 'ems-a', 'sb-a');
    const again = bind(list, 'ems-a', 'sb-a');
    expect(again).toMatchObject({ ok: true, value: { kind: 'EXISTING', binding: list[0] } });
  });

  it('release, then the competing source can bind', () => {
    const list = bound([], 'ems-a', 'grid');
    const released = releaseBinding(list[0]!, Date.parse('2026-03-02T09:00:00Z'));
    expect(released).toMatchObject({ status: 'RELEASED', released_at: '2026-03-02T09:00:00Z' });
    expect(releaseBinding(released, Date.parse('2026-03-02T10:00:00Z'))).toBe(released);
    expect(bind([released], 'ems-b', 'sb-a').ok).toBe(true);
  });

  it('refuses a scope that is not a node', () => {
    expect(bind([], 'ems-a', 'nowhere')).toMatchObject({
      ok: false,
      failure: { code: 'CAPABILITY_SCOPE_MISSING' },
    });
  });
});

describe('capability status events', () => {
  const bindings = bound(bound([], 'ems-a', 'sb-a'), 'ems-g', 'db-office');
  const ev = (
    event_ref: string,
    observed_at: string,
    state: StatusEvent['state'],
    over: Partial<StatusEvent> = {},
  ): StatusEvent => ({
    event_ref,
    source_id: 'ems-a',
    capability: 'LOAD_CONTROL',
    scope_node_id: 'sb-a',
    state,
    observed_at,
    ...over,
  });
  function ingest(events: StatusEvent[]): StatusEvent[] {
    const stored: StatusEvent[] = [];
    for (const e of events) {
      const r = acceptStatusEvent(bindings, stored, e);
      if (r.ok && r.value.kind === 'ACCEPTED') stored.push(e);
    }
    return stored;
  }

  it('is accepted only from the source bound to exactly that scope', () => {
    expect(acceptStatusEvent(bindings, [], ev('1', '2026-03-02T08:00:00Z', 'ACTIVE'))).toMatchObject({
      ok: true,
      value: { kind: 'ACCEPTED' },
    });
    expect(
      acceptStatusEvent(bindings, [], ev('1', '2026-03-02T08:00:00Z', 'ACTIVE', { source_id: 'intruder' })),
    ).toMatchObject({ ok: false, failure: { code: 'CAPABILITY_SOURCE_NOT_BOUND' } });
    expect(
      acceptStatusEvent(bindings, [], ev('1', '2026-03-02T08:00:00Z', 'ACTIVE', { scope_node_id: 'tx-1' })),
    ).toMatchObject({ ok: false, failure: { code: 'CAPABILITY_SOURCE_NOT_BOUND' } });
  });

  it('a repeated event reference is acknowledged as a duplicate and stored once', () => {
    const stored = ingest([ev('e1', '2026-03-02T08:00:00Z', 'ACTIVE')]);
    expect(
      acceptStatusEvent(bindings, stored, ev('e1', '2026-03-02T09:00:00Z', 'UNAVAILABLE')),
    ).toMatchObject({ ok: true, value: { kind: 'DUPLICATE', event: stored[0] } });
  });

  it('a late older event goes into history without changing the latest status', () => {
    const stored = ingest([
      ev('e2', '2026-03-02T08:10:00Z', 'DEGRADED'),
      ev('e1', '2026-03-02T08:00:00Z', 'ACTIVE'),
    ]);
    const [row] = statusByScope(stored, 'grid', true);
    expect(row).toMatchObject({
      state: 'DEGRADED',
      event_ref: 'e2',
      scope_node_id: 'sb-a',
      whole_microgrid: false,
    });
    expect(row!.history!.map((e) => e.event_ref)).toEqual(['e2', 'e1']);
  });

  it('a repeated event reference never yields a different latest status', () => {
    const base = [
      ev('e1', '2026-03-02T08:00:00Z', 'ACTIVE'),
      ev('e2', '2026-03-02T08:05:00Z', 'AVAILABLE'),
      ev('e3', '2026-03-02T08:05:00Z', 'DEGRADED'),
    ];
    const before = statusByScope(ingest(base), 'grid')[0];
    // e3 wins the tie on observed_at by the greater event_ref.
    expect([before?.state, before?.event_ref]).toEqual(['DEGRADED', 'e3']);
    // Repeats of every reference, with newer times and other states, change nothing.
    const repeats = base.map((e, i) => ({
      ...e,
      observed_at: `2026-03-02T1${i}:00:00Z`,
      state: 'UNAVAILABLE' as const,
    }));
    expect(statusByScope(ingest([...base, ...repeats]), 'grid')[0]).toEqual(before);
  });

  it('status by scope names each scope, and whether it is the whole microgrid', () => {
    const whole = bound([], 'ems-root', 'grid');
    const stored: StatusEvent[] = [];
    const r = acceptStatusEvent(
      whole,
      stored,
      ev('r1', '2026-03-02T08:00:00Z', 'AVAILABLE', { source_id: 'ems-root', scope_node_id: 'grid' }),
    );
    if (r.ok) stored.push(r.value.event);
    stored.push(...ingest([ev('a1', '2026-03-02T08:00:00Z', 'ACTIVE')]));
    expect(statusByScope(stored, 'grid').map((s) => [s.scope_node_id, s.whole_microgrid, s.state])).toEqual([
      ['grid', true, 'AVAILABLE'],
      ['sb-a', false, 'ACTIVE'],
    ]);
  });
});

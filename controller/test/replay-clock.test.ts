// Replay mode (`--replay-clock`): writes are stamped with the `?at=` of their request, so a
// simulator replaying a day through the API gets simulated instants, never today's date.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestController, testClock, type TestController } from './helpers.ts';

let c: TestController | null = null;
afterEach(async () => {
  await c?.stop();
  c = null;
});

const envelope = (ref: string) => ({
  target_node_id: 'grid',
  capacity_kw: 300,
  valid_from: '2026-03-02T08:00:00Z',
  valid_to: '2026-03-02T10:00:00Z',
  source: { type: 'OSCP', source_id: 'dnsp', external_ref: ref },
});

describe('controller clock', () => {
  it('in replay mode follows each request’s ?at= for writes, concurrent ones included', async () => {
    c = await startTestController({ replayClock: true, clock: testClock('2000-01-01T00:00:00Z') });
    await c.create();
    const [a, b] = await Promise.all([
      c.call('POST', '/api/v1/microgrids/mg-north/envelopes?at=2026-03-02T07:00:00Z', envelope('a')),
      c.call('POST', '/api/v1/microgrids/mg-north/envelopes?at=2026-03-02T07:30:00Z', envelope('b')),
    ]);
    expect(a.body.source.received_at).toBe('2026-03-02T07:00:00Z');
    expect(b.body.source.received_at).toBe('2026-03-02T07:30:00Z');
    const withdrawn = await c.call(
      'POST',
      `/api/v1/microgrids/mg-north/envelopes/${b.body.id}/withdraw?at=2026-03-02T08:15:00Z`,
      { reason: 'lifted' },
    );
    expect(withdrawn.body.withdrawn_at).toBe('2026-03-02T08:15:00Z');
    // A request without `at` stays on the replayed time rather than jumping to the wall clock.
    const rebalance = await c.call('POST', '/api/circuit/1042/rebalance_load');
    const cycle = await c.call('GET', `/api/v1/microgrids/mg-north/cycles/${rebalance.body.cycle_id}`);
    expect(cycle.body.at).toBe('2026-03-02T08:15:00Z');
  });

  it('without replay mode ignores ?at= on writes and uses its own clock', async () => {
    c = await startTestController({ clock: testClock('2026-03-02T06:00:00Z') });
    await c.create();
    const a = await c.call(
      'POST',
      '/api/v1/microgrids/mg-north/envelopes?at=2026-03-02T07:00:00Z',
      envelope('a'),
    );
    expect(a.body.source.received_at).toBe('2026-03-02T06:00:00Z');
  });
});

// The inspection commands through the app's dispatch (inputs validated as from the page), on a
// local store with a fixed clock: limits put/read/active, envelopes with the legacy circuit read,
// capabilities with the conflict payload, telemetry and cycles. Every rule is the shared use
// cases'; these tests check the app carries their answers whole.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LimitPolicy, MicrogridDocument } from '../../domain/index.ts';
import { listAliasUsage } from '../../domain/usecases/index.ts';
import { startAppServices, type AppServices } from '../../main/services/app-services.ts';
import { refusal, send } from '../support/dispatch.ts';
import { legacyClient } from '../../main/services/inspect/envelopes-service.ts';
import type {
  CyclesScreenData,
  EnvelopesScreenData,
  LimitsScreenData,
} from '../../preload/inspect-contract.ts';

const EXAMPLE = join(import.meta.dirname, '..', '..', 'examples', 'depot-north.json');
const north = (): MicrogridDocument => JSON.parse(readFileSync(EXAMPLE, 'utf8')) as MicrogridDocument;
const root = mkdtempSync(join(tmpdir(), 'inspect-services-'));
const apps: AppServices[] = [];
afterAll(() => {
  for (const a of apps) a.close();
  rmSync(root, { recursive: true, force: true });
});
/** Monday 2 March 2026, 16:00 in Melbourne: inside the grid's 15:00–21:00 window. */
const NOW = Date.parse('2026-03-02T05:00:00Z');
let n = 0;

async function start(): Promise<AppServices> {
  const app = await startAppServices({
    dataDir: join(root, `d${n++}`),
    mode: 'browser',
    imports: [EXAMPLE],
    actor: 'tester',
    clock: { now: () => NOW },
  });
  apps.push(app);
  return app;
}

describe('limits', () => {
  it('reads the policy set with the tree, replaces it on the version it was read at, and refuses a stale base', async () => {
    const app = await start();
    const read = await send<LimitsScreenData>(app, 'limitsRead', { microgrid_id: 'mg-north' });
    expect(read).toMatchObject({
      source: { kind: 'local' },
      version: 1,
      microgrid: { timezone: 'Australia/Melbourne' },
    });
    expect(read.nodes.map((x) => x.id)).toContain('sb-b');
    const policies: LimitPolicy[] = [
      ...read.policies,
      {
        id: 'lim-sb-b',
        scope: 'NODE',
        node_id: 'sb-b',
        hard_cap_kw: 400,
        schedule: [{ days: ['SAT'], start: '00:00', end: '24:00', cap_kw: 399.875 }],
      },
    ];
    const saved = await send<{ version: number; policies: LimitPolicy[] }>(app, 'limitsPut', {
      microgrid_id: 'mg-north',
      base_version: 1,
      policies,
    });
    expect(saved.version).toBe(2);
    expect(
      (await send<LimitsScreenData>(app, 'limitsRead', { microgrid_id: 'mg-north' })).policies.find(
        (p) => p.id === 'lim-sb-b',
      ),
    ).toEqual(policies[3]);
    const stale = await refusal(app, 'limitsPut', { microgrid_id: 'mg-north', base_version: 1, policies });
    expect(stale).toMatchObject({ code: 'CONFIG_VERSION_CONFLICT', expected_version: 1, current_version: 2 });
  });

  it('refuses an invalid set with every error naming policy, node and field, and stores nothing', async () => {
    const app = await start();
    const { policies } = await send<LimitsScreenData>(app, 'limitsRead', { microgrid_id: 'mg-north' });
    const bad = policies.map((p) =>
      p.id === 'lim-grid' ? { ...p, hard_cap_kw: 800.5, schedule: [{ ...p.schedule[0]!, cap_kw: -1 }] } : p,
    );
    const error = await refusal(app, 'limitsPut', {
      microgrid_id: 'mg-north',
      base_version: 1,
      policies: bad,
    });
    expect(error.code).toBe('LIMITS_INVALID');
    expect(error.errors).toEqual([
      expect.objectContaining({
        code: 'LIMIT_VALUE_INVALID',
        node_id: 'grid',
        field: 'schedule[0].cap_kw',
        policy_id: 'lim-grid',
      }),
      expect.objectContaining({
        code: 'LIMIT_EXCEEDS_PHYSICAL_RATING',
        node_id: 'grid',
        field: 'hard_cap_kw',
        policy_id: 'lim-grid',
      }),
    ]);
    expect((await send<LimitsScreenData>(app, 'limitsRead', { microgrid_id: 'mg-north' })).version).toBe(1);
  });

  it('gives the active limit at an instant with its source: the TOU cap inside the window, the hard cap outside', async () => {
    const app = await start();
    const grid = async (at?: string) =>
      (
        await send<{ nodes: { node_id: string; effective_limit_kw: number; binding_source: string }[] }>(
          app,
          'limitsActive',
          { microgrid_id: 'mg-north', ...(at ? { at } : {}) },
        )
      ).nodes.find((x) => x.node_id === 'grid');
    expect(await grid()).toMatchObject({ effective_limit_kw: 450, binding_source: 'TOU_SCHEDULED_CAP' });
    expect(await grid('2026-03-02T10:00:00Z')).toMatchObject({
      effective_limit_kw: 700,
      binding_source: 'NODE_HARD_CAP',
    });
    expect(await refusal(app, 'limitsActive', { microgrid_id: 'mg-north', at: 'tomorrow' })).toMatchObject({
      code: 'REQUEST_INVALID',
    });
  });
});

describe('envelopes', () => {
  it('lists history with status, supersedes and withdraws through the use cases, and reads each legacy circuit beside the canonical limit', async () => {
    const app = await start();
    const receive = (ref: string, capacity: number, target = 'sb-b') =>
      send<{ kind: string; envelope: { id: string }; superseded: string[] }>(app, 'envelopeReceive', {
        microgrid_id: 'mg-north',
        envelope: {
          target_node_id: target,
          capacity_kw: capacity,
          valid_from: '2026-03-02T00:00:00Z',
          valid_to: '2026-03-03T00:00:00Z',
          source: { type: 'CSIP_AUS', source_id: 'csip-gw', external_ref: ref },
        },
      });
    const first = await receive('c-1', 350);
    const second = await receive('c-2', 300);
    expect(second.superseded).toEqual([first.envelope.id]);
    expect((await receive('c-2', 300)).kind).toBe('DUPLICATE');
    const other = await receive('g-1', 500, 'grid');
    await send(app, 'envelopeWithdraw', {
      microgrid_id: 'mg-north',
      envelope_id: other.envelope.id,
      reason: 'cleared',
    });
    expect(
      await refusal(app, 'envelopeWithdraw', {
        microgrid_id: 'mg-north',
        envelope_id: other.envelope.id,
        reason: 'again',
      }),
    ).toMatchObject({ code: 'ENVELOPE_NOT_LIVE' });

    const view = await send<EnvelopesScreenData>(app, 'envelopesRead', { microgrid_id: 'mg-north' });
    expect(Object.fromEntries(view.envelopes.map((e) => [e.id, e.status]))).toEqual({
      [first.envelope.id]: 'SUPERSEDED',
      [second.envelope.id]: 'ACTIVE',
      [other.envelope.id]: 'WITHDRAWN',
    });
    expect(view.active.nodes.find((x) => x.node_id === 'sb-b')).toMatchObject({
      effective_limit_kw: 300,
      binding_source: 'OPERATING_ENVELOPE',
      envelope_id: second.envelope.id,
    });
    expect(view.legacy?.rows).toEqual([
      {
        circuit_id: '1042',
        node_id: 'cb-a1',
        legacy: { max_power_kw: 160, available_capacity_kw: 160, name: 'Charger feeder A1' },
        error: null,
        canonical_effective_limit_kw: 160,
        canonical_binding_source: 'NODE_PHYSICAL_RATING',
      },
      {
        circuit_id: '1043',
        node_id: 'cb-a2',
        legacy: { max_power_kw: 160, available_capacity_kw: 160, name: 'Charger feeder A2' },
        error: null,
        canonical_effective_limit_kw: 160,
        canonical_binding_source: 'NODE_PHYSICAL_RATING',
      },
      {
        circuit_id: '2001',
        node_id: 'sb-b',
        legacy: { max_power_kw: 400, available_capacity_kw: 300, name: 'Switchboard B' },
        error: null,
        canonical_effective_limit_kw: 300,
        canonical_binding_source: 'OPERATING_ENVELOPE',
      },
    ]);
    // Each legacy read is a use of the alias, audited under the app's name.
    const usage = listAliasUsage(app.store.ports, { circuitId: '2001', limit: 10 }).usage;
    expect(usage).toEqual([
      expect.objectContaining({
        endpoint: 'GET /api/circuit/{circuit_id}',
        outcome: 'RESOLVED',
        client: legacyClient('tester'),
        node_id: 'sb-b',
      }),
    ]);
    // At an earlier instant, before any envelope was valid, the superseded one shows as it was.
    const earlier = await send<EnvelopesScreenData>(app, 'envelopesRead', {
      microgrid_id: 'mg-north',
      at: '2026-03-01T12:00:00Z',
    });
    expect(earlier.envelopes.map((e) => e.status)).toEqual(['PENDING', 'PENDING', 'PENDING']);
  });

  it('refuses an envelope whose capacity a rule refuses, naming the field', async () => {
    const app = await start();
    const error = await refusal(app, 'envelopeReceive', {
      microgrid_id: 'mg-north',
      envelope: {
        target_node_id: 'sb-b',
        capacity_kw: -3,
        valid_from: '2026-03-02T00:00:00Z',
        valid_to: '2026-03-03T00:00:00Z',
        source: { type: 'MANUAL', source_id: 'ops', external_ref: 'x' },
      },
    });
    expect(error).toMatchObject({ field: 'capacity_kw' });
  });
});

describe('capabilities', () => {
  it('refuses a competing bind with the existing and incoming side and the remediation, leaving the binding as it was', async () => {
    const app = await start();
    const a = await send<{ binding: { id: string } }>(app, 'capabilityBind', {
      microgrid_id: 'mg-north',
      capability: 'LOAD_CONTROL',
      scope_node_id: 'sb-a',
      source_id: 'ems-a',
    });
    await send(app, 'capabilityBind', {
      microgrid_id: 'mg-north',
      capability: 'LOAD_CONTROL',
      scope_node_id: 'sb-b',
      source_id: 'ems-b',
    });
    const before = await send<{ bindings: unknown[] }>(app, 'capabilitiesRead', { microgrid_id: 'mg-north' });
    const error = await refusal(app, 'capabilityBind', {
      microgrid_id: 'mg-north',
      capability: 'LOAD_CONTROL',
      scope_node_id: 'grid',
      source_id: 'fleet',
    });
    expect(error).toMatchObject({
      code: 'CAPABILITY_SOURCE_CONFLICT',
      existing_binding: {
        id: a.binding.id,
        source_id: 'ems-a',
        scope_node_id: 'sb-a',
        whole_microgrid: false,
      },
      incoming: { source_id: 'fleet', scope_node_id: 'grid', whole_microgrid: true },
      remediation: { action: 'RELEASE_EXISTING_BINDING', binding_id: a.binding.id },
    });
    expect(
      (await send<{ bindings: unknown[] }>(app, 'capabilitiesRead', { microgrid_id: 'mg-north' })).bindings,
    ).toEqual(before.bindings);
  });

  it('shows the latest status per scope with its history; an event from an unbound source is refused', async () => {
    const app = await start();
    await send(app, 'capabilityBind', {
      microgrid_id: 'mg-north',
      capability: 'LOAD_CONTROL',
      scope_node_id: 'sb-b',
      source_id: 'ems-b',
    });
    const event = (ref: string, state: string, at: string, source = 'ems-b') => ({
      microgrid_id: 'mg-north',
      event: {
        event_ref: ref,
        source_id: source,
        capability: 'LOAD_CONTROL',
        scope_node_id: 'sb-b',
        state,
        observed_at: at,
      },
    });
    await send(app, 'capabilityEvent', event('b-2', 'ACTIVE', '2026-03-02T04:50:00Z'));
    await send(app, 'capabilityEvent', event('b-1', 'AVAILABLE', '2026-03-02T04:40:00Z'));
    expect(await send(app, 'capabilityEvent', event('b-2', 'ACTIVE', '2026-03-02T04:50:00Z'))).toMatchObject({
      duplicate: true,
    });
    expect(
      await refusal(app, 'capabilityEvent', event('x-1', 'ACTIVE', '2026-03-02T04:55:00Z', 'intruder')),
    ).toMatchObject({ code: 'CAPABILITY_SOURCE_NOT_BOUND' });
    const { statuses } = await send<{ statuses: { state: string; history: { event_ref: string }[] }[] }>(
      app,
      'capabilitiesRead',
      { microgrid_id: 'mg-north' },
    );
    expect(statuses).toHaveLength(1);
    expect(statuses[0]!.state).toBe('ACTIVE');
    expect(statuses[0]!.history.map((h) => h.event_ref)).toEqual(['b-2', 'b-1']);
  });
});

describe('telemetry and cycles', () => {
  const fresh = '2026-03-02T04:59:50Z';
  const samples = [
    { node_id: 'grid', at: fresh, demand_kw: 480 },
    { asset_id: 'load-office', at: '2026-03-02T04:56:40Z', power_kw: 60 },
    { asset_id: 'pv-roof', at: fresh, power_kw: -30 },
    { asset_id: 'load-wash', at: fresh, power_kw: 20 },
    { asset_id: 'ch-01', at: fresh, power_kw: 40, connected: true, requested_kw: 80 },
  ];

  it('refuses a batch with an unknown point whole, then runs a cycle at t on what was stored', async () => {
    const app = await start();
    const unknown = await refusal(app, 'telemetryIngest', {
      microgrid_id: 'mg-north',
      samples: [...samples, { asset_id: 'ch-99', at: fresh, power_kw: 1 }],
    });
    expect(unknown).toMatchObject({
      code: 'TELEMETRY_UNKNOWN_POINT',
      unknown_points: [{ index: 5, asset_id: 'ch-99' }],
    });
    expect(
      await refusal(app, 'telemetryIngest', {
        microgrid_id: 'mg-north',
        samples: [{ node_id: 'grid', at: fresh }],
      }),
    ).toMatchObject({ code: 'REQUEST_INVALID' });
    expect(await send(app, 'telemetryIngest', { microgrid_id: 'mg-north', samples })).toEqual({
      microgrid_id: 'mg-north',
      accepted: 5,
    });
    const cycle = await send<{
      cycle_id: string;
      trigger: string;
      source_mode: string;
      fallback: { inputs: { asset_id: string; age_s: number }[] };
    }>(app, 'cycleRun', { microgrid_id: 'mg-north', at: '2026-03-02T05:00:00Z' });
    expect(cycle).toMatchObject({ trigger: 'CANONICAL_REQUEST', source_mode: 'FALLBACK_DERIVED' });
    expect(cycle.fallback.inputs).toEqual([
      expect.objectContaining({
        asset_id: 'load-office',
        age_s: 200,
        fallback_source: 'FALLBACK_KW',
        fallback_kw: 60,
      }),
    ]);
    const view = await send<CyclesScreenData>(app, 'cyclesRead', { microgrid_id: 'mg-north' });
    expect(view.cycles.map((c) => c.cycle_id)).toEqual([cycle.cycle_id]);
    expect(view.latest).toEqual(cycle);
    expect(view.breaches.map((b) => [b.node_id, b.primary_reason_code])).toEqual([
      ['grid', 'TOU_SCHEDULED_CAP'],
    ]);
    expect(await send(app, 'cycleGet', { microgrid_id: 'mg-north', cycle_id: cycle.cycle_id })).toEqual(
      cycle,
    );
  });

  it('answers MICROGRID_NOT_FOUND and CONNECTION_NOT_FOUND with their codes', async () => {
    const app = await start();
    expect(await refusal(app, 'cyclesRead', { microgrid_id: 'mg-none' })).toMatchObject({
      code: 'MICROGRID_NOT_FOUND',
    });
    expect(
      await refusal(app, 'limitsRead', { microgrid_id: 'mg-north', connection_id: 'conn-404' }),
    ).toMatchObject({ code: 'CONNECTION_NOT_FOUND' });
    expect(await send(app, 'inspectSources', { microgrid_id: 'mg-north' })).toEqual({
      microgrid_id: 'mg-north',
      local: true,
      connections: [],
    });
  });

  it('builds a simulator profile from the local microgrid with the document and defaults', async () => {
    const app = await start();
    const built = await send<{ format: string; text: string }>(app, 'simulatorBuildProfile', {
      microgrid_id: 'mg-north',
      options: { start: '2026-03-02T03:00:30Z', duration_minutes: 120 },
    });
    const profile = JSON.parse(built.text) as {
      start: string;
      microgrid: MicrogridDocument & { version?: number };
      vehicles: { generator: { count: number } };
    };
    expect(profile.start).toBe('2026-03-02T03:00:00Z');
    expect(profile.microgrid.version).toBeUndefined();
    expect(profile.microgrid.nodes).toEqual(north().nodes);
    expect(profile.vehicles.generator.count).toBe(20);
  });
});

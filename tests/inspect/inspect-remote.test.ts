// The inspection screens on a microgrid read from a connected controller: the same commands with
// a saved connection's id read through the controller client (and write the limit policy set with
// If-Match), against a real controller on a temporary SQLite file. The microgrid is not local.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MicrogridDocument } from '../../domain/index.ts';
import { startController, type RunningController } from '../../controller/server.ts';
import { startAppServices, type AppServices } from '../../main/services/app-services.ts';
import { send as sendTo, type Reply } from '../support/dispatch.ts';
import { createControllerClient } from '../../main/services/sync/controller-client.ts';
import type {
  CapabilitiesScreenData,
  CyclesScreenData,
  EnvelopesScreenData,
  LimitsScreenData,
} from '../../preload/inspect-contract.ts';

const root = mkdtempSync(join(tmpdir(), 'inspect-remote-'));
const north = (): MicrogridDocument =>
  JSON.parse(
    readFileSync(join(import.meta.dirname, '..', '..', 'examples', 'depot-north.json'), 'utf8'),
  ) as MicrogridDocument;
let controller: RunningController;
let app: AppServices;
let connection: string;

const send = <T = Record<string, unknown>>(command: string, input: unknown): Promise<T> =>
  sendTo<T>(app, command, input);

beforeAll(async () => {
  controller = await startController({
    port: 0,
    dataFile: join(root, 'controller.sqlite'),
    cycleIntervalS: 0,
    log: () => {},
  });
  const client = createControllerClient({ url: controller.url, actor: 'site' });
  const created = await client.createMicrogrid(north());
  if (!created.ok) throw new Error(created.failure.message);
  const env = await fetch(`${controller.url}/api/v1/microgrids/mg-north/envelopes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      target_node_id: 'sb-b',
      capacity_kw: 300,
      valid_from: '2020-01-01T00:00:00Z',
      valid_to: '2099-01-01T00:00:00Z',
      source: { type: 'OSCP', source_id: 'dso', external_ref: 'r-1' },
    }),
  });
  expect(env.status).toBe(201);
  const ran = await client.runCycle('mg-north', {});
  if (!ran.ok) throw new Error(ran.failure.message);
  app = await startAppServices({ dataDir: join(root, 'app'), mode: 'browser', actor: 'tech' });
  connection = (await send<{ id: string }>('saveConnection', { name: 'Depot North', url: controller.url }))
    .id;
});

afterAll(async () => {
  app?.close();
  await controller?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('a microgrid read from a connected controller', () => {
  it('offers the connection as a source of a microgrid that is not local', async () => {
    expect(await send('inspectSources', { microgrid_id: 'mg-north' })).toEqual({
      microgrid_id: 'mg-north',
      local: false,
      connections: [{ id: connection, name: 'Depot North', url: controller.url }],
    });
    const local = (await app.dispatch('limitsRead', { microgrid_id: 'mg-north' })) as Reply;
    expect(local).toMatchObject({ ok: false, error: { code: 'MICROGRID_NOT_FOUND' } });
  });

  it('reads and writes the limit policy set on the controller, based on its version', async () => {
    const read = await send<LimitsScreenData>('limitsRead', {
      microgrid_id: 'mg-north',
      connection_id: connection,
    });
    expect(read.source).toEqual({
      kind: 'controller',
      connection_id: connection,
      name: 'Depot North',
      url: controller.url,
    });
    expect(read.policies.map((p) => p.id)).toEqual(['lim-grid', 'lim-sb-a', 'agg-site']);
    const policies = read.policies.map((p) => (p.id === 'lim-grid' ? { ...p, hard_cap_kw: 650 } : p));
    const saved = await send<{ version: number }>('limitsPut', {
      microgrid_id: 'mg-north',
      connection_id: connection,
      base_version: read.version,
      policies,
    });
    expect(saved.version).toBe(read.version + 1);
    const refused = (await app.dispatch('limitsPut', {
      microgrid_id: 'mg-north',
      connection_id: connection,
      base_version: read.version,
      policies,
    })) as Reply;
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFIG_VERSION_CONFLICT' } });
    const active = await send<{
      nodes: { node_id: string; effective_limit_kw: number; binding_source: string }[];
    }>('limitsActive', { microgrid_id: 'mg-north', connection_id: connection, at: '2026-03-02T10:00:00Z' });
    expect(active.nodes.find((x) => x.node_id === 'grid')).toMatchObject({
      effective_limit_kw: 650,
      binding_source: 'NODE_HARD_CAP',
    });
    expect(active.nodes.find((x) => x.node_id === 'sb-b')).toMatchObject({
      effective_limit_kw: 300,
      binding_source: 'OPERATING_ENVELOPE',
    });
  });

  it('reads envelopes, capabilities and cycles from the controller', async () => {
    const envelopes = await send<EnvelopesScreenData>('envelopesRead', {
      microgrid_id: 'mg-north',
      connection_id: connection,
    });
    expect(envelopes.envelopes).toEqual([
      expect.objectContaining({
        target_node_id: 'sb-b',
        capacity_kw: 300,
        status: 'ACTIVE',
        source: expect.objectContaining({ type: 'OSCP', source_id: 'dso' }),
      }),
    ]);
    expect(envelopes.legacy).toBeNull();
    const capabilities = await send<CapabilitiesScreenData>('capabilitiesRead', {
      microgrid_id: 'mg-north',
      connection_id: connection,
    });
    expect(capabilities).toMatchObject({ bindings: [], statuses: [] });
    const cycles = await send<CyclesScreenData>('cyclesRead', {
      microgrid_id: 'mg-north',
      connection_id: connection,
    });
    expect(cycles.cycles).toHaveLength(1);
    expect(cycles.latest).toMatchObject({
      cycle_id: cycles.cycles[0]!.cycle_id,
      trigger: 'CANONICAL_REQUEST',
      microgrid_id: 'mg-north',
    });
    expect(cycles.source.kind).toBe('controller');
  });
});

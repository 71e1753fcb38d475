// Saved controller connections and the HTTP client, against a real controller (startController on
// port 0 with a temporary SQLite file): connectivity states, the token kept out of every view,
// the X-Actor on writes, and controller problems turned into failures with their codes.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MicrogridDocument } from '../../domain/index.ts';
import { startController, type RunningController } from '../../controller/server.ts';
import { openLocalStore, type LocalStore } from '../../main/services/local-store.ts';
import { createConnections, type ConnectionsService } from '../../main/services/sync/connections.ts';
import { createControllerClient } from '../../main/services/sync/controller-client.ts';

const root = mkdtempSync(join(tmpdir(), 'sync-connections-'));
const north = (): MicrogridDocument =>
  JSON.parse(
    readFileSync(join(import.meta.dirname, '..', '..', 'examples', 'depot-north.json'), 'utf8'),
  ) as MicrogridDocument;
let controller: RunningController;
let store: LocalStore;
let connections: ConnectionsService;

beforeAll(async () => {
  controller = await startController({
    port: 0,
    dataFile: join(root, 'controller.sqlite'),
    cycleIntervalS: 0,
    token: 's3cret',
    log: () => {},
  });
  store = await openLocalStore({ dataDir: join(root, 'app') });
  connections = createConnections({ store, actor: 'os-user' });
});

afterAll(async () => {
  store.close();
  await controller.close();
  rmSync(root, { recursive: true, force: true });
});

function value<T>(o: { ok: true; value: T } | { ok: false; failure: unknown }): T {
  if (!o.ok) throw new Error(JSON.stringify(o.failure));
  return o.value;
}

describe('controller connections', () => {
  it('refuses a URL that is not http(s), naming the field', async () => {
    const r = await connections.save({ name: 'bad', url: 'ftp://depot' });
    expect(r).toMatchObject({
      ok: false,
      failure: { code: 'CONNECTION_URL_INVALID', details: { field: 'url' } },
    });
    expect(connections.list()).toEqual([]);
  });

  it('reports UNAUTHENTICATED without the token and ONLINE with it; the token never leaves main', async () => {
    const saved = value(await connections.save({ name: 'North', url: `${controller.url}/api/v1/` }));
    expect(saved).toMatchObject({
      id: 'conn-1',
      url: controller.url,
      has_token: false,
      actor: null,
      effective_actor: 'os-user',
    });
    expect(value(await connections.check(saved.id))).toMatchObject({
      state: 'UNAUTHENTICATED',
      code: 'UNAUTHENTICATED',
    });

    const updated = value(
      await connections.save({
        id: saved.id,
        name: 'North',
        url: controller.url,
        token: 's3cret',
        actor: 'ana',
      }),
    );
    expect(updated).toMatchObject({ has_token: true, effective_actor: 'ana' });
    expect(JSON.stringify(connections.list())).not.toContain('s3cret');
    expect(value(await connections.check(saved.id))).toMatchObject({ state: 'ONLINE', microgrid_count: 0 });
    // Saving again without a token field keeps the token.
    value(await connections.save({ id: saved.id, name: 'North depot', url: controller.url }));
    expect(value(await connections.check(saved.id)).state).toBe('ONLINE');
  });

  it('survives a restart of the app (committed to the store file)', async () => {
    const again = await openLocalStore({ dataDir: join(root, 'app') });
    try {
      expect(createConnections({ store: again, actor: 'x' }).list()).toMatchObject([
        { id: 'conn-1', name: 'North depot', has_token: true, actor: 'ana' },
      ]);
    } finally {
      again.close();
    }
  });

  it('reads and writes with If-Match and X-Actor; a stale write is CONFIG_VERSION_CONFLICT with who and when', async () => {
    const client = value(connections.client('conn-1'));
    expect(await client.document('mg-north')).toMatchObject({
      ok: false,
      failure: { code: 'MICROGRID_NOT_FOUND', kind: 'NOT_FOUND', details: { status: 404 } },
    });
    const created = value(await client.createMicrogrid(north()));
    expect(created).toMatchObject({ version: 1, updated_by: 'ana' });
    const nodes = created.nodes.map((n) => (n.id === 'sb-a' ? { ...n, name: 'A' } : n));
    expect(value(await client.putTopology('mg-north', 1, { nodes, assets: created.assets }))).toMatchObject({
      version: 2,
      updated_by: 'ana',
    });
    const stale = await client.putTopology('mg-north', 1, { nodes, assets: created.assets });
    expect(stale).toMatchObject({
      ok: false,
      failure: {
        code: 'CONFIG_VERSION_CONFLICT',
        kind: 'CONFLICT',
        details: {
          status: 409,
          expected_version: 1,
          current_version: 2,
          updated_by: 'ana',
          changed_kinds: ['TOPOLOGY'],
        },
      },
    });
    expect(value(await client.document('mg-north', 1)).nodes.find((n) => n.id === 'sb-a')!.name).toBe(
      'Switchboard A',
    );
    expect(value(await client.status('mg-north'))).toMatchObject({ config_version: 2, latest_cycle: null });
    const cycle = value(await client.runCycle('mg-north'));
    expect(value(await client.cycle('mg-north', cycle.cycle_id))).toEqual(cycle);
    expect(value(await client.cycles('mg-north', { limit: 5 })).cycles.map((c) => c.cycle_id)).toEqual([
      cycle.cycle_id,
    ]);
    expect(value(await client.status('mg-north')).latest_cycle).toMatchObject({
      cycle_id: cycle.cycle_id,
      source_mode: cycle.source_mode,
    });
  });

  it('answers CONTROLLER_UNREACHABLE when nothing listens, and UNREACHABLE in the check', async () => {
    const dead = createControllerClient({ url: 'http://127.0.0.1:9', timeoutMs: 2000 });
    expect(await dead.health()).toMatchObject({ ok: false, failure: { code: 'CONTROLLER_UNREACHABLE' } });
    const saved = value(await connections.save({ name: 'nowhere', url: 'http://127.0.0.1:9' }));
    expect(value(await connections.check(saved.id, { timeoutMs: 2000 }))).toMatchObject({
      state: 'UNREACHABLE',
      code: 'CONTROLLER_UNREACHABLE',
    });
    expect(value(await connections.remove(saved.id))).toEqual({ removed: saved.id });
    expect(connections.list().map((c) => c.id)).toEqual(['conn-1']);
  });
});

// The sync commands through the app's dispatch (inputs validated as from the page), two app
// instances (their own data folders) against one real controller: pull, push with If-Match, the
// 409 that changes nothing, re-apply onto the latest version with per-element choices, offline
// drafts kept across a stopped controller and an app restart.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MicrogridDocument, StoredDocument } from '../../domain/index.ts';
import { putLimits } from '../../domain/usecases/index.ts';
import { startController, type RunningController } from '../../controller/server.ts';
import { startAppServices, type AppServices } from '../../main/services/app-services.ts';
import { refusal, send } from '../support/dispatch.ts';
import { createControllerClient } from '../../main/services/sync/controller-client.ts';
import type { ConflictDetails, ReapplyPreview, SyncStatusView } from '../../preload/sync-contract.ts';

const root = mkdtempSync(join(tmpdir(), 'sync-service-'));
const north = (): MicrogridDocument =>
  JSON.parse(
    readFileSync(join(import.meta.dirname, '..', '..', 'examples', 'depot-north.json'), 'utf8'),
  ) as MicrogridDocument;
let controller: RunningController;
const apps: AppServices[] = [];
let n = 0;

beforeAll(async () => {
  controller = await startController({
    port: 0,
    dataFile: join(root, 'controller.sqlite'),
    cycleIntervalS: 0,
    log: () => {},
  });
});

afterAll(async () => {
  for (const a of apps) a.close();
  await controller.close();
  rmSync(root, { recursive: true, force: true });
});

/** A fresh app connected to `url` as `actor`. */
async function app(
  actor: string,
  url = controller.url,
  dataDir = join(root, `app-${n++}`),
): Promise<AppServices> {
  const a = await startAppServices({ dataDir, mode: 'browser', imports: [], actor: 'os-user' });
  apps.push(a);
  if ((await send<{ connections: unknown[] }>(a, 'listConnections', {})).connections.length === 0)
    await send(a, 'saveConnection', { name: 'controller', url, actor });
  return a;
}

async function localDoc(a: AppServices, id: string): Promise<StoredDocument> {
  return send<StoredDocument>(a, 'exportMicrogrid', { microgrid_id: id });
}

/** A topology edit saved locally, as the Topology screen does. */
async function renameNode(a: AppServices, id: string, nodeId: string, name: string): Promise<void> {
  const doc = await localDoc(a, id);
  await send(a, 'putTopology', {
    microgrid_id: id,
    base_version: doc.version,
    nodes: doc.nodes.map((x) => (x.id === nodeId ? { ...x, name } : x)),
    assets: doc.assets,
  });
}

async function remote(id: string, version?: number, url = controller.url): Promise<StoredDocument> {
  const r = await createControllerClient({ url }).document(id, version);
  if (!r.ok) throw new Error(r.failure.message);
  return r.value;
}

const nameOf = (doc: MicrogridDocument, nodeId: string) => doc.nodes.find((x) => x.id === nodeId)!.name;

async function seed(id: string): Promise<void> {
  const doc = north();
  doc.microgrid = { ...doc.microgrid, id };
  const created = await createControllerClient({ url: controller.url, actor: 'seed' }).createMicrogrid(doc);
  expect(created.ok).toBe(true);
}

describe('sync with a controller', () => {
  it('A pushes; B’s stale push is a conflict that changes nothing; B re-applies and resubmits; both changes arrive', async () => {
    await seed('mg-1');
    const a = await app('alice');
    const b = await app('bob');
    for (const x of [a, b])
      expect(await send(x, 'pullMicrogrid', { microgrid_id: 'mg-1', connection_id: 'conn-1' })).toMatchObject(
        { outcome: 'created', local_version: 1, base_version: 1, undoable: false },
      );

    await renameNode(a, 'mg-1', 'sb-a', 'Switchboard A (alice)');
    const pending = await send<SyncStatusView>(a, 'syncStatus', { microgrid_id: 'mg-1' });
    expect(pending).toMatchObject({
      local: { version: 2 },
      link: { base_version: 1 },
      controller: { state: 'ONLINE', version: 1 },
      behind: false,
    });
    expect(pending.pending_changes.map((c) => [c.key, c.change, c.fields])).toEqual([
      ['node:sb-a', 'modified', ['name']],
    ]);
    expect(await send(a, 'pushMicrogrid', { microgrid_id: 'mg-1' })).toMatchObject({
      outcome: 'pushed',
      from_version: 1,
      version: 2,
      steps: [{ part: 'topology', version: 2 }],
      undoable: false,
    });
    const afterA = await remote('mg-1');
    expect(afterA).toMatchObject({ version: 2, updated_by: 'alice' });
    expect(nameOf(afterA, 'sb-a')).toBe('Switchboard A (alice)');
    expect((await send<SyncStatusView>(a, 'syncStatus', { microgrid_id: 'mg-1' })).pending_changes).toEqual(
      [],
    );

    await renameNode(b, 'mg-1', 'db-office', 'Office board (bob)');
    const bLocal = await localDoc(b, 'mg-1');
    const conflict = await refusal(b, 'pushMicrogrid', { microgrid_id: 'mg-1' });
    const details = conflict as unknown as ConflictDetails & { code: string };
    expect(details).toMatchObject({
      code: 'CONFIG_VERSION_CONFLICT',
      expected_version: 1,
      current_version: 2,
      updated_by: 'alice',
      updated_at: afterA.updated_at,
      changed_kinds: ['TOPOLOGY'],
      both: [],
    });
    expect(details.remote_changes.map((c) => c.key)).toEqual(['node:sb-a']);
    expect(details.local_changes.map((c) => c.key)).toEqual(['node:db-office']);
    // Nothing changed on either side.
    expect(await remote('mg-1')).toEqual(afterA);
    expect(await localDoc(b, 'mg-1')).toEqual(bLocal);
    expect((await send<SyncStatusView>(b, 'syncStatus', { microgrid_id: 'mg-1' })).behind).toBe(true);
    expect(await refusal(b, 'pullMicrogrid', { microgrid_id: 'mg-1' })).toMatchObject({
      code: 'SYNC_PENDING_CHANGES',
    });

    const preview = await send<ReapplyPreview>(b, 'previewReapply', { microgrid_id: 'mg-1' });
    expect(preview).toMatchObject({
      base_version: 1,
      remote_version: 2,
      remote_updated_by: 'alice',
      conflicts: [],
      up_to_date: false,
    });
    expect(preview.reapplied.map((e) => e.key)).toEqual(['node:db-office']);
    expect(
      await send(b, 'reapplyChanges', { microgrid_id: 'mg-1', remote_version: 2, choices: {} }),
    ).toMatchObject({ base_version: 2, local_version: 3, undoable: false, chosen: [] });
    expect(await send(b, 'pushMicrogrid', { microgrid_id: 'mg-1' })).toMatchObject({
      outcome: 'pushed',
      from_version: 2,
      version: 3,
    });
    const both = await remote('mg-1');
    expect(both).toMatchObject({ version: 3, updated_by: 'bob' });
    expect([nameOf(both, 'sb-a'), nameOf(both, 'db-office')]).toEqual([
      'Switchboard A (alice)',
      'Office board (bob)',
    ]);

    // A catches up by pulling: no local changes, so the controller's version is taken as is.
    expect(await send(a, 'pullMicrogrid', { microgrid_id: 'mg-1' })).toMatchObject({
      outcome: 'updated',
      base_version: 3,
    });
    expect(nameOf(await localDoc(a, 'mg-1'), 'db-office')).toBe('Office board (bob)');
    const log = (await send<SyncStatusView>(b, 'syncStatus', { microgrid_id: 'mg-1' })).log;
    expect(log.map((l) => `${l.action} ${l.outcome}`)).toEqual([
      'PUSH DONE',
      'REAPPLY DONE',
      'PUSH CONFIG_VERSION_CONFLICT',
      'PULL DONE',
    ]);
  });

  it('asks about an element both sides changed and applies exactly the chosen side', async () => {
    await seed('mg-2');
    const a = await app('alice');
    const b = await app('bob');
    for (const x of [a, b]) await send(x, 'pullMicrogrid', { microgrid_id: 'mg-2', connection_id: 'conn-1' });
    await renameNode(a, 'mg-2', 'sb-a', 'A by alice');
    await renameNode(a, 'mg-2', 'sb-b', 'B by alice');
    await send(a, 'pushMicrogrid', { microgrid_id: 'mg-2' });
    await renameNode(b, 'mg-2', 'sb-a', 'A by bob');
    await renameNode(b, 'mg-2', 'sb-b', 'B by bob');
    await renameNode(b, 'mg-2', 'cb-b1', 'B1 by bob');
    expect(await refusal(b, 'pushMicrogrid', { microgrid_id: 'mg-2' })).toMatchObject({
      code: 'CONFIG_VERSION_CONFLICT',
      both: ['node:sb-a', 'node:sb-b'],
    });

    const preview = await send<ReapplyPreview>(b, 'previewReapply', { microgrid_id: 'mg-2' });
    expect(
      preview.conflicts.map((c) => [
        c.key,
        (c.local as { name: string }).name,
        (c.remote as { name: string }).name,
      ]),
    ).toEqual([
      ['node:sb-a', 'A by bob', 'A by alice'],
      ['node:sb-b', 'B by bob', 'B by alice'],
    ]);
    expect(
      await refusal(b, 'reapplyChanges', {
        microgrid_id: 'mg-2',
        remote_version: 2,
        choices: { 'node:sb-a': 'local' },
      }),
    ).toMatchObject({ code: 'SYNC_CHOICE_MISSING', unresolved: ['node:sb-b'] });
    expect(
      await refusal(b, 'reapplyChanges', { microgrid_id: 'mg-2', remote_version: 1, choices: {} }),
    ).toMatchObject({ code: 'SYNC_REMOTE_MOVED', current_version: 2 });
    expect(
      await refusal(b, 'reapplyChanges', {
        microgrid_id: 'mg-2',
        remote_version: 2,
        choices: { 'node:sb-a': 'theirs' },
      }),
    ).toMatchObject({ code: 'REQUEST_INVALID' });
    const done = await send(b, 'reapplyChanges', {
      microgrid_id: 'mg-2',
      remote_version: 2,
      choices: { 'node:sb-a': 'local', 'node:sb-b': 'remote' },
    });
    expect(done).toMatchObject({
      chosen: [
        { key: 'node:sb-a', choice: 'local' },
        { key: 'node:sb-b', choice: 'remote' },
      ],
    });
    await send(b, 'pushMicrogrid', { microgrid_id: 'mg-2' });
    const merged = await remote('mg-2');
    expect([nameOf(merged, 'sb-a'), nameOf(merged, 'sb-b'), nameOf(merged, 'cb-b1')]).toEqual([
      'A by bob',
      'B by alice',
      'B1 by bob',
    ]);
  });

  it('keeps the draft while the controller is down and pushes it once the controller is back; a restarted app still has it', async () => {
    const dataFile = join(root, 'down.sqlite');
    let c = await startController({ port: 0, dataFile, cycleIntervalS: 0, log: () => {} });
    const port = c.port;
    try {
      expect((await createControllerClient({ url: c.url }).createMicrogrid(north())).ok).toBe(true);
      const dataDir = join(root, 'offline-app');
      let a = await app('alice', c.url, dataDir);
      await send(a, 'pullMicrogrid', { microgrid_id: 'mg-north', connection_id: 'conn-1' });
      await c.close();

      await renameNode(a, 'mg-north', 'sb-a', 'edited offline');
      const offline = await send<SyncStatusView>(a, 'syncStatus', { microgrid_id: 'mg-north' });
      expect(offline).toMatchObject({
        controller: { state: 'UNREACHABLE', code: 'CONTROLLER_UNREACHABLE' },
        link: { base_version: 1 },
        local: { version: 2 },
        behind: null,
      });
      expect(offline.pending_changes.map((x) => x.key)).toEqual(['node:sb-a']);
      expect(await refusal(a, 'pushMicrogrid', { microgrid_id: 'mg-north' })).toMatchObject({
        code: 'CONTROLLER_UNREACHABLE',
      });

      // The app restarts (its store is reopened from the file): the draft and its base are there.
      a.close();
      apps.splice(apps.indexOf(a), 1);
      a = await app('alice', c.url, dataDir);
      const reopened = await send<SyncStatusView>(a, 'syncStatus', { microgrid_id: 'mg-north' });
      expect(reopened).toMatchObject({ link: { base_version: 1 }, local: { version: 2 } });
      expect(reopened.pending_changes.map((x) => x.key)).toEqual(['node:sb-a']);

      c = await startController({ port, dataFile, cycleIntervalS: 0, log: () => {} });
      expect(await send(a, 'pushMicrogrid', { microgrid_id: 'mg-north' })).toMatchObject({
        outcome: 'pushed',
        version: 2,
      });
      expect(nameOf(await remote('mg-north', undefined, c.url), 'sb-a')).toBe('edited offline');
    } finally {
      await c.close();
    }
  });

  it('pushes a lowered rating and its lowered cap as a bridge write then the topology', async () => {
    await seed('mg-3');
    const a = await app('alice');
    await send(a, 'pullMicrogrid', { microgrid_id: 'mg-3', connection_id: 'conn-1' });
    const doc = await localDoc(a, 'mg-3');
    const lowered = await a.store.commit((p) =>
      putLimits(p, {
        microgridId: 'mg-3',
        baseVersion: doc.version,
        actor: 'alice',
        policies: doc.limits.map((x) => (x.id === 'lim-sb-a' ? { ...x, hard_cap_kw: 280 } : x)),
      }),
    );
    expect(lowered.ok).toBe(true);
    const now = await localDoc(a, 'mg-3');
    await send(a, 'putTopology', {
      microgrid_id: 'mg-3',
      base_version: now.version,
      nodes: now.nodes.map((x) => (x.id === 'sb-a' ? { ...x, physical_rating_kw: 300 } : x)),
      assets: now.assets,
    });
    expect(await send(a, 'pushMicrogrid', { microgrid_id: 'mg-3' })).toMatchObject({
      outcome: 'pushed',
      steps: [
        { part: 'limits', bridge: true, version: 2 },
        { part: 'topology', version: 3 },
      ],
    });
    const r = await remote('mg-3');
    expect(r.nodes.find((x) => x.id === 'sb-a')!.physical_rating_kw).toBe(300);
    expect(r.limits.find((x) => x.id === 'lim-sb-a')!.hard_cap_kw).toBe(280);
  });

  it('moves only the base when the controller already holds exactly the draft', async () => {
    await seed('mg-4');
    const a = await app('alice');
    await send(a, 'pullMicrogrid', { microgrid_id: 'mg-4', connection_id: 'conn-1' });
    await renameNode(a, 'mg-4', 'sb-a', 'same on both sides');
    // The same change reaches the controller another way (say, a push whose answer was lost).
    const doc = await remote('mg-4');
    const put = await createControllerClient({ url: controller.url, actor: 'carol' }).putTopology(
      'mg-4',
      doc.version,
      {
        nodes: doc.nodes.map((x) => (x.id === 'sb-a' ? { ...x, name: 'same on both sides' } : x)),
        assets: doc.assets,
      },
    );
    expect(put.ok).toBe(true);
    expect(await send(a, 'pullMicrogrid', { microgrid_id: 'mg-4' })).toMatchObject({
      outcome: 'linked',
      local_version: 2,
      base_version: 2,
    });
    expect(await send<SyncStatusView>(a, 'syncStatus', { microgrid_id: 'mg-4' })).toMatchObject({
      pending_changes: [],
      behind: false,
      link: { base_version: 2 },
    });
  });

  it('publishes a local-only microgrid to the controller and links it', async () => {
    const a = await app('alice');
    const doc = north();
    doc.microgrid = { ...doc.microgrid, id: 'mg-local' };
    await send(a, 'createMicrogrid', { document: doc });
    expect(await refusal(a, 'pushMicrogrid', { microgrid_id: 'mg-local' })).toMatchObject({
      code: 'SYNC_NOT_LINKED',
    });
    expect(
      await send(a, 'pushMicrogrid', { microgrid_id: 'mg-local', connection_id: 'conn-1' }),
    ).toMatchObject({ outcome: 'created', version: 1 });
    expect(await remote('mg-local')).toMatchObject({ version: 1, updated_by: 'alice' });
    expect(await send<SyncStatusView>(a, 'syncStatus', { microgrid_id: 'mg-local' })).toMatchObject({
      link: { base_version: 1 },
      pending_changes: [],
      behind: false,
    });
    expect(await refusal(a, 'removeConnection', { connection_id: 'conn-1' })).toMatchObject({
      code: 'CONNECTION_IN_USE',
      microgrid_ids: ['mg-local'],
    });
  });
});

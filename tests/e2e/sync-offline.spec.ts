// Acceptance (issue 8): with the controller stopped, edits are kept as a draft and the push is
// refused with the reason shown; after the controller restarts, the push succeeds. Sync never
// loses a local draft across an app restart — not even a kill -9 while a conflict is pending.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startController } from '../../controller/server.ts';
import { expect, open, ready, startApp, test } from './app.ts';
import {
  connectAndPull,
  controllerDocument,
  exampleDocument,
  listedKeys,
  nodeName,
  push,
  renameNodes,
  seedController,
  startControllerProcess,
  SYNC,
} from './sync-support.ts';

test('with the controller stopped the draft is kept; after it restarts the push succeeds', async ({
  page,
  launch,
  dataDir,
}) => {
  const dataFile = join(dataDir, 'controller.sqlite');
  let controller = await startControllerProcess(dataFile);
  try {
    await seedController(controller.url);
    const app = await launch([], join(dataDir, 'app'));
    await connectAndPull(page, app, controller.url, 'alice');

    await controller.stop();
    // The screen notices on its own that the controller is gone.
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'UNREACHABLE');
    await renameNodes(page, { 'sb-a': 'Switchboard A (offline edit)' });
    await expect(page.getByTestId('pending-count')).toHaveText('1');
    await expect(page.getByTestId('local-version')).toHaveText('2');
    await expect(page.getByTestId('base-version')).toHaveText('1');
    await push(page);
    await expect(page.getByTestId('sync-error').locator('.error-head')).toHaveAttribute(
      'data-error-code',
      'CONTROLLER_UNREACHABLE',
    );
    await expect(page.getByTestId('pending-count')).toHaveText('1');
    expect(await listedKeys(page, 'pending-changes')).toEqual(['node:sb-a']);

    controller = await startControllerProcess(dataFile, controller.port);
    await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'ONLINE');
    await push(page);
    await expect(page.getByTestId('sync-notice')).toContainText('Pushed: controller version 1 → 2');
    await expect(page.getByTestId('pending-count')).toHaveText('0');
    const doc = await controllerDocument(controller.url);
    expect(doc).toMatchObject({ version: 2, updated_by: 'alice' });
    expect(nodeName(doc, 'sb-a')).toBe('Switchboard A (offline edit)');
  } finally {
    await controller.stop();
  }
});

test('a draft survives kill -9 of the app, even with a conflict pending, and is pushed after the restart', async ({
  page,
  launch,
  dataDir,
}) => {
  const dir = mkdtempSync(join(tmpdir(), 'sync-e2e-restart-'));
  const controller = await startController({
    port: 0,
    dataFile: join(dir, 'controller.sqlite'),
    cycleIntervalS: 0,
    log: () => {},
  });
  const appDir = join(dataDir, 'app');
  try {
    await seedController(controller.url);
    const first = await launch([], appDir);
    await connectAndPull(page, first, controller.url, 'alice');
    await renameNodes(page, { 'db-office': 'Office board (alice, unpushed)' });
    await expect(page.getByTestId('pending-count')).toHaveText('1');

    // Meanwhile someone else writes version 2 on the controller.
    const doc = exampleDocument();
    const put = await fetch(`${controller.url}/api/v1/microgrids/mg-north/topology`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'if-match': '"1"', 'x-actor': 'carol' },
      body: JSON.stringify({
        nodes: doc.nodes.map((n) => (n.id === 'sb-b' ? { ...n, name: 'Switchboard B (carol)' } : n)),
        assets: doc.assets,
      }),
    });
    expect(put.status).toBe(200);
    await push(page);
    await expect(page.getByTestId('conflict-view').getByTestId('conflict-updated-by')).toHaveText('carol');

    first.child.kill('SIGKILL');
    await first.stop();
    const second = await startApp(appDir, []);
    try {
      await open(page, second, SYNC);
      await expect(page.getByTestId('local-version')).toHaveText('2');
      await expect(page.getByTestId('base-version')).toHaveText('1');
      await expect(page.getByTestId('connection-actor-shown')).toHaveText('alice');
      expect(await listedKeys(page, 'pending-changes')).toEqual(['node:db-office']);
      await expect(page.getByTestId('controller-version')).toHaveAttribute('data-behind', 'true');

      await page.getByTestId('sync-reapply').click();
      await ready(page);
      await expect(page.getByTestId('base-version')).toHaveText('2');
      await push(page);
      await expect(page.getByTestId('sync-notice')).toContainText('Pushed: controller version 2 → 3');
      const merged = await controllerDocument(controller.url);
      expect([nodeName(merged, 'sb-b'), nodeName(merged, 'db-office')]).toEqual([
        'Switchboard B (carol)',
        'Office board (alice, unpushed)',
      ]);
    } finally {
      await second.stop();
    }
  } finally {
    await controller.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

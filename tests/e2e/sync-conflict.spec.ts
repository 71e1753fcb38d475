// Acceptance (issue 8): two app sessions on one real controller. A pushes; B's stale push shows
// the conflict with the changed elements and both versions and changes nothing on the controller;
// B reloads, re-applies and resubmits, and the controller holds both changes. A same-element
// conflict asks per element and applies exactly the side chosen.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startController, type RunningController } from '../../controller/server.ts';
import type { Browser, Page } from '@playwright/test';
import { expect, ready, screenshot, test, type Launch } from './app.ts';
import {
  connectAndPull,
  controllerDocument,
  listedKeys,
  nodeName,
  push,
  renameNodes,
  seedController,
} from './sync-support.ts';

let controller: RunningController;
let dir: string;

test.beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sync-e2e-controller-'));
  controller = await startController({
    port: 0,
    dataFile: join(dir, 'controller.sqlite'),
    cycleIntervalS: 0,
    log: () => {},
  });
  await seedController(controller.url);
});

/** Two app processes, each in its own browser context, both with mg-north pulled from the controller. */
async function aliceAndBob(browser: Browser, launch: Launch): Promise<[Page, Page]> {
  const [appA, appB] = await Promise.all([launch([], join(dir, 'app-a')), launch([], join(dir, 'app-b'))]);
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  await connectAndPull(a, appA, controller.url, 'alice');
  await connectAndPull(b, appB, controller.url, 'bob');
  return [a, b];
}

test.afterEach(async () => {
  await controller.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a stale push shows the conflict and changes nothing; reload, re-apply and resubmit bring both changes to the controller', async ({
  browser,
  launch,
}) => {
  const [a, b] = await aliceAndBob(browser, launch);
  for (const page of [a, b]) {
    await expect(page.getByTestId('base-version')).toHaveText('1');
    await expect(page.getByTestId('controller-version')).toContainText('1');
  }

  // A saves and pushes.
  await renameNodes(a, { 'sb-a': 'Switchboard A (alice)' });
  await expect(a.getByTestId('pending-count')).toHaveText('1');
  expect(await listedKeys(a, 'pending-changes')).toEqual(['node:sb-a']);
  await push(a);
  await expect(a.getByTestId('sync-notice')).toContainText('Pushed: controller version 1 → 2');
  await expect(a.getByTestId('base-version')).toHaveText('2');
  const afterA = await controllerDocument(controller.url);
  expect(afterA).toMatchObject({ version: 2, updated_by: 'alice' });
  expect(nodeName(afterA, 'sb-a')).toBe('Switchboard A (alice)');

  // B's save was based on version 1: its push is refused and shows what each side changed.
  await renameNodes(b, { 'db-office': 'Office board (bob)' });
  await push(b);
  const view = b.getByTestId('conflict-view');
  await expect(view).toHaveAttribute('data-error-code', 'CONFIG_VERSION_CONFLICT');
  await expect(view.getByTestId('conflict-expected-version')).toHaveText('1');
  await expect(view.getByTestId('conflict-current-version')).toHaveText('2');
  await expect(view.getByTestId('conflict-updated-by')).toHaveText('alice');
  await expect(view.getByTestId('conflict-updated-at')).toHaveAttribute('datetime', afterA.updated_at);
  expect(await listedKeys(b, 'remote-changes')).toEqual(['node:sb-a']);
  expect(await listedKeys(b, 'local-changes')).toEqual(['node:db-office']);
  await expect(
    view.getByTestId('remote-changes').locator('[data-element-key="node:sb-a"] [data-field="name"]'),
  ).toContainText('Switchboard A (alice)');
  await screenshot(b, 'sync-conflict');
  // The controller still holds A's version, untouched; B's draft is still there.
  expect(await controllerDocument(controller.url)).toEqual(afterA);
  await expect(b.getByTestId('pending-count')).toHaveText('1');

  // Reload latest and re-apply: different elements, so nothing to ask.
  await view.getByTestId('conflict-reapply').click();
  await ready(b);
  await expect(b.getByTestId('sync-notice')).toContainText(
    'Re-applied 1 change(s) onto controller version 2',
  );
  await expect(b.getByTestId('base-version')).toHaveText('2');
  expect(await listedKeys(b, 'pending-changes')).toEqual(['node:db-office']);
  await expect(b.getByTestId('sync-push')).toHaveText('Resubmit');
  await push(b);
  await expect(b.getByTestId('sync-notice')).toContainText('Pushed: controller version 2 → 3');
  const merged = await controllerDocument(controller.url);
  expect(merged).toMatchObject({ version: 3, updated_by: 'bob' });
  expect([nodeName(merged, 'sb-a'), nodeName(merged, 'db-office')]).toEqual([
    'Switchboard A (alice)',
    'Office board (bob)',
  ]);
  await expect(b.getByTestId('pending-count')).toHaveText('0');
});

test('a same-element conflict asks which side to keep and applies exactly the chosen side', async ({
  browser,
  launch,
}) => {
  const [a, b] = await aliceAndBob(browser, launch);

  await renameNodes(a, { 'sb-a': 'A by alice', 'sb-b': 'B by alice' });
  await push(a);
  await expect(a.getByTestId('base-version')).toHaveText('2');

  await renameNodes(b, { 'sb-a': 'A by bob', 'sb-b': 'B by bob', 'cb-b1': 'B1 by bob' });
  await push(b);
  await expect(b.getByTestId('conflict-view').locator('[data-both="true"]')).toHaveCount(4); // sb-a and sb-b on both sides
  await b.getByTestId('conflict-reapply').click();
  await ready(b);

  const conflicts = b.getByTestId('element-conflict');
  await expect(conflicts).toHaveCount(2);
  expect(await conflicts.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-element-key')))).toEqual([
    'node:sb-a',
    'node:sb-b',
  ]);
  const sbA = b.locator('[data-testid="element-conflict"][data-element-key="node:sb-a"]');
  const sbB = b.locator('[data-testid="element-conflict"][data-element-key="node:sb-b"]');
  await expect(sbA.locator('[data-field="name"] [data-testid="local-value"]')).toHaveText('"A by bob"');
  await expect(sbA.locator('[data-field="name"] [data-testid="remote-value"]')).toHaveText('"A by alice"');
  await expect(b.getByTestId('reapply-automatic')).toContainText('Node cb-b1');
  // Nothing is applied until every conflicting element has a side.
  await expect(b.getByTestId('reapply-apply')).toBeDisabled();
  await sbA.getByTestId('choose-local').check();
  await expect(b.getByTestId('reapply-apply')).toBeDisabled();
  await sbB.getByTestId('choose-remote').check();
  await screenshot(b, 'sync-reapply-choice');
  await b.getByTestId('reapply-apply').click();
  await ready(b);
  await expect(b.getByTestId('sync-notice')).toContainText('with your choices');
  await push(b);
  await expect(b.getByTestId('sync-notice')).toContainText('Pushed: controller version 2 → 3');

  const merged = await controllerDocument(controller.url);
  expect([nodeName(merged, 'sb-a'), nodeName(merged, 'sb-b'), nodeName(merged, 'cb-b1')]).toEqual([
    'A by bob',
    'B by alice',
    'B1 by bob',
  ]);
  // Nothing else moved: every other node is as A left it.
  const afterA = await controllerDocument(controller.url, 2);
  for (const n of afterA.nodes.filter((x) => !['sb-a', 'cb-b1'].includes(x.id)))
    expect(merged.nodes.find((m) => m.id === n.id)).toEqual(n);
});

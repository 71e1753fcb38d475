// The Sites screen: local microgrids — create, open, import a microgrid document, export — and the
// microgrids of a connected site controller, pulled into a local draft.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startController } from '../../controller/server.ts';
import { EXAMPLE, expect, open, ready, screenshot, test } from './app.ts';

test('lists local microgrids and opens one', async ({ page, launch }) => {
  const app = await launch();
  await open(page, app, '#/sites');
  const row = page.getByTestId('microgrid-list').locator('tr[data-microgrid-id="mg-north"]');
  await expect(row).toContainText('North Depot');
  await expect(row).toContainText('depot-north');
  await screenshot(page, 'sites');
  await page.getByTestId('open-mg-north').click();
  await ready(page);
  await expect(page.getByTestId('microgrid-id')).toHaveText('mg-north');
});

test('creates a microgrid and lands on its topology', async ({ page, launch }) => {
  const app = await launch([]);
  await open(page, app, '#/sites');
  await expect(page.getByTestId('sites-empty')).toBeVisible();
  await page.getByTestId('create-open').click();
  const form = page.getByTestId('create-form');
  await form.locator('input[name="id"]').fill('mg-south');
  await form.locator('input[name="depot_id"]').fill('depot-south');
  await form.locator('input[name="name"]').fill('South Depot');
  await form.locator('select[name="timezone"]').selectOption('Australia/Melbourne');
  await form.locator('input[name="physical_rating_kw"]').fill('-3');
  await page.getByTestId('create-submit').click();
  await ready(page);
  // A refused create names the rule, the node and the field.
  await expect(
    page
      .getByTestId('create-errors')
      .locator('li[data-error-code="RATING_INVALID"][data-node-id="grid"][data-field="physical_rating_kw"]'),
  ).toBeVisible();
  await form.locator('input[name="physical_rating_kw"]').fill('630');
  await page.getByTestId('create-submit').click();
  await ready(page);
  await expect(page).toHaveURL(/#\/microgrids\/mg-south\/topology$/);
  await expect(page.getByTestId('depot-id')).toHaveText('depot-south');
  await expect(page.getByTestId('topology-canvas').locator('[data-node-id]')).toHaveCount(1);
});

test('imports a document, asks before replacing a local one, and exports what is stored', async ({
  page,
  launch,
  dataDir,
}) => {
  const app = await launch([]);
  await open(page, app, '#/sites');
  await page.getByTestId('import-file').setInputFiles(EXAMPLE);
  await ready(page);
  await expect(page.getByTestId('import-result')).toContainText('Imported microgrid mg-north (version 1)');
  await expect(page.locator('tr[data-microgrid-id="mg-north"]')).toBeVisible();

  const changed = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as { microgrid: { name: string } };
  changed.microgrid.name = 'North Depot (surveyed)';
  const file = join(dataDir, 'north-surveyed.json');
  writeFileSync(file, JSON.stringify(changed));
  await page.getByTestId('import-file').setInputFiles(file);
  await ready(page);
  await expect(
    page.getByTestId('import-errors').locator('[data-error-code="MICROGRID_EXISTS"]'),
  ).toBeVisible();
  await page.getByTestId('import-replace').click();
  await ready(page);
  await expect(page.getByTestId('import-result')).toContainText('Replaced microgrid mg-north (version 2)');
  await expect(page.locator('tr[data-microgrid-id="mg-north"]')).toContainText('North Depot (surveyed)');

  const download = page.waitForEvent('download');
  await page.getByTestId('export-mg-north').click();
  const saved = await download;
  expect(saved.suggestedFilename()).toBe('mg-north.json');
  const exported = JSON.parse(readFileSync((await saved.path())!, 'utf8')) as {
    microgrid: { name: string };
    version: number;
  };
  expect(exported.microgrid.name).toBe('North Depot (surveyed)');
  expect(exported.version).toBe(2);

  const broken = join(dataDir, 'broken.json');
  writeFileSync(broken, '{"microgrid": ');
  await page.getByTestId('import-file').setInputFiles(broken);
  await ready(page);
  await expect(
    page.getByTestId('import-errors').locator('[data-error-code="DOCUMENT_INVALID"]'),
  ).toContainText('not valid JSON');
});

test('lists a connected controller’s microgrids, pulls one into a local draft, and removes the connection once unlinked', async ({
  page,
  launch,
  dataDir,
}) => {
  const controller = await startController({
    port: 0,
    dataFile: join(dataDir, 'controller.sqlite'),
    cycleIntervalS: 0,
    log: () => {},
  });
  try {
    const created = await fetch(`${controller.url}/api/v1/microgrids`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-actor': 'commissioning' },
      body: readFileSync(EXAMPLE, 'utf8'),
    });
    expect(created.status).toBe(201);
    const app = await launch([], join(dataDir, 'app'));
    await open(page, app, '#/sites');
    await expect(page.getByTestId('sites-empty')).toBeVisible();
    const panel = page.getByTestId('controller-microgrids');
    await panel.getByTestId('sites-connection-name').fill('North controller');
    await panel.getByTestId('sites-connection-url').fill(controller.url);
    await panel.getByTestId('sites-connection-save').click();
    const remote = panel.locator('tr[data-remote-microgrid-id="mg-north"]');
    await expect(remote).toContainText('North Depot');
    await expect(remote).toContainText('commissioning');
    await screenshot(page, 'sites-controller');
    await remote.getByTestId('remote-pull-mg-north').click();
    await expect(page).toHaveURL(/#\/microgrids\/mg-north\/sync$/);
    await ready(page);
    // The local draft records the controller version it is based on.
    await expect(page.getByTestId('base-version')).toHaveText('1');
    await open(page, app, '#/sites');
    await expect(page.locator('tr[data-microgrid-id="mg-north"]')).toBeVisible();
    await expect(panel.getByTestId('remote-open-mg-north')).toBeVisible();

    // A connection that is mg-north's sync link cannot be removed: the reason is shown, it stays.
    const [connectionId] = await panel
      .locator('[data-connection-id]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-connection-id')!));
    await panel.getByTestId(`remove-connection-${connectionId}`).click();
    await panel.getByTestId(`remove-connection-confirm-${connectionId}`).click();
    await ready(page);
    const refused = panel.getByTestId(`remove-connection-error-${connectionId}`);
    await expect(refused.locator('[data-error-code="CONNECTION_IN_USE"]').first()).toBeVisible();
    await expect(refused).toContainText('mg-north');
    await expect(panel.locator(`[data-connection-id="${connectionId}"]`)).toBeVisible();

    // Once unlinked on its Sync tab, it can be removed; the local microgrid stays.
    await open(page, app, '#/microgrids/mg-north/sync');
    await page.getByTestId('sync-unlink').click();
    await expect(page.getByTestId('sync-screen')).toHaveAttribute('data-linked', 'false');
    await open(page, app, '#/sites');
    await panel.getByTestId(`remove-connection-${connectionId}`).click();
    await panel.getByTestId(`remove-connection-confirm-${connectionId}`).click();
    await ready(page);
    await expect(panel.locator('[data-connection-id]')).toHaveCount(0);
    await open(page, app, '#/sites');
    await expect(panel.locator('[data-connection-id]')).toHaveCount(0);
    await expect(page.locator('tr[data-microgrid-id="mg-north"]')).toBeVisible();
  } finally {
    await controller.close();
  }
});

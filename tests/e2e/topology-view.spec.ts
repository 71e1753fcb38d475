// Acceptance: opening an example renders every node and asset (count checked) with the header
// facts; an unknown id shows the not-found state.
import { readFileSync } from 'node:fs';
import { canvas, EXAMPLE, expect, open, screenshot, test } from './app.ts';

const example = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as {
  microgrid: { id: string; depot_id: string };
  nodes: { id: string }[];
  assets: { id: string }[];
};

test('an example microgrid renders every node and asset with the header facts', async ({ page, launch }) => {
  const app = await launch();
  await open(page, app, `#/microgrids/${example.microgrid.id}/topology`);
  const nodes = canvas(page).locator('[data-node-id]');
  const assets = canvas(page).locator('[data-asset-id]');
  await expect(nodes).toHaveCount(example.nodes.length);
  await expect(assets).toHaveCount(example.assets.length);
  expect((await nodes.evaluateAll((els) => els.map((e) => e.getAttribute('data-node-id')))).sort()).toEqual(
    example.nodes.map((n) => n.id).sort(),
  );
  expect((await assets.evaluateAll((els) => els.map((e) => e.getAttribute('data-asset-id')))).sort()).toEqual(
    example.assets.map((a) => a.id).sort(),
  );
  for (const n of example.nodes)
    await expect(canvas(page).locator(`[data-node-id="${n.id}"]`)).toBeInViewport();
  await expect(page.getByTestId('microgrid-id')).toHaveText(example.microgrid.id);
  await expect(page.getByTestId('depot-id')).toHaveText(example.microgrid.depot_id);
  await expect(page.getByTestId('topology-version')).toHaveText('1');
  await expect(page.getByTestId('updated-at')).toHaveText(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
  // A valid microgrid shows no error anywhere.
  await expect(page.locator('[data-error-code]')).toHaveCount(0);
  await screenshot(page, 'topology');
});

test('an unknown microgrid shows the not-found state', async ({ page, launch }) => {
  const app = await launch();
  await open(page, app, '#/microgrids/mg-nowhere/topology');
  const notFound = page.getByTestId('not-found');
  await expect(notFound).toBeVisible();
  await expect(notFound).toHaveAttribute('data-error-code', 'MICROGRID_NOT_FOUND');
  await expect(notFound).toContainText('mg-nowhere');
  await expect(page.getByTestId('topology-canvas')).toHaveCount(0);
  await screenshot(page, 'not-found');
});

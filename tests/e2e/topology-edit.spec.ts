// Acceptance: an edit that makes a cycle, and one that leaves an orphan, are refused with the code
// visible to the user, and after the failed save the canvas is unchanged; a valid edit saves, and
// after a reload of the app the saved structure is shown; undo/redo round-trips an edit.
import type { Page } from '@playwright/test';
import {
  canvas,
  canvasNode,
  canvasState,
  expect,
  leaveFor,
  open,
  openTab,
  ready,
  screenshot,
  test,
} from './app.ts';

const TOPOLOGY = '#/microgrids/mg-north/topology';

async function edit(page: Page): Promise<void> {
  await page.getByTestId('edit-mode').click();
  await expect(page.getByTestId('edit-mode')).toHaveAttribute('aria-pressed', 'true');
}

async function selectNode(page: Page, id: string): Promise<void> {
  await canvasNode(page, id).locator('.node-name').click();
  await expect(page.locator(`[data-inspector-node="${id}"]`)).toBeVisible();
}

/** Types into an inspector field and commits it (Enter), as a user does. */
async function setField(page: Page, name: string, value: string): Promise<void> {
  const input = page.getByTestId('inspector').locator(`input[name="${name}"]`);
  await input.fill(value);
  await input.press('Enter');
}

async function saveAndWait(page: Page): Promise<void> {
  await page.getByTestId('save').click();
  await ready(page);
}

test('a cycle is refused with its code, and the canvas stays exactly as before the save', async ({
  page,
  launch,
}) => {
  const app = await launch();
  await open(page, app, TOPOLOGY);
  await edit(page);
  await selectNode(page, 'tx-1');
  // tx-1 under sb-a, which is under tx-1.
  await page.getByTestId('inspector').locator('select[name="parent_id"]').selectOption('sb-a');
  // Live validation marks both nodes of the cycle with the code and its message.
  await expect(canvasNode(page, 'tx-1')).toHaveAttribute('data-error-code', 'TOPOLOGY_CYCLE');
  await expect(canvasNode(page, 'sb-a')).toHaveAttribute('data-error-code', 'TOPOLOGY_CYCLE');
  await expect(canvasNode(page, 'tx-1')).toContainText('returns to it');
  // The edited structure is laid out again (in a worker): compare with the canvas once it is shown.
  await ready(page);
  const before = await canvasState(page);

  await saveAndWait(page);
  const refused = page.getByTestId('save-errors');
  await expect(refused.locator('.error-head')).toHaveAttribute('data-error-code', 'TOPOLOGY_INVALID');
  await expect(refused.locator('li[data-error-code="TOPOLOGY_CYCLE"][data-node-id="sb-a"]')).toBeVisible();
  await screenshot(page, 'topology-save-refused');
  expect(await canvasState(page)).toEqual(before);
  await expect(page.getByTestId('topology-version')).toHaveText('1');
  await expect(page.getByTestId('draft-state')).toHaveAttribute('data-dirty', 'true');

  // Nothing was stored: a fresh load shows the saved tree without the cycle.
  await open(page, app, TOPOLOGY);
  await expect(page.getByTestId('topology-version')).toHaveText('1');
  await expect(canvas(page).locator('[data-error-code]')).toHaveCount(0);
});

test('an orphan is refused with its code, and the canvas stays exactly as before the save', async ({
  page,
  launch,
}) => {
  const app = await launch();
  await open(page, app, TOPOLOGY);
  await edit(page);
  await selectNode(page, 'sb-a');
  // Deleting the board alone leaves its three feeders pointing at a parent that is gone.
  await page.getByTestId('delete-node').click();
  await expect(canvasNode(page, 'sb-a')).toHaveCount(0);
  for (const id of ['cb-a1', 'cb-a2', 'cb-a3'])
    await expect(canvasNode(page, id)).toHaveAttribute('data-error-code', 'TOPOLOGY_ORPHAN_NODE');
  await ready(page);
  const before = await canvasState(page);

  await saveAndWait(page);
  const refused = page.getByTestId('save-errors');
  await expect(refused.locator('.error-head')).toHaveAttribute('data-error-code', 'TOPOLOGY_INVALID');
  for (const id of ['cb-a1', 'cb-a2', 'cb-a3']) {
    await expect(
      refused.locator(
        `li[data-error-code="TOPOLOGY_ORPHAN_NODE"][data-node-id="${id}"][data-field="parent_id"]`,
      ),
    ).toBeVisible();
  }
  expect(await canvasState(page)).toEqual(before);
  await expect(page.getByTestId('topology-version')).toHaveText('1');
});

test('a valid edit saves, and after a reload of the app the saved structure is shown', async ({
  page,
  launch,
}) => {
  const app = await launch();
  await open(page, app, TOPOLOGY);
  await edit(page);
  await selectNode(page, 'sb-b');
  await page.getByTestId('add-child-node').click();
  await expect(page.locator('[data-inspector-node="node-1"]')).toBeVisible();
  await setField(page, 'id', 'cb-b3');
  await expect(page.locator('[data-inspector-node="cb-b3"]')).toBeVisible();
  await setField(page, 'name', 'Charger feeder B3');
  await setField(page, 'physical_rating_kw', '125.5');
  await page.getByTestId('add-asset').click();
  await setField(page, 'name', 'Charger 11');
  await expect(canvasNode(page, 'cb-b3')).toContainText('Charger feeder B3');
  await expect(canvas(page).locator('[data-error-code]')).toHaveCount(0);

  await saveAndWait(page);
  await expect(page.getByTestId('topology-version')).toHaveText('2');
  await expect(page.getByTestId('notice')).toHaveText('saved as version 2');
  await expect(page.getByTestId('draft-state')).toHaveAttribute('data-dirty', 'false');

  await page.reload();
  await ready(page);
  await expect(page.getByTestId('topology-version')).toHaveText('2');
  await expect(canvasNode(page, 'cb-b3')).toContainText('Charger feeder B3');
  await expect(canvasNode(page, 'cb-b3')).toContainText('125.5 kW');
  await expect(canvasNode(page, 'cb-b3').locator('[data-asset-id="charger-1"]')).toContainText('Charger 11');
  await selectNode(page, 'cb-b3');
  await expect(page.getByTestId('inspector').locator('select[name="parent_id"]')).toHaveValue('sb-b');
});

test('undo and redo round-trip an edit, by button and by keyboard', async ({ page, launch }) => {
  const app = await launch();
  await open(page, app, TOPOLOGY);
  await edit(page);
  await selectNode(page, 'db-office');
  const original = await canvasState(page);
  await setField(page, 'name', 'Workshop board');
  await expect(canvasNode(page, 'db-office')).toContainText('Workshop board');
  const edited = await canvasState(page);

  await page.getByTestId('undo').click();
  await expect(canvasNode(page, 'db-office')).toContainText('Office board');
  expect(await canvasState(page)).toEqual(original);
  await expect(page.getByTestId('draft-state')).toHaveAttribute('data-dirty', 'false');
  await page.getByTestId('redo').click();
  await expect(canvasNode(page, 'db-office')).toContainText('Workshop board');
  expect(await canvasState(page)).toEqual(edited);

  // The same from the keyboard, with the focus on the canvas.
  await canvas(page)
    .locator('.react-flow__pane')
    .click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await expect(canvasNode(page, 'db-office')).toContainText('Office board');
  await page.keyboard.press('Control+Shift+z');
  await expect(canvasNode(page, 'db-office')).toContainText('Workshop board');
});

test('dragging a link from one node to another re-parents it', async ({ page, launch }) => {
  const app = await launch();
  await open(page, app, TOPOLOGY);
  await edit(page);
  // Draw a link from the office board's bottom handle to switchboard B: B moves under the office board.
  const from = canvasNode(page, 'db-office').locator('.react-flow__handle-bottom');
  const to = canvasNode(page, 'sb-b').locator('.react-flow__handle-top');
  await from.hover();
  await page.mouse.down();
  const box = (await to.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 12 });
  await page.mouse.up();
  await selectNode(page, 'sb-b');
  await expect(page.getByTestId('inspector').locator('select[name="parent_id"]')).toHaveValue('db-office');
  await expect(page.getByTestId('undo')).toHaveAttribute('title', /move node sb-b under db-office/);
});

test('leaving with unsaved edits asks first: stay keeps the draft, discard drops it, save and leave stores it', async ({
  page,
  launch,
}) => {
  const RENAMED = 'Switchboard A renamed';
  const renameSbA = async () => {
    await edit(page);
    await selectNode(page, 'sb-a');
    await setField(page, 'name', RENAMED);
    await expect(page.getByTestId('draft-state')).toHaveAttribute('data-dirty', 'true');
  };
  const app = await launch();
  await open(page, app, TOPOLOGY);
  await renameSbA();

  // Stay: still on the Topology screen, the edit still there.
  await page.getByTestId('nav-limits').click();
  const guard = page.getByTestId('leave-guard');
  await expect(guard).toBeVisible();
  await expect(guard).toHaveAttribute('data-leaving-to', '#/microgrids/mg-north/limits');
  await screenshot(page, 'topology-leave-guard');
  await page.getByTestId('leave-stay').click();
  await expect(guard).toHaveCount(0);
  expect(new URL(page.url()).hash).toBe(TOPOLOGY);
  await expect(page.locator('html')).toHaveAttribute('data-app-state', 'ready');
  await expect(canvasNode(page, 'sb-a')).toContainText(RENAMED);

  // Discard and leave: the Limits screen opens; back on Topology the stored name is shown.
  await leaveFor(page, 'limits', 'leave-discard');
  expect(new URL(page.url()).hash).toBe('#/microgrids/mg-north/limits');
  await openTab(page, 'topology');
  await expect(page.getByTestId('topology-version')).toHaveText('1');
  await expect(canvasNode(page, 'sb-a')).not.toContainText(RENAMED);

  // Save and leave: stored as version 2 before the Limits screen opens.
  await renameSbA();
  await leaveFor(page, 'limits', 'leave-save');
  expect(new URL(page.url()).hash).toBe('#/microgrids/mg-north/limits');
  await openTab(page, 'topology');
  await expect(page.getByTestId('topology-version')).toHaveText('2');
  await expect(canvasNode(page, 'sb-a')).toContainText(RENAMED);

  // Nothing unsaved: no question.
  await openTab(page, 'limits');
  await expect(page.getByTestId('leave-guard')).toHaveCount(0);
});

// Acceptance (issue 7, Limits): node and aggregate limits created and updated, the policy set in
// force showing scope, target and schedule; invalid input refused naming node and field; a cap
// above the rating refused, one equal to it accepted and shown exactly after a reload; inside a TOU
// window the active limit is the scheduled cap, outside it the hard cap.
import type { Page } from '@playwright/test';
import { expect, leaveFor, open, openTab, ready, screenshot, test } from './app.ts';

const LIMITS = '#/microgrids/mg-north/limits';

function policy(page: Page, id: string) {
  return page.getByTestId(`policy-${id}`);
}

function setRow(page: Page, id: string) {
  return page.locator(`[data-testid="policy-set-row"][data-policy-id="${id}"]`);
}

async function addPolicy(page: Page, nodeId: string, scope: 'NODE' | 'AGGREGATE'): Promise<void> {
  await page.getByTestId('add-policy-node').selectOption(nodeId);
  await page.getByTestId('add-policy-scope').selectOption(scope);
  await page.getByTestId('add-policy').click();
}

async function save(page: Page): Promise<void> {
  await page.getByTestId('save-limits').click();
  await ready(page);
}

test('node and aggregate limits are created and updated, and the policy set shows scope, target and schedule', async ({
  page,
  launch,
}) => {
  const app = await launch();
  await open(page, app, LIMITS);
  await expect(page.getByTestId('config-version')).toHaveText('1');

  // A new NODE policy on switchboard B with an evening window, a new AGGREGATE policy on
  // switchboard A, and the grid's hard cap lowered.
  await addPolicy(page, 'sb-b', 'NODE');
  const sbB = policy(page, 'lim-sb-b');
  await sbB.locator('input[name="hard_cap_kw"]').fill('350');
  await sbB.getByTestId('add-window').click();
  await sbB.locator('input[name="schedule[0].start"]').fill('16:30');
  await sbB.locator('input[name="schedule[0].end"]').fill('20:00');
  await sbB.locator('input[name="schedule[0].cap_kw"]').fill('120');
  await sbB.locator('input[name="schedule[0].days.SAT"]').check();
  await addPolicy(page, 'sb-a', 'AGGREGATE');
  await policy(page, 'agg-sb-a').locator('input[name="hard_cap_kw"]').fill('300');
  await policy(page, 'lim-grid').locator('input[name="hard_cap_kw"]').fill('650');
  await expect(page.getByTestId('limits-draft-state')).toHaveAttribute('data-dirty', 'true');
  await expect(page.getByTestId('limits-live-issues')).toHaveCount(0);
  await save(page);

  await expect(page.getByTestId('limits-notice')).toHaveText('saved as version 2');
  await expect(page.getByTestId('config-version')).toHaveText('2');
  // Whatever is shown now must come from the store: read the screen afresh.
  await open(page, app, LIMITS);
  await expect(page.getByTestId('config-version')).toHaveText('2');
  await expect(page.getByTestId('policy-set-row')).toHaveCount(5);
  await expect(setRow(page, 'lim-sb-b').getByTestId('policy-scope')).toHaveText('NODE');
  await expect(setRow(page, 'lim-sb-b').getByTestId('policy-target')).toHaveText('Switchboard B sb-b');
  await expect(setRow(page, 'lim-sb-b').getByTestId('policy-hard-cap')).toHaveText('350');
  await expect(setRow(page, 'lim-sb-b').getByTestId('policy-window')).toHaveText([
    'MON–SAT 16:30–20:00 120 kW',
  ]);
  await expect(setRow(page, 'agg-sb-a').getByTestId('policy-scope')).toHaveText('AGGREGATE');
  await expect(setRow(page, 'agg-sb-a').getByTestId('policy-target')).toHaveText('Switchboard A sb-a');
  await expect(setRow(page, 'agg-sb-a').getByTestId('policy-hard-cap')).toHaveText('300');
  await expect(setRow(page, 'lim-grid').getByTestId('policy-hard-cap')).toHaveText('650');
  await expect(setRow(page, 'lim-grid').getByTestId('policy-window')).toHaveText([
    'MON–FRI 15:00–21:00 450 kW',
  ]);
  await expect(setRow(page, 'agg-site').getByTestId('policy-window')).toHaveText([
    'SAT SUN 00:00–24:00 400 kW',
  ]);

  // Update the new ones again: the window's cap, and the aggregate's scope node.
  await policy(page, 'lim-sb-b').locator('input[name="schedule[0].cap_kw"]').fill('150');
  await policy(page, 'agg-sb-a').locator('select[name="node_id"]').selectOption('sb-b');
  await save(page);
  await expect(page.getByTestId('config-version')).toHaveText('3');
  await open(page, app, LIMITS);
  await expect(setRow(page, 'lim-sb-b').getByTestId('policy-window')).toHaveText([
    'MON–SAT 16:30–20:00 150 kW',
  ]);
  await expect(setRow(page, 'agg-sb-a').getByTestId('policy-target')).toHaveText('Switchboard B sb-b');
  await screenshot(page, 'limits');
});

test('invalid input is refused with each error naming the node and the field', async ({ page, launch }) => {
  const app = await launch();
  await open(page, app, LIMITS);
  const grid = policy(page, 'lim-grid');
  await grid.locator('input[name="schedule[0].cap_kw"]').fill('-5');
  await grid.locator('input[name="schedule[0].end"]').fill('25:00');
  // Live, on the field itself.
  await expect(
    grid.locator(
      '[data-error-code="LIMIT_VALUE_INVALID"][data-node-id="grid"][data-field="schedule[0].cap_kw"]',
    ),
  ).toBeVisible();
  await expect(
    grid.locator(
      '[data-error-code="SCHEDULE_WINDOW_INVALID"][data-node-id="grid"][data-field="schedule[0].end"]',
    ),
  ).toBeVisible();

  await save(page);
  const refused = page.getByTestId('limits-save-errors');
  await expect(refused.locator('.error-head')).toHaveAttribute('data-error-code', 'LIMITS_INVALID');
  await expect(
    refused.locator(
      'li[data-error-code="LIMIT_VALUE_INVALID"][data-node-id="grid"][data-field="schedule[0].cap_kw"]',
    ),
  ).toContainText('lim-grid');
  await expect(
    refused.locator(
      'li[data-error-code="SCHEDULE_WINDOW_INVALID"][data-node-id="grid"][data-field="schedule[0].end"]',
    ),
  ).toBeVisible();
  await expect(refused.locator('li')).toHaveCount(2);
  await screenshot(page, 'limits-refused');

  // Nothing was stored.
  await open(page, app, LIMITS);
  await expect(page.getByTestId('config-version')).toHaveText('1');
  await expect(setRow(page, 'lim-grid').getByTestId('policy-window')).toHaveText([
    'MON–FRI 15:00–21:00 450 kW',
  ]);
});

test('a cap above the physical rating is refused; one equal to it is accepted and shown exactly after a reload', async ({
  page,
  launch,
}) => {
  const app = await launch();
  await open(page, app, LIMITS);
  // The grid connection is rated 800 kW.
  const grid = policy(page, 'lim-grid');
  await grid.locator('input[name="hard_cap_kw"]').fill('800.001');
  await expect(
    grid.locator(
      '[data-error-code="LIMIT_EXCEEDS_PHYSICAL_RATING"][data-node-id="grid"][data-field="hard_cap_kw"]',
    ),
  ).toBeVisible();
  await save(page);
  await expect(
    page
      .getByTestId('limits-save-errors')
      .locator(
        'li[data-error-code="LIMIT_EXCEEDS_PHYSICAL_RATING"][data-node-id="grid"][data-field="hard_cap_kw"]',
      ),
  ).toBeVisible();
  await expect(page.getByTestId('config-version')).toHaveText('1');

  await grid.locator('input[name="hard_cap_kw"]').fill('800');
  await grid.locator('input[name="schedule[0].cap_kw"]').fill('449.875');
  await expect(grid.locator('[data-error-code]')).toHaveCount(0);
  await save(page);
  await expect(page.getByTestId('limits-save-errors')).toHaveCount(0);
  await expect(page.getByTestId('config-version')).toHaveText('2');

  await page.reload();
  await ready(page);
  await expect(page.getByTestId('config-version')).toHaveText('2');
  await expect(setRow(page, 'lim-grid').getByTestId('policy-hard-cap')).toHaveText('800');
  await expect(setRow(page, 'lim-grid').getByTestId('policy-window')).toHaveText([
    'MON–FRI 15:00–21:00 449.875 kW',
  ]);
  await expect(policy(page, 'lim-grid').locator('input[name="hard_cap_kw"]')).toHaveValue('800');
  await expect(policy(page, 'lim-grid').locator('input[name="schedule[0].cap_kw"]')).toHaveValue('449.875');
});

test('inside a TOU window the active limit is the scheduled cap, outside it the hard cap', async ({
  page,
  launch,
}) => {
  const app = await launch();
  await open(page, app, LIMITS);
  const gridRow = page.locator('[data-testid="active-node"][data-node-id="grid"]');
  const aggRow = page.locator('[data-testid="active-aggregate"][data-node-id="grid"]');
  async function at(siteTime: string) {
    await page.getByTestId('active-at-input').fill(siteTime);
    await page.getByTestId('active-at-apply').click();
    await ready(page);
  }

  // Monday 2 March 2026, 16:00 in Melbourne (05:00Z, daylight saving): inside MON–FRI 15:00–21:00.
  await at('2026-03-02T16:00');
  await expect(page.getByTestId('active-at')).toHaveAttribute('data-at', '2026-03-02T05:00:00Z');
  await expect(gridRow.getByTestId('effective-limit')).toHaveText('450');
  await expect(gridRow.getByTestId('binding-source')).toHaveAttribute(
    'data-binding-source',
    'TOU_SCHEDULED_CAP',
  );
  await expect(aggRow.getByTestId('active-cap')).toHaveText('600');
  await expect(aggRow.getByTestId('active-source')).toHaveAttribute('data-source', 'AGGREGATE_LIMIT');
  await screenshot(page, 'limits-active-tou');

  // 21:00 is the window's exclusive end: the hard cap again.
  await at('2026-03-02T21:00');
  await expect(gridRow.getByTestId('effective-limit')).toHaveText('700');
  await expect(gridRow.getByTestId('binding-source')).toHaveAttribute('data-binding-source', 'NODE_HARD_CAP');

  // Saturday: the aggregate's weekend window applies, the grid's weekday window does not.
  await at('2026-03-07T16:00');
  await expect(gridRow.getByTestId('effective-limit')).toHaveText('700');
  await expect(gridRow.getByTestId('binding-source')).toHaveAttribute('data-binding-source', 'NODE_HARD_CAP');
  await expect(aggRow.getByTestId('active-cap')).toHaveText('400');
  await expect(aggRow.getByTestId('active-source')).toHaveAttribute('data-source', 'TOU_SCHEDULED_CAP');
});

test('leaving with an unsaved policy set asks first; a refused save and leave keeps the user on the editor', async ({
  page,
  launch,
}) => {
  const app = await launch();
  await open(page, app, LIMITS);
  const grid = policy(page, 'lim-grid');

  // Above the grid's rating: "Save and leave" is refused, the errors are shown, nobody leaves.
  await grid.locator('input[name="hard_cap_kw"]').fill('900.5');
  await page.getByTestId('nav-topology').click();
  await expect(page.getByTestId('leave-guard')).toContainText('This policy set has unsaved changes');
  await page.getByTestId('leave-save').click();
  await ready(page);
  await expect(
    page.getByTestId('limits-save-errors').locator('li[data-error-code="LIMIT_EXCEEDS_PHYSICAL_RATING"]'),
  ).toBeVisible();
  await expect(page.getByTestId('leave-guard')).toHaveCount(0);
  expect(new URL(page.url()).hash).toBe(LIMITS);
  await expect(page.getByTestId('config-version')).toHaveText('1');

  // Within the rating: saved as version 2, then the Topology screen opens.
  await grid.locator('input[name="hard_cap_kw"]').fill('650');
  await leaveFor(page, 'topology', 'leave-save');
  expect(new URL(page.url()).hash).toBe('#/microgrids/mg-north/topology');
  await openTab(page, 'limits');
  await expect(page.getByTestId('config-version')).toHaveText('2');
  await expect(setRow(page, 'lim-grid')).toContainText('650');
  await expect(page.getByTestId('limits-draft-state')).toHaveAttribute('data-dirty', 'false');
});

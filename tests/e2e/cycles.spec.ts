// Acceptance (issue 7, Cycles and breaches), on North Depot at 16:00 Melbourne on a Monday (05:00Z,
// inside the grid's 15:00–21:00 window of 450 kW; switchboard A capped at 380 kW): fresh telemetry
// gives MEASURED; stale gives FALLBACK_DERIVED with the fallback inputs and thresholds; a stale
// load without a fallback value fails safe; reason codes appear in the spec's order; each breach
// shows one primary reason. Telemetry goes in as a batch and the cycle runs at T, as a user does.
import type { Page } from '@playwright/test';
import { REASON_CODES } from '../../domain/cycle/types.ts';
import { expect, open, ready, screenshot, test } from './app.ts';

const CYCLES = '#/microgrids/mg-north/cycles';
const T = '2026-03-02T05:00:00Z';

function before(at: string, seconds: number): string {
  return new Date(Date.parse(at) - seconds * 1000).toISOString().replace('.000Z', 'Z');
}

interface Batch {
  at: string;
  /** Age in seconds of each non-controllable asset's sample (default 10 s: fresh). */
  age?: Partial<Record<'load-office' | 'pv-roof' | 'load-wash', number>>;
  /** What switchboard A's chargers draw (kW). */
  drawA?: number;
  grid?: number;
  sbA?: number;
}

/** Six chargers on switchboard A at priority 9, two on B at 5, all asking 80 kW; meters over their limits. */
function batch(b: Batch): { samples: unknown[] } {
  const fresh = before(b.at, 10);
  const age = (id: 'load-office' | 'pv-roof' | 'load-wash') => before(b.at, b.age?.[id] ?? 10);
  const charger = (id: string, priority: number, power: number) => ({
    asset_id: id,
    at: fresh,
    power_kw: power,
    connected: true,
    requested_kw: 80,
    priority,
  });
  return {
    samples: [
      { node_id: 'grid', at: fresh, demand_kw: b.grid ?? 480 },
      { node_id: 'sb-a', at: fresh, demand_kw: b.sbA ?? 395 },
      { node_id: 'sb-b', at: fresh, demand_kw: 60 },
      { node_id: 'db-office', at: fresh, demand_kw: 30 },
      { asset_id: 'load-office', at: age('load-office'), power_kw: 60 },
      { asset_id: 'pv-roof', at: age('pv-roof'), power_kw: -30 },
      { asset_id: 'load-wash', at: age('load-wash'), power_kw: 20 },
      ...['ch-01', 'ch-02', 'ch-03', 'ch-04', 'ch-05', 'ch-06'].map((id) => charger(id, 9, b.drawA ?? 40)),
      charger('ch-07', 5, 10),
      charger('ch-08', 5, 10),
    ],
  };
}

async function loadAndRun(page: Page, b: Batch): Promise<void> {
  await page.getByTestId('telemetry-text').fill(JSON.stringify(batch(b)));
  await page.getByTestId('telemetry-load').click();
  await ready(page);
  await expect(page.getByTestId('cycle-notice')).toHaveText('stored 15 samples');
  await page.getByTestId('cycle-at').fill(b.at);
  await page.getByTestId('run-cycle').click();
  await ready(page);
  await expect(page.getByTestId('cycle-error')).toHaveCount(0);
  await expect(page.getByTestId('cycle-detail')).toContainText(`at ${b.at}`);
}

/** The reason entries of a list as shown, in DOM order. */
async function shownReasons(list: ReturnType<Page['locator']>): Promise<{ code: string; node: string }[]> {
  return list
    .locator('[data-reason-code]')
    .evaluateAll((els) =>
      els.map((e) => ({ code: e.getAttribute('data-reason-code')!, node: e.getAttribute('data-node-id')! })),
    );
}

/** cycle.md §5: by rank, then by node id (code-unit order). */
function specOrder(list: { code: string; node: string }[]): { code: string; node: string }[] {
  const rank = (c: string) => (REASON_CODES as readonly string[]).indexOf(c);
  return [...list].sort(
    (a, b) => rank(a.code) - rank(b.code) || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0),
  );
}

test('fresh telemetry gives a MEASURED cycle, with limits and headroom on the topology', async ({
  page,
  launch,
}) => {
  const app = await launch();
  await open(page, app, CYCLES);
  await expect(page.getByTestId('no-cycles')).toBeVisible();
  await loadAndRun(page, { at: T });

  const detail = page.getByTestId('cycle-detail');
  await expect(detail.getByTestId('cycle-source-mode')).toHaveAttribute('data-source-mode', 'MEASURED');
  await expect(detail.getByTestId('cycle-outcome')).toHaveAttribute('data-outcome', 'APPLIED');
  await expect(detail.getByTestId('fallback-none')).toBeVisible();
  await expect(page.locator('[data-testid="cycle-row"] [data-source-mode="MEASURED"]')).toHaveCount(1);
  // Switchboard A is full (6 × 63.333 kW = its 380 kW cap); the grid's TOU cap leaves B's chargers 10 kW each.
  await expect(
    detail.locator('[data-testid="setpoint-row"][data-asset-id="ch-01"] [data-testid="setpoint-kw"]'),
  ).toHaveText('63.334');
  await expect(
    detail.locator('[data-testid="setpoint-row"][data-asset-id="ch-07"] [data-testid="setpoint-kw"]'),
  ).toHaveText('10');
  const overlay = page.getByTestId('overlay-canvas');
  await expect(overlay.locator('[data-testid="overlay-node"][data-node-id="sb-a"]')).toHaveAttribute(
    'data-limit-kw',
    '380',
  );
  await expect(overlay.locator('[data-testid="overlay-node"][data-node-id="sb-a"]')).toHaveAttribute(
    'data-headroom-kw',
    '0',
  );
  await expect(overlay.locator('[data-testid="overlay-node"][data-node-id="grid"]')).toHaveAttribute(
    'data-limit-kw',
    '450',
  );
  await expect(overlay.locator('[data-testid="overlay-node"][data-node-id="db-office"]')).toHaveAttribute(
    'data-headroom-kw',
    '90',
  );
  await expect(overlay.locator('[data-testid="overlay-node"][data-node-id="grid"]')).toHaveAttribute(
    'data-source-mode',
    'MEASURED',
  );
  await page.getByTestId('cycle-list').scrollIntoViewIfNeeded();
  await screenshot(page, 'cycles');
});

test('stale telemetry gives FALLBACK_DERIVED, with the fallback inputs and the thresholds', async ({
  page,
  launch,
}) => {
  const app = await launch();
  await open(page, app, CYCLES);
  // The office load's last sample is 200 s old: stale after 90 s, still within the 900 s fail-safe limit.
  await loadAndRun(page, { at: T, age: { 'load-office': 200 } });

  const detail = page.getByTestId('cycle-detail');
  await expect(detail.getByTestId('cycle-source-mode')).toHaveAttribute(
    'data-source-mode',
    'FALLBACK_DERIVED',
  );
  await expect(detail.getByTestId('cycle-outcome')).toHaveAttribute('data-outcome', 'APPLIED');
  await expect(detail.getByTestId('stale-after-s')).toHaveText('90');
  await expect(detail.getByTestId('fail-safe-after-s')).toHaveText('900');
  const inputs = detail.getByTestId('fallback-input');
  await expect(inputs).toHaveCount(1);
  const office = detail.locator('[data-testid="fallback-input"][data-asset-id="load-office"]');
  await expect(office).toHaveAttribute('data-reason', 'STALE');
  await expect(office).toHaveAttribute('data-fallback-source', 'FALLBACK_KW');
  await expect(office.getByTestId('fallback-age')).toHaveText('200');
  await expect(office.getByTestId('fallback-value')).toHaveText('60');
  await expect(office).toContainText(before(T, 200));
  await expect(
    page.getByTestId('overlay-canvas').locator('[data-testid="overlay-node"][data-node-id="db-office"]'),
  ).toHaveAttribute('data-source-mode', 'FALLBACK_DERIVED');
  await detail.getByTestId('fallback-inputs').scrollIntoViewIfNeeded();
  await screenshot(page, 'cycles-fallback');
});

test('a stale load with no fallback value fails safe with its reason', async ({ page, launch }) => {
  const app = await launch();
  await open(page, app, CYCLES);
  // The bus wash (switchboard B) has no fallback_kw: 200 s without a sample cannot be made good.
  await loadAndRun(page, { at: T, age: { 'load-wash': 200 } });

  const detail = page.getByTestId('cycle-detail');
  await expect(detail.getByTestId('cycle-outcome')).toHaveAttribute('data-outcome', 'FAIL_SAFE');
  await expect(detail.getByTestId('cycle-source-mode')).toHaveAttribute(
    'data-source-mode',
    'FALLBACK_DERIVED',
  );
  expect(await shownReasons(detail.getByTestId('cycle-reasons'))).toEqual([
    { code: 'FAIL_SAFE_FALLBACK_UNAVAILABLE', node: 'sb-b' },
  ]);
  const wash = detail.locator('[data-testid="fallback-input"][data-asset-id="load-wash"]');
  await expect(wash).toHaveAttribute('data-fallback-source', 'NONE');
  await expect(wash.getByTestId('fallback-value')).toHaveText('—');
  // Every dispatchable charger is held at 0 kW with the fail-safe reason.
  const dispatched = detail.locator('[data-testid="setpoint-row"][data-state="DISPATCHED"]');
  await expect(dispatched).toHaveCount(8);
  for (const row of await dispatched.all()) {
    await expect(row.getByTestId('setpoint-kw')).toHaveText('0');
    expect(await shownReasons(row.getByTestId('setpoint-reasons'))).toEqual([
      { code: 'FAIL_SAFE_FALLBACK_UNAVAILABLE', node: 'sb-b' },
    ]);
  }
});

test('reason codes appear in the order of the spec: by rank, then by node', async ({ page, launch }) => {
  const app = await launch();
  await open(page, app, CYCLES);
  await loadAndRun(page, { at: T, age: { 'load-office': 200 } });

  const detail = page.getByTestId('cycle-detail');
  // ch-01 is held by switchboard A's hard cap and the grid's TOU cap, on a path whose demand came from a fallback.
  const ch01 = await shownReasons(
    detail.locator('[data-testid="setpoint-row"][data-asset-id="ch-01"] [data-testid="setpoint-reasons"]'),
  );
  expect(ch01).toEqual([
    { code: 'NODE_HARD_CAP', node: 'sb-a' },
    { code: 'TOU_SCHEDULED_CAP', node: 'grid' },
    { code: 'TELEMETRY_FALLBACK_DERIVED', node: 'grid' },
  ]);
  // Every list on the screen is in spec order, and they hold at least two distinct codes each where several apply.
  const lists = detail.locator(
    '[data-testid="setpoint-reasons"], [data-testid="breach-reasons"], [data-testid="cycle-reasons"]',
  );
  let checked = 0;
  for (const list of await lists.all()) {
    const shown = await shownReasons(list);
    expect(shown).toEqual(specOrder(shown));
    if (shown.length > 1) checked++;
  }
  expect(checked).toBeGreaterThanOrEqual(7);
});

test('each breach shows one primary reason, the first of its ranked reasons', async ({ page, launch }) => {
  const app = await launch();
  await open(page, app, CYCLES);
  await loadAndRun(page, { at: T });
  // A minute later switchboard A's chargers draw 75 kW against setpoints of 63.333: non-compliance.
  const T2 = '2026-03-02T05:01:00Z';
  await loadAndRun(page, { at: T2, drawA: 75, grid: 520, sbA: 450 });

  const breaches = page.getByTestId('cycle-detail').getByTestId('breach-row');
  await expect(breaches).toHaveCount(2);
  for (const row of await breaches.all()) {
    const primary = row.locator('[data-primary-reason]');
    await expect(primary).toHaveCount(1);
    const reasons = await shownReasons(row.getByTestId('breach-reasons'));
    expect(reasons.length).toBeGreaterThan(1);
    await expect(primary).toHaveAttribute('data-primary-reason', reasons[0]!.code);
  }
  await expect(
    page.locator('[data-testid="breach-row"][data-node-id="grid"] [data-primary-reason]'),
  ).toHaveAttribute('data-primary-reason', 'CHARGER_NONCOMPLIANCE');
  expect(
    await shownReasons(
      page.locator('[data-testid="breach-row"][data-node-id="grid"] [data-testid="breach-reasons"]'),
    ),
  ).toEqual([
    { code: 'CHARGER_NONCOMPLIANCE', node: 'grid' },
    { code: 'TOU_SCHEDULED_CAP', node: 'grid' },
  ]);
  await expect(
    page.locator('[data-testid="breach-row"][data-node-id="sb-a"] [data-primary-reason]'),
  ).toHaveAttribute('data-primary-reason', 'CHARGER_NONCOMPLIANCE');
  // The history lists the breaches of both cycles, each with its primary reason.
  await expect(page.getByTestId('breach-history-row')).toHaveCount(4);
  await expect(
    page.locator(`[data-testid="breach-history-row"][data-node-id="grid"] [data-primary-reason]`),
  ).toHaveCount(2);
  await page.getByTestId('breach-history').scrollIntoViewIfNeeded();
  await screenshot(page, 'cycles-breaches');
});

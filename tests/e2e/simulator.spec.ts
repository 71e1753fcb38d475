// Acceptance (issue 7, Simulator): a seeded run from the app gives the same manifest.json digests
// as the CLI for the same profile and seed; cancel stops a run; the charts render (screenshot).
// Runs play on a worker thread of the app process; the page polls their progress.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { expect, open, ready, ROOT, screenshot, test, type AppProcess } from './app.ts';

const SIMULATOR = '#/microgrids/mg-north/simulator';
const EVENING = join(ROOT, 'examples', 'profiles', 'evening-peak.yaml');
const run = promisify(execFile);

/** A scratch folder removed after the test. */
const scratch = test.extend<{ tmp: string }>({
  // eslint-disable-next-line no-empty-pattern
  tmp: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'studio-sim-e2e-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
});

/** Opens the Simulator screen with one of examples/profiles loaded. */
async function openWithExample(page: Page, app: AppProcess, example: string): Promise<void> {
  await open(page, app, SIMULATOR);
  await page.getByTestId('sim-example').selectOption(example);
  await page.getByTestId('sim-load-example').click();
  await ready(page);
}

async function startRun(page: Page, seed: string): Promise<string> {
  await page.getByTestId('sim-seed').fill(seed);
  await page.getByTestId('sim-start').click();
  await ready(page);
  await expect(page.getByTestId('sim-error')).toHaveCount(0);
  return (await page.getByTestId('sim-state').getAttribute('data-run-id'))!;
}

async function finished(page: Page): Promise<void> {
  await expect(page.getByTestId('sim-state')).toHaveAttribute('data-state', 'DONE', { timeout: 60_000 });
  await expect(page.getByTestId('sim-charts')).toBeVisible();
  await ready(page);
}

scratch(
  'a seeded run from the app gives the same manifest.json as `sim run` for the same profile and seed',
  async ({ page, launch, tmp }) => {
    const app = await launch();
    // The CLI's run, as QA would make it.
    const cliOut = join(tmp, 'cli');
    await run(
      process.execPath,
      [join(ROOT, 'bin', 'microgrid.mjs'), 'sim', 'run', EVENING, '--seed', '7', '--out', cliOut],
      { cwd: ROOT },
    );
    const cliManifest = readFileSync(join(cliOut, 'manifest.json'), 'utf8');
    const expected = JSON.parse(cliManifest) as {
      profile_sha256: string;
      seed: number;
      artifacts: Record<string, string>;
    };

    await open(page, app, SIMULATOR);
    await page.getByTestId('sim-file').setInputFiles(EVENING);
    await expect(page.getByTestId('sim-profile-label')).toHaveText('evening-peak.yaml');
    await startRun(page, '7');
    await finished(page);

    await expect(page.getByTestId('manifest-profile-sha256')).toHaveText(expected.profile_sha256);
    for (const [name, digest] of Object.entries(expected.artifacts)) {
      await expect(
        page.locator(
          `[data-testid="manifest-artifact"][data-artifact="${name}"] [data-testid="manifest-digest"]`,
        ),
      ).toHaveText(digest);
    }
    // Exported, the app's five files are the CLI's byte for byte, manifest.json included.
    const appOut = join(tmp, 'app');
    await page.getByTestId('sim-export-dir').fill(appOut);
    await page.getByTestId('sim-export').click();
    await ready(page);
    await expect(page.getByTestId('sim-exported')).toHaveText(`written to ${appOut}`);
    expect(readFileSync(join(appOut, 'manifest.json'), 'utf8')).toBe(cliManifest);
    for (const name of ['cycles.jsonl', 'timeseries.csv', 'sessions.csv', 'summary.json']) {
      expect(readFileSync(join(appOut, name)).equals(readFileSync(join(cliOut, name)))).toBe(true);
    }
  },
);

test('cancel stops a running simulation', async ({ page, launch }) => {
  const app = await launch();
  // The 500-charger day: 1,440 ticks, seconds of work.
  await openWithExample(page, app, 'depot-500.json');
  await startRun(page, '1');
  const progress = page.getByTestId('sim-progress');
  await expect(page.getByTestId('sim-state')).toHaveAttribute('data-state', 'RUNNING');
  await expect
    .poll(async () => Number(await progress.getAttribute('value')), { timeout: 60_000 })
    .toBeGreaterThan(0);
  await page.getByTestId('sim-cancel').click();
  await ready(page);

  await expect(page.getByTestId('sim-state')).toHaveAttribute('data-state', 'CANCELLED');
  const stoppedAt = Number(await progress.getAttribute('value'));
  expect(stoppedAt).toBeLessThan(Number(await progress.getAttribute('max')));
  await expect(page.getByTestId('sim-result')).toHaveCount(0);
  // Nothing goes on behind the screen: a fresh read of the run says the same, at the same tick.
  await open(page, app, SIMULATOR);
  await expect(page.locator('[data-testid="sim-run-row"][data-state="CANCELLED"]')).toHaveCount(1);
  await page.locator('[data-testid="sim-run-row"]').click();
  await expect(page.getByTestId('sim-state')).toHaveAttribute('data-state', 'CANCELLED');
  expect(Number(await page.getByTestId('sim-progress').getAttribute('value'))).toBe(stoppedAt);
  await expect(page.getByTestId('sim-cancel')).toBeDisabled();
});

test('the charts render: node demand against its limit, charging power, and the reason-code timeline', async ({
  page,
  launch,
}) => {
  const app = await launch();
  await openWithExample(page, app, 'evening-peak.yaml');
  await startRun(page, '42');
  await finished(page);

  const demand = page.getByTestId('chart-demand');
  // Three series (limit, demand, non-controllable), each a drawn path.
  await expect(demand.locator('.recharts-line path.recharts-curve')).toHaveCount(3);
  for (const path of await demand.locator('.recharts-line path.recharts-curve').all())
    expect((await path.getAttribute('d'))?.length ?? 0).toBeGreaterThan(100);
  await expect(
    page.getByTestId('chart-charging').locator('.recharts-area path.recharts-curve').first(),
  ).toHaveAttribute('d', /^M/);
  // The evening cap and switchboard A's cap bind, and a charger ignores its setpoint for a while.
  // Listed in rank order (cycle.md §5), each with how many entries named it.
  await expect(page.getByTestId('chart-reason-codes').locator('[data-reason-code]')).toHaveText([
    /^CHARGER_NONCOMPLIANCE \(\d+\)$/,
    /^NODE_HARD_CAP \(\d+\)$/,
    /^TOU_SCHEDULED_CAP \(\d+\)$/,
  ]);
  expect(await page.getByTestId('chart-reasons').locator('.recharts-scatter-symbol').count()).toBeGreaterThan(
    10,
  );

  // Another node's series replaces the first.
  await page.getByTestId('chart-node').selectOption('sb-a');
  await ready(page);
  await expect(demand.locator('h3')).toHaveText('Demand against limit at sb-a (kW)');
  // Tall enough for the three charts, with no tooltip under the pointer.
  await page.setViewportSize({ width: 1400, height: 1500 });
  await page.mouse.move(0, 0);
  await page.getByTestId('chart-reasons').scrollIntoViewIfNeeded();
  await screenshot(page, 'simulator');
});

test('two runs are compared with sim diff: the same seed is identical, another seed differs from its first cycle', async ({
  page,
  launch,
}) => {
  const app = await launch();
  await openWithExample(page, app, 'evening-peak.yaml');
  const a = await startRun(page, '5');
  await finished(page);
  const b = await startRun(page, '5');
  await finished(page);
  const c = await startRun(page, '6');
  await finished(page);

  await page.getByTestId('compare-a').selectOption(a);
  await page.getByTestId('compare-b').selectOption(b);
  await page.getByTestId('compare-run').click();
  await ready(page);
  await expect(page.getByTestId('compare-result')).toHaveAttribute('data-identical', 'true');

  await page.getByTestId('compare-b').selectOption(c);
  await page.getByTestId('compare-run').click();
  await ready(page);
  await expect(page.getByTestId('compare-result')).toHaveAttribute('data-identical', 'false');
  await expect(page.getByTestId('compare-first-cycle')).toHaveAttribute('data-line', /^\d+$/);
  await expect(page.getByTestId('compare-fields').locator('li').first()).toBeVisible();
});

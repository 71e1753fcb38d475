// Issue 8, Build 4: the live view of a connected microgrid (status, latest cycle with its source
// mode and ordered reason codes, active Operating Envelopes, open breaches with their primary
// reason) refreshes on its own: the test never reloads or clicks, it waits for what the controller
// did to appear.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startController } from '../../controller/server.ts';
import { expect, screenshot, test } from './app.ts';
import { connectAndPull, seedController } from './sync-support.ts';

interface Cycle {
  cycle_id: string;
  source_mode: string;
  reason_codes: { code: string; node_id: string }[];
  breaches: { node_id: string; primary_reason_code: string }[];
}

test('the live view follows the controller without a reload', async ({ page, launch, dataDir }) => {
  const dir = mkdtempSync(join(tmpdir(), 'sync-e2e-live-'));
  const controller = await startController({
    port: 0,
    dataFile: join(dir, 'controller.sqlite'),
    cycleIntervalS: 0,
    log: () => {},
  });
  const api = `${controller.url}/api/v1/microgrids/mg-north`;
  const post = async (path: string, body: unknown) => {
    const r = await fetch(`${api}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(r.status).toBeLessThan(300);
    return r.json() as Promise<unknown>;
  };
  try {
    await seedController(controller.url);
    const app = await launch([], join(dataDir, 'app'));
    await connectAndPull(page, app, controller.url, 'alice');
    const live = page.getByTestId('live-view');
    await expect(live.getByTestId('live-config-version')).toHaveText('1');
    await expect(live.getByTestId('live-no-cycle')).toBeVisible();

    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const envelope = (await post('/envelopes', {
      target_node_id: 'sb-a',
      capacity_kw: 250,
      valid_from: iso(now - 3_600_000),
      valid_to: iso(now + 3_600_000),
      source: { type: 'OSCP', source_id: 'dso-vic', external_ref: 'oscp-1' },
    })) as { id: string };
    const envelopeId = envelope.id;
    // The grid connection draws more than its 700 kW cap: the cycle reports a breach.
    await post('/telemetry', { samples: [{ node_id: 'grid', at: iso(now), demand_kw: 900 }] });
    const first = (await post('/cycles', {})) as Cycle;
    expect(first.breaches.length).toBeGreaterThan(0);

    await expect(live.getByTestId('live-cycle-id')).toHaveText(first.cycle_id);
    await expect(live.getByTestId('live-latest-cycle').locator('[data-source-mode]')).toHaveAttribute(
      'data-source-mode',
      first.source_mode,
    );
    expect(
      await live
        .getByTestId('live-reason-codes')
        .locator('[data-reason-code]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-reason-code'))),
    ).toEqual(first.reason_codes.map((r) => r.code));
    const breach = first.breaches[0]!;
    await expect(
      live.getByTestId('live-breaches').locator(`[data-node-id="${breach.node_id}"] [data-primary-reason]`),
    ).toHaveAttribute('data-primary-reason', breach.primary_reason_code);
    await expect(
      live.getByTestId('live-envelopes').locator(`[data-envelope-id="${envelopeId}"]`),
    ).toContainText('250 kW on sb-a');
    await screenshot(page, 'sync-live');

    // The saved connection can be changed in place: the next writes go out under the new name.
    await page.getByTestId('connection-edit').click();
    await page.getByTestId('connection-actor').fill('alice (depot laptop)');
    await page.getByTestId('connection-save').click();
    await expect(page.getByTestId('connection-actor-shown')).toHaveText('alice (depot laptop)');

    const second = (await post('/cycles', {})) as Cycle;
    await expect(live.getByTestId('live-cycle-id')).toHaveText(second.cycle_id);
    await expect(
      live.getByTestId('live-recent-cycles').locator(`[data-cycle-id="${first.cycle_id}"]`),
    ).toBeVisible();
  } finally {
    await controller.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

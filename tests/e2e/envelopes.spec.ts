// Acceptance (issue 7, Envelopes): expired, withdrawn and superseded envelopes stay visible with
// their history and source; the legacy circuit value equals the canonical effective limit.
import type { Page } from '@playwright/test';
import { expect, open, ready, screenshot, test } from './app.ts';

const ENVELOPES = '#/microgrids/mg-north/envelopes';

interface Entered {
  target: string;
  capacity: string;
  from: string;
  to: string;
  type: 'OSCP' | 'CSIP_AUS' | 'MANUAL';
  source: string;
  ref: string;
}

async function receive(page: Page, e: Entered): Promise<string> {
  await page.getByTestId('env-target_node_id').selectOption(e.target);
  await page.getByTestId('env-capacity_kw').fill(e.capacity);
  await page.getByTestId('env-valid_from').fill(e.from);
  await page.getByTestId('env-valid_to').fill(e.to);
  await page.getByTestId('env-type').selectOption(e.type);
  await page.getByTestId('env-source_id').fill(e.source);
  await page.getByTestId('env-external_ref').fill(e.ref);
  await page.getByTestId('env-receive').click();
  await ready(page);
  await expect(page.getByTestId('envelope-error')).toHaveCount(0);
  const card = page
    .locator(`[data-testid="envelope-source"][data-source-id="${e.source}"]`)
    .filter({ hasText: `ref ${e.ref} ` });
  await expect(card).toHaveCount(1);
  return (await card.locator('xpath=ancestor::article').getAttribute('data-envelope-id'))!;
}

test('expired, withdrawn and superseded envelopes stay visible with their history and source, and the legacy value equals the effective limit', async ({
  page,
  launch,
}) => {
  const app = await launch();
  await open(page, app, ENVELOPES);

  // Long past: expired as soon as it arrives.
  const expired = await receive(page, {
    target: 'grid',
    capacity: '500',
    from: '2020-01-01T00:00:00Z',
    to: '2020-01-02T00:00:00Z',
    type: 'OSCP',
    source: 'dso-east',
    ref: 'oscp-old-1',
  });
  // Live, then withdrawn by hand.
  const withdrawn = await receive(page, {
    target: 'grid',
    capacity: '600',
    from: '2020-01-01T00:00:00Z',
    to: '2099-01-01T00:00:00Z',
    type: 'MANUAL',
    source: 'ops-desk',
    ref: 'ops-1',
  });
  const withdrawnCard = page.getByTestId(`envelope-${withdrawn}`);
  await withdrawnCard.getByTestId('withdraw-reason').fill('network constraint cleared');
  await withdrawnCard.getByTestId('withdraw').click();
  await ready(page);
  // Live on switchboard B, then superseded by a tighter one from the same source.
  const first = await receive(page, {
    target: 'sb-b',
    capacity: '350',
    from: '2020-01-01T00:00:00Z',
    to: '2099-01-01T00:00:00Z',
    type: 'CSIP_AUS',
    source: 'csip-gw',
    ref: 'csip-1',
  });
  const second = await receive(page, {
    target: 'sb-b',
    capacity: '300',
    from: '2021-01-01T00:00:00Z',
    to: '2099-01-01T00:00:00Z',
    type: 'CSIP_AUS',
    source: 'csip-gw',
    ref: 'csip-2',
  });
  await expect(page.getByTestId('envelope-notice')).toHaveText(`received ${second}; it supersedes ${first}`);

  // Read afresh: everything below comes from the store.
  await open(page, app, ENVELOPES);
  const history = page.getByTestId('envelopes-history');
  await expect(history.locator('article')).toHaveCount(3);

  const e = history.getByTestId(`envelope-${expired}`);
  await expect(e).toHaveAttribute('data-status', 'EXPIRED');
  await expect(e.getByTestId('envelope-source')).toHaveAttribute('data-source-type', 'OSCP');
  await expect(e.getByTestId('envelope-source')).toContainText('source dso-east · ref oscp-old-1 · received');
  await expect(e.getByTestId('envelope-window')).toContainText('2020-01-01T00:00:00Z → 2020-01-02T00:00:00Z');
  await expect(e.locator('[data-event-type]')).toHaveCount(1);
  await expect(e.locator('[data-event-type="RECEIVED"]')).toBeVisible();

  const w = history.getByTestId(`envelope-${withdrawn}`);
  await expect(w).toHaveAttribute('data-status', 'WITHDRAWN');
  await expect(w.getByTestId('envelope-source')).toHaveAttribute('data-source-type', 'MANUAL');
  await expect(w.getByTestId('envelope-withdrawn')).toContainText('network constraint cleared');
  await expect(w.locator('[data-event-type]')).toHaveText([
    /^RECEIVED/,
    /^WITHDRAWN .* — network constraint cleared$/,
  ]);

  const s = history.getByTestId(`envelope-${first}`);
  await expect(s).toHaveAttribute('data-status', 'SUPERSEDED');
  await expect(s.getByTestId('envelope-source')).toHaveAttribute('data-source-type', 'CSIP_AUS');
  await expect(s.getByTestId('envelope-superseded-by')).toContainText(`by ${second}`);
  await expect(s.locator('[data-event-type]')).toHaveText([
    /^RECEIVED/,
    new RegExp(`^SUPERSEDED .* by ${second}$`),
  ]);

  const active = page.getByTestId('envelopes-active');
  await expect(active.locator('article')).toHaveCount(1);
  await expect(active.getByTestId(`envelope-${second}`)).toHaveAttribute('data-status', 'ACTIVE');
  // Every envelope is also on the timeline, in its scope's lane, with its status.
  const timeline = page.getByTestId('envelope-timeline');
  for (const [id, status] of [
    [expired, 'EXPIRED'],
    [withdrawn, 'WITHDRAWN'],
    [first, 'SUPERSEDED'],
    [second, 'ACTIVE'],
  ] as const) {
    await expect(timeline.locator(`[data-envelope-id="${id}"]`)).toHaveAttribute('data-status', status);
  }

  // The envelope binds switchboard B, and legacy circuit 2001 (aliased to it) says the same.
  const sbB = page.locator('[data-testid="envelope-limit-row"][data-node-id="sb-b"]');
  await expect(sbB.getByTestId('effective-limit')).toHaveText('300');
  await expect(sbB.locator('[data-binding-source]')).toHaveAttribute(
    'data-binding-source',
    'OPERATING_ENVELOPE',
  );
  const legacy = page.getByTestId('legacy-circuit-2001');
  await expect(legacy.getByTestId('legacy-available')).toHaveText('300');
  await expect(legacy.getByTestId('canonical-limit')).toHaveText('300');
  await expect(legacy).toHaveAttribute('data-consistent', 'true');
  // A circuit with no envelope reports its node's effective limit too (its physical rating).
  await expect(page.getByTestId('legacy-circuit-1042').getByTestId('legacy-available')).toHaveText('160');
  await expect(page.getByTestId('legacy-circuit-1042')).toHaveAttribute('data-consistent', 'true');
  await screenshot(page, 'envelopes');
});

// Acceptance (issue 7, Capabilities): two scopes with different states are shown with their scopes
// named; a competing bind shows the conflict (existing and incoming source) and the remediation,
// and the existing binding is unchanged.
import type { Page } from '@playwright/test';
import { expect, open, ready, screenshot, test } from './app.ts';

const CAPABILITIES = '#/microgrids/mg-north/capabilities';

async function bind(page: Page, capability: string, scope: string, source: string): Promise<void> {
  await page.getByTestId('bind-capability').selectOption(capability);
  await page.getByTestId('bind-scope').selectOption(scope);
  await page.getByTestId('bind-source').fill(source);
  await page.getByTestId('bind-submit').click();
  await ready(page);
}

async function status(
  page: Page,
  e: { capability: string; scope: string; source: string; state: string; ref: string; at: string },
): Promise<void> {
  await page.getByTestId('event-capability').selectOption(e.capability);
  await page.getByTestId('event-scope').selectOption(e.scope);
  await page.getByTestId('event-source').fill(e.source);
  await page.getByTestId('event-state').selectOption(e.state);
  await page.getByTestId('event-ref').fill(e.ref);
  await page.getByTestId('event-observed-at').fill(e.at);
  await page.getByTestId('event-submit').click();
  await ready(page);
  await expect(page.getByTestId('capability-error')).toHaveCount(0);
}

function statusRow(page: Page, capability: string, scope: string) {
  return page.locator(`[data-testid="status-row"][data-capability="${capability}"][data-node-id="${scope}"]`);
}

test('two scopes with different states are shown, each with its scope named', async ({ page, launch }) => {
  const app = await launch();
  await open(page, app, CAPABILITIES);
  // Disjoint subtrees may have different sources; the whole microgrid has a third capability.
  await bind(page, 'LOAD_CONTROL', 'sb-a', 'ems-a');
  await bind(page, 'LOAD_CONTROL', 'sb-b', 'ems-b');
  await bind(page, 'DEMAND_RESPONSE', 'grid', 'dso-dr');
  await status(page, {
    capability: 'LOAD_CONTROL',
    scope: 'sb-a',
    source: 'ems-a',
    state: 'ACTIVE',
    ref: 'a-1',
    at: '2026-03-02T05:00:00Z',
  });
  await status(page, {
    capability: 'LOAD_CONTROL',
    scope: 'sb-b',
    source: 'ems-b',
    state: 'AVAILABLE',
    ref: 'b-1',
    at: '2026-03-02T05:00:00Z',
  });
  await status(page, {
    capability: 'LOAD_CONTROL',
    scope: 'sb-b',
    source: 'ems-b',
    state: 'DEGRADED',
    ref: 'b-2',
    at: '2026-03-02T05:10:00Z',
  });
  // Older, arriving late: history only, the latest stays DEGRADED.
  await status(page, {
    capability: 'LOAD_CONTROL',
    scope: 'sb-b',
    source: 'ems-b',
    state: 'UNAVAILABLE',
    ref: 'b-0',
    at: '2026-03-02T04:00:00Z',
  });
  await status(page, {
    capability: 'DEMAND_RESPONSE',
    scope: 'grid',
    source: 'dso-dr',
    state: 'AVAILABLE',
    ref: 'dr-1',
    at: '2026-03-02T05:00:00Z',
  });

  await open(page, app, CAPABILITIES);
  await expect(page.getByTestId('status-row')).toHaveCount(3);
  const a = statusRow(page, 'LOAD_CONTROL', 'sb-a');
  await expect(a).toHaveAttribute('data-state', 'ACTIVE');
  await expect(a.getByTestId('scope-label')).toHaveText('subtree of Switchboard A (sb-a)');
  await expect(a).toHaveAttribute('data-whole-microgrid', 'false');
  const b = statusRow(page, 'LOAD_CONTROL', 'sb-b');
  await expect(b).toHaveAttribute('data-state', 'DEGRADED');
  await expect(b.getByTestId('scope-label')).toHaveText('subtree of Switchboard B (sb-b)');
  await expect(b.locator('.events li')).toHaveCount(3);
  const dr = statusRow(page, 'DEMAND_RESPONSE', 'grid');
  await expect(dr).toHaveAttribute('data-state', 'AVAILABLE');
  await expect(dr).toHaveAttribute('data-whole-microgrid', 'true');
  await expect(dr.getByTestId('scope-label')).toHaveText('whole microgrid (Grid connection, grid)');
  await screenshot(page, 'capabilities');
});

test('a competing bind shows the conflict and the remediation, and the existing binding is unchanged', async ({
  page,
  launch,
}) => {
  const app = await launch();
  await open(page, app, CAPABILITIES);
  await bind(page, 'LOAD_CONTROL', 'sb-a', 'ems-a');
  const existing = page.locator('[data-testid^="binding-"][data-source-id="ems-a"]');
  await expect(existing).toHaveAttribute('data-status', 'ACTIVE');
  const bindingId = (await existing.getAttribute('data-binding-id'))!;
  const before = await existing.innerText();

  // Another source for the whole microgrid overlaps switchboard A's subtree.
  await bind(page, 'LOAD_CONTROL', 'grid', 'fleet-ems');
  const conflict = page.getByTestId('capability-conflict');
  await expect(conflict).toHaveAttribute('data-error-code', 'CAPABILITY_SOURCE_CONFLICT');
  await expect(conflict.getByTestId('conflict-existing')).toHaveAttribute('data-binding-id', bindingId);
  await expect(conflict.getByTestId('conflict-existing')).toHaveAttribute('data-source-id', 'ems-a');
  await expect(conflict.getByTestId('conflict-existing')).toContainText('subtree of Switchboard A (sb-a)');
  await expect(conflict.getByTestId('conflict-incoming')).toHaveAttribute('data-source-id', 'fleet-ems');
  await expect(conflict.getByTestId('conflict-incoming')).toContainText('whole microgrid');
  await expect(conflict.getByTestId('conflict-remediation')).toHaveAttribute(
    'data-action',
    'RELEASE_EXISTING_BINDING',
  );
  await expect(conflict.getByTestId('conflict-remediation')).toHaveAttribute('data-binding-id', bindingId);
  await expect(conflict.getByTestId('remediate')).toHaveText(`Release binding ${bindingId}`);
  await screenshot(page, 'capabilities-conflict');

  // The existing binding is untouched, and no other was stored.
  await open(page, app, CAPABILITIES);
  await expect(page.locator('[data-testid^="binding-"][data-binding-id]')).toHaveCount(1);
  await expect(existing).toHaveAttribute('data-status', 'ACTIVE');
  expect(await existing.innerText()).toBe(before);

  // The remediation works: release, then the bind goes through.
  await bind(page, 'LOAD_CONTROL', 'grid', 'fleet-ems');
  await page.getByTestId('remediate').click();
  await ready(page);
  await expect(existing).toHaveAttribute('data-status', 'RELEASED');
  await bind(page, 'LOAD_CONTROL', 'grid', 'fleet-ems');
  await expect(page.getByTestId('capability-conflict')).toHaveCount(0);
  await expect(page.locator('[data-testid^="binding-"][data-source-id="fleet-ems"]')).toHaveAttribute(
    'data-status',
    'ACTIVE',
  );
});

// What the sync end-to-end tests share: a real site controller (in this process, or as a
// `microgrid controller` child process that can be stopped and started again on its port), its
// HTTP API for seeding and checking, and the user's steps on the Sync and Topology screens.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { MicrogridDocument, StoredDocument } from '../../domain/index.ts';
import { EXAMPLE, ROOT, canvasNode, expect, open, ready, type AppProcess } from './app.ts';

export const MICROGRID = 'mg-north';
export const SYNC = `#/microgrids/${MICROGRID}/sync`;
export const TOPOLOGY = `#/microgrids/${MICROGRID}/topology`;

export interface ControllerProcess {
  url: string;
  port: number;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

/** `microgrid controller --port PORT --data FILE --cycle-interval 0`, resolved once it listens. */
export function startControllerProcess(dataFile: string, port = 0): Promise<ControllerProcess> {
  const child = spawn(
    process.execPath,
    ['bin/microgrid.mjs', 'controller', '--port', String(port), '--data', dataFile, '--cycle-interval', '0'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(stdout);
      if (m) {
        const url = m[1]!;
        resolve({
          url,
          port: Number(new URL(url).port),
          stop: () =>
            child.exitCode !== null || child.signalCode !== null ? exited : (child.kill('SIGTERM'), exited),
        });
      }
    });
    void exited.then(() => reject(new Error(`the controller exited before listening: ${stderr}`)));
  });
}

export function exampleDocument(): MicrogridDocument {
  return JSON.parse(readFileSync(EXAMPLE, 'utf8')) as MicrogridDocument;
}

/** Creates the example microgrid on the controller, written by `seed`. */
export async function seedController(url: string): Promise<void> {
  const r = await fetch(`${url}/api/v1/microgrids`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-actor': 'seed' },
    body: JSON.stringify(exampleDocument()),
  });
  expect(r.status).toBe(201);
}

/** What the controller holds now (or at `version`), read over its API. */
export async function controllerDocument(url: string, version?: number): Promise<StoredDocument> {
  const r = await fetch(
    `${url}/api/v1/microgrids/${MICROGRID}/document${version ? `?version=${version}` : ''}`,
  );
  expect(r.status).toBe(200);
  return (await r.json()) as StoredDocument;
}

export function nodeName(doc: MicrogridDocument, id: string): string | undefined {
  return doc.nodes.find((n) => n.id === id)?.name;
}

/** On the Sync screen of a microgrid not on this computer: save a connection, then pull. */
export async function connectAndPull(
  page: Page,
  app: AppProcess,
  controllerUrl: string,
  actor: string,
): Promise<void> {
  await open(page, app, SYNC);
  await expect(page.getByTestId('local-version')).toHaveText('—');
  await page.getByTestId('connection-add').click();
  await page.getByTestId('connection-name').fill('Depot controller');
  await page.getByTestId('connection-url').fill(controllerUrl);
  await page.getByTestId('connection-actor').fill(actor);
  await page.getByTestId('connection-save').click();
  await ready(page);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'ONLINE');
  await page.getByTestId('sync-pull').click();
  await ready(page);
  await expect(page.getByTestId('sync-notice')).toContainText('Pulled into a new local microgrid');
  await expect(page.getByTestId('sync-notice')).toHaveAttribute('data-undoable', 'false');
}

/** Moves to another screen of the open microgrid through the navigation tabs (same page, no reload). */
export async function gotoScreen(page: Page, key: 'topology' | 'sync'): Promise<void> {
  await page.getByTestId(`nav-${key}`).click();
  await ready(page);
}

/** Renames nodes on the Topology screen and saves them locally in one save, as a user does; back to Sync. */
export async function renameNodes(page: Page, names: Record<string, string>): Promise<void> {
  await gotoScreen(page, 'topology');
  const before = Number(await page.getByTestId('topology-version').textContent());
  await page.getByTestId('edit-mode').click();
  for (const [id, name] of Object.entries(names)) {
    await canvasNode(page, id).locator('.node-name').click();
    await expect(page.locator(`[data-inspector-node="${id}"]`)).toBeVisible();
    const input = page.getByTestId('inspector').locator('input[name="name"]');
    await input.fill(name);
    await input.press('Enter');
  }
  await page.getByTestId('save').click();
  await ready(page);
  await expect(page.getByTestId('topology-version')).toHaveText(String(before + 1));
  await gotoScreen(page, 'sync');
}

/** The element keys listed in a change list, in order. */
export async function listedKeys(page: Page, testId: string): Promise<string[]> {
  return page
    .getByTestId(testId)
    .locator('[data-testid="change"]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-element-key') ?? ''));
}

export async function push(page: Page): Promise<void> {
  await page.getByTestId('sync-push').click();
  await ready(page);
}

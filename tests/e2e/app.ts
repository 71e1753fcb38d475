// Starting the app the way a user does (`microgrid app --browser`), one process per test on its
// own data folder; and the waits every test uses.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test as base, type Locator, type Page } from '@playwright/test';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const EXAMPLE = join(ROOT, 'examples', 'depot-north.json');
export const SCREENSHOTS = join(ROOT, 'artifacts', 'screenshots');

export interface AppProcess {
  url: string;
  dataDir: string;
  child: ChildProcess;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<number | null>;
}

export function startApp(dataDir: string, imports: string[] = []): Promise<AppProcess> {
  const args = [
    'bin/microgrid.mjs',
    'app',
    '--browser',
    '--port',
    '0',
    '--data',
    dataDir,
    ...(imports.length ? ['--import', ...imports] : []),
  ];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(stdout);
      if (m)
        resolve({
          url: m[1]!,
          dataDir,
          child,
          stop: () => (child.exitCode !== null ? exited : (child.kill('SIGTERM'), exited)),
        });
    });
    void exited.then((code) => reject(new Error(`the app exited (${code}) before listening: ${stderr}`)));
  });
}

/** Starts an app process (browser mode) on a data folder, with microgrid documents imported. */
export type Launch = (imports?: string[], dataDir?: string) => Promise<AppProcess>;

/** A fresh data folder per test, and every app process it started stopped afterwards. */
export const test = base.extend<{
  dataDir: string;
  launch: Launch;
}>({
  // eslint-disable-next-line no-empty-pattern
  dataDir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'studio-e2e-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  launch: async ({ dataDir }, use) => {
    const started: AppProcess[] = [];
    await use(async (imports = [EXAMPLE], dir = dataDir) => {
      const app = await startApp(dir, imports);
      started.push(app);
      return app;
    });
    for (const app of started) await app.stop();
  },
});

export { expect };

/** Loads a route in a fresh document and waits until its screen shows its data. */
export async function open(page: Page, app: AppProcess, route: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${app.url}/${route}`);
  await ready(page);
}

/** Opens a tab of the microgrid's screens and waits for it. */
export async function openTab(page: Page, tab: string): Promise<void> {
  await page.getByTestId(`nav-${tab}`).click();
  await ready(page);
}

/** Clicks a tab with unsaved changes on screen and answers the leave guard. */
export async function leaveFor(
  page: Page,
  tab: string,
  answer: 'leave-save' | 'leave-discard',
): Promise<void> {
  await page.getByTestId(`nav-${tab}`).click();
  await page.getByTestId(answer).click();
  await ready(page);
}

export async function ready(page: Page): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('data-app-state', 'ready');
}

export function canvas(page: Page): Locator {
  return page.getByTestId('topology-canvas');
}

export function canvasNode(page: Page, id: string): Locator {
  return canvas(page).locator(`[data-node-id="${id}"]`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** What the canvas shows, to compare before and after an action that must not change it. */
export async function canvasState(page: Page): Promise<unknown> {
  return canvas(page).evaluate((root) => ({
    nodes: [...root.querySelectorAll('.react-flow__node')].map((n) => ({
      id: n.querySelector('[data-node-id]')?.getAttribute('data-node-id'),
      transform: (n as HTMLElement).style.transform,
      error: n.querySelector('[data-node-id]')?.getAttribute('data-error-code') ?? null,
      text: (n as HTMLElement).innerText,
    })),
    edges: [...root.querySelectorAll('.react-flow__edge path.react-flow__edge-path')].map((p) =>
      p.getAttribute('d'),
    ),
    viewport: (root.querySelector('.react-flow__viewport') as HTMLElement | null)?.style.transform,
  }));
}

// HTTP tests run against a real controller listening on a free port, each on a fresh SQLite file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../domain/index.ts';
import { depot } from '../../domain/usecases/test/fixture.ts';
import { startController, type RunningController } from '../server.ts';

export { depot };

export interface Reply {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

export interface TestController extends RunningController {
  dir: string;
  file: string;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  /** Creates the fixture depot (or `doc`) and returns its topology reply. */
  create(doc?: unknown): Promise<Reply>;
  stop(): Promise<void>;
}

export async function request(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
  }
  const res = await fetch(base + path, init);
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

export async function startTestController(
  options: { clock?: Clock; cycleIntervalS?: number; token?: string; replayClock?: boolean } = {},
): Promise<TestController> {
  const dir = mkdtempSync(join(tmpdir(), 'controller-test-'));
  const file = join(dir, 'controller.sqlite');
  const running = await startController({
    port: 0,
    dataFile: file,
    cycleIntervalS: options.cycleIntervalS ?? 0,
    token: options.token ?? null,
    clock: options.clock,
    replayClock: options.replayClock,
    log: () => {},
  });
  const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    request(running.url, method, path, body, headers);
  return {
    ...running,
    dir,
    file,
    call,
    async create(doc: unknown = depot()) {
      const r = await call('POST', '/api/v1/microgrids', doc, { 'x-actor': 'ana' });
      if (r.status !== 201) throw new Error(`create failed: ${r.status} ${r.text}`);
      return r;
    },
    async stop() {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A clock the test sets by hand (the controller never reads the wall clock then). */
export function testClock(iso: string): Clock & { set(iso: string): void } {
  let now = Date.parse(iso);
  return { now: () => now, set: (i: string) => (now = Date.parse(i)) };
}

export const PROBLEM = /^application\/problem\+json/;

/** GET paths below /api/v1/microgrids/:id that the tests read with an unknown microgrid id. */
export const MICROGRID_READ_PATHS = [
  '/topology',
  '/limits',
  '/limits/active',
  '/revisions',
  '/envelopes',
  '/capability-bindings',
  '/capability-status',
  '/cycles',
  '/breaches',
  '/status',
  '/circuit-aliases',
];

// The controller as a process (`node bin/microgrid.mjs controller ...`): it prints its address,
// stops cleanly on SIGTERM, and keeps every acknowledged write through a kill -9.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { depot, request } from './helpers.ts';

const BIN = resolve(__dirname, '../../bin/microgrid.mjs');
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'controller-proc-'));
  dirs.push(dir);
  return join(dir, 'controller.sqlite');
}

/** Starts the controller and resolves with its URL once it printed the listening line. */
function start(file: string): Promise<{ child: ChildProcess; url: string; line: string }> {
  const child = spawn(
    process.execPath,
    [BIN, 'controller', '--port', '0', '--data', file, '--cycle-interval', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  return new Promise((resolvePromise, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^listening on (http:\/\/127\.0\.0\.1:(\d+))\n/.exec(out);
      if (m) resolvePromise({ child, url: m[1]!, line: out.split('\n')[0]! });
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`controller exited (${code}) before listening: ${err}`)));
  });
}

/** Resolves with the exit code (null after a signal), also when the child has exited already. */
const exited = (child: ChildProcess) =>
  new Promise<number | null>((r) =>
    child.exitCode !== null || child.signalCode !== null
      ? r(child.exitCode)
      : child.on('exit', (code) => r(code)),
  );

describe('microgrid controller (process)', () => {
  it('prints "listening on http://HOST:PORT" with the real port and exits 0 on SIGTERM', async () => {
    const { child, url, line } = await start(tempFile());
    expect(line).toMatch(/^listening on http:\/\/127\.0\.0\.1:[1-9]\d*$/);
    expect((await request(url, 'GET', '/healthz')).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  });

  it('finds every acknowledged write after kill -9 and a restart on the same file', async () => {
    const file = tempFile();
    const first = await start(file);
    const u = first.url;
    const mg = '/api/v1/microgrids/mg-north';
    expect((await request(u, 'POST', '/api/v1/microgrids', depot())).status).toBe(201);
    const limits = depot().limits.slice(0, 2);
    expect(
      (await request(u, 'PUT', `${mg}/limits`, { policies: limits }, { 'if-match': '"1"', 'x-actor': 'ben' }))
        .status,
    ).toBe(200);
    const binding = await request(u, 'POST', `${mg}/capability-bindings`, {
      capability: 'LOAD_CONTROL',
      scope_node_id: 'sb-a',
      source_id: 'ems',
    });
    expect(binding.status).toBe(201);
    expect(
      (
        await request(u, 'POST', `${mg}/capability-events`, {
          event_ref: 'e1',
          source_id: 'ems',
          capability: 'LOAD_CONTROL',
          scope_node_id: 'sb-a',
          state: 'ACTIVE',
          observed_at: '2026-03-01T00:00:00Z',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await request(u, 'POST', '/api/circuit/2001/tou_limits', {
          default_max_power_kw: 300,
          tou_limits: [],
        })
      ).status,
    ).toBe(200);
    const cycle = await request(u, 'POST', `${mg}/cycles`);
    expect(cycle.status).toBe(200);

    // A burst of writes; kill -9 while some are still in flight. Whatever was acknowledged must stay.
    const acknowledged: string[] = [];
    const inFlight: Promise<void>[] = [];
    let killed = false;
    for (let i = 0; i < 120; i++) {
      const body = {
        target_node_id: 'grid',
        capacity_kw: 500 + i,
        valid_from: '2026-03-01T00:00:00Z',
        valid_to: '2026-03-02T00:00:00Z',
        source: { type: 'OSCP', source_id: `dso-${i}`, external_ref: `ref-${i}` },
      };
      inFlight.push(
        request(u, 'POST', `${mg}/envelopes`, body)
          .then((r) => {
            if (r.status === 201 && !killed) acknowledged.push(r.body.id);
            if (acknowledged.length === 40 && !killed) {
              killed = true;
              first.child.kill('SIGKILL');
            }
          })
          .catch(() => {}),
      );
    }
    await Promise.all(inFlight);
    if (!killed) first.child.kill('SIGKILL');
    await exited(first.child);
    expect(acknowledged.length).toBeGreaterThanOrEqual(40);

    const second = await start(file);
    const v = second.url;
    const topo = await request(v, 'GET', `${mg}/topology`);
    expect(topo.body.version).toBe(3);
    expect(
      (await request(v, 'GET', `${mg}/limits`)).body.policies.filter(
        (p: { node_id: string }) => p.node_id !== 'sb-b',
      ),
    ).toEqual(limits);
    expect(
      (await request(v, 'GET', `${mg}/revisions`)).body.revisions.map((r: { kind: string }) => r.kind),
    ).toEqual(['CREATED', 'LIMITS', 'LEGACY_TOU']);
    expect((await request(v, 'GET', `${mg}/capability-bindings`)).body.bindings).toEqual([binding.body]);
    expect((await request(v, 'GET', `${mg}/capability-status`)).body.statuses[0]).toMatchObject({
      event_ref: 'e1',
      state: 'ACTIVE',
    });
    expect((await request(v, 'GET', `${mg}/cycles/${cycle.body.cycle_id}`)).body).toEqual(cycle.body);
    expect((await request(v, 'GET', '/api/v1/legacy/alias-usage?circuit_id=2001')).body.usage).toHaveLength(
      1,
    );
    const stored = new Set(
      (await request(v, 'GET', `${mg}/envelopes`)).body.envelopes.map((e: { id: string }) => e.id),
    );
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    // Ids keep counting after the restart: a new cycle never reuses an old id.
    const next = await request(v, 'POST', `${mg}/cycles`);
    expect(next.body.cycle_id).not.toBe(cycle.body.cycle_id);
    second.child.kill('SIGTERM');
    expect(await exited(second.child)).toBe(0);
  });
});

// Browser mode's transport: the Reply envelope over POST /rpc/<command>, the built page, and the
// guards that keep other hosts and other origins away from the local store.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Dispatch } from '../services/dispatch.ts';
import { buildBrowserServer, isLoopback, startBrowserServer, urlOf } from '../transport/http-server.ts';

const page = mkdtempSync(join(tmpdir(), 'renderer-'));
writeFileSync(join(page, 'index.html'), '<!doctype html><title>Microgrid Studio</title>');
afterAll(() => rmSync(page, { recursive: true, force: true }));

const calls: [string, unknown][] = [];
const dispatch: Dispatch = async (command, input) => {
  calls.push([command, input]);
  return command === 'listMicrogrids'
    ? { ok: true, value: { microgrids: [] } }
    : { ok: false, error: { code: 'COMMAND_UNKNOWN', message: 'no such command' } };
};
const HOST = '127.0.0.1:5555';
const app = buildBrowserServer({ dispatch, rendererDir: page }, () => new Set([HOST]));

describe('browser-mode HTTP transport', () => {
  it('carries a command and its input to dispatch and answers the Reply envelope', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/rpc/listMicrogrids',
      headers: { host: HOST, 'content-type': 'application/json' },
      payload: {},
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, value: { microgrids: [] } });
    const refused = await app.inject({
      method: 'POST',
      url: '/rpc/nothing',
      headers: { host: HOST, 'content-type': 'application/json' },
      payload: { a: 1 },
    });
    expect(refused.json()).toEqual({
      ok: false,
      error: { code: 'COMMAND_UNKNOWN', message: 'no such command' },
    });
    expect(calls.at(-1)).toEqual(['nothing', { a: 1 }]);
  });

  it('serves the built page', async () => {
    const res = await app.inject({ method: 'GET', url: '/', headers: { host: HOST } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Microgrid Studio');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('refuses another Host (DNS rebinding) and another Origin (a web page posting to localhost)', async () => {
    const otherHost = await app.inject({
      method: 'POST',
      url: '/rpc/listMicrogrids',
      headers: { host: 'evil.example:5555', 'content-type': 'application/json' },
      payload: {},
    });
    expect(otherHost.statusCode).toBe(403);
    expect(otherHost.json()).toMatchObject({ ok: false, error: { code: 'HOST_NOT_ALLOWED' } });
    const otherOrigin = await app.inject({
      method: 'POST',
      url: '/rpc/listMicrogrids',
      headers: { host: HOST, origin: 'https://evil.example', 'content-type': 'application/json' },
      payload: {},
    });
    expect(otherOrigin.json()).toMatchObject({ ok: false, error: { code: 'ORIGIN_NOT_ALLOWED' } });
  });

  it('answers malformed bodies with a code and no stack trace', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: '/rpc/listMicrogrids',
      headers: { host: HOST, 'content-type': 'application/json' },
      payload: '{"oops',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ ok: false, error: { code: 'REQUEST_INVALID' } });
    expect(bad.body).not.toMatch(/\n\s+at /);
    const text = await app.inject({
      method: 'POST',
      url: '/rpc/listMicrogrids',
      headers: { host: HOST, 'content-type': 'text/plain' },
      payload: 'hi',
    });
    expect(text.statusCode).toBe(415);
    expect(text.json()).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
  });

  it('binds loopback only, and prints the URL a browser can open', async () => {
    expect(isLoopback('127.0.0.1') && isLoopback('::1') && isLoopback('localhost')).toBe(true);
    expect(isLoopback('0.0.0.0')).toBe(false);
    await expect(
      startBrowserServer({ dispatch, rendererDir: page, host: '0.0.0.0', port: 0 }),
    ).rejects.toThrow(/loopback address only/);
    expect(urlOf('::1', 80)).toBe('http://[::1]:80');
    const server = await startBrowserServer({ dispatch, rendererDir: page, host: '127.0.0.1', port: 0 });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${server.url}/rpc/listMicrogrids`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(await res.json()).toEqual({ ok: true, value: { microgrids: [] } });
    await server.close();
  });
});

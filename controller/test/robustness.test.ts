// ≥ 1,000 generated malformed requests (bad JSON, wrong types, unknown ids, oversized bodies,
// wrong methods, bad queries and headers), sent for real: every answer is a 4xx problem+json,
// never a 5xx, and the controller stays healthy and correct afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRng, type Rng } from '../../fixtures/rng.ts';
import { depot, MICROGRID_READ_PATHS, PROBLEM, startTestController, type TestController } from './helpers.ts';

interface Bad {
  method: string;
  path: string;
  body?: string;
  headers?: Record<string, string>;
  why: string;
}

const MG = '/api/v1/microgrids/mg-north';
const WRITE_ROUTES: [string, string, () => unknown][] = [
  ['POST', '/api/v1/microgrids', () => depot('mg-other')],
  ['PUT', `${MG}/topology`, () => ({ nodes: depot().nodes, assets: depot().assets, base_version: 1 })],
  ['PUT', `${MG}/limits`, () => ({ policies: depot().limits, base_version: 1 })],
  ['PUT', `${MG}/circuit-aliases`, () => ({ circuit_aliases: depot().circuit_aliases, base_version: 1 })],
  [
    'POST',
    `${MG}/envelopes`,
    () => ({
      target_node_id: 'sb-a',
      capacity_kw: 10,
      valid_from: '2026-03-01T00:00:00Z',
      valid_to: '2026-03-02T00:00:00Z',
      source: { type: 'OSCP', source_id: 's', external_ref: 'r' },
    }),
  ],
  [
    'POST',
    `${MG}/capability-bindings`,
    () => ({ capability: 'LOAD_CONTROL', scope_node_id: 'sb-a', source_id: 'ems' }),
  ],
  [
    'POST',
    `${MG}/capability-events`,
    () => ({
      event_ref: 'e',
      source_id: 'ems',
      capability: 'LOAD_CONTROL',
      scope_node_id: 'sb-a',
      state: 'ACTIVE',
      observed_at: '2026-03-01T00:00:00Z',
    }),
  ],
  [
    'POST',
    `${MG}/telemetry`,
    () => ({ samples: [{ asset_id: 'ch-01', at: '2026-03-01T00:00:00Z', power_kw: 1 }] }),
  ],
  ['POST', `${MG}/cycles`, () => ({ scope_node_id: 'sb-a' })],
  ['POST', '/api/circuit/1042/tou_limits', () => ({ default_max_power_kw: 100, tou_limits: [] })],
  ['POST', '/api/circuit/1042/rebalance_load', () => ({})],
];
const WRONG_VALUES: unknown[] = [
  null,
  true,
  -1,
  1.5e308,
  'x',
  '',
  [],
  {},
  [1, 2],
  { nested: { deep: [null] } },
  'DROP TABLE microgrids;',
  '\u0000',
  'é'.repeat(300),
];

function randomText(rng: Rng, n: number): string {
  const alphabet = '{}[]":,0123456789abcdefnulltrue \\\n\t\u00ff\u2028';
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[rng.int(0, alphabet.length - 1)];
  return s;
}

/** Replaces one value somewhere inside a valid body by a value of the wrong type. */
function corrupt(rng: Rng, value: unknown): unknown {
  if (Array.isArray(value)) {
    if (value.length === 0) return rng.pick(WRONG_VALUES.filter((v) => !Array.isArray(v)));
    const i = rng.int(0, value.length - 1);
    const copy = [...value];
    copy[i] = rng.chance(0.5) ? corrupt(rng, value[i]) : rng.pick(WRONG_VALUES);
    return copy;
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    const key = rng.pick(keys);
    const copy = { ...(value as Record<string, unknown>) };
    const inner = copy[key];
    const mutateHere = rng.chance(0.4) || inner === null || typeof inner !== 'object';
    copy[key] = mutateHere
      ? rng.pick(
          WRONG_VALUES.filter((v) => typeof v !== typeof inner || Array.isArray(v) !== Array.isArray(inner)),
        )
      : corrupt(rng, inner);
    return copy;
  }
  return rng.pick(WRONG_VALUES.filter((v) => typeof v !== typeof value));
}

function generate(count: number, seed: number): Bad[] {
  const rng = seededRng(seed);
  const out: Bad[] = [];
  const json = { 'content-type': 'application/json' };
  while (out.length < count) {
    const kind = rng.int(0, 9);
    const [method, path, valid] = rng.pick(WRITE_ROUTES);
    if (kind === 0) {
      // Broken JSON: a valid body cut short, or noise.
      const text = JSON.stringify(valid());
      out.push({
        method,
        path,
        body: rng.chance(0.5)
          ? text.slice(0, rng.int(1, Math.max(1, text.length - 1)))
          : randomText(rng, rng.int(1, 80)),
        headers: json,
        why: 'bad JSON',
      });
    } else if (kind <= 3) {
      const body = corrupt(rng, valid());
      out.push({
        method,
        path,
        body: JSON.stringify(body),
        headers: { ...json, 'if-match': '"1"' },
        why: 'wrong type',
      });
    } else if (kind === 4) {
      const body = {
        ...(valid() as Record<string, unknown>),
        [`unexpected_${rng.int(0, 99)}`]: rng.pick(WRONG_VALUES),
      };
      out.push({
        method,
        path,
        body: JSON.stringify(body),
        headers: { ...json, 'if-match': '"1"' },
        why: 'unknown member',
      });
    } else if (kind === 5) {
      const id = `mg-${rng.int(0, 1e6)}`;
      out.push({
        method: 'GET',
        path: `/api/v1/microgrids/${id}${rng.pick(MICROGRID_READ_PATHS)}`,
        why: 'unknown microgrid',
      });
    } else if (kind === 6) {
      const sub = rng.pick([
        `${MG}/envelopes/env-${rng.int(0, 1e6)}`,
        `${MG}/cycles/cyc-${rng.int(0, 1e6)}`,
        `${MG}/topology?version=${rng.int(2, 1e6)}`,
        `/api/circuit/c-${rng.int(0, 1e6)}`,
        `/api/v1/nothing/${rng.int(0, 99)}`,
      ]);
      const m =
        sub.includes('/envelopes/') ||
        sub.includes('/cycles/') ||
        sub.includes('circuit') ||
        sub.includes('topology')
          ? 'GET'
          : rng.pick(['GET', 'POST']);
      out.push({ method: m, path: sub, why: 'unknown id' });
    } else if (kind === 7) {
      out.push({
        method: rng.pick(['DELETE', 'PATCH', method === 'PUT' ? 'POST' : 'PUT']),
        path,
        body: JSON.stringify(valid()),
        headers: json,
        why: 'wrong method',
      });
    } else if (kind === 8) {
      out.push(
        rng.pick<Bad>([
          {
            method: 'GET',
            path: `${MG}/limits/active?at=${encodeURIComponent(randomText(rng, 8))}`,
            why: 'bad at',
          },
          {
            method: 'GET',
            path: `${MG}/cycles?limit=${rng.pick(['-1', '0', 'abc', '1e9', '2.5'])}`,
            why: 'bad limit',
          },
          {
            method: 'GET',
            path: `${MG}/topology?version=${rng.pick(['0', '-3', 'x', '1.5'])}`,
            why: 'bad version',
          },
          {
            method: 'GET',
            path: `${MG}/envelopes?status=${rng.pick(['LIVE', 'active', '1'])}`,
            why: 'bad status',
          },
          {
            method: 'GET',
            path: `${MG}/breaches?since=${rng.pick(['yesterday', '2026-13-01T00:00:00Z', '2026-03-01'])}`,
            why: 'bad since',
          },
          {
            method: 'PUT',
            path: `${MG}/limits`,
            body: JSON.stringify({ policies: [] }),
            headers: { ...json, 'if-match': rng.pick(['abc', '*', '"1", "2"', 'W/x']) },
            why: 'bad If-Match',
          },
          {
            method: 'POST',
            path: `${MG}/cycles`,
            body: '{}',
            headers: { ...json, 'x-actor': 'a'.repeat(rng.int(201, 400)) },
            why: 'long actor',
          },
          {
            method: 'PUT',
            path: `${MG}/limits`,
            body: JSON.stringify({ policies: [] }),
            headers: json,
            why: 'no version',
          },
        ]),
      );
    } else {
      out.push({
        method,
        path,
        body: JSON.stringify(valid()).slice(0, 20),
        headers: {
          'content-type': rng.pick(['text/plain', 'application/xml', 'application/x-www-form-urlencoded']),
        },
        why: 'wrong content type',
      });
    }
  }
  return out;
}

let c: TestController;
beforeAll(async () => {
  c = await startTestController();
  await c.create();
});
afterAll(() => c.stop());

async function inBatches<T, R>(items: T[], size: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

describe('malformed requests', () => {
  it('answers 1,000 generated malformed requests with 4xx problem+json and stays healthy', async () => {
    const requests = generate(1000, 20260302);
    const answers = await inBatches(requests, 25, async (r) => {
      const res = await fetch(c.url + r.path, { method: r.method, headers: r.headers ?? {}, body: r.body });
      const text = await res.text();
      return { r, status: res.status, type: res.headers.get('content-type') ?? '', text };
    });
    const wrong = answers.filter((a) => {
      if (a.status < 400 || a.status >= 500 || !PROBLEM.test(a.type)) return true;
      const p = JSON.parse(a.text) as { status?: number; code?: string; detail?: string };
      return (
        p.status !== a.status ||
        typeof p.code !== 'string' ||
        typeof p.detail !== 'string' ||
        a.text.includes('    at ')
      );
    });
    expect(
      wrong.map((a) => `${a.r.why}: ${a.r.method} ${a.r.path} → ${a.status} ${a.text.slice(0, 200)}`),
    ).toEqual([]);
    const statuses = new Set(answers.map((a) => a.status));
    for (const s of [400, 404, 405, 415, 428])
      expect(statuses.has(s), `status ${s} among the answers`).toBe(true);
    // Every kind was exercised.
    expect(new Set(requests.map((r) => r.why)).size).toBeGreaterThanOrEqual(10);

    expect((await c.call('GET', '/healthz')).body).toEqual({ status: 'ok' });
    const topo = await c.call('GET', `${MG}/topology`);
    expect(topo.body.version).toBe(1);
    expect(topo.body.nodes).toEqual(depot().nodes);
    expect(
      (await c.call('PUT', `${MG}/limits`, { policies: depot().limits.slice(1) }, { 'if-match': '"1"' }))
        .status,
    ).toBe(200);
  });

  it('answers 413 problem+json for a body over 5 MiB', async () => {
    const huge = JSON.stringify({
      samples: Array.from({ length: 90_000 }, (_, i) => ({
        asset_id: 'ch-01',
        at: '2026-03-01T00:00:00Z',
        power_kw: i,
      })),
    });
    expect(huge.length).toBeGreaterThan(5 * 1024 * 1024);
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${c.url}${MG}/telemetry`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: huge,
      });
      expect(res.status).toBe(413);
      expect(res.headers.get('content-type')).toMatch(PROBLEM);
      expect(await res.json()).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    }
    expect((await c.call('GET', '/healthz')).status).toBe(200);
  });

  it('answers an unknown route 404 and a wrong method 405, both problem+json', async () => {
    const none = await c.call('GET', '/nothing/here');
    expect(none).toMatchObject({ status: 404, body: { code: 'ROUTE_NOT_FOUND' } });
    const method = await c.call('DELETE', `${MG}/limits`);
    expect(method).toMatchObject({
      status: 405,
      body: { code: 'METHOD_NOT_ALLOWED', allow: ['GET', 'PUT'] },
    });
    expect(method.headers.get('allow')).toBe('GET, PUT');
  });
});

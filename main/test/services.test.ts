// The main services behind both transports: the local store (the shared SQLite store over sql.js,
// saved by atomic replace), the shared use cases, and the import of microgrid documents.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { MicrogridDocument } from '../../domain/index.ts';
import { startAppServices, type AppServices } from '../services/app-services.ts';
import { STORE_FILE_NAME } from '../services/local-store.ts';

const EXAMPLE = join(import.meta.dirname, '..', '..', 'examples', 'depot-north.json');
const example = (): MicrogridDocument => JSON.parse(readFileSync(EXAMPLE, 'utf8')) as MicrogridDocument;
const root = mkdtempSync(join(tmpdir(), 'app-services-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const clock = { now: () => Date.parse('2026-03-02T07:30:00Z') };
let n = 0;

async function start(dataDir = join(root, `d${n++}`), imports: string[] = [EXAMPLE]): Promise<AppServices> {
  return startAppServices({ dataDir, mode: 'browser', imports, actor: 'tester', clock });
}

function value<T>(reply: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!reply.ok) throw new Error(`expected success, got ${JSON.stringify(reply.error)}`);
  return reply.value;
}

describe('local store and topology', () => {
  it('imports a document at start and reads its topology in one load', async () => {
    const app = await start();
    expect(app.imported).toEqual([
      { microgrid_id: 'mg-north', outcome: 'created', version: 1, file: EXAMPLE },
    ]);
    const view = value(await app.dispatch('readTopology', { microgrid_id: 'mg-north' })) as {
      version: number;
      nodes: unknown[];
      assets: unknown[];
      updated_by: string;
      updated_at: string;
    };
    expect(view.nodes).toHaveLength(example().nodes.length);
    expect(view.assets).toHaveLength(example().assets.length);
    expect(view).toMatchObject({ version: 1, updated_by: 'tester', updated_at: '2026-03-02T07:30:00Z' });
    app.close();
  });

  it('answers MICROGRID_NOT_FOUND for an unknown id', async () => {
    const app = await start(undefined, []);
    const reply = await app.dispatch('readTopology', { microgrid_id: 'nope' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'MICROGRID_NOT_FOUND', microgrid_id: 'nope' } });
    app.close();
  });

  it('refuses a cycle with every error, stores nothing, and keeps the file as it was', async () => {
    const dir = join(root, 'cycle');
    const app = await start(dir);
    const before = readFileSync(join(dir, STORE_FILE_NAME));
    const doc = example();
    // tx-1 under sb-a, which is under tx-1: a cycle.
    const nodes = doc.nodes.map((x) => (x.id === 'tx-1' ? { ...x, parent_id: 'sb-a' } : x));
    const reply = await app.dispatch('putTopology', {
      microgrid_id: 'mg-north',
      base_version: 1,
      nodes,
      assets: doc.assets,
    });
    expect(reply.ok).toBe(false);
    const error = (
      reply as unknown as { error: { code: string; errors: { code: string; node_ids?: string[] }[] } }
    ).error;
    expect(error.code).toBe('TOPOLOGY_INVALID');
    expect(error.errors.map((e) => e.code)).toContain('TOPOLOGY_CYCLE');
    expect(error.errors.find((e) => e.code === 'TOPOLOGY_CYCLE')!.node_ids).toEqual(['sb-a', 'tx-1']);
    expect(readFileSync(join(dir, STORE_FILE_NAME)).equals(before)).toBe(true);
    expect(value(await app.dispatch('readTopology', { microgrid_id: 'mg-north' }))).toMatchObject({
      version: 1,
    });
    app.close();
  });

  it('saves a valid edit to the file before answering, so a new process sees it', async () => {
    const dir = join(root, 'persist');
    const app = await start(dir);
    const doc = example();
    const nodes = [
      ...doc.nodes,
      {
        id: 'cb-a4',
        parent_id: 'sb-a',
        name: 'Charger feeder A4',
        kind: 'FEEDER' as const,
        physical_rating_kw: 160,
        metered: false,
      },
    ];
    const saved = value(
      await app.dispatch('putTopology', {
        microgrid_id: 'mg-north',
        base_version: 1,
        nodes,
        assets: doc.assets,
      }),
    ) as { version: number };
    expect(saved.version).toBe(2);
    // No close(): a second process opens the same folder as after a crash.
    const again = await start(dir, []);
    const view = value(await again.dispatch('readTopology', { microgrid_id: 'mg-north' })) as {
      version: number;
      nodes: { id: string }[];
    };
    expect(view.version).toBe(2);
    expect(view.nodes.map((x) => x.id)).toContain('cb-a4');
    again.close();
    app.close();
  });

  it('refuses a write based on an older version with CONFIG_VERSION_CONFLICT', async () => {
    const app = await start();
    const doc = example();
    value(
      await app.dispatch('putTopology', {
        microgrid_id: 'mg-north',
        base_version: 1,
        nodes: doc.nodes.map((x) => (x.id === 'grid' ? { ...x, name: 'Grid' } : x)),
        assets: doc.assets,
      }),
    );
    const stale = await app.dispatch('putTopology', {
      microgrid_id: 'mg-north',
      base_version: 1,
      nodes: doc.nodes,
      assets: doc.assets,
    });
    expect(stale).toMatchObject({
      ok: false,
      error: { code: 'CONFIG_VERSION_CONFLICT', expected_version: 1, current_version: 2 },
    });
    app.close();
  });
});

describe('creating, importing and exporting microgrids', () => {
  it('creates a microgrid from a document and lists it', async () => {
    const app = await start(undefined, []);
    const doc = {
      microgrid: { id: 'mg-new', depot_id: 'depot-x', name: 'New', timezone: 'UTC', root_node_id: 'grid' },
      nodes: [
        {
          id: 'grid',
          parent_id: null,
          name: 'Grid',
          kind: 'GRID_CONNECTION',
          physical_rating_kw: 500,
          metered: true,
        },
      ],
      assets: [],
      limits: [],
      circuit_aliases: [],
    };
    expect(value(await app.dispatch('createMicrogrid', { document: doc }))).toMatchObject({ version: 1 });
    expect(value(await app.dispatch('listMicrogrids', {}))).toEqual({
      microgrids: [
        {
          id: 'mg-new',
          depot_id: 'depot-x',
          name: 'New',
          version: 1,
          updated_at: '2026-03-02T07:30:00Z',
          updated_by: 'tester',
        },
      ],
    });
    app.close();
  });

  it('reports a bad new microgrid with domain codes and the field', async () => {
    const app = await start(undefined, []);
    const doc = {
      microgrid: { id: 'mg new', depot_id: 'd', name: 'N', timezone: 'UTC', root_node_id: 'grid' },
      nodes: [{ id: 'grid', parent_id: null, name: 'Grid', kind: 'GRID_CONNECTION', metered: true }],
      assets: [],
      limits: [],
      circuit_aliases: [],
    };
    const reply = await app.dispatch('createMicrogrid', { document: doc });
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'DOCUMENT_INVALID', errors: [{ code: 'DOCUMENT_INVALID', field: 'microgrid.id' }] },
    });
    const missingRating = { ...doc, microgrid: { ...doc.microgrid, id: 'mg-new' } };
    expect(await app.dispatch('createMicrogrid', { document: missingRating })).toMatchObject({
      ok: false,
      error: {
        code: 'TOPOLOGY_INVALID',
        errors: [{ code: 'RATING_INVALID', node_id: 'grid', field: 'physical_rating_kw' }],
      },
    });
    app.close();
  });

  it('imports a new id, refuses an existing one unless asked to replace it, then replaces it as a new version', async () => {
    const app = await start();
    const doc = example();
    expect(await app.dispatch('importMicrogrid', { document: doc, replace: false })).toMatchObject({
      ok: false,
      error: { code: 'MICROGRID_EXISTS', current_version: 1 },
    });
    // The same content again changes nothing.
    expect(value(await app.dispatch('importMicrogrid', { document: doc, replace: true }))).toEqual({
      microgrid_id: 'mg-north',
      outcome: 'replaced',
      version: 1,
    });
    const renamed = {
      ...doc,
      nodes: doc.nodes.map((x) => (x.id === 'grid' ? { ...x, name: 'Renamed grid' } : x)),
    };
    expect(value(await app.dispatch('importMicrogrid', { document: renamed, replace: true }))).toEqual({
      microgrid_id: 'mg-north',
      outcome: 'replaced',
      version: 2,
    });
    const exported = value(
      await app.dispatch('exportMicrogrid', { microgrid_id: 'mg-north' }),
    ) as MicrogridDocument;
    expect(exported.nodes.find((x) => x.id === 'grid')!.name).toBe('Renamed grid');
    expect(exported).toMatchObject({ version: 2, limits: doc.limits, circuit_aliases: doc.circuit_aliases });
    app.close();
  });

  it('refuses an invalid document on import and keeps the local one', async () => {
    const app = await start();
    const doc = example();
    const orphan = {
      ...doc,
      nodes: doc.nodes.map((x) => (x.id === 'sb-b' ? { ...x, parent_id: 'gone' } : x)),
    };
    const reply = await app.dispatch('importMicrogrid', { document: orphan, replace: true });
    expect(reply).toMatchObject({
      ok: false,
      error: {
        code: 'TOPOLOGY_INVALID',
        errors: [{ code: 'TOPOLOGY_ORPHAN_NODE', node_id: 'sb-b', field: 'parent_id' }],
      },
    });
    expect(value(await app.dispatch('readTopology', { microgrid_id: 'mg-north' }))).toMatchObject({
      version: 1,
    });
    expect(await app.dispatch('importMicrogrid', { document: { hello: 1 }, replace: false })).toMatchObject({
      ok: false,
      error: { code: 'DOCUMENT_INVALID' },
    });
    app.close();
  });

  it('fails to start on an invalid --import file, naming the file and every error', async () => {
    const bad = join(root, 'bad.json');
    const doc = example();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      bad,
      JSON.stringify({
        ...doc,
        nodes: doc.nodes.map((x) => (x.id === 'tx-1' ? { ...x, physical_rating_kw: -1 } : x)),
      }),
    );
    await expect(start(undefined, [bad])).rejects.toMatchObject({
      file: bad,
      code: 'TOPOLOGY_INVALID',
      errors: [{ code: 'RATING_INVALID', node_id: 'tx-1' }],
    });
    await expect(start(undefined, [join(root, 'missing.json')])).rejects.toMatchObject({
      code: 'FILE_UNREADABLE',
    });
  });
});

describe('dispatch: what any transport may send', () => {
  it('validates every input and never lets a stack trace through', async () => {
    const app = await start(undefined, []);
    expect(await app.dispatch('dropTables', {})).toMatchObject({
      ok: false,
      error: { code: 'COMMAND_UNKNOWN' },
    });
    expect(
      await app.dispatch('putTopology', {
        microgrid_id: 'mg-north',
        base_version: 'one',
        nodes: [],
        assets: [],
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'REQUEST_INVALID', errors: [{ code: 'REQUEST_INVALID', field: 'base_version' }] },
    });
    expect(await app.dispatch('readTopology', { microgrid_id: 'x', extra: true })).toMatchObject({
      ok: false,
      error: { code: 'REQUEST_INVALID' },
    });
    expect(
      await app.dispatch('putTopology', {
        microgrid_id: 'mg-north',
        base_version: 1,
        nodes: [{ id: 'a', parent_id: null, name: 'A', kind: 'TOWER' }],
        assets: [],
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'REQUEST_INVALID', errors: [{ node_id: 'a', field: 'kind' }] },
    });
    app.close();
  });

  it('turns an unexpected failure into INTERNAL_ERROR without a stack', async () => {
    const app = await start(undefined, []);
    app.close(); // the database is gone: the use case throws inside
    const reply = await app.dispatch('listMicrogrids', {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'INTERNAL_ERROR' } });
    expect(JSON.stringify(reply)).not.toMatch(/\n\s+at /);
  });
});

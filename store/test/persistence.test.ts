// What survives a restart: the better-sqlite3 file as written, and the sql.js database saved by
// atomic replace; migrations are recorded once and a newer schema is refused.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StoredDocument } from '../../domain/index.ts';
import { depot } from '../../domain/usecases/test/fixture.ts';
import {
  MIGRATIONS,
  openBetterSqlite3,
  openFileStore,
  openSqlJs,
  openSqlJsStore,
  SqliteStore,
} from '../index.ts';

const dir = mkdtempSync(join(tmpdir(), 'store-persist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const v1: StoredDocument = { ...depot(), version: 1, updated_at: '2026-03-01T00:00:00Z', updated_by: 'ana' };
const created = {
  version: 1,
  at: '2026-03-01T00:00:00Z',
  by: 'ana',
  kind: 'CREATED' as const,
  summary: 'created',
};

describe('better-sqlite3 file store', () => {
  it('reopens with everything committed and applies each migration once', () => {
    const file = join(dir, 'controller.sqlite');
    const a = openFileStore(file);
    a.store.appendVersion(v1, created);
    const firstId = a.store.transaction(() => a.ids.next('cycle'));
    a.close();
    const b = openFileStore(file);
    expect(b.store.document('mg-north')).toEqual(v1);
    // Id counters persist, so a restarted controller never reuses an id.
    expect(b.ids.next('cycle')).not.toBe(firstId);
    expect(b.store.db.all('SELECT version, name FROM schema_migrations')).toEqual(
      MIGRATIONS.map((m) => ({ version: m.version, name: m.name })),
    );
    expect(b.store.db.get<{ journal_mode: string }>('PRAGMA journal_mode')!.journal_mode).toBe('wal');
    expect(b.store.db.get<{ synchronous: number }>('PRAGMA synchronous')!.synchronous).toBe(2); // FULL
    b.close();
  });

  it('refuses a database written by a newer release', () => {
    const file = join(dir, 'newer.sqlite');
    const db = openBetterSqlite3(file);
    new SqliteStore(db);
    db.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
      999,
      'future',
      'x',
    ]);
    db.close();
    expect(() => openFileStore(file)).toThrow(/schema version 999, newer than this program knows/);
  });
});

describe('sql.js store', () => {
  it('saves by atomic replace and reopens from the file', async () => {
    const file = join(dir, 'desktop.sqlite');
    const a = await openSqlJsStore({ file });
    expect(existsSync(file)).toBe(false);
    a.store.appendVersion(v1, created);
    a.save();
    const firstBytes = readFileSync(file);
    // SQLite's file header: a saved file is a whole database, never a partial write.
    expect(firstBytes.subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
    a.store.appendVersion(
      { ...v1, limits: [], version: 2, updated_at: '2026-03-02T00:00:00Z' },
      { ...created, version: 2, kind: 'LIMITS' },
    );
    a.save();
    a.close();
    // No temporary file is left beside it.
    expect(readdirSync(dir).filter((f) => f.includes('desktop.sqlite'))).toEqual(['desktop.sqlite']);
    const b = await openSqlJsStore({ file });
    expect(b.store.currentVersion('mg-north')).toBe(2);
    expect(b.store.document('mg-north', 1)).toEqual(v1);
    b.close();
  });

  it('leaves the previous file intact when a save cannot complete', async () => {
    const file = join(dir, 'intact.sqlite');
    writeFileSync(file, 'previous contents');
    const db = await openSqlJs();
    // A save into a folder that does not exist fails before anything replaces the target.
    expect(() => db.save(join(dir, 'missing-folder', 'x.sqlite'))).toThrow();
    db.transaction(() => {
      expect(() => db.save(file)).toThrow(/transaction is open/);
    });
    expect(readFileSync(file, 'utf8')).toBe('previous contents');
    db.close();
  });

  it('refuses to save without a file name', async () => {
    const db = await openSqlJs();
    expect(() => db.save()).toThrow(/opened without a file/);
    db.close();
  });
});

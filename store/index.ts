// Opening a store: a SQLite file for the controller, a sql.js database saved by atomic replace for
// the desktop app, or memory for the simulator and tests. Each gives the ports' store and ids.
import type { IdSource } from '../domain/index.ts';
import { openBetterSqlite3 } from './better-sqlite3-driver.ts';
import { openSqlJs, type SqlJsDriver, type SqlJsOptions } from './sqljs-driver.ts';
import { SqliteStore, sqliteIds } from './sqlite-store.ts';

export type { SqlDriver, SqlRow, SqlValue } from './driver.ts';
export { openBetterSqlite3 } from './better-sqlite3-driver.ts';
export { openSqlJs, writeFileAtomic, type SqlJsDriver, type SqlJsOptions } from './sqljs-driver.ts';
export { SqliteStore, sqliteIds } from './sqlite-store.ts';
export { MemoryStore, sequentialIds } from './memory-store.ts';
export { migrate } from './migrate.ts';
export { MIGRATIONS, type Migration } from './migrations/index.ts';

export interface OpenedStore {
  store: SqliteStore;
  ids: IdSource;
  close(): void;
}

/** The controller's store: a SQLite file (WAL, synchronous=FULL), migrated on open. */
export function openFileStore(file: string): OpenedStore {
  const db = openBetterSqlite3(file);
  try {
    const store = new SqliteStore(db);
    return { store, ids: sqliteIds(db), close: () => db.close() };
  } catch (e) {
    db.close();
    throw e;
  }
}

/** The desktop app's store: sql.js in memory; call `save()` after each committed change. */
export async function openSqlJsStore(
  options: SqlJsOptions = {},
): Promise<OpenedStore & { driver: SqlJsDriver; save(file?: string): void }> {
  const db = await openSqlJs(options);
  const store = new SqliteStore(db);
  return { store, ids: sqliteIds(db), driver: db, save: (file) => db.save(file), close: () => db.close() };
}

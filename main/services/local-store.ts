// The desktop app's local store: the shared SQLite store (store/) over the sql.js driver, held in
// memory and written to one file in the user-data folder by atomic replace after each committed
// change. The same migrations and use cases as the controller; nothing here knows any SQL.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Clock, Outcome, Ports } from '../../domain/index.ts';
// Not store/index.ts: that also loads better-sqlite3, a native module Electron cannot load unrebuilt.
import { openSqlJs, type SqlJsDriver } from '../../store/sqljs-driver.ts';
import { SqliteStore, sqliteIds } from '../../store/sqlite-store.ts';

export const STORE_FILE_NAME = 'microgrid-studio.sqlite';

/** The file could not be written; the change was dropped and the store is as on disk. */
export class StoreSaveError extends Error {
  readonly code = 'STORE_SAVE_FAILED';
}

export interface LocalStore {
  readonly ports: Ports;
  readonly file: string;
  /**
   * Runs a use case that may write; when it succeeded the file is saved before the caller sees
   * the result. If the save fails, the store is reloaded from the file (the change is gone) and
   * StoreSaveError is thrown, so memory never runs ahead of the disk.
   */
  commit<T>(fn: (ports: Ports) => Outcome<T>): Promise<Outcome<T>>;
  close(): void;
}

export interface LocalStoreOptions {
  /** The user-data folder; created when missing. */
  dataDir: string;
  clock?: Clock;
  /** Passed to sql.js where its .wasm is not beside its .js (a packaged app may need it). */
  locateFile?: (name: string) => string;
}

const systemClock: Clock = { now: () => Date.now() };

async function openDriver(
  file: string,
  locateFile?: (name: string) => string,
): Promise<{ driver: SqlJsDriver; store: SqliteStore }> {
  const driver = await openSqlJs(locateFile ? { file, locateFile } : { file });
  try {
    return { driver, store: new SqliteStore(driver) };
  } catch (e) {
    driver.close();
    throw e;
  }
}

export async function openLocalStore(options: LocalStoreOptions): Promise<LocalStore> {
  const dir = resolve(options.dataDir);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, STORE_FILE_NAME);
  let { driver, store } = await openDriver(file, options.locateFile);
  // A new folder gets its file at once, so the file on disk always has the current schema.
  driver.save();
  const ports: Ports = { store, clock: options.clock ?? systemClock, ids: sqliteIds(driver) };
  return {
    ports,
    file,
    async commit(fn) {
      const outcome = fn(ports);
      if (!outcome.ok) return outcome;
      try {
        driver.save();
      } catch (e) {
        driver.close();
        ({ driver, store } = await openDriver(file, options.locateFile));
        ports.store = store;
        ports.ids = sqliteIds(driver);
        throw new StoreSaveError(
          `the change was not saved: the store file ${file} could not be written (${(e as Error).message})`,
        );
      }
      return outcome;
    },
    close: () => driver.close(),
  };
}

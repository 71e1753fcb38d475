// The desktop app's driver: SQLite in WebAssembly (sql.js, no native rebuild for Electron), held
// in memory and written to its file by atomic replace after each committed change — temporary
// file, fsync, rename, fsync of the folder — so a crash never leaves a torn file.
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import initSqlJs, { type Database, type SqlJsStatic, type Statement } from 'sql.js';
import type { SqlDriver, SqlRow, SqlValue } from './driver.ts';

export interface SqlJsDriver extends SqlDriver {
  /** Writes the whole database to `file` (the opened file by default) by atomic replace. */
  save(file?: string): void;
  /** The database file's bytes. */
  export(): Uint8Array;
}

export interface SqlJsOptions {
  /** Load this file if it exists; `save()` writes here. */
  file?: string;
  /** Passed to initSqlJs (a browser or a packaged app may need to say where the .wasm is). */
  locateFile?: (name: string) => string;
}

let engine: Promise<SqlJsStatic> | null = null;

function loadEngine(locateFile?: (name: string) => string): Promise<SqlJsStatic> {
  if (locateFile) return initSqlJs({ locateFile });
  engine ??= initSqlJs();
  return engine;
}

/** Writes bytes to `file` so that a reader sees the old file or the new one, never a mix. */
export function writeFileAtomic(file: string, bytes: Uint8Array): void {
  const dir = dirname(file);
  const temp = join(dir, `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(temp, 'w', 0o600);
  try {
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    unlinkSync(temp);
    throw e;
  }
  closeSync(fd);
  renameSync(temp, file);
  // The rename itself is durable only once the folder is synced (not possible on Windows).
  try {
    const dfd = openSync(dir, 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    /* folders cannot be opened for sync on every platform */
  }
}

export async function openSqlJs(options: SqlJsOptions = {}): Promise<SqlJsDriver> {
  const SQL = await loadEngine(options.locateFile);
  const file = options.file;
  const db: Database = file && existsSync(file) ? new SQL.Database(readFileSync(file)) : new SQL.Database();
  db.exec('PRAGMA foreign_keys = ON');
  const statements = new Map<string, Statement>();
  const prepare = (sql: string) => {
    let s = statements.get(sql);
    if (!s) {
      s = db.prepare(sql);
      statements.set(sql, s);
    }
    return s;
  };
  const rows = <T extends SqlRow>(sql: string, params: readonly SqlValue[], limit: number): T[] => {
    const s = prepare(sql);
    try {
      s.bind(params as SqlValue[]);
      const out: T[] = [];
      while (out.length < limit && s.step()) out.push(s.getAsObject() as T);
      return out;
    } finally {
      s.reset();
    }
  };
  let depth = 0;
  const driver: SqlJsDriver = {
    exec: (sql) => void db.exec(sql),
    run: (sql, params = []) => {
      const s = prepare(sql);
      try {
        s.bind(params as SqlValue[]);
        s.step();
      } finally {
        s.reset();
      }
      return { changes: db.getRowsModified() };
    },
    get: <T extends SqlRow>(sql: string, params: readonly SqlValue[] = []) => rows<T>(sql, params, 1)[0],
    all: <T extends SqlRow>(sql: string, params: readonly SqlValue[] = []) => rows<T>(sql, params, Infinity),
    transaction<T>(fn: () => T): T {
      const name = `sp${depth}`;
      db.exec(depth === 0 ? 'BEGIN IMMEDIATE' : `SAVEPOINT ${name}`);
      depth++;
      try {
        const out = fn();
        depth--;
        db.exec(depth === 0 ? 'COMMIT' : `RELEASE ${name}`);
        return out;
      } catch (e) {
        depth--;
        db.exec(depth === 0 ? 'ROLLBACK' : `ROLLBACK TO ${name}; RELEASE ${name}`);
        throw e;
      }
    },
    export: () => db.export(),
    save(target = file) {
      if (!target) throw new Error('save: this database was opened without a file; name one');
      if (depth > 0) throw new Error('save: a transaction is open; save after it commits');
      writeFileAtomic(target, db.export());
    },
    close() {
      for (const s of statements.values()) s.free();
      statements.clear();
      db.close();
    },
  };
  return driver;
}

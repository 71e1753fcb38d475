// The controller's driver: a SQLite file through better-sqlite3 in WAL mode with
// synchronous=FULL, so a write is on disk when its transaction returns and a crash or kill at any
// moment leaves the last committed state.
import Database from 'better-sqlite3';
import type { SqlDriver, SqlRow, SqlValue } from './driver.ts';

export function openBetterSqlite3(file: string): SqlDriver {
  const db = new Database(file);
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Prepared once per SQL text: the store issues a small fixed set of statements.
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let s = statements.get(sql);
    if (!s) {
      s = db.prepare(sql);
      statements.set(sql, s);
    }
    return s;
  };
  return {
    exec: (sql) => void db.exec(sql),
    run: (sql, params: readonly SqlValue[] = []) => ({ changes: prepare(sql).run(...params).changes }),
    get: <T extends SqlRow>(sql: string, params: readonly SqlValue[] = []) =>
      prepare(sql).get(...params) as T | undefined,
    all: <T extends SqlRow>(sql: string, params: readonly SqlValue[] = []) =>
      prepare(sql).all(...params) as T[],
    // better-sqlite3 turns nested transaction() calls into savepoints itself.
    transaction: <T>(fn: () => T) => db.transaction(fn)(),
    close: () => {
      if (db.open) db.close();
    },
  };
}

// The little of SQLite the store needs, so that one store runs over better-sqlite3 (controller,
// a file with WAL) and over sql.js (desktop app, WebAssembly, saved by atomic replace).
// Everything is synchronous: both libraries are, and a write is done when the call returns.

export type SqlValue = string | number | null | Uint8Array;
export type SqlRow = Record<string, SqlValue>;

export interface SqlDriver {
  /** One or more statements without parameters (migrations, pragmas). */
  exec(sql: string): void;
  run(sql: string, params?: readonly SqlValue[]): { changes: number };
  get<T extends SqlRow = SqlRow>(sql: string, params?: readonly SqlValue[]): T | undefined;
  all<T extends SqlRow = SqlRow>(sql: string, params?: readonly SqlValue[]): T[];
  /** Atomic: commits when `fn` returns, rolls back when it throws. Nested calls become savepoints. */
  transaction<T>(fn: () => T): T;
  close(): void;
}

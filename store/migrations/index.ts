// The numbered migrations, in order. Each is a TypeScript module holding its SQL text rather than
// a loose .sql file, so that it ships inside any bundle (Electron asar, CommonJS main process)
// without reading the file system. Never edit a released migration: add the next number.
import * as m0001 from './0001_initial.ts';
import * as m0002 from './0002_sync.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, ...m0001 },
  { version: 2, ...m0002 },
];

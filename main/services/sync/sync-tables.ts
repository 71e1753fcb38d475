// The sync tables of migration 2 (store/migrations/0002_sync.ts) over the local store's SQLite
// driver: saved controller connections, the base of each linked draft, and the sync log. Only the
// desktop app uses them, so they sit beside the Store port instead of widening it.
import type { StoredDocument } from '../../../domain/index.ts';
import type { SyncLogRow } from '../../../preload/sync-contract.ts';
import type { SqlDriver } from '../../../store/driver.ts';
import { SqliteStore } from '../../../store/sqlite-store.ts';
import type { LocalStore } from '../local-store.ts';

export interface StoredConnection {
  id: string;
  name: string;
  /** Normalised base URL, e.g. `http://127.0.0.1:8787` (no trailing slash, no /api/v1). */
  url: string;
  token: string | null;
  /** Sent as X-Actor; null means the app's user. */
  actor: string | null;
  created_at: string;
  updated_at: string;
}

/** A local microgrid linked to the controller microgrid of the same id. */
export interface DraftBase {
  microgrid_id: string;
  connection_id: string;
  /** The controller version the draft is based on (sent as If-Match). */
  base_version: number;
  /** The local version that held exactly the base document. */
  base_local_version: number;
  /** The controller's document of `base_version`: what pending changes are computed against. */
  base_document: StoredDocument;
  linked_at: string;
  last_pull_at: string | null;
  last_push_at: string | null;
}

export type SyncAction = SyncLogRow['action'];

/** A row of the sync log as the page sees it (`outcome`: DONE, or the code of the refusal), and whose it is. */
export interface SyncLogEntry extends SyncLogRow {
  microgrid_id: string;
  connection_id: string | null;
}

type Row = Record<string, string | number | null>;

/** The SQLite driver under a local store (the store is re-opened after a failed save, so ask each time). */
export function sqlOf(store: LocalStore): SqlDriver {
  const s = store.ports.store;
  if (!(s instanceof SqliteStore)) throw new Error('the sync tables need the SQLite local store');
  return s.db;
}

function connectionOf(r: Row): StoredConnection {
  return {
    id: String(r.id),
    name: String(r.name),
    url: String(r.url),
    token: r.token === null ? null : String(r.token),
    actor: r.actor === null ? null : String(r.actor),
    created_at: String(r.created_at),
    updated_at: String(r.updated_at),
  };
}

function draftOf(r: Row): DraftBase {
  return {
    microgrid_id: String(r.microgrid_id),
    connection_id: String(r.connection_id),
    base_version: Number(r.base_version),
    base_local_version: Number(r.base_local_version),
    base_document: JSON.parse(String(r.base_document)) as StoredDocument,
    linked_at: String(r.linked_at),
    last_pull_at: r.last_pull_at === null ? null : String(r.last_pull_at),
    last_push_at: r.last_push_at === null ? null : String(r.last_push_at),
  };
}

export class SyncTables {
  constructor(private readonly db: () => SqlDriver) {}

  connections(): StoredConnection[] {
    return this.db().all<Row>('SELECT * FROM sync_connections ORDER BY id').map(connectionOf);
  }

  connection(id: string): StoredConnection | undefined {
    const r = this.db().get<Row>('SELECT * FROM sync_connections WHERE id = ?', [id]);
    return r ? connectionOf(r) : undefined;
  }

  /** `conn-1`, `conn-2`, …: the next number never used by a saved connection. */
  nextConnectionId(): string {
    const used = this.db()
      .all<Row>("SELECT id FROM sync_connections WHERE id LIKE 'conn-%'")
      .map((r) => Number(String(r.id).slice(5)))
      .filter((n) => Number.isInteger(n));
    return `conn-${Math.max(0, ...used) + 1}`;
  }

  putConnection(c: StoredConnection): void {
    this.db().run(
      `INSERT INTO sync_connections (id, name, url, token, actor, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, url = excluded.url, token = excluded.token, actor = excluded.actor, updated_at = excluded.updated_at`,
      [c.id, c.name, c.url, c.token, c.actor, c.created_at, c.updated_at],
    );
  }

  deleteConnection(id: string): void {
    this.db().run('DELETE FROM sync_connections WHERE id = ?', [id]);
  }

  /** Local microgrids linked through a connection, by id. */
  draftsUsing(connectionId: string): string[] {
    return this.db()
      .all<Row>('SELECT microgrid_id FROM sync_drafts WHERE connection_id = ? ORDER BY microgrid_id', [
        connectionId,
      ])
      .map((r) => String(r.microgrid_id));
  }

  draft(microgridId: string): DraftBase | undefined {
    const r = this.db().get<Row>('SELECT * FROM sync_drafts WHERE microgrid_id = ?', [microgridId]);
    return r ? draftOf(r) : undefined;
  }

  putDraft(d: DraftBase): void {
    this.db().run(
      `INSERT INTO sync_drafts (microgrid_id, connection_id, base_version, base_local_version, base_document, linked_at, last_pull_at, last_push_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (microgrid_id) DO UPDATE SET connection_id = excluded.connection_id, base_version = excluded.base_version, base_local_version = excluded.base_local_version,
         base_document = excluded.base_document, linked_at = excluded.linked_at, last_pull_at = excluded.last_pull_at, last_push_at = excluded.last_push_at`,
      [
        d.microgrid_id,
        d.connection_id,
        d.base_version,
        d.base_local_version,
        JSON.stringify(d.base_document),
        d.linked_at,
        d.last_pull_at,
        d.last_push_at,
      ],
    );
  }

  deleteDraft(microgridId: string): void {
    this.db().run('DELETE FROM sync_drafts WHERE microgrid_id = ?', [microgridId]);
  }

  appendLog(e: SyncLogEntry): void {
    this.db().run(
      'INSERT INTO sync_log (at, microgrid_id, connection_id, action, outcome, local_version, base_version, remote_version, actor, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [
        e.at,
        e.microgrid_id,
        e.connection_id,
        e.action,
        e.outcome,
        e.local_version,
        e.base_version,
        e.remote_version,
        e.actor,
        e.detail,
      ],
    );
  }

  /** Newest first. */
  log(microgridId: string, limit: number): SyncLogEntry[] {
    return this.db()
      .all<Row>('SELECT * FROM sync_log WHERE microgrid_id = ? ORDER BY seq DESC LIMIT ?', [
        microgridId,
        limit,
      ])
      .map((r) => ({
        at: String(r.at),
        microgrid_id: String(r.microgrid_id),
        connection_id: r.connection_id === null ? null : String(r.connection_id),
        action: String(r.action) as SyncAction,
        outcome: String(r.outcome),
        local_version: r.local_version === null ? null : Number(r.local_version),
        base_version: r.base_version === null ? null : Number(r.base_version),
        remote_version: r.remote_version === null ? null : Number(r.remote_version),
        actor: r.actor === null ? null : String(r.actor),
        detail: String(r.detail),
      }));
  }
}

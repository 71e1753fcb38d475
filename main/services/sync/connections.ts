// Saved site-controller connections: URL, optional bearer token, the name pushes are recorded
// under (X-Actor), a connectivity check, and an HTTP client for any main service that reads a
// microgrid from a connected controller.
//
//   const connections = createConnections({ store, actor: 'ana' });
//   const saved = await connections.save({ name: 'Depot North', url: 'http://10.0.0.5:8787', token: 's3cret' });
//   const state = await connections.check(saved.value.id);   // ONLINE | UNAUTHENTICATED | UNREACHABLE | ERROR
//   const client = connections.client(saved.value.id);       // Outcome<ControllerClient> (controller-client.ts)
//   if (client.ok) await client.value.status('mg-north');
//
// The token is kept in the local store file (mode 0600) and never leaves main: what the page sees
// is `has_token`. Saving or removing a connection is a committed change of the local store.
import { fail, formatInstant, succeed, type Failure, type Outcome } from '../../../domain/index.ts';
import type {
  ConnectivityState,
  ConnectivityView,
  ControllerConnectionView,
} from '../../../preload/sync-contract.ts';
import type { LocalStore } from '../local-store.ts';
import {
  createControllerClient,
  normalizeControllerUrl,
  type ControllerClient,
} from './controller-client.ts';
import { sqlOf, SyncTables, type StoredConnection } from './sync-tables.ts';

export interface SaveConnectionInput {
  /** Absent: a new connection. */
  id?: string;
  name: string;
  url: string;
  /** Absent: keep the saved token; null or '': no token; a string: this token. */
  token?: string | null;
  /** Absent: keep; null or '': the app's user. */
  actor?: string | null;
}

export interface ConnectionsService {
  list(): ControllerConnectionView[];
  get(id: string): Outcome<ControllerConnectionView>;
  save(input: SaveConnectionInput): Promise<Outcome<ControllerConnectionView>>;
  /** Refused (CONNECTION_IN_USE) while a local draft is linked through it. */
  remove(id: string): Promise<Outcome<{ removed: string }>>;
  check(id: string, options?: { timeoutMs?: number }): Promise<Outcome<ConnectivityView>>;
  client(id: string, options?: { timeoutMs?: number }): Outcome<ControllerClient>;
}

export interface ConnectionsContext {
  store: LocalStore;
  /** The app's user (the OS user name by default): X-Actor unless a connection names another. */
  actor: string;
}

export function connectionNotFound<T = never>(id: string): Outcome<T> {
  return fail('NOT_FOUND', 'CONNECTION_NOT_FOUND', `no saved controller connection ${id}`, {
    connection_id: id,
  });
}

/** How reachable a controller is, from the failure of a request to it. */
export function connectivityState(f: Failure): ConnectivityState {
  return f.code === 'CONTROLLER_UNREACHABLE'
    ? 'UNREACHABLE'
    : f.code === 'UNAUTHENTICATED'
      ? 'UNAUTHENTICATED'
      : 'ERROR';
}

/** An http(s) URL with a host and nothing after the path; normalised; or why not. */
export function checkControllerUrl(raw: string): { ok: true; url: string } | { ok: false; message: string } {
  let parsed: URL;
  try {
    parsed = new URL(raw.trim());
  } catch {
    return {
      ok: false,
      message: `${JSON.stringify(raw.slice(0, 80))} is not a URL; write it like http://127.0.0.1:8787`,
    };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return {
      ok: false,
      message: `a controller URL starts with http:// or https://, not ${parsed.protocol}//`,
    };
  if (parsed.username || parsed.password)
    return { ok: false, message: 'put the bearer token in the token field, not in the URL' };
  if (parsed.search || parsed.hash)
    return { ok: false, message: 'a controller URL has no query or fragment' };
  return { ok: true, url: normalizeControllerUrl(`${parsed.origin}${parsed.pathname}`) };
}

export function createConnections(ctx: ConnectionsContext): ConnectionsService {
  const tables = new SyncTables(() => sqlOf(ctx.store));
  const now = () => formatInstant(ctx.store.ports.clock.now());
  const view = (c: StoredConnection): ControllerConnectionView => ({
    id: c.id,
    name: c.name,
    url: c.url,
    has_token: c.token !== null,
    actor: c.actor,
    effective_actor: c.actor ?? ctx.actor,
    created_at: c.created_at,
    updated_at: c.updated_at,
  });
  const clientOf = (c: StoredConnection, timeoutMs?: number) =>
    createControllerClient({ url: c.url, token: c.token, actor: c.actor ?? ctx.actor, timeoutMs });

  return {
    list: () => tables.connections().map(view),
    get(id) {
      const c = tables.connection(id);
      return c ? succeed(view(c)) : connectionNotFound(id);
    },
    save(input) {
      return ctx.store.commit(() => {
        const url = checkControllerUrl(input.url);
        if (!url.ok) return fail('INVALID', 'CONNECTION_URL_INVALID', url.message, { field: 'url' });
        const existing = input.id === undefined ? undefined : tables.connection(input.id);
        if (input.id !== undefined && !existing) return connectionNotFound(input.id);
        const at = now();
        const blankToNull = (v: string | null | undefined) =>
          v === undefined ? undefined : v === null || v.trim() === '' ? null : v.trim();
        const token = blankToNull(input.token);
        const actor = blankToNull(input.actor);
        const saved: StoredConnection = {
          id: existing?.id ?? tables.nextConnectionId(),
          name: input.name.trim() || url.url,
          url: url.url,
          token: token === undefined ? (existing?.token ?? null) : token,
          actor: actor === undefined ? (existing?.actor ?? null) : actor,
          created_at: existing?.created_at ?? at,
          updated_at: at,
        };
        tables.putConnection(saved);
        return succeed(view(saved));
      });
    },
    remove(id) {
      return ctx.store.commit(() => {
        if (!tables.connection(id)) return connectionNotFound(id);
        const linked = tables.draftsUsing(id);
        if (linked.length) {
          return fail(
            'CONFLICT',
            'CONNECTION_IN_USE',
            `connection ${id} is the sync link of ${linked.join(', ')}; unlink ${linked.length === 1 ? 'it' : 'them'} first (the local microgrids stay)`,
            { connection_id: id, microgrid_ids: linked },
          );
        }
        tables.deleteConnection(id);
        return succeed({ removed: id });
      });
    },
    async check(id, options) {
      const c = tables.connection(id);
      if (!c) return connectionNotFound(id);
      const client = clientOf(c, options?.timeoutMs);
      const base = { connection_id: id, url: c.url };
      // Reading the list proves both that the controller answers and that the token is accepted.
      const listed = await client.listMicrogrids();
      const checked_at = now();
      if (listed.ok)
        return succeed({
          ...base,
          state: 'ONLINE',
          checked_at,
          message: `online: ${listed.value.microgrids.length} microgrid(s)`,
          microgrid_count: listed.value.microgrids.length,
        });
      const f = listed.failure;
      return succeed({ ...base, state: connectivityState(f), checked_at, message: f.message, code: f.code });
    },
    client(id, options) {
      const c = tables.connection(id);
      return c ? succeed(clientOf(c, options?.timeoutMs)) : connectionNotFound(id);
    },
  };
}

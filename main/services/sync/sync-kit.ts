// What the sync operations share: the sync tables, the clock, a client per saved connection, the
// sync log (a refused sync is logged too, committed), the controller's side of a microgrid, the
// base document of a draft, and writing a document as a new local version.
import {
  fail,
  formatInstant,
  diffDocuments,
  succeed,
  validateDocumentModel,
  type ElementChange,
  type Failure,
  type MicrogridDocument,
  type Outcome,
  type Ports,
  type StoredDocument,
} from '../../../domain/index.ts';
import type { RevisionKind } from '../../../domain/ports.ts';
import {
  appendVersion,
  describeDiff,
  diffCounts,
  documentFailureCode,
  errorSentence,
  invalid,
} from '../../../domain/usecases/index.ts';
import type { ControllerSideView } from '../../../preload/sync-contract.ts';
import type { LocalStore } from '../local-store.ts';
import { connectivityState, type ConnectionsService } from './connections.ts';
import type { ControllerClient } from './controller-client.ts';
import { sqlOf, SyncTables, type DraftBase, type SyncAction, type SyncLogEntry } from './sync-tables.ts';

export interface SyncContext {
  store: LocalStore;
  /** The app's user: `updated_by` of the local versions a sync writes. */
  actor: string;
  connections: ConnectionsService;
  /** Per controller request; default 5 s. */
  timeoutMs?: number;
}

export const LOG_ROWS = 20;

export function strip(doc: MicrogridDocument): MicrogridDocument {
  const { version: _v, updated_at: _a, updated_by: _b, ...rest } = doc;
  return rest;
}

export function notLinked<T = never>(microgridId: string): Outcome<T> {
  return fail(
    'PRECONDITION_REQUIRED',
    'SYNC_NOT_LINKED',
    `local microgrid ${microgridId} is not linked to a controller yet: pull it from a controller, or push it to one to create it there`,
    { microgrid_id: microgridId },
  );
}

export function localNotFound<T = never>(microgridId: string): Outcome<T> {
  return fail(
    'NOT_FOUND',
    'MICROGRID_NOT_FOUND',
    `there is no local microgrid ${microgridId}; pull it from a controller first`,
    { microgrid_id: microgridId },
  );
}

/** The revision kind of a local version written by a sync: the first part that changed. */
function kindOf(changes: readonly ElementChange[]): RevisionKind {
  if (changes.some((c) => c.kind === 'microgrid' || c.kind === 'node' || c.kind === 'asset'))
    return 'TOPOLOGY';
  if (changes.some((c) => c.kind === 'policy')) return 'LIMITS';
  return 'ALIASES';
}

function summaryOf(before: MicrogridDocument, after: MicrogridDocument, what: string): string {
  const parts = [
    describeDiff(
      'nodes',
      diffCounts(before.nodes, after.nodes, (n) => n.id),
    ),
    describeDiff(
      'assets',
      diffCounts(before.assets, after.assets, (a) => a.id),
    ),
    describeDiff(
      'policies',
      diffCounts(before.limits, after.limits, (p) => p.id),
    ),
    describeDiff(
      'circuit aliases',
      diffCounts(before.circuit_aliases, after.circuit_aliases, (a) => `${a.circuit_id}\u0000${a.node_id}`),
    ),
  ].filter(Boolean);
  return `${what}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

export type SyncKit = ReturnType<typeof createSyncKit>;

export function createSyncKit(ctx: SyncContext) {
  const { store, connections } = ctx;
  const tables = new SyncTables(() => sqlOf(store));
  const now = () => formatInstant(store.ports.clock.now());
  const actor = ctx.actor;

  function clientFor(connectionId: string): Outcome<ControllerClient> {
    return connections.client(connectionId, { timeoutMs: ctx.timeoutMs });
  }

  function logRow(row: Omit<SyncLogEntry, 'at'>): void {
    tables.appendLog({ ...row, at: now() });
  }

  /** Records a refused sync in the log (committed), then answers the refusal itself. */
  async function refused<T>(
    action: SyncAction,
    microgridId: string,
    connectionId: string | null,
    f: Failure,
    versions: { local?: number; base?: number; remote?: number } = {},
  ): Promise<Outcome<T>> {
    const connection = connectionId ? connections.get(connectionId) : undefined;
    await store.commit(() => {
      logRow({
        microgrid_id: microgridId,
        connection_id: connectionId,
        action,
        outcome: f.code,
        local_version: versions.local ?? null,
        base_version: versions.base ?? null,
        remote_version: versions.remote ?? null,
        actor: connection?.ok ? connection.value.effective_actor : null,
        detail: f.message,
      });
      return succeed(null);
    });
    return { ok: false, failure: f };
  }

  /** The controller's side for the Sync screen: reachable or not, and its version of the microgrid. */
  async function controllerSide(connectionId: string, microgridId: string): Promise<ControllerSideView> {
    const checked_at = now();
    const client = clientFor(connectionId);
    if (!client.ok)
      return {
        connection_id: connectionId,
        state: 'ERROR',
        checked_at,
        message: client.failure.message,
        code: client.failure.code,
      };
    const listed = await client.value.listMicrogrids();
    if (!listed.ok) {
      const f = listed.failure;
      return {
        connection_id: connectionId,
        state: connectivityState(f),
        checked_at,
        message: f.message,
        code: f.code,
      };
    }
    const found = listed.value.microgrids.find((m) => m.id === microgridId);
    if (!found)
      return {
        connection_id: connectionId,
        state: 'ONLINE',
        checked_at,
        message: `the controller has no microgrid ${microgridId}`,
        exists: false,
      };
    return {
      connection_id: connectionId,
      state: 'ONLINE',
      checked_at,
      message: `online: version ${found.version}`,
      exists: true,
      version: found.version,
      updated_at: found.updated_at,
      updated_by: found.updated_by,
    };
  }

  /** The base document from the controller (what the spec diffs against), else the copy kept at the last sync. */
  async function baseDocument(client: ControllerClient, draft: DraftBase): Promise<StoredDocument> {
    const fetched = await client.document(draft.microgrid_id, draft.base_version);
    return fetched.ok ? fetched.value : draft.base_document;
  }

  function putBase(
    draft: DraftBase | undefined,
    microgridId: string,
    connectionId: string,
    remote: StoredDocument,
    localVersion: number,
    stamp: { pull?: boolean; push?: boolean },
  ): void {
    const at = now();
    tables.putDraft({
      microgrid_id: microgridId,
      connection_id: connectionId,
      base_version: remote.version,
      base_local_version: localVersion,
      base_document: remote,
      linked_at: draft?.linked_at ?? at,
      last_pull_at: stamp.pull ? at : (draft?.last_pull_at ?? null),
      last_push_at: stamp.push ? at : (draft?.last_push_at ?? null),
    });
  }

  /** Replaces the local content with `doc` as one new local version (the old versions stay in the local history). */
  function writeLocal(
    p: Ports,
    current: StoredDocument,
    doc: MicrogridDocument,
    what: string,
  ): Outcome<StoredDocument> {
    const changes = diffDocuments(current, doc);
    if (changes.length === 0) return succeed(current);
    const report = validateDocumentModel(doc);
    if (!report.valid)
      return invalid(
        documentFailureCode(report.errors),
        `the merged microgrid ${doc.microgrid.id} is invalid: ${errorSentence(report.errors)}`,
        report.errors,
        { microgrid_id: doc.microgrid.id },
      );
    return succeed(
      appendVersion(p, current, strip(doc), kindOf(changes), summaryOf(current, doc, what), ctx.actor),
    );
  }

  return {
    store,
    connections,
    tables,
    now,
    actor,
    clientFor,
    logRow,
    refused,
    controllerSide,
    baseDocument,
    putBase,
    writeLocal,
  };
}

// Sync of local drafts with a site controller (app.md "Offline and sync"). A local microgrid is
// edited with no connection at all; once linked to the controller microgrid of the same id, its
// draft records the controller version it is based on. Push writes the pending changes with
// If-Match of that base; a 409 leaves both sides untouched and reports, element by element, what
// each side changed since the base. "Reload latest and re-apply" merges the local changes onto the
// controller's latest version (domain/sync/rebase.ts): automatic where the sides touched different
// elements, the user's choice where they touched the same one.
//
// Every state change commits to the local store (saved to its file) before it is answered, and
// none of them is undoable: they never enter the topology undo history. Operations on one
// microgrid run one at a time.
import {
  diffDocuments,
  fail,
  formatInstant,
  planPush,
  rebase,
  succeed,
  touchedByBoth,
  validateDocumentModel,
  type ElementChange,
  type Failure,
  type MicrogridDocument,
  type Outcome,
  type Ports,
  type PushStep,
  type Side,
  type StoredDocument,
} from '../../../domain/index.ts';
import {
  appendVersion,
  describeDiff,
  diffCounts,
  documentFailureCode,
  errorSentence,
  invalid,
} from '../../../domain/usecases/index.ts';
import type { RevisionKind } from '../../../domain/ports.ts';
import type {
  ConflictDetails,
  ControllerSideView,
  LiveView,
  PullResult,
  PushResult,
  PushStepResult,
  ReapplyPreview,
  ReapplyResult,
  SyncChange,
  SyncStatusView,
} from '../../../preload/sync-contract.ts';
import { importMicrogrid } from '../import.ts';
import type { LocalStore } from '../local-store.ts';
import { connectionNotFound, type ConnectionsService } from './connections.ts';
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

export interface SyncService {
  status(input: { microgrid_id: string; connection_id?: string }): Promise<Outcome<SyncStatusView>>;
  pull(input: {
    microgrid_id: string;
    connection_id?: string;
    discard_local?: boolean;
  }): Promise<Outcome<PullResult>>;
  push(input: { microgrid_id: string; connection_id?: string }): Promise<Outcome<PushResult>>;
  previewReapply(input: { microgrid_id: string }): Promise<Outcome<ReapplyPreview>>;
  reapply(input: {
    microgrid_id: string;
    remote_version: number;
    choices: Record<string, Side>;
  }): Promise<Outcome<ReapplyResult>>;
  unlink(input: { microgrid_id: string }): Promise<Outcome<SyncChange>>;
  live(input: { microgrid_id: string; connection_id?: string }): Promise<Outcome<LiveView>>;
}

const LOG_ROWS = 20;

function strip(doc: MicrogridDocument): MicrogridDocument {
  const { version: _v, updated_at: _a, updated_by: _b, ...rest } = doc;
  return rest;
}

function notLinked<T = never>(microgridId: string): Outcome<T> {
  return fail(
    'PRECONDITION_REQUIRED',
    'SYNC_NOT_LINKED',
    `local microgrid ${microgridId} is not linked to a controller yet: pull it from a controller, or push it to one to create it there`,
    { microgrid_id: microgridId },
  );
}

function localNotFound<T = never>(microgridId: string): Outcome<T> {
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

export function createSyncService(ctx: SyncContext): SyncService {
  const { store, connections } = ctx;
  const tables = new SyncTables(() => sqlOf(store));
  const now = () => formatInstant(store.ports.clock.now());
  const queues = new Map<string, Promise<unknown>>();

  /** One operation at a time per microgrid (a double click pushes once, then finds nothing pending). */
  function exclusive<T>(microgridId: string, work: () => Promise<T>): Promise<T> {
    const previous = queues.get(microgridId) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    queues.set(microgridId, settled);
    void settled.then(() => {
      if (queues.get(microgridId) === settled) queues.delete(microgridId);
    });
    return next;
  }

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
      const state =
        f.code === 'CONTROLLER_UNREACHABLE'
          ? 'UNREACHABLE'
          : f.code === 'UNAUTHENTICATED'
            ? 'UNAUTHENTICATED'
            : 'ERROR';
      return { connection_id: connectionId, state, checked_at, message: f.message, code: f.code };
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

  async function status(input: {
    microgrid_id: string;
    connection_id?: string;
  }): Promise<Outcome<SyncStatusView>> {
    const id = input.microgrid_id;
    const local = store.ports.store.document(id);
    const draft = tables.draft(id);
    const connectionId = draft?.connection_id ?? input.connection_id;
    if (input.connection_id !== undefined && !connections.get(input.connection_id).ok)
      return connectionNotFound(input.connection_id);
    const controller = connectionId ? await controllerSide(connectionId, id) : null;
    const connection = draft ? connections.get(draft.connection_id) : undefined;
    return succeed({
      microgrid_id: id,
      local: local
        ? {
            version: local.version,
            updated_at: local.updated_at,
            updated_by: local.updated_by,
            name: local.microgrid.name,
          }
        : null,
      link: draft
        ? {
            connection: connection?.ok ? connection.value : null,
            base_version: draft.base_version,
            base_updated_at: draft.base_document.updated_at,
            base_updated_by: draft.base_document.updated_by,
            local_version_at_base: draft.base_local_version,
            linked_at: draft.linked_at,
            last_pull_at: draft.last_pull_at,
            last_push_at: draft.last_push_at,
          }
        : null,
      controller,
      pending_changes: draft && local ? diffDocuments(draft.base_document, local) : [],
      behind: draft && controller?.version !== undefined ? controller.version > draft.base_version : null,
      log: tables.log(id, LOG_ROWS).map(({ microgrid_id: _m, connection_id: _c, ...row }) => row),
    });
  }

  async function pull(input: {
    microgrid_id: string;
    connection_id?: string;
    discard_local?: boolean;
  }): Promise<Outcome<PullResult>> {
    const id = input.microgrid_id;
    const draft = tables.draft(id);
    if (draft && input.connection_id !== undefined && input.connection_id !== draft.connection_id) {
      return fail(
        'CONFLICT',
        'SYNC_LINKED_ELSEWHERE',
        `local microgrid ${id} is linked through connection ${draft.connection_id}; unlink it before pulling from another controller`,
        { microgrid_id: id, connection_id: draft.connection_id },
      );
    }
    const connectionId = draft?.connection_id ?? input.connection_id;
    if (connectionId === undefined)
      return fail('INVALID', 'CONNECTION_REQUIRED', `choose the controller connection to pull ${id} from`, {
        microgrid_id: id,
        field: 'connection_id',
      });
    const client = clientFor(connectionId);
    if (!client.ok) return client;
    const remote = await client.value.document(id);
    const local = store.ports.store.document(id);
    if (!remote.ok)
      return refused('PULL', id, connectionId, remote.failure, {
        local: local?.version,
        base: draft?.base_version,
      });
    const r = remote.value;
    return store.commit((p) =>
      p.store.transaction((): Outcome<PullResult> => {
        const current = p.store.document(id);
        const done = (
          outcome: PullResult['outcome'],
          localVersion: number,
          action: SyncAction,
          detail: string,
        ): Outcome<PullResult> => {
          putBase(draft, id, connectionId, r, localVersion, { pull: true });
          logRow({
            microgrid_id: id,
            connection_id: connectionId,
            action,
            outcome: 'DONE',
            local_version: localVersion,
            base_version: r.version,
            remote_version: r.version,
            actor: ctx.actor,
            detail,
          });
          return succeed({
            undoable: false,
            microgrid_id: id,
            outcome,
            local_version: localVersion,
            base_version: r.version,
          });
        };
        if (!current) {
          const created = importMicrogrid(p, { document: strip(r), replace: false, actor: ctx.actor });
          if (!created.ok) return created;
          return done(
            'created',
            created.value.version,
            'PULL',
            `pulled controller version ${r.version} into a new local microgrid`,
          );
        }
        const pending = draft ? diffDocuments(draft.base_document, current) : diffDocuments(r, current);
        if (pending.length === 0) {
          if (draft && draft.base_version === r.version)
            return succeed({
              undoable: false,
              microgrid_id: id,
              outcome: 'up-to-date',
              local_version: current.version,
              base_version: r.version,
            });
          const written = writeLocal(p, current, r, `pulled controller version ${r.version}`);
          if (!written.ok) return written;
          return draft
            ? done(
                'updated',
                written.value.version,
                'PULL',
                `pulled controller version ${r.version} (was ${draft.base_version})`,
              )
            : done('linked', current.version, 'LINK', `linked to controller version ${r.version}`);
        }
        if (!input.discard_local) {
          if (draft && draft.base_version === r.version)
            return succeed({
              undoable: false,
              microgrid_id: id,
              outcome: 'up-to-date',
              local_version: current.version,
              base_version: r.version,
            });
          return draft
            ? fail(
                'CONFLICT',
                'SYNC_PENDING_CHANGES',
                `local microgrid ${id} has ${pending.length} change(s) not pushed yet; use "Reload latest and re-apply my changes" to bring them onto controller version ${r.version}, or discard them`,
                { microgrid_id: id, pending_changes: pending, current_version: r.version },
              )
            : fail(
                'CONFLICT',
                'SYNC_LOCAL_DIFFERS',
                `local microgrid ${id} differs from the controller's version ${r.version} in ${pending.length} element(s) and has no common base; replace the local microgrid with the controller's version to link them (its older local versions stay in the local history)`,
                { microgrid_id: id, differences: pending, current_version: r.version },
              );
        }
        const written = writeLocal(
          p,
          current,
          r,
          `pulled controller version ${r.version}, local changes discarded`,
        );
        if (!written.ok) return written;
        return done(
          'updated',
          written.value.version,
          draft ? 'PULL' : 'LINK',
          `replaced the local microgrid with controller version ${r.version}, discarding ${pending.length} local change(s)`,
        );
      }),
    );
  }

  /** Runs the planned writes; on a refusal after some were accepted, the base moves to the last accepted version. */
  async function runSteps(
    client: ControllerClient,
    id: string,
    from: number,
    steps: PushStep[],
  ): Promise<{ version: number; done: PushStepResult[]; failure?: Failure }> {
    let version = from;
    const done: PushStepResult[] = [];
    for (const step of steps) {
      const r =
        step.part === 'topology'
          ? await client.putTopology(id, version, {
              nodes: step.nodes,
              assets: step.assets,
              microgrid: step.microgrid,
            })
          : step.part === 'limits'
            ? await client.putLimits(id, version, step.policies)
            : await client.putAliases(id, version, step.circuit_aliases);
      if (!r.ok) return { version, done, failure: r.failure };
      version = r.value.version;
      done.push({ part: step.part, bridge: step.part === 'topology' ? false : step.bridge, version });
    }
    return { version, done };
  }

  async function conflictDetails(
    client: ControllerClient,
    draft: DraftBase,
    local: StoredDocument,
    f: Failure,
  ): Promise<ConflictDetails> {
    const d = f.details ?? {};
    const base = await baseDocument(client, draft);
    const current = await client.document(draft.microgrid_id);
    const remote_changes = current.ok ? diffDocuments(base, current.value) : [];
    const local_changes = diffDocuments(base, local);
    return {
      microgrid_id: draft.microgrid_id,
      expected_version: Number(d.expected_version ?? draft.base_version),
      current_version: Number(current.ok ? current.value.version : d.current_version),
      updated_at: String(current.ok ? current.value.updated_at : d.updated_at),
      updated_by: String(current.ok ? current.value.updated_by : d.updated_by),
      changed_kinds: Array.isArray(d.changed_kinds) ? (d.changed_kinds as string[]) : [],
      remote_changes,
      local_changes,
      both: touchedByBoth(local_changes, remote_changes),
    };
  }

  async function publish(
    id: string,
    connectionId: string,
    local: StoredDocument,
  ): Promise<Outcome<PushResult>> {
    const client = clientFor(connectionId);
    if (!client.ok) return client;
    const created = await client.value.createMicrogrid(strip(local));
    if (!created.ok) {
      const f =
        created.failure.code === 'MICROGRID_EXISTS'
          ? {
              ...created.failure,
              message: `the controller already has a microgrid ${id}; pull it to link this local microgrid (choose whether to keep the controller's version)`,
            }
          : created.failure;
      return refused('PUSH', id, connectionId, f, { local: local.version });
    }
    const r = created.value;
    return store.commit((p) =>
      p.store.transaction(() => {
        putBase(undefined, id, connectionId, r, local.version, { push: true });
        logRow({
          microgrid_id: id,
          connection_id: connectionId,
          action: 'PUSH',
          outcome: 'DONE',
          local_version: local.version,
          base_version: r.version,
          remote_version: r.version,
          actor: r.updated_by,
          detail: `created microgrid ${id} on the controller (version ${r.version})`,
        });
        return succeed({
          undoable: false as const,
          microgrid_id: id,
          outcome: 'created' as const,
          from_version: 0,
          version: r.version,
          steps: [],
          local_version: local.version,
        });
      }),
    );
  }

  async function push(input: { microgrid_id: string; connection_id?: string }): Promise<Outcome<PushResult>> {
    const id = input.microgrid_id;
    const local = store.ports.store.document(id);
    if (!local) return localNotFound(id);
    const draft = tables.draft(id);
    if (!draft)
      return input.connection_id === undefined ? notLinked(id) : publish(id, input.connection_id, local);
    const client = clientFor(draft.connection_id);
    if (!client.ok) return client;
    const steps = planPush(draft.base_document, local);
    if (steps.length === 0)
      return succeed({
        undoable: false,
        microgrid_id: id,
        outcome: 'nothing',
        from_version: draft.base_version,
        version: draft.base_version,
        steps: [],
        local_version: local.version,
      });
    const run = await runSteps(client.value, id, draft.base_version, steps);
    const versions = { local: local.version, base: draft.base_version };
    if (run.done.length === 0 && run.failure) {
      const f = run.failure;
      if (f.code !== 'CONFIG_VERSION_CONFLICT') return refused('PUSH', id, draft.connection_id, f, versions);
      const details = await conflictDetails(client.value, draft, local, f);
      const message = `controller version ${details.current_version} (written ${details.updated_at} by ${details.updated_by}) is newer than your base version ${details.expected_version}; nothing was written on either side. Reload the latest version, re-apply your changes and resubmit.`;
      return refused(
        'PUSH',
        id,
        draft.connection_id,
        { kind: 'CONFLICT', code: 'CONFIG_VERSION_CONFLICT', message, details: { ...details } },
        { ...versions, remote: details.current_version },
      );
    }
    // Something was written: the controller now holds the version of the last accepted write.
    const written = await client.value.document(id, run.version);
    const accepted = written.ok ? written.value : null;
    const committed = await store.commit((p) =>
      p.store.transaction(() => {
        if (accepted) putBase(draft, id, draft.connection_id, accepted, local.version, { push: true });
        const partial = run.failure ? `; then refused: ${run.failure.code}` : '';
        logRow({
          microgrid_id: id,
          connection_id: draft.connection_id,
          action: 'PUSH',
          outcome: run.failure ? run.failure.code : 'DONE',
          local_version: local.version,
          base_version: accepted ? accepted.version : draft.base_version,
          remote_version: run.version,
          actor: accepted?.updated_by ?? null,
          detail: `wrote ${run.done.map((s) => `${s.part}${s.bridge ? ' (bridge)' : ''} → v${s.version}`).join(', ')}${partial}`,
        });
        return succeed(null);
      }),
    );
    if (!committed.ok) return committed;
    if (run.failure) {
      const f = run.failure;
      const partial = { partial: true, pushed_version: run.version };
      const moved = tables.draft(id);
      if (f.code === 'CONFIG_VERSION_CONFLICT' && moved) {
        const details = await conflictDetails(client.value, moved, local, f);
        return fail(
          'CONFLICT',
          f.code,
          `the controller accepted part of the push (up to version ${run.version}), then someone else wrote version ${details.current_version}; your draft is kept. Reload the latest version, re-apply your changes and resubmit.`,
          { ...details, ...partial },
        );
      }
      return {
        ok: false,
        failure: {
          ...f,
          message: `${f.message} (the controller accepted part of the push, up to version ${run.version}; your draft is kept and its base is now that version)`,
          details: { ...(f.details ?? {}), ...partial },
        },
      };
    }
    if (!accepted) {
      return fail(
        'INVALID',
        'CONTROLLER_UNREACHABLE',
        `the push was accepted as controller version ${run.version}, but the controller stopped answering before the app could read it back; pull to bring the base up to date`,
        { microgrid_id: id, pushed_version: run.version },
      );
    }
    return succeed({
      undoable: false,
      microgrid_id: id,
      outcome: 'pushed',
      from_version: draft.base_version,
      version: run.version,
      steps: run.done,
      local_version: local.version,
    });
  }

  async function loadForReapply(id: string): Promise<
    Outcome<{
      draft: DraftBase;
      client: ControllerClient;
      local: StoredDocument;
      base: StoredDocument;
      remote: StoredDocument;
    }>
  > {
    const local = store.ports.store.document(id);
    if (!local) return localNotFound(id);
    const draft = tables.draft(id);
    if (!draft) return notLinked(id);
    const client = clientFor(draft.connection_id);
    if (!client.ok) return client;
    const remote = await client.value.document(id);
    if (!remote.ok) return remote;
    const base = await baseDocument(client.value, draft);
    return succeed({ draft, client: client.value, local, base, remote: remote.value });
  }

  async function previewReapply(input: { microgrid_id: string }): Promise<Outcome<ReapplyPreview>> {
    const loaded = await loadForReapply(input.microgrid_id);
    if (!loaded.ok) return loaded;
    const { draft, local, base, remote } = loaded.value;
    const r = rebase({ base, local, remote });
    return succeed({
      microgrid_id: input.microgrid_id,
      local_version: local.version,
      base_version: draft.base_version,
      remote_version: remote.version,
      remote_updated_at: remote.updated_at,
      remote_updated_by: remote.updated_by,
      local_changes: r.local_changes,
      remote_changes: r.remote_changes,
      reapplied: r.reapplied,
      agreed: r.agreed,
      conflicts: r.conflicts,
      up_to_date: remote.version === draft.base_version,
    });
  }

  async function reapply(input: {
    microgrid_id: string;
    remote_version: number;
    choices: Record<string, Side>;
  }): Promise<Outcome<ReapplyResult>> {
    const id = input.microgrid_id;
    const loaded = await loadForReapply(id);
    if (!loaded.ok) return loaded;
    const { draft, local, base, remote } = loaded.value;
    if (remote.version !== input.remote_version) {
      return fail(
        'CONFLICT',
        'SYNC_REMOTE_MOVED',
        `the controller moved on to version ${remote.version} (written ${remote.updated_at} by ${remote.updated_by}) while you were choosing; look at the changes again`,
        { microgrid_id: id, current_version: remote.version, expected_version: input.remote_version },
      );
    }
    const r = rebase({ base, local, remote, choices: input.choices });
    if (!r.document) {
      return fail(
        'INVALID',
        'SYNC_CHOICE_MISSING',
        `choose which side to keep for ${r.unresolved.join(', ')}`,
        {
          microgrid_id: id,
          unresolved: r.unresolved,
          errors: r.unresolved.map((key) => ({
            code: 'SYNC_CHOICE_MISSING',
            message: `choose a side for ${key}`,
            field: key,
          })),
        },
      );
    }
    const merged = r.document;
    return store.commit((p) =>
      p.store.transaction((): Outcome<ReapplyResult> => {
        const current = p.store.document(id)!;
        if (current.version !== local.version) {
          return fail(
            'CONFLICT',
            'SYNC_LOCAL_MOVED',
            `local microgrid ${id} was saved again (version ${current.version}) while re-applying; try again`,
            { microgrid_id: id },
          );
        }
        const written = writeLocal(
          p,
          current,
          merged,
          `re-applied local changes onto controller version ${remote.version}`,
        );
        if (!written.ok) return written;
        putBase(draft, id, draft.connection_id, remote, written.value.version, {});
        const chosen = r.conflicts.map((c) => ({ key: c.key, choice: c.choice! }));
        logRow({
          microgrid_id: id,
          connection_id: draft.connection_id,
          action: 'REAPPLY',
          outcome: 'DONE',
          local_version: written.value.version,
          base_version: remote.version,
          remote_version: remote.version,
          actor: ctx.actor,
          detail: `re-applied ${r.reapplied.length} change(s) onto controller version ${remote.version}${chosen.length ? `; chose ${chosen.map((c) => `${c.choice} for ${c.key}`).join(', ')}` : ''}`,
        });
        return succeed({
          undoable: false,
          microgrid_id: id,
          local_version: written.value.version,
          base_version: remote.version,
          reapplied: r.reapplied,
          agreed: r.agreed,
          chosen,
          pending_changes: diffDocuments(remote, written.value),
        });
      }),
    );
  }

  async function unlink(input: { microgrid_id: string }): Promise<Outcome<SyncChange>> {
    const id = input.microgrid_id;
    return store.commit((p) => {
      const draft = tables.draft(id);
      if (!draft) return notLinked<SyncChange>(id);
      tables.deleteDraft(id);
      logRow({
        microgrid_id: id,
        connection_id: draft.connection_id,
        action: 'UNLINK',
        outcome: 'DONE',
        local_version: p.store.currentVersion(id) ?? null,
        base_version: draft.base_version,
        remote_version: null,
        actor: ctx.actor,
        detail: 'unlinked; the local microgrid is kept',
      });
      return succeed({ undoable: false as const, microgrid_id: id });
    });
  }

  async function live(input: { microgrid_id: string; connection_id?: string }): Promise<Outcome<LiveView>> {
    const id = input.microgrid_id;
    const connectionId = tables.draft(id)?.connection_id ?? input.connection_id;
    if (connectionId === undefined) return notLinked(id);
    const client = clientFor(connectionId);
    if (!client.ok) return client;
    const [s, cycles] = await Promise.all([client.value.status(id), client.value.cycles(id, { limit: 5 })]);
    if (!s.ok) return s;
    return succeed({
      microgrid_id: id,
      connection_id: connectionId,
      fetched_at: now(),
      status: s.value,
      recent_cycles: cycles.ok ? cycles.value.cycles : [],
    });
  }

  return {
    status,
    pull: (input) => exclusive(input.microgrid_id, () => pull(input)),
    push: (input) => exclusive(input.microgrid_id, () => push(input)),
    previewReapply,
    reapply: (input) => exclusive(input.microgrid_id, () => reapply(input)),
    unlink: (input) => exclusive(input.microgrid_id, () => unlink(input)),
    live,
  };
}

// The Sync screen's facts about one microgrid: local version, the draft's base, the controller's
// side, the pending changes and the sync log; the live view of the controller; unlinking.
import { diffDocuments, succeed, type Outcome } from '../../../domain/index.ts';
import type { LiveView, SyncChange, SyncStatusView } from '../../../preload/sync-contract.ts';
import { connectionNotFound } from './connections.ts';
import { LOG_ROWS, notLinked, type SyncKit } from './sync-kit.ts';

export function createStatusOps(kit: SyncKit) {
  const { store, connections, tables, now, actor, clientFor, logRow, controllerSide } = kit;

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
        actor: actor,
        detail: 'unlinked; the local microgrid is kept',
      });
      return succeed({ undoable: false as const, microgrid_id: id });
    });
  }

  return { status, live, unlink };
}

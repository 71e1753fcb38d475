// Pull: the controller's current document into a new local microgrid, into a linked draft without
// pending changes, or in place of an unlinked identical one (a link); refused over pending changes
// unless they are discarded on purpose.
import { diffDocuments, fail, succeed, type Outcome } from '../../../domain/index.ts';
import { importMicrogrid } from '../../../domain/usecases/index.ts';
import type { PullResult } from '../../../preload/sync-contract.ts';
import { strip, type SyncKit } from './sync-kit.ts';
import type { SyncAction } from './sync-tables.ts';

export function createPull(kit: SyncKit) {
  const { store, tables, actor, clientFor, logRow, refused, putBase, writeLocal } = kit;

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
            actor: actor,
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
        const upToDate = (localVersion: number): Outcome<PullResult> =>
          succeed({
            undoable: false,
            microgrid_id: id,
            outcome: 'up-to-date',
            local_version: localVersion,
            base_version: r.version,
          });
        if (!current) {
          const created = importMicrogrid(p, { document: strip(r), replace: false, actor: actor });
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
          if (draft && draft.base_version === r.version) return upToDate(current.version);
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
        if (draft && diffDocuments(r, current).length === 0) {
          // The controller already holds exactly this draft (a push whose answer was lost, or the
          // same change made there): only the base moves.
          return done(
            'linked',
            current.version,
            'LINK',
            `controller version ${r.version} already holds this draft; the base moved to it`,
          );
        }
        if (!input.discard_local) {
          if (draft && draft.base_version === r.version) return upToDate(current.version);
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

  return { pull };
}

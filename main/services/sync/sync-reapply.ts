// Reload latest and re-apply: the three-way merge of domain/sync/rebase.ts over the base document
// (read from the controller), the local draft and the controller's current document; previewed
// first, applied once every element both sides changed has a side chosen.
import {
  diffDocuments,
  fail,
  rebase,
  succeed,
  type Outcome,
  type Side,
  type StoredDocument,
} from '../../../domain/index.ts';
import type { ReapplyPreview, ReapplyResult } from '../../../preload/sync-contract.ts';
import type { ControllerClient } from './controller-client.ts';
import { localNotFound, notLinked, type SyncKit } from './sync-kit.ts';
import type { DraftBase } from './sync-tables.ts';

export function createReapply(kit: SyncKit) {
  const { store, tables, actor, clientFor, logRow, baseDocument, putBase, writeLocal } = kit;

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
          actor: actor,
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

  return { previewReapply, reapply };
}

// Sync of local drafts with a site controller (app.md "Offline and sync"). A local microgrid is
// edited with no connection at all; once linked to the controller microgrid of the same id, its
// draft records the controller version it is based on. Push writes the pending changes with
// If-Match of that base; a 409 leaves both sides untouched and reports, element by element, what
// each side changed since the base. "Reload latest and re-apply" merges the local changes onto the
// controller's latest version (domain/sync/rebase.ts): automatic where the sides touched different
// elements, the user's choice where they touched the same one.
//
// Every state change commits to the local store (saved to its file) before it is answered, and
// none of them is undoable: they never enter the topology undo history. Operations that change
// one microgrid run one at a time.
import type { Outcome, Side } from '../../../domain/index.ts';
import type {
  LiveView,
  PullResult,
  PushResult,
  ReapplyPreview,
  ReapplyResult,
  SyncChange,
  SyncStatusView,
} from '../../../preload/sync-contract.ts';
import { createSyncKit, type SyncContext } from './sync-kit.ts';
import { createPull } from './sync-pull.ts';
import { createPush } from './sync-push.ts';
import { createReapply } from './sync-reapply.ts';
import { createStatusOps } from './sync-status.ts';

export type { SyncContext } from './sync-kit.ts';

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

export function createSyncService(ctx: SyncContext): SyncService {
  const kit = createSyncKit(ctx);
  const { status, live, unlink } = createStatusOps(kit);
  const { pull } = createPull(kit);
  const { push } = createPush(kit);
  const { previewReapply, reapply } = createReapply(kit);
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

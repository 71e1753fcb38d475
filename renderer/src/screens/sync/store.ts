// The Sync screen's state (zustand). What the store shows always comes from main after a command
// answered: every sync change is committed to the local store first, and only then shown here.
// None of them is undoable (they never touch the Topology screen's undo history); the notice of
// each says so. Background refreshes (status, live view) never make the app "loading".
import { create } from 'zustand';
import type { Side } from '../../../../domain/sync/index.ts';
import type { BridgeError } from '../../../../preload/contract.ts';
import type {
  ConflictDetails,
  ControllerConnectionView,
  LiveView,
  ReapplyPreview,
  SyncStatusView,
} from '../../../../preload/sync-contract.ts';
import { whileBusy } from '../../app/app-state.ts';
import { bridge } from '../../bridge/bridge.ts';

export interface Notice {
  text: string;
  /** Always false for sync results; shown as data-undoable. */
  undoable: false;
}

export interface SyncState {
  microgridId: string | null;
  status: SyncStatusView | null;
  connections: ControllerConnectionView[];
  /** The connection chosen for a microgrid that is not linked yet. */
  chosenConnection: string | null;
  loadError: BridgeError | null;
  /** The last refused command (shown with its code). */
  error: BridgeError | null;
  /** A refused push's conflict, until re-applied or dismissed. */
  conflict: ConflictDetails | null;
  preview: ReapplyPreview | null;
  choices: Record<string, Side>;
  notice: Notice | null;
  /** The draft was just re-applied onto the latest version: the next push is the resubmit. */
  reapplied: boolean;
  live: LiveView | null;
  liveError: BridgeError | null;

  load(microgridId: string): Promise<void>;
  refresh(): Promise<void>;
  refreshLive(): Promise<void>;
  chooseConnection(id: string): void;
  saveConnection(input: {
    id?: string;
    name: string;
    url: string;
    token?: string | null;
    actor?: string | null;
  }): Promise<boolean>;
  pull(discardLocal?: boolean): Promise<void>;
  push(): Promise<void>;
  reloadAndReapply(): Promise<void>;
  choose(key: string, side: Side): void;
  applyChoices(): Promise<void>;
  cancelReapply(): void;
  unlink(): Promise<void>;
}

let generation = 0;

/** What belongs to the open microgrid: cleared when another one (or the same one afresh) loads. */
const UNLOADED = {
  status: null,
  loadError: null,
  error: null,
  conflict: null,
  preview: null,
  choices: {},
  notice: null,
  reapplied: false,
  live: null,
  liveError: null,
} satisfies Partial<SyncState>;

export const useSync = create<SyncState>()((set, get) => {
  async function fetchStatus(): Promise<void> {
    const id = get().microgridId;
    if (!id) return;
    const mine = generation;
    const chosen = get().chosenConnection;
    const reply = await bridge.send(
      'syncStatus',
      chosen && !get().status?.link ? { microgrid_id: id, connection_id: chosen } : { microgrid_id: id },
    );
    if (mine !== generation) return;
    if (reply.ok) set({ status: reply.value, loadError: null });
    else set({ loadError: reply.error });
  }

  async function fetchConnections(): Promise<void> {
    const reply = await bridge.send('listConnections', {});
    if (!reply.ok) return set({ loadError: reply.error });
    const connections = reply.value.connections;
    const chosen = get().chosenConnection;
    set({
      connections,
      chosenConnection:
        chosen && connections.some((c) => c.id === chosen) ? chosen : (connections[0]?.id ?? null),
    });
  }

  function done(text: string): Partial<SyncState> {
    return { notice: { text: `${text} (not undoable)`, undoable: false }, error: null };
  }

  return {
    microgridId: null,
    connections: [],
    chosenConnection: null,
    ...UNLOADED,

    async load(microgridId) {
      generation++;
      set({ microgridId, ...UNLOADED });
      await fetchConnections();
      await fetchStatus();
    },

    refresh: fetchStatus,

    async refreshLive() {
      const { microgridId, status } = get();
      if (!microgridId || !status?.link) return;
      const mine = generation;
      const reply = await bridge.send('liveStatus', { microgrid_id: microgridId });
      if (mine !== generation) return;
      if (reply.ok) set({ live: reply.value, liveError: null });
      else set({ liveError: reply.error });
    },

    chooseConnection(id) {
      set({ chosenConnection: id });
      void fetchStatus();
    },

    async saveConnection(input) {
      return whileBusy(async () => {
        const reply = await bridge.send('saveConnection', input);
        if (!reply.ok) {
          set({ error: reply.error });
          return false;
        }
        set({ chosenConnection: reply.value.id, ...done(`Saved connection ${reply.value.name}`) });
        await fetchConnections();
        await fetchStatus();
        return true;
      });
    },

    async pull(discardLocal = false) {
      const { microgridId, chosenConnection, status } = get();
      if (!microgridId) return;
      await whileBusy(async () => {
        const input = status?.link
          ? { microgrid_id: microgridId }
          : { microgrid_id: microgridId, connection_id: chosenConnection ?? '' };
        const reply = await bridge.send(
          'pullMicrogrid',
          discardLocal ? { ...input, discard_local: true } : input,
        );
        if (!reply.ok) set({ error: reply.error });
        else {
          const r = reply.value;
          const what = {
            created: 'Pulled into a new local microgrid',
            updated: 'Pulled the controller version',
            linked: 'Linked to the controller version',
            'up-to-date': 'Already up to date with',
          }[r.outcome];
          set({
            conflict: null,
            preview: null,
            choices: {},
            reapplied: false,
            ...done(`${what} ${r.base_version}; local version ${r.local_version}`),
          });
        }
        await fetchStatus();
      });
    },

    async push() {
      const { microgridId, chosenConnection, status } = get();
      if (!microgridId) return;
      await whileBusy(async () => {
        const reply = await bridge.send(
          'pushMicrogrid',
          status?.link
            ? { microgrid_id: microgridId }
            : { microgrid_id: microgridId, connection_id: chosenConnection ?? '' },
        );
        if (!reply.ok) {
          if (reply.error.code === 'CONFIG_VERSION_CONFLICT' && Array.isArray(reply.error.remote_changes)) {
            set({
              conflict: reply.error as unknown as ConflictDetails,
              error: reply.error,
              preview: null,
              notice: null,
            });
          } else set({ error: reply.error, notice: null });
        } else {
          const r = reply.value;
          const text =
            r.outcome === 'nothing'
              ? `Nothing to push: the controller already holds version ${r.version} of this draft`
              : r.outcome === 'created'
                ? `Created on the controller as version ${r.version}`
                : `Pushed: controller version ${r.from_version} → ${r.version}`;
          set({ conflict: null, preview: null, choices: {}, reapplied: false, ...done(text) });
        }
        await fetchStatus();
      });
    },

    async reloadAndReapply() {
      const id = get().microgridId;
      if (!id) return;
      await whileBusy(async () => {
        const reply = await bridge.send('previewReapply', { microgrid_id: id });
        if (!reply.ok) return set({ error: reply.error });
        const preview = reply.value;
        if (preview.conflicts.length === 0) {
          // Nothing to ask: every change touched a different element, so re-apply at once.
          const applied = await bridge.send('reapplyChanges', {
            microgrid_id: id,
            remote_version: preview.remote_version,
            choices: {},
          });
          if (!applied.ok) set({ error: applied.error, preview });
          else
            set({
              conflict: null,
              preview: null,
              choices: {},
              reapplied: true,
              ...done(
                `Re-applied ${applied.value.reapplied.length} change(s) onto controller version ${applied.value.base_version}; local version ${applied.value.local_version}. Push to resubmit`,
              ),
            });
        } else set({ preview, choices: {}, error: null, notice: null });
        await fetchStatus();
      });
    },

    choose(key, side) {
      set({ choices: { ...get().choices, [key]: side } });
    },

    async applyChoices() {
      const { microgridId, preview, choices } = get();
      if (!microgridId || !preview) return;
      await whileBusy(async () => {
        const reply = await bridge.send('reapplyChanges', {
          microgrid_id: microgridId,
          remote_version: preview.remote_version,
          choices,
        });
        if (!reply.ok) {
          set({ error: reply.error });
          if (reply.error.code === 'SYNC_REMOTE_MOVED') {
            const again = await bridge.send('previewReapply', { microgrid_id: microgridId });
            if (again.ok)
              set({
                preview: again.value,
                choices: Object.fromEntries(
                  Object.entries(choices).filter(([k]) => again.value.conflicts.some((c) => c.key === k)),
                ),
              });
          }
        } else {
          const r = reply.value;
          set({
            conflict: null,
            preview: null,
            choices: {},
            reapplied: true,
            ...done(
              `Re-applied onto controller version ${r.base_version} with your choices; local version ${r.local_version}. Push to resubmit`,
            ),
          });
        }
        await fetchStatus();
      });
    },

    cancelReapply() {
      set({ preview: null, choices: {} });
    },

    async unlink() {
      const id = get().microgridId;
      if (!id) return;
      await whileBusy(async () => {
        const reply = await bridge.send('unlinkMicrogrid', { microgrid_id: id });
        if (!reply.ok) set({ error: reply.error });
        else
          set({
            conflict: null,
            preview: null,
            live: null,
            ...done('Unlinked from the controller; the local microgrid is kept'),
          });
        await fetchStatus();
      });
    },
  };
});

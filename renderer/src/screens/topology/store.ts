// The Topology screen's state (zustand). Components select ids and each card selects only itself,
// so an edit re-renders the cards it touched and nothing else (2,000 nodes stay smooth).
//
// Which changes are undoable is explicit: only `edit` (and undo/redo themselves) move the draft
// history. Loading, selection, edit mode, saving and a refused save never enter it. A save
// commits to the store first and only then updates memory; a refused save changes nothing here
// but the list of errors shown.
import { create } from 'zustand';
import type { TopologyView } from '../../../../domain/usecases/topology.ts';
import type { BridgeError } from '../../../../preload/contract.ts';
import { whileBusy } from '../../app/app-state.ts';
import { bridge } from '../../bridge/bridge.ts';
import { indexDraft, sameDraft, type Draft, type DraftIndex, type EditResult } from './draft.ts';
import { record, redo, startHistory, undo, type History } from './history.ts';
import { cachedLayout, layoutDraft, scheduleLayoutWarmUp, startLayoutEngine, type Layout } from './layout.ts';
import { liveIssues, type LiveIssues } from './live-validation.ts';

export type Selection = { kind: 'node' | 'asset'; id: string };

export type LoadStatus = 'loading' | 'ready' | 'not-found' | 'failed';

export interface EditRefusal {
  code: string;
  message: string;
  field?: string;
}

export interface TopologyState {
  microgridId: string | null;
  status: LoadStatus;
  loadError: BridgeError | null;
  /** What the store holds: header facts and the last saved nodes and assets. */
  saved: TopologyView | null;
  history: History<Draft>;
  index: DraftIndex;
  issues: LiveIssues;
  /** The layout of the present draft (or of the one before it, while a new one is computed). */
  layout: Layout | null;
  editMode: boolean;
  selection: Selection | null;
  saving: boolean;
  /** The last save's refusal, listed until the next save or edit. */
  saveFailure: BridgeError | null;
  /** The last edit that could not be made (an id already taken, …). */
  editRefusal: EditRefusal | null;
  notice: string | null;

  load(microgridId: string): Promise<void>;
  /** Undoable. */
  edit(result: EditResult, select?: Selection | null): boolean;
  undo(): void;
  redo(): void;
  /** Undoable: puts the saved topology back into the draft. */
  discard(): void;
  select(selection: Selection | null): void;
  setEditMode(on: boolean): void;
  save(): Promise<boolean>;
}

const EMPTY_DRAFT: Draft = { nodes: [], assets: [] };

function draftOf(view: TopologyView): Draft {
  return { nodes: view.nodes, assets: view.assets };
}

let loadToken = 0;

export const useTopology = create<TopologyState>()((set, get) => {
  /** Every change of the draft goes through here: index, live issues, layout. */
  function present(history: History<Draft>, extra: Partial<TopologyState> = {}): void {
    const state = get();
    const draft = history.present;
    const index = indexDraft(draft, state.index);
    const issues = liveIssues(state.saved?.microgrid.root_node_id ?? '', draft, state.issues);
    const known = cachedLayout(draft);
    set({ history, index, issues, layout: known ?? state.layout, ...extra });
    if (!known) void refreshLayout(draft);
  }

  /**
   * Lays out an edited structure. Until the new layout is painted the canvas still shows the old
   * one, so the app is not "ready": a test (or a screenshot) taken then would see nodes move.
   */
  function refreshLayout(draft: Draft): Promise<void> {
    return whileBusy(async () => {
      const layout = await layoutDraft(draft);
      // A later edit may have replaced the draft meanwhile; only the present one's layout is shown.
      if (get().history.present === draft) set({ layout });
    });
  }

  const initial = startHistory(EMPTY_DRAFT);
  return {
    microgridId: null,
    status: 'loading',
    loadError: null,
    saved: null,
    history: initial,
    index: indexDraft(EMPTY_DRAFT),
    issues: liveIssues('', EMPTY_DRAFT),
    layout: null,
    editMode: false,
    selection: null,
    saving: false,
    saveFailure: null,
    editRefusal: null,
    notice: null,

    async load(microgridId) {
      const token = ++loadToken;
      set({
        microgridId,
        status: 'loading',
        loadError: null,
        saved: null,
        layout: null,
        selection: null,
        saveFailure: null,
        editRefusal: null,
        notice: null,
        editMode: false,
      });
      // User Timing marks: the ui bench reads them to split the first render into its phases.
      performance.mark('topology:load');
      startLayoutEngine();
      const reply = await bridge.send('readTopology', { microgrid_id: microgridId });
      performance.mark('topology:data');
      if (token !== loadToken) return;
      if (!reply.ok) {
        set({
          status: reply.error.code === 'MICROGRID_NOT_FOUND' ? 'not-found' : 'failed',
          loadError: reply.error,
        });
        return;
      }
      const draft = draftOf(reply.value);
      set({
        saved: reply.value,
        index: indexDraft(draft),
        issues: liveIssues(reply.value.microgrid.root_node_id, draft),
      });
      const layout = await layoutDraft(draft);
      performance.mark('topology:layout');
      if (token !== loadToken) return;
      set({ history: startHistory(draft), layout, status: 'ready' });
    },

    edit(result, select) {
      if (!result.ok) {
        if (result.code !== 'NO_CHANGE')
          set({
            editRefusal: {
              code: result.code,
              message: result.message,
              ...(result.field ? { field: result.field } : {}),
            },
          });
        return false;
      }
      // A refused save's list describes the draft it judged; the next edit makes it stale.
      const extra: Partial<TopologyState> = { editRefusal: null, notice: null, saveFailure: null };
      if (select !== undefined) extra.selection = select;
      present(record(get().history, result.draft, result.label), extra);
      return true;
    },

    undo() {
      const h = get().history;
      if (h.past.length) present(undo(h), { editRefusal: null, notice: null, saveFailure: null });
    },

    redo() {
      const h = get().history;
      if (h.future.length) present(redo(h), { editRefusal: null, notice: null, saveFailure: null });
    },

    discard() {
      const { saved, history } = get();
      if (!saved || sameDraft(history.present, draftOf(saved))) return;
      present(record(history, draftOf(saved), 'discard unsaved changes'), {
        selection: null,
        saveFailure: null,
        editRefusal: null,
      });
    },

    select: (selection) => set({ selection }),

    setEditMode: (editMode) => {
      // Structural edits lay the tree out again: have the engine ready before the first one.
      if (editMode) scheduleLayoutWarmUp();
      set(editMode ? { editMode } : { editMode, selection: null, editRefusal: null });
    },

    save() {
      const { saved, history, microgridId, saving } = get();
      if (!saved || !microgridId || saving) return Promise.resolve(false);
      const draft = history.present;
      set({ saving: true });
      return whileBusy(async () => {
        const reply = await bridge.send('putTopology', {
          microgrid_id: microgridId,
          base_version: saved.version,
          nodes: [...draft.nodes],
          assets: [...draft.assets],
        });
        if (!reply.ok) {
          // Nothing else changes: the canvas stays exactly as it was before the attempt.
          set({ saving: false, saveFailure: reply.error, notice: null });
          return false;
        }
        set({
          saving: false,
          saved: reply.value,
          saveFailure: null,
          notice:
            reply.value.version === saved.version
              ? 'no changes to save'
              : `saved as version ${reply.value.version}`,
        });
        return true;
      });
    },
  };
});

let lastDirty: { draft: Draft; saved: TopologyView; dirty: boolean } | null = null;

/** True when the draft differs from what the store holds (remembered per pair: selectors run often). */
export function isDirty(state: Pick<TopologyState, 'saved' | 'history'>): boolean {
  const { saved } = state;
  const draft = state.history.present;
  if (!saved) return false;
  if (lastDirty?.draft !== draft || lastDirty.saved !== saved)
    lastDirty = { draft, saved, dirty: !sameDraft(draft, draftOf(saved)) };
  return lastDirty.dirty;
}

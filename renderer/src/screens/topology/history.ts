// Undo and redo over drafts. Only topology edits enter the history; selection, edit mode, a save
// or a refused save never do. Drafts are immutable, so keeping one per step is cheap.

/** A state and the edit that led away from it (the edit an undo takes back). */
export interface Step<T> {
  readonly state: T;
  readonly label: string;
}

export interface History<T> {
  readonly past: readonly Step<T>[];
  readonly present: T;
  readonly future: readonly Step<T>[];
}

export const HISTORY_LIMIT = 200;

export function startHistory<T>(present: T): History<T> {
  return { past: [], present, future: [] };
}

/** An undoable edit: the present moves to the past, whatever was undone is forgotten. */
export function record<T>(h: History<T>, next: T, label: string): History<T> {
  const past = [...h.past, { state: h.present, label }];
  return {
    past: past.length > HISTORY_LIMIT ? past.slice(past.length - HISTORY_LIMIT) : past,
    present: next,
    future: [],
  };
}

export function undo<T>(h: History<T>): History<T> {
  const last = h.past[h.past.length - 1];
  if (!last) return h;
  return {
    past: h.past.slice(0, -1),
    present: last.state,
    future: [{ state: h.present, label: last.label }, ...h.future],
  };
}

export function redo<T>(h: History<T>): History<T> {
  const next = h.future[0];
  if (!next) return h;
  return {
    past: [...h.past, { state: h.present, label: next.label }],
    present: next.state,
    future: h.future.slice(1),
  };
}

/** What undo would take back, or null. */
export function undoLabel(h: History<unknown>): string | null {
  return h.past[h.past.length - 1]?.label ?? null;
}

export function redoLabel(h: History<unknown>): string | null {
  return h.future[0]?.label ?? null;
}

// The start-up and testability hook of app.md: `data-app-state` on the document root is "ready"
// once the current screen shows its data and no command it started is in flight, "loading"
// otherwise. Tests (ours and any other client's) wait on it instead of sleeping.
import { useEffect } from 'react';

let screenReady = false;
let busy = 0;

function publish(): void {
  document.documentElement.dataset.appState = screenReady && busy === 0 ? 'ready' : 'loading';
}

/**
 * A route change makes the app "loading" at once, before the next screen renders: otherwise a
 * test that changes the hash could still read the previous screen's "ready". Called from the
 * Navigation API's navigate event, which Chromium fires synchronously with `location.hash = …`.
 */
export function markNavigating(): void {
  screenReady = false;
  publish();
}

/** A screen reports whether its data is shown; leaving the screen makes the app "loading" again. */
export function useScreenReady(ready: boolean): void {
  useEffect(() => {
    screenReady = ready;
    publish();
  }, [ready]);
  useEffect(
    () => () => {
      screenReady = false;
      publish();
    },
    [],
  );
}

/** Resolves once what was just set has been painted (a frame, then the task after it). */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

/**
 * Marks the app busy while `work` runs (a save, an import). Set synchronously, so that a click
 * that starts a command has already turned the app "loading" when the click returns.
 */
export async function whileBusy<T>(work: () => Promise<T>): Promise<T> {
  busy++;
  publish();
  try {
    const result = await work();
    // The state set by `work` renders in a later task: report ready only once it is painted.
    await afterPaint();
    return result;
  } finally {
    busy--;
    publish();
  }
}

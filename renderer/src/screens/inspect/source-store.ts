// Which source each microgrid's inspection screens read: the local store, or a saved controller
// connection. Kept per microgrid for the browser session, so moving between the Limits,
// Envelopes, Capabilities and Cycles screens keeps the choice.
import { create } from 'zustand';

const KEY = 'microgrid-studio.inspect-source';

function load(): Record<string, string> {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? '{}') as Record<string, string>;
  } catch {
    return {};
  }
}

interface SourceState {
  /** microgrid id → connection id (absent: local). */
  chosen: Record<string, string>;
  choose(microgridId: string, connectionId: string | null): void;
}

export const useSource = create<SourceState>()((set, get) => ({
  chosen: load(),
  choose(microgridId, connectionId) {
    const chosen = { ...get().chosen };
    if (connectionId === null) delete chosen[microgridId];
    else chosen[microgridId] = connectionId;
    try {
      sessionStorage.setItem(KEY, JSON.stringify(chosen));
    } catch {
      // A page without storage keeps the choice for this page only.
    }
    set({ chosen });
  },
}));

/** The connection a microgrid's screens read from, or undefined for the local store. */
export function useConnectionId(microgridId: string): string | undefined {
  return useSource((s) => s.chosen[microgridId]);
}

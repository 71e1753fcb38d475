// Runs `tick` every `ms` while `enabled` (and at once when `immediate`), one at a time (a slow
// controller never stacks requests), and not while the page is hidden.
import { useEffect, useRef } from 'react';

export function usePolling(tick: () => Promise<void>, ms: number, enabled: boolean, immediate = false): void {
  const latest = useRef(tick);
  latest.current = tick;
  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const loop = async () => {
      if (stopped) return;
      if (document.visibilityState !== 'hidden') {
        try {
          await latest.current();
        } catch {
          /* the next tick tries again */
        }
      }
      if (!stopped) timer = setTimeout(() => void loop(), ms);
    };
    timer = setTimeout(() => void loop(), immediate ? 0 : ms);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [ms, enabled, immediate]);
}

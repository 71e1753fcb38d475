// Loading a screen's data through the bridge: loading, shown, not found, or failed; reload after a
// change; the app is "ready" (data-app-state) only once the data is shown and nothing is in flight.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BridgeError, Reply } from '../../../../preload/contract.ts';
import { useScreenReady } from '../../app/app-state.ts';

export type ScreenData<T> =
  | { status: 'loading' }
  | { status: 'ready'; value: T }
  | { status: 'not-found'; error: BridgeError }
  | { status: 'failed'; error: BridgeError };

/**
 * `load` runs on mount and whenever `key` changes; `reload()` runs it again and resolves once the
 * new data is in state. Until the first answer the screen is not ready.
 */
export function useScreenData<T>(
  key: string,
  load: () => Promise<Reply<T>>,
): { data: ScreenData<T>; reload: () => Promise<void> } {
  const [data, setData] = useState<ScreenData<T>>({ status: 'loading' });
  const token = useRef(0);
  const loader = useRef(load);
  loader.current = load;
  const run = useCallback(async () => {
    const mine = ++token.current;
    const reply = await loader.current();
    if (mine !== token.current) return;
    if (reply.ok) setData({ status: 'ready', value: reply.value });
    else
      setData({
        status: reply.error.code === 'MICROGRID_NOT_FOUND' ? 'not-found' : 'failed',
        error: reply.error,
      });
  }, []);
  useEffect(() => {
    setData({ status: 'loading' });
    void run();
  }, [key, run]);
  useScreenReady(data.status !== 'loading');
  return { data, reload: run };
}

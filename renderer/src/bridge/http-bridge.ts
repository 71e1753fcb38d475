// Browser mode's bridge: the same interface as Electron's `window.microgrid`, carried as
// POST ./rpc/<command> to the local app process that served this page.
import type {
  BridgeError,
  CommandInput,
  CommandName,
  CommandResult,
  MicrogridBridge,
  Reply,
} from '../../../preload/contract.ts';

function transportError(code: string, message: string): { ok: false; error: BridgeError } {
  return { ok: false, error: { code, message } };
}

export function createHttpBridge(fetchFn: typeof fetch = (...args) => fetch(...args)): MicrogridBridge {
  return {
    mode: 'browser',
    async send<K extends CommandName>(command: K, input: CommandInput<K>): Promise<Reply<CommandResult<K>>> {
      let response: Response;
      try {
        response = await fetchFn(`./rpc/${encodeURIComponent(command)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        return transportError(
          'APP_UNREACHABLE',
          'the app process is not answering; is `microgrid app` still running?',
        );
      }
      try {
        return (await response.json()) as Reply<CommandResult<K>>;
      } catch {
        return transportError('APP_UNREACHABLE', `the app answered HTTP ${response.status} without a reply`);
      }
    },
    // Browser mode has no menus pushing events: the page itself makes every change.
    onEvent: () => () => {},
  };
}

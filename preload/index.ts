// The preload script: exposes exactly one object, `window.microgrid`, to the sandboxed page.
// It forwards commands to main, which validates every input; nothing else of Electron or Node
// reaches the page. Only `electron` may be loaded here at run time (sandboxed preloads cannot
// require other files), so the channel names are repeated and type-checked against the contract.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type {
  BridgeEvent,
  CommandInput,
  CommandName,
  CommandResult,
  IPC_EVENT,
  IPC_SEND,
  MicrogridBridge,
  Reply,
} from './contract.ts';

const SEND: typeof IPC_SEND = 'microgrid:send';
const EVENT: typeof IPC_EVENT = 'microgrid:event';

const bridge: MicrogridBridge = {
  mode: 'electron',
  send<K extends CommandName>(command: K, input: CommandInput<K>): Promise<Reply<CommandResult<K>>> {
    return ipcRenderer.invoke(SEND, command, input) as Promise<Reply<CommandResult<K>>>;
  },
  onEvent(listener) {
    const forward = (_event: IpcRendererEvent, payload: BridgeEvent) => listener(payload);
    ipcRenderer.on(EVENT, forward);
    return () => {
      ipcRenderer.removeListener(EVENT, forward);
    };
  },
};

contextBridge.exposeInMainWorld('microgrid', bridge);

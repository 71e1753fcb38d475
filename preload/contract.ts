// The one bridge between the renderer and the main services: every command the renderer may send,
// its input and its result. Both transports (Electron IPC, browser-mode HTTP) carry exactly this,
// and main validates every input before a service sees it. Type-only imports: the sandboxed
// preload script must not load any module but `electron` at run time.
import type { Asset, MicrogridDocument, MicrogridNode } from '../domain/model.ts';
import type { MicrogridSummary, StoredDocument } from '../domain/ports.ts';
import type { ImportResult } from '../domain/usecases/import.ts';

export type { ImportResult };
import type { TopologyView } from '../domain/usecases/topology.ts';
import type { SyncCommands } from './sync-contract.ts';
import type { InspectCommands } from './inspect-contract.ts';
import type { SimulatorCommands } from './simulator-contract.ts';

export interface AppInfo {
  /** `electron` in the desktop window, `browser` when served on 127.0.0.1. */
  mode: 'electron' | 'browser';
  /** Who the app writes as (`updated_by`). */
  actor: string;
  /** The local store's file. */
  store_file: string;
}

/** The sync commands (connections, pull, push, re-apply, live view) are in sync-contract.ts; the
 * Limits, Envelopes, Capabilities and Cycles commands in inspect-contract.ts; the Simulator's in
 * simulator-contract.ts. */
export interface Commands extends SyncCommands, InspectCommands, SimulatorCommands {
  appInfo: { input: Record<string, never>; result: AppInfo };
  listMicrogrids: { input: Record<string, never>; result: { microgrids: MicrogridSummary[] } };
  /** A new local microgrid from a whole document (the Sites screen's form builds it). */
  createMicrogrid: { input: { document: MicrogridDocument }; result: StoredDocument };
  /** A microgrid document from a file; `replace` allows replacing a local microgrid of the same id. */
  importMicrogrid: { input: { document: unknown; replace: boolean }; result: ImportResult };
  exportMicrogrid: { input: { microgrid_id: string }; result: StoredDocument };
  readTopology: { input: { microgrid_id: string }; result: TopologyView };
  putTopology: {
    input: { microgrid_id: string; base_version: number; nodes: MicrogridNode[]; assets: Asset[] };
    result: TopologyView;
  };
}

export type CommandName = keyof Commands;
export type CommandInput<K extends CommandName> = Commands[K]['input'];
export type CommandResult<K extends CommandName> = Commands[K]['result'];

/** What crosses the bridge on failure: a machine code, a sentence, and the details (never a stack). */
export interface BridgeError {
  code: string;
  message: string;
  [detail: string]: unknown;
}

export type Reply<T> = { ok: true; value: T } | { ok: false; error: BridgeError };

/** Events main pushes to the renderer (Electron menus change the store behind the page's back). */
export type BridgeEvent = { type: 'microgrids-changed' } | { type: 'open'; route: string };

export interface MicrogridBridge {
  readonly mode: 'electron' | 'browser';
  send<K extends CommandName>(command: K, input: CommandInput<K>): Promise<Reply<CommandResult<K>>>;
  /** Returns the function that stops listening. */
  onEvent(listener: (event: BridgeEvent) => void): () => void;
}

/** The IPC channels of the Electron transport. */
export const IPC_SEND = 'microgrid:send';
export const IPC_EVENT = 'microgrid:event';

// The command map: one function per bridge command, each calling the shared use cases over the
// local store. Inputs arrive here already validated (see inputs.ts); results are plain data.
import { parseMicrogridDocument, type Failure, type Outcome } from '../../domain/index.ts';
import {
  createMicrogrid,
  errorSentence,
  importMicrogrid,
  invalid,
  listMicrogrids,
  putTopology,
  readDocument,
  readTopology,
} from '../../domain/usecases/index.ts';
import type { AppInfo, CommandInput, CommandName, CommandResult } from '../../preload/contract.ts';
import type { LocalStore } from './local-store.ts';
import { createConnections } from './sync/connections.ts';
import { createSyncHandlers } from './sync/commands.ts';
import { createInspectHandlers } from './inspect/commands.ts';
import { createSimulatorHandlers } from './simulator/commands.ts';

export type Handlers = {
  [K in CommandName]: (input: CommandInput<K>) => Promise<Outcome<CommandResult<K>>>;
};

export interface HandlerContext {
  store: LocalStore;
  /** Written as `updated_by` on every version this app stores. */
  actor: string;
  mode: AppInfo['mode'];
  /** The project folder (the simulator worker and example profiles live in it); no simulator without it. */
  resourceRoot?: string;
}

function ok<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

export function createHandlers(ctx: HandlerContext): Handlers {
  const { store, actor } = ctx;
  const ports = store.ports;
  const connections = createConnections({ store, actor });
  return {
    appInfo: async () => ok({ mode: ctx.mode, actor, store_file: store.file }),
    listMicrogrids: async () => ok(listMicrogrids(ports)),
    createMicrogrid: (input) =>
      store.commit((p) => {
        const parsed = parseMicrogridDocument(input.document);
        if (!parsed.ok)
          return invalid(
            'DOCUMENT_INVALID',
            `the microgrid document is invalid: ${errorSentence(parsed.errors)}`,
            parsed.errors,
          );
        return createMicrogrid(p, { document: parsed.value, actor });
      }),
    importMicrogrid: (input) =>
      store.commit((p) => importMicrogrid(p, { document: input.document, replace: input.replace, actor })),
    exportMicrogrid: async (input) => readDocument(ports, { microgridId: input.microgrid_id }),
    readTopology: async (input) => readTopology(ports, { microgridId: input.microgrid_id }),
    putTopology: (input) =>
      store.commit((p) =>
        putTopology(p, {
          microgridId: input.microgrid_id,
          baseVersion: input.base_version,
          actor,
          nodes: input.nodes,
          assets: input.assets,
        }),
      ),
    ...createSyncHandlers({ store, actor, connections }),
    ...createInspectHandlers({ store, actor, connections }),
    ...createSimulatorHandlers({ store, resourceRoot: ctx.resourceRoot }),
  };
}

/** For a command the map does not know (a transport receives any string). */
export function unknownCommand(name: string): Failure {
  return {
    kind: 'NOT_FOUND',
    code: 'COMMAND_UNKNOWN',
    message: `the app has no command ${JSON.stringify(name).slice(0, 80)}`,
  };
}

// The sync commands of the bridge: one zod schema per command (checked by inputs.ts before any
// handler runs, from `unknown`) and the handlers over the connections and sync services.
import { z } from 'zod';
import { idSchema, succeed, type Outcome } from '../../../domain/index.ts';
import type { SyncCommands } from '../../../preload/sync-contract.ts';
import { createSyncService, type SyncContext } from './sync-service.ts';

export const connectionId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'must be a saved connection id such as conn-1');
const actorText = z
  .string()
  .max(200, 'at most 200 characters (the controller refuses a longer X-Actor)')
  .regex(/^[^\r\n]*$/, 'one line');
const elementKey = z.string().min(3).max(200);

export const syncInputSchemas = {
  listConnections: z.strictObject({}),
  saveConnection: z.strictObject({
    id: connectionId.optional(),
    name: z.string().max(200),
    url: z.string().min(1, 'the controller URL is required').max(2000),
    token: z
      .string()
      .max(4096)
      .regex(/^[^\r\n]*$/, 'one line')
      .nullable()
      .optional(),
    actor: actorText.nullable().optional(),
  }),
  removeConnection: z.strictObject({ connection_id: connectionId }),
  checkConnection: z.strictObject({ connection_id: connectionId }),
  listRemoteMicrogrids: z.strictObject({ connection_id: connectionId }),
  syncStatus: z.strictObject({ microgrid_id: idSchema, connection_id: connectionId.optional() }),
  pullMicrogrid: z.strictObject({
    microgrid_id: idSchema,
    connection_id: connectionId.optional(),
    discard_local: z.boolean().optional(),
  }),
  pushMicrogrid: z.strictObject({ microgrid_id: idSchema, connection_id: connectionId.optional() }),
  previewReapply: z.strictObject({ microgrid_id: idSchema }),
  reapplyChanges: z.strictObject({
    microgrid_id: idSchema,
    remote_version: z.number().int().positive(),
    choices: z.record(elementKey, z.enum(['local', 'remote'])),
  }),
  unlinkMicrogrid: z.strictObject({ microgrid_id: idSchema }),
  liveStatus: z.strictObject({ microgrid_id: idSchema, connection_id: connectionId.optional() }),
} satisfies Record<keyof SyncCommands, z.ZodType>;

export type SyncHandlers = {
  [K in keyof SyncCommands]: (input: SyncCommands[K]['input']) => Promise<Outcome<SyncCommands[K]['result']>>;
};

export function createSyncHandlers(ctx: SyncContext): SyncHandlers {
  const { connections } = ctx;
  const sync = createSyncService(ctx);
  return {
    listConnections: async () => succeed({ connections: connections.list() }),
    saveConnection: (input) => connections.save(input),
    removeConnection: (input) => connections.remove(input.connection_id),
    checkConnection: (input) => connections.check(input.connection_id),
    listRemoteMicrogrids: async (input) => {
      const client = connections.client(input.connection_id);
      if (!client.ok) return client;
      const listed = await client.value.listMicrogrids();
      return listed.ok
        ? succeed({ connection_id: input.connection_id, microgrids: listed.value.microgrids })
        : listed;
    },
    syncStatus: (input) => sync.status(input),
    pullMicrogrid: (input) => sync.pull(input),
    pushMicrogrid: (input) => sync.push(input),
    previewReapply: (input) => sync.previewReapply(input),
    reapplyChanges: (input) => sync.reapply(input),
    unlinkMicrogrid: (input) => sync.unlink(input),
    liveStatus: (input) => sync.live(input),
  };
}

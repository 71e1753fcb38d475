// The inspection commands of the bridge (Limits, Envelopes, Capabilities, Cycles): one zod schema
// per command (checked by inputs.ts before any handler runs) and the handlers over the services.
// Shapes that a domain rule judges (caps, windows, capacities) are let through by the schemas so
// that their errors carry the domain's code, node and field.
import { z } from 'zod';
import {
  bindInputSchema,
  cycleInputSchema,
  envelopeInputSchema,
  idSchema,
  isUtcInstant,
  limitPolicySchema,
  statusEventSchema,
  succeed,
  type Outcome,
} from '../../../domain/index.ts';
import type { InspectCommands } from '../../../preload/inspect-contract.ts';
import { connectionId as savedConnectionId } from '../sync/commands.ts';
import { bindLocal, readCapabilitiesScreen, releaseLocal, statusEventLocal } from './capabilities-service.ts';
import { getCycleScreen, ingestLocal, readCyclesScreen, runCycleLocal } from './cycles-service.ts';
import { readEnvelopesScreen, receiveEnvelopeLocal, withdrawEnvelopeLocal } from './envelopes-service.ts';
import { activeLimitsScreen, putLimitsScreen, readLimitsScreen } from './limits-service.ts';
import type { InspectContext } from './source.ts';

const connectionId = savedConnectionId.optional();
const at = z
  .string()
  .refine(isUtcInstant, 'must be a UTC ISO-8601 instant ending in Z, e.g. 2026-03-02T05:00:00Z');
const samples = cycleInputSchema.shape.telemetry.unwrap().shape.samples.max(1_000_000);

export const inspectInputSchemas = {
  inspectSources: z.strictObject({ microgrid_id: idSchema }),
  limitsRead: z.strictObject({ microgrid_id: idSchema, connection_id: connectionId }),
  limitsPut: z.strictObject({
    microgrid_id: idSchema,
    connection_id: connectionId,
    base_version: z.number().int().positive(),
    policies: z.array(limitPolicySchema).max(200_000),
  }),
  limitsActive: z.strictObject({ microgrid_id: idSchema, connection_id: connectionId, at: at.optional() }),
  envelopesRead: z.strictObject({ microgrid_id: idSchema, connection_id: connectionId, at: at.optional() }),
  envelopeReceive: z.strictObject({ microgrid_id: idSchema, envelope: envelopeInputSchema }),
  envelopeWithdraw: z.strictObject({
    microgrid_id: idSchema,
    envelope_id: idSchema,
    reason: z.string().min(1, 'say why it is withdrawn').max(500),
  }),
  capabilitiesRead: z.strictObject({ microgrid_id: idSchema, connection_id: connectionId }),
  capabilityBind: bindInputSchema.extend({ microgrid_id: idSchema }),
  capabilityRelease: z.strictObject({ microgrid_id: idSchema, binding_id: idSchema }),
  capabilityEvent: z.strictObject({ microgrid_id: idSchema, event: statusEventSchema }),
  cyclesRead: z.strictObject({
    microgrid_id: idSchema,
    connection_id: connectionId,
    limit: z.number().int().min(1).max(500).optional(),
  }),
  cycleGet: z.strictObject({ microgrid_id: idSchema, connection_id: connectionId, cycle_id: idSchema }),
  telemetryIngest: z.strictObject({ microgrid_id: idSchema, samples }),
  cycleRun: z.strictObject({ microgrid_id: idSchema, at: at.optional(), scope_node_id: idSchema.optional() }),
} satisfies Record<keyof InspectCommands, z.ZodType>;

export type InspectHandlers = {
  [K in keyof InspectCommands]: (
    input: InspectCommands[K]['input'],
  ) => Promise<Outcome<InspectCommands[K]['result']>>;
};

export function createInspectHandlers(c: InspectContext): InspectHandlers {
  return {
    inspectSources: async (input) =>
      succeed({
        microgrid_id: input.microgrid_id,
        local: c.store.ports.store.currentVersion(input.microgrid_id) !== undefined,
        connections: c.connections.list().map((x) => ({ id: x.id, name: x.name, url: x.url })),
      }),
    limitsRead: (input) => readLimitsScreen(c, input),
    limitsPut: (input) => putLimitsScreen(c, input),
    limitsActive: (input) => activeLimitsScreen(c, input),
    envelopesRead: (input) => readEnvelopesScreen(c, input),
    envelopeReceive: (input) => receiveEnvelopeLocal(c, input),
    envelopeWithdraw: (input) => withdrawEnvelopeLocal(c, input),
    capabilitiesRead: (input) => readCapabilitiesScreen(c, input),
    capabilityBind: (input) => bindLocal(c, input),
    capabilityRelease: (input) => releaseLocal(c, input),
    capabilityEvent: (input) => statusEventLocal(c, input),
    cyclesRead: (input) => readCyclesScreen(c, input),
    cycleGet: (input) => getCycleScreen(c, input),
    telemetryIngest: (input) => ingestLocal(c, input),
    cycleRun: (input) => runCycleLocal(c, input),
  };
}

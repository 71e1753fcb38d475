// What the controller's answers must look like before the app uses them. Documents are parsed
// with the domain's own schema (they are stored locally); the other reads are checked on the
// members the app relies on and passed through whole (typed by the domain's view types).
import { z } from 'zod';
import {
  microgridDocumentSchema,
  type CycleResult,
  type EnvelopeView,
  type MicrogridSummary,
  type Revision,
  type StoredBreach,
  type CycleSummary,
  type BindingRecord,
} from '../../../domain/index.ts';
import type { ScopeStatusView } from '../../../domain/usecases/index.ts';

const list = (key: string) => z.looseObject({ [key]: z.array(z.looseObject({})) });

export const problemSchema = z.looseObject({
  type: z.string().optional(),
  title: z.string().optional(),
  status: z.number().optional(),
  detail: z.string().optional(),
  code: z.string().min(1),
});

export const healthSchema = z.looseObject({ status: z.string() });

export const storedDocumentSchema = microgridDocumentSchema.extend({
  version: z.number().int().positive(),
  updated_at: z.string(),
  updated_by: z.string(),
});

export const microgridListSchema = z.looseObject({
  microgrids: z.array(
    z.looseObject({
      id: z.string(),
      depot_id: z.string(),
      name: z.string(),
      version: z.number().int(),
      updated_at: z.string(),
    }),
  ),
});
export type MicrogridList = { microgrids: MicrogridSummary[] };

const versioned = z.looseObject({ version: z.number().int().positive() });
export const topologySchema = versioned.extend({
  microgrid: z.looseObject({ id: z.string() }),
  nodes: z.array(z.looseObject({ id: z.string() })),
  assets: z.array(z.looseObject({ id: z.string() })),
});
export const limitsSchema = versioned.extend({ policies: z.array(z.looseObject({ id: z.string() })) });
export const aliasesSchema = versioned.extend({
  circuit_aliases: z.array(z.looseObject({ circuit_id: z.string(), node_id: z.string() })),
});
export const activeLimitsSchema = versioned.extend({
  nodes: z.array(z.looseObject({})),
  aggregates: z.array(z.looseObject({})),
});

export const revisionListSchema = list('revisions');
export type RevisionList = { microgrid_id: string; revisions: Revision[] };

export const envelopeSchema = z.looseObject({
  id: z.string(),
  target_node_id: z.string(),
  status: z.string(),
});
export type Envelope = EnvelopeView;
export const envelopeListSchema = list('envelopes');
export type EnvelopeList = { microgrid_id: string; at: string; envelopes: EnvelopeView[] };

export const bindingListSchema = list('bindings');
export type BindingList = { microgrid_id: string; bindings: BindingRecord[] };

export const statusListSchema = list('statuses');
export type StatusList = { microgrid_id: string; statuses: ScopeStatusView[] };

export const cycleResultSchema = z.looseObject({
  cycle_id: z.string(),
  source_mode: z.string(),
  outcome: z.string(),
  reason_codes: z.array(z.looseObject({ code: z.string() })),
});
export type Cycle = CycleResult;
export const cycleListSchema = list('cycles');
export type CycleList = { microgrid_id: string; cycles: CycleSummary[] };

export const breachListSchema = list('breaches');
export type BreachList = { microgrid_id: string; breaches: StoredBreach[] };

export const statusSchema = z.looseObject({
  microgrid_id: z.string(),
  config_version: z.number().int(),
  latest_cycle: z.looseObject({ cycle_id: z.string() }).nullable(),
  active_envelopes: z.array(z.looseObject({})),
  capability_status: z.array(z.looseObject({})),
  open_breaches: z.array(z.looseObject({})),
});

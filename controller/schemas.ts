// The zod schemas of every request and response. Requests are validated with them; the OpenAPI
// 3.1 document at /openapi.json is generated from the very same schemas.
import { z } from 'zod';
import {
  assetSchema,
  bindInputSchema,
  CAPABILITIES,
  CAPABILITY_STATES,
  circuitAliasSchema,
  ENVELOPE_SOURCE_TYPES,
  ENVELOPE_STATUSES,
  envelopeInputSchema,
  identitySchema,
  idSchema,
  isKwValue,
  isUtcInstant,
  limitPolicySchema,
  microgridDocumentSchema,
  nodeSchema,
  REVISION_KINDS,
  settingsSchema,
  statusEventSchema,
} from '../domain/index.ts';
import { REASON_CODES, TRIGGERS } from '../domain/cycle/types.ts';

export const instant = z
  .string()
  .refine(isUtcInstant, 'must be a UTC ISO-8601 instant ending in Z, e.g. 2026-03-02T07:30:00Z')
  .meta({ format: 'date-time', example: '2026-03-02T07:30:00Z' });
const kw = z.number().meta({ description: 'kW, at most 3 decimals' });

// --- shared ------------------------------------------------------------------------------------

export const problemSchema = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().meta({ description: 'machine-readable code of the spec (api.md, domain.md)' }),
  })
  .meta({
    id: 'Problem',
    description: 'RFC 9457 problem details; extra members carry details (errors, node_id, field, ...)',
  });

export const issueSchema = z
  .object({
    code: z.string(),
    message: z.string(),
    node_id: z.string().optional(),
    asset_id: z.string().optional(),
    policy_id: z.string().optional(),
    circuit_id: z.string().optional(),
    field: z.string().optional(),
    node_ids: z.array(z.string()).optional(),
  })
  .meta({ id: 'ValidationIssue' });

export const microgridParams = z.object({ id: z.string().min(1).max(200) });
export const versionHeaders = z.looseObject({
  'if-match': z
    .string()
    .optional()
    .meta({ description: 'the configuration version the write is based on, e.g. "3"' }),
  'x-actor': z
    .string()
    .optional()
    .meta({ description: 'who makes the change (audit); anonymous when absent' }),
});
export const actorHeaders = z.looseObject({ 'x-actor': z.string().optional() });
const baseVersion = z.number().int().positive().optional().meta({ description: 'instead of If-Match' });
const limitQuery = (def: number, max: number) => z.coerce.number().int().min(1).max(max).default(def);

// --- microgrids and configuration --------------------------------------------------------------

export const microgridSummarySchema = z.object({
  id: z.string(),
  depot_id: z.string(),
  name: z.string(),
  version: z.number().int(),
  updated_at: z.string(),
  updated_by: z.string(),
});
export const microgridListSchema = z.object({ microgrids: z.array(microgridSummarySchema) });

export const createMicrogridBody = microgridDocumentSchema.meta({ id: 'MicrogridDocument' });

export const storedDocumentSchema = z.object({
  microgrid: identitySchema,
  nodes: z.array(nodeSchema),
  assets: z.array(assetSchema),
  limits: z.array(limitPolicySchema),
  circuit_aliases: z.array(circuitAliasSchema),
  version: z.number().int(),
  updated_at: z.string(),
  updated_by: z.string(),
});

export const topologySchema = z
  .object({
    microgrid: identitySchema,
    version: z.number().int(),
    updated_at: z.string(),
    updated_by: z.string(),
    nodes: z.array(nodeSchema),
    assets: z.array(assetSchema),
    warnings: z.array(issueSchema),
  })
  .meta({ id: 'Topology' });

export const topologyQuery = z.object({ version: z.coerce.number().int().positive().optional() });

export const putTopologyBody = z.strictObject({
  nodes: z.array(nodeSchema),
  assets: z.array(assetSchema).default([]),
  microgrid: z
    .strictObject({
      id: idSchema.optional(),
      depot_id: idSchema.optional(),
      name: z.string().min(1).optional(),
      timezone: z.string().optional(),
      root_node_id: idSchema.optional(),
      settings: settingsSchema.optional(),
    })
    .optional(),
  base_version: baseVersion,
});

export const revisionSchema = z.object({
  version: z.number().int(),
  at: z.string(),
  by: z.string(),
  kind: z.enum(REVISION_KINDS),
  summary: z.string(),
});
export const revisionsSchema = z.object({ microgrid_id: z.string(), revisions: z.array(revisionSchema) });

export const limitsSchema = z
  .object({
    microgrid_id: z.string(),
    version: z.number().int(),
    updated_at: z.string(),
    updated_by: z.string(),
    policies: z.array(limitPolicySchema),
  })
  .meta({ id: 'Limits' });
export const putLimitsBody = z.strictObject({
  policies: z.array(limitPolicySchema),
  base_version: baseVersion,
});

const windowInForce = z
  .object({
    index: z.number().int(),
    days: z.array(z.string()),
    start: z.string(),
    end: z.string(),
    cap_kw: kw.optional(),
  })
  .nullable();
export const activeLimitsSchema = z
  .object({
    microgrid_id: z.string(),
    version: z.number().int(),
    at: z.string(),
    timezone: z.string(),
    local_time: z.object({ day: z.string(), time: z.string() }),
    nodes: z.array(
      z.object({
        node_id: z.string(),
        physical_rating_kw: kw,
        policy_id: z.string().nullable(),
        policy_cap_kw: kw.nullable(),
        policy_cap_source: z.enum(['NODE_HARD_CAP', 'TOU_SCHEDULED_CAP', 'AGGREGATE_LIMIT']).nullable(),
        tou_window: windowInForce,
        envelope_id: z.string().nullable(),
        envelope_cap_kw: kw.nullable(),
        effective_limit_kw: kw,
        binding_source: z.enum([
          'OPERATING_ENVELOPE',
          'NODE_PHYSICAL_RATING',
          'NODE_HARD_CAP',
          'TOU_SCHEDULED_CAP',
        ]),
      }),
    ),
    aggregates: z.array(
      z.object({
        policy_id: z.string(),
        node_id: z.string(),
        active_cap_kw: kw,
        source: z.enum(['AGGREGATE_LIMIT', 'TOU_SCHEDULED_CAP', 'NODE_HARD_CAP']),
        tou_window: windowInForce,
      }),
    ),
  })
  .meta({ id: 'ActiveLimits' });
export const atQuery = z.object({ at: instant.optional() });

export const aliasesSchema = z.object({
  microgrid_id: z.string(),
  version: z.number().int(),
  updated_at: z.string(),
  updated_by: z.string(),
  circuit_aliases: z.array(circuitAliasSchema),
});
export const putAliasesBody = z.strictObject({
  circuit_aliases: z.array(circuitAliasSchema),
  base_version: baseVersion,
});

// --- envelopes ---------------------------------------------------------------------------------

const envelopeEventSchema = z.object({
  type: z.enum(['RECEIVED', 'SUPERSEDED', 'WITHDRAWN']),
  at: z.string(),
  superseded_by: z.string().optional(),
  reason: z.string().optional(),
});
export const envelopeSchema = z
  .object({
    id: z.string(),
    target_node_id: z.string(),
    capacity_kw: kw,
    valid_from: z.string(),
    valid_to: z.string(),
    source: z.object({
      type: z.enum(ENVELOPE_SOURCE_TYPES),
      source_id: z.string(),
      external_ref: z.string(),
      received_at: z.string(),
    }),
    status: z.enum(ENVELOPE_STATUSES),
    superseded_by: z.string().nullable(),
    superseded_at: z.string().nullable(),
    withdrawn_at: z.string().nullable(),
    withdraw_reason: z.string().nullable(),
    events: z.array(envelopeEventSchema),
  })
  .meta({ id: 'OperatingEnvelope' });
export const envelopeBody = envelopeInputSchema;
export const envelopeListSchema = z.object({
  microgrid_id: z.string(),
  at: z.string(),
  envelopes: z.array(envelopeSchema),
});
export const envelopeQuery = z.object({
  status: z.enum(ENVELOPE_STATUSES).optional(),
  target_node_id: z.string().optional(),
  at: instant.optional(),
});
export const envelopeParams = microgridParams.extend({ eid: z.string().min(1).max(200) });
export const withdrawBody = z.strictObject({ reason: z.string().min(1).max(1000) });

// --- capabilities ------------------------------------------------------------------------------

export const bindingSchema = z
  .object({
    id: z.string(),
    capability: z.enum(CAPABILITIES),
    scope_node_id: z.string(),
    source_id: z.string(),
    status: z.enum(['ACTIVE', 'RELEASED']),
    created_at: z.string(),
    released_at: z.string().nullable(),
  })
  .meta({ id: 'CapabilityBinding' });
export const bindBody = bindInputSchema;
export const bindingListSchema = z.object({ microgrid_id: z.string(), bindings: z.array(bindingSchema) });
export const bindingParams = microgridParams.extend({ bid: z.string().min(1).max(200) });
export const eventBody = statusEventSchema;
const storedEventSchema = z.object({
  event_ref: z.string(),
  source_id: z.string(),
  capability: z.enum(CAPABILITIES),
  scope_node_id: z.string(),
  state: z.enum(CAPABILITY_STATES),
  observed_at: z.string(),
  received_at: z.string().optional(),
});
export const eventResultSchema = z.object({ duplicate: z.boolean(), event: storedEventSchema });
export const statusQuery = z.object({ history: z.enum(['0', '1', 'true', 'false']).optional() });
export const scopeStatusSchema = z
  .object({
    capability: z.enum(CAPABILITIES),
    scope_node_id: z.string(),
    scope_node_name: z.string().nullable(),
    whole_microgrid: z.boolean(),
    state: z.enum(CAPABILITY_STATES),
    observed_at: z.string(),
    event_ref: z.string(),
    source_id: z.string(),
    history: z.array(storedEventSchema).optional(),
  })
  .meta({ id: 'CapabilityStatus' });
export const statusListSchema = z.object({ microgrid_id: z.string(), statuses: z.array(scopeStatusSchema) });

// --- telemetry ---------------------------------------------------------------------------------

// domain.md: power on every wire is kW with at most 3 decimals (1 W resolution); a reading finer
// than a watt is refused rather than silently rounded.
const kwReading = z.number().refine(isKwValue, 'must be kW with at most 3 decimals (1 W resolution)');

export const nodeSampleSchema = z.strictObject({ node_id: idSchema, at: instant, demand_kw: kwReading });
export const assetSampleSchema = z.strictObject({
  asset_id: idSchema,
  at: instant,
  power_kw: kwReading,
  connected: z.boolean().optional(),
  requested_kw: kwReading.refine((v) => v >= 0, 'must not be negative').optional(),
  priority: z.number().int().min(0).max(9).optional(),
});
export const telemetryBody = z.strictObject({
  samples: z.array(z.union([nodeSampleSchema, assetSampleSchema])),
});
export const telemetryResultSchema = z.object({ microgrid_id: z.string(), accepted: z.number().int() });

// --- cycles ------------------------------------------------------------------------------------

const reasonSchema = z.object({ code: z.enum(REASON_CODES), node_id: z.string() });
const bindingSourceSchema = z.enum([
  'OPERATING_ENVELOPE',
  'NODE_PHYSICAL_RATING',
  'NODE_HARD_CAP',
  'TOU_SCHEDULED_CAP',
]);
const breachFields = {
  node_id: z.string(),
  measured_kw: kw,
  limit_kw: kw,
  excess_kw: kw,
  binding_source: bindingSourceSchema,
  reason_codes: z.array(reasonSchema),
  primary_reason_code: z.enum(REASON_CODES),
};
export const breachSchema = z
  .object({ cycle_id: z.string(), microgrid_id: z.string(), at: z.string(), ...breachFields })
  .meta({ id: 'Breach' });
export const cycleResultSchema = z
  .object({
    cycle_id: z.string(),
    microgrid_id: z.string(),
    scope_node_id: z.string(),
    trigger: z.enum(TRIGGERS),
    legacy_circuit_id: z.string().nullable(),
    at: z.string(),
    config_version: z.number().int().nullable(),
    source_mode: z.enum(['MEASURED', 'FALLBACK_DERIVED']),
    outcome: z.enum(['APPLIED', 'FAIL_SAFE']),
    reason_codes: z.array(reasonSchema),
    setpoints: z.array(
      z.object({
        asset_id: z.string(),
        node_id: z.string(),
        state: z.enum(['DISPATCHED', 'EXTERNAL', 'OUT_OF_SCOPE', 'DISCONNECTED']),
        priority: z.number().int(),
        requested_kw: kw,
        setpoint_kw: kw.nullable(),
        reason_codes: z.array(reasonSchema),
      }),
    ),
    nodes: z.array(
      z.object({
        node_id: z.string(),
        effective_limit_kw: kw,
        binding_source: bindingSourceSchema,
        non_controllable_kw: kw,
        fixed_kw: kw,
        allocated_kw: kw,
        headroom_kw: kw,
        source_mode: z.enum(['MEASURED', 'FALLBACK_DERIVED']),
      }),
    ),
    fallback: z.object({
      stale_after_s: z.number(),
      fail_safe_after_s: z.number(),
      inputs: z.array(
        z.object({
          asset_id: z.string(),
          node_id: z.string(),
          last_sample_at: z.string().nullable(),
          age_s: z.number().nullable(),
          reason: z.enum(['STALE', 'MISSING']),
          fallback_source: z.enum(['FALLBACK_KW', 'PV_ZERO', 'NONE']),
          fallback_kw: kw.nullable(),
        }),
      ),
    }),
    breaches: z.array(z.object(breachFields)),
  })
  .meta({ id: 'CycleResult' });
export const cycleSummarySchema = z
  .object({
    cycle_id: z.string(),
    microgrid_id: z.string(),
    scope_node_id: z.string(),
    trigger: z.enum(TRIGGERS),
    legacy_circuit_id: z.string().nullable(),
    at: z.string(),
    config_version: z.number().int().nullable(),
    source_mode: z.enum(['MEASURED', 'FALLBACK_DERIVED']),
    outcome: z.enum(['APPLIED', 'FAIL_SAFE']),
    reason_codes: z.array(reasonSchema),
    breach_count: z.number().int(),
  })
  .meta({ id: 'CycleSummary' });
export const runCycleBody = z
  .strictObject({ scope_node_id: idSchema.optional(), at: instant.optional() })
  .nullish();
export const cycleListSchema = z.object({ microgrid_id: z.string(), cycles: z.array(cycleSummarySchema) });
export const cycleListQuery = z.object({ limit: limitQuery(50, 1000) });
export const cycleParams = microgridParams.extend({ cid: z.string().min(1).max(200) });
export const breachQuery = z.object({ since: instant.optional(), limit: limitQuery(500, 10_000) });
export const breachListSchema = z.object({ microgrid_id: z.string(), breaches: z.array(breachSchema) });
export const statusSchema = z
  .object({
    microgrid_id: z.string(),
    at: z.string(),
    config_version: z.number().int(),
    updated_at: z.string(),
    updated_by: z.string(),
    latest_cycle: cycleSummarySchema.nullable(),
    active_envelopes: z.array(envelopeSchema),
    capability_status: z.array(scopeStatusSchema),
    open_breaches: z.array(breachSchema),
  })
  .meta({ id: 'Status' });

// --- legacy ------------------------------------------------------------------------------------

export const circuitParams = z.object({ circuit_id: z.string().min(1).max(200) });
export const legacyCircuitSchema = z.object({
  circuit_id: z.string(),
  name: z.string(),
  max_power_kw: kw,
  available_capacity_kw: kw,
  microgrid_id: z.string(),
  node_id: z.string(),
});
export const rebalanceBody = z.strictObject({}).nullish();
export const legacyRebalanceSchema = z.object({
  circuit_id: z.string(),
  microgrid_id: z.string(),
  node_id: z.string(),
  cycle_id: z.string(),
  status: z.literal('COMPLETED'),
  source_mode: z.string(),
  outcome: z.string(),
});
const legacyWindow = z.strictObject({
  day_of_week: z.array(z.number().int()).meta({ description: '0 = Sunday … 6 = Saturday' }),
  start_time: z.string().meta({ example: '15:00' }),
  end_time: z.string().meta({ example: '21:00' }),
  max_power_kw: z.number(),
});
export const legacyTouSchema = z.object({
  circuit_id: z.string(),
  default_max_power_kw: kw,
  tou_limits: z.array(legacyWindow),
});
export const legacyTouBody = z.strictObject({
  circuit_id: z.string().optional(),
  default_max_power_kw: z.number(),
  tou_limits: z.array(legacyWindow).default([]),
});
export const aliasUsageQuery = z.object({
  circuit_id: z.string().optional(),
  since: instant.optional(),
  limit: limitQuery(1000, 10_000),
});
export const aliasUsageSchema = z.object({
  usage: z.array(
    z.object({
      at: z.string(),
      endpoint: z.string(),
      circuit_id: z.string(),
      microgrid_id: z.string().nullable(),
      node_id: z.string().nullable(),
      outcome: z.string(),
      client: z.string(),
    }),
  ),
});

export { CAPABILITIES };

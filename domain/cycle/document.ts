// The cycle input document of cycle.md §8: its shape (zod) and the references a structurally valid
// document can still get wrong (unknown nodes, assets, duplicates). runCycle itself trusts its
// caller; `microgrid cycle FILE` runs readCycleInput first and reports every error at once.
import { z } from 'zod';
import {
  microgridDocumentSchema,
  idSchema,
  instantSchema as instant,
  schemaIssues,
  type ParseResult,
} from '../document.ts';
import { ENVELOPE_STATUSES, envelopeSourceSchema } from '../envelopes/envelopes.ts';
import { CAPABILITIES, CAPABILITY_STATES } from '../capabilities/bindings.ts';
import { compareIds } from '../ids.ts';
import { parseInstant } from '../instant.ts';
import { issue, type ValidationIssue } from '../issues.ts';
import { isKwValue } from '../units.ts';
import { validateDocumentModel } from '../validation/document.ts';
import type { CycleInput } from './types.ts';

const kw = z.number().refine(isKwValue, 'must be a finite number of kW with at most 3 decimals');
const kwAtLeastZero = kw.refine((v) => v >= 0, 'must not be negative');
const seconds = z.number().int().nonnegative();

const envelopeEventSchema = z.strictObject({
  type: z.enum(['RECEIVED', 'SUPERSEDED', 'WITHDRAWN']),
  at: instant,
  superseded_by: idSchema.optional(),
  reason: z.string().optional(),
});

/** An envelope as delivered, or as read back from the store or the API (with status and history). */
export const cycleEnvelopeSchema = z.strictObject({
  id: idSchema,
  target_node_id: idSchema,
  capacity_kw: kwAtLeastZero,
  valid_from: instant,
  valid_to: instant,
  source: envelopeSourceSchema.optional(),
  status: z.enum(ENVELOPE_STATUSES).optional(),
  superseded_by: idSchema.nullable().optional(),
  superseded_at: instant.nullable().optional(),
  withdrawn_at: instant.nullable().optional(),
  withdraw_reason: z.string().nullable().optional(),
  events: z.array(envelopeEventSchema).optional(),
});

export const capabilityStatusInputSchema = z.strictObject({
  capability: z.enum(CAPABILITIES),
  scope_node_id: idSchema,
  state: z.enum(CAPABILITY_STATES),
  // Members of a status event as the API lists it; the cycle reads only the three above.
  source_id: idSchema.optional(),
  event_ref: z.string().optional(),
  observed_at: instant.optional(),
});

const NODE_SAMPLE_KEYS = new Set(['node_id', 'at', 'demand_kw']);
const ASSET_SAMPLE_KEYS = new Set(['asset_id', 'at', 'power_kw', 'connected', 'requested_kw', 'priority']);

/**
 * A sample is a node sample `{node_id, at, demand_kw}` or an asset sample `{asset_id, at, power_kw,
 * connected?, requested_kw?, priority?}`. Checked member by member so each error has its own path.
 */
export const telemetrySampleSchema = z
  .strictObject({
    node_id: idSchema.optional(),
    asset_id: idSchema.optional(),
    at: instant,
    demand_kw: kw.optional(),
    power_kw: kw.optional(),
    connected: z.boolean().optional(),
    requested_kw: kwAtLeastZero.optional(),
    priority: z.number().int().min(0).max(9).optional(),
  })
  .superRefine((s, ctx) => {
    const isNode = s.node_id !== undefined;
    if (isNode === (s.asset_id !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: 'a sample names exactly one of node_id (a meter) or asset_id (an asset)',
        path: [],
      });
      return;
    }
    const allowed = isNode ? NODE_SAMPLE_KEYS : ASSET_SAMPLE_KEYS;
    for (const key of Object.keys(s)) {
      if (!allowed.has(key))
        ctx.addIssue({
          code: 'custom',
          message: `${isNode ? 'a node sample' : 'an asset sample'} has no member ${key}`,
          path: [key],
        });
    }
    const needed = isNode ? 'demand_kw' : 'power_kw';
    if (s[needed] === undefined)
      ctx.addIssue({ code: 'custom', message: `${needed} is required`, path: [needed] });
  });

export const cycleInputSchema = z.strictObject({
  microgrid: microgridDocumentSchema,
  at: instant,
  scope_node_id: idSchema.optional(),
  settings: z
    .strictObject({ stale_after_s: seconds.optional(), fail_safe_after_s: seconds.optional() })
    .optional(),
  envelopes: z.array(cycleEnvelopeSchema).optional(),
  capability_status: z.array(capabilityStatusInputSchema).optional(),
  telemetry: z.strictObject({ samples: z.array(telemetrySampleSchema) }).optional(),
  previous_setpoints: z.array(z.strictObject({ asset_id: idSchema, setpoint_kw: kwAtLeastZero })).optional(),
});

/** Shape only; errors are DOCUMENT_INVALID with the path of each failing member. */
export function parseCycleInput(input: unknown): ParseResult<CycleInput> {
  const result = cycleInputSchema.safeParse(input);
  if (!result.success) return { ok: false, errors: schemaIssues(result.error, input) };
  return { ok: true, value: result.data as CycleInput };
}

/** Codes of the reference checks, in the order they are reported (after the microgrid's own). */
export const CYCLE_INPUT_ERROR_CODES = [
  'SCOPE_NODE_MISSING',
  'ENVELOPE_TARGET_MISSING',
  'ENVELOPE_WINDOW_INVALID',
  'ENVELOPE_ID_DUPLICATE',
  'CAPABILITY_SCOPE_MISSING',
  'CAPABILITY_STATUS_DUPLICATE',
  'TELEMETRY_UNKNOWN_POINT',
  'PREVIOUS_SETPOINT_UNKNOWN_CHARGER',
  'PREVIOUS_SETPOINT_DUPLICATE',
] as const;

const RANK = new Map<string, number>(CYCLE_INPUT_ERROR_CODES.map((c, i) => [c, i]));

/** `samples[10]` after `samples[9]`: the numbers in a field path compare as numbers. */
function compareFields(a: string, b: string): number {
  const pa = a.split(/(\d+)/);
  const pb = b.split(/(\d+)/);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] === pb[i]) continue;
    return i % 2 === 1 ? Number(pa[i]) - Number(pb[i]) : compareIds(pa[i]!, pb[i]!);
  }
  return pa.length - pb.length;
}

/**
 * Domain checks of a parsed cycle input: the microgrid document's own validation (topology and
 * limits, in their order), then every reference the cycle document makes to it.
 */
export function validateCycleInput(input: CycleInput): ValidationIssue[] {
  const doc = input.microgrid;
  const report = validateDocumentModel(doc);
  const nodes = new Set(doc.nodes.map((n) => n.id));
  const assets = new Map(doc.assets.map((a) => [a.id, a]));
  const out: ValidationIssue[] = [];
  const mg = doc.microgrid.id;

  if (input.scope_node_id !== undefined && !nodes.has(input.scope_node_id)) {
    out.push(
      issue('SCOPE_NODE_MISSING', `scope_node_id ${input.scope_node_id} is not a node of microgrid ${mg}`, {
        node_id: input.scope_node_id,
        field: 'scope_node_id',
      }),
    );
  }
  const envelopeIds = new Map<string, number>();
  (input.envelopes ?? []).forEach((e, i) => {
    if (!nodes.has(e.target_node_id)) {
      out.push(
        issue(
          'ENVELOPE_TARGET_MISSING',
          `envelope ${e.id} targets node ${e.target_node_id}, which is not a node of microgrid ${mg}`,
          { node_id: e.target_node_id, field: `envelopes[${i}].target_node_id` },
        ),
      );
    }
    if (parseInstant(e.valid_from) >= parseInstant(e.valid_to)) {
      out.push(
        issue(
          'ENVELOPE_WINDOW_INVALID',
          `envelope ${e.id}: valid_from ${e.valid_from} must be before valid_to ${e.valid_to}`,
          { node_id: e.target_node_id, field: `envelopes[${i}].valid_to` },
        ),
      );
    }
    const first = envelopeIds.get(e.id);
    if (first !== undefined)
      out.push(
        issue(
          'ENVELOPE_ID_DUPLICATE',
          `envelope id ${e.id} appears twice (envelopes[${first}] and envelopes[${i}])`,
          { node_id: e.target_node_id, field: `envelopes[${i}].id` },
        ),
      );
    else envelopeIds.set(e.id, i);
  });
  const statuses = new Map<string, number>();
  (input.capability_status ?? []).forEach((s, i) => {
    if (!nodes.has(s.scope_node_id)) {
      out.push(
        issue(
          'CAPABILITY_SCOPE_MISSING',
          `capability status ${s.capability} names scope ${s.scope_node_id}, which is not a node of microgrid ${mg}`,
          { node_id: s.scope_node_id, field: `capability_status[${i}].scope_node_id` },
        ),
      );
    }
    const key = `${s.capability} ${s.scope_node_id}`;
    const first = statuses.get(key);
    if (first !== undefined) {
      out.push(
        issue(
          'CAPABILITY_STATUS_DUPLICATE',
          `${s.capability} status for scope ${s.scope_node_id} is given twice (capability_status[${first}] and [${i}]); give only the latest`,
          { node_id: s.scope_node_id, field: `capability_status[${i}]` },
        ),
      );
    } else statuses.set(key, i);
  });
  (input.telemetry?.samples ?? []).forEach((s, i) => {
    if ('node_id' in s && s.node_id !== undefined) {
      if (!nodes.has(s.node_id))
        out.push(
          issue(
            'TELEMETRY_UNKNOWN_POINT',
            `sample ${i} is for node ${s.node_id}, which is not a node of microgrid ${mg}`,
            { node_id: s.node_id, field: `telemetry.samples[${i}].node_id` },
          ),
        );
    } else if ('asset_id' in s && !assets.has(s.asset_id)) {
      out.push(
        issue(
          'TELEMETRY_UNKNOWN_POINT',
          `sample ${i} is for asset ${s.asset_id}, which is not an asset of microgrid ${mg}`,
          { asset_id: s.asset_id, field: `telemetry.samples[${i}].asset_id` },
        ),
      );
    }
  });
  const previous = new Map<string, number>();
  (input.previous_setpoints ?? []).forEach((p, i) => {
    const a = assets.get(p.asset_id);
    if (!a || a.kind !== 'CHARGER') {
      out.push(
        issue(
          'PREVIOUS_SETPOINT_UNKNOWN_CHARGER',
          `previous setpoint ${i} is for ${p.asset_id}, which is not a charger of microgrid ${mg}`,
          { asset_id: p.asset_id, field: `previous_setpoints[${i}].asset_id` },
        ),
      );
    }
    const first = previous.get(p.asset_id);
    if (first !== undefined)
      out.push(
        issue(
          'PREVIOUS_SETPOINT_DUPLICATE',
          `charger ${p.asset_id} has two previous setpoints (previous_setpoints[${first}] and [${i}])`,
          { asset_id: p.asset_id, field: `previous_setpoints[${i}]` },
        ),
      );
    else previous.set(p.asset_id, i);
  });
  const subject = (e: ValidationIssue) => e.node_id ?? e.asset_id ?? '';
  out.sort(
    (a, b) =>
      RANK.get(a.code)! - RANK.get(b.code)! ||
      compareIds(subject(a), subject(b)) ||
      compareFields(a.field ?? '', b.field ?? ''),
  );
  return [...report.errors, ...out];
}

/** Shape, then microgrid and references: what `microgrid cycle FILE` checks before it runs. */
export function readCycleInput(input: unknown): ParseResult<CycleInput> {
  const parsed = parseCycleInput(input);
  if (!parsed.ok) return parsed;
  const errors = validateCycleInput(parsed.value);
  return errors.length ? { ok: false, errors } : parsed;
}

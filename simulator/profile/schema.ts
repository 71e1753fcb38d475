// The simulator profile (simulator.md "Profile"): structure only. Rules that need the whole
// profile (times inside the run, references to known ids, ranges) live in validate.ts, and the
// `microgrid` member is judged by the domain's own document validation.
import { z } from 'zod';
import {
  CAPABILITIES,
  CAPABILITY_STATES,
  ENVELOPE_SOURCE_TYPES,
  idSchema,
  isUtcInstant,
  settingsSchema,
  type MicrogridDocument,
} from '../../domain/index.ts';

export const instant = z
  .string()
  .refine(isUtcInstant, 'must be a UTC ISO-8601 instant ending in Z, e.g. 2026-03-02T07:30:00Z');
const kw = z.number().refine(Number.isFinite, 'must be a finite number');
const clock = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a local time HH:MM (00:00–24:00)');
const range = z.strictObject({ min: kw, max: kw });
const intRange = z.strictObject({ min: z.number().int(), max: z.number().int() });

export const sessionSchema = z.strictObject({
  /** Defaults to `<charger_id>@<arrive>`. */
  id: idSchema.optional(),
  charger_id: idSchema,
  arrive: instant,
  depart: instant,
  energy_kwh: kw,
  max_kw: kw,
  priority: z.number().int().min(0).max(9).default(5),
});

export const generatorSchema = z.strictObject({
  count: z.number().int().min(0).max(100_000),
  /** Arrival instants are drawn uniformly in [from, to). */
  arrival: z.strictObject({ from: instant, to: instant }),
  dwell_minutes: range,
  energy_kwh: range,
  max_kw: range,
  priority: intRange.default({ min: 5, max: 5 }),
  /** The chargers vehicles may plug into (all chargers when absent). */
  charger_ids: z.array(idSchema).optional(),
});

export const vehiclesSchema = z.strictObject({
  sessions: z.array(sessionSchema).default([]),
  generator: generatorSchema.optional(),
});

const loadBase = { asset_id: idSchema, noise_kw: kw.min(0).default(0) };

export const loadSchema = z.discriminatedUnion('shape', [
  z.strictObject({ ...loadBase, shape: z.literal('CONSTANT'), kw }),
  /** 24 values, one per local hour of the microgrid's time zone, interpolated linearly between hours. */
  z.strictObject({ ...loadBase, shape: z.literal('DAILY_CURVE'), hourly_kw: z.array(kw).length(24) }),
  z.strictObject({
    ...loadBase,
    shape: z.literal('RANDOM_WALK'),
    start_kw: kw,
    step_kw: kw.min(0),
    min_kw: kw,
    max_kw: kw,
  }),
  /** Generation (reported negative) between sunrise and sunset in local time, with seeded cloud dips. */
  z.strictObject({
    ...loadBase,
    shape: z.literal('PV_BELL'),
    peak_kw: kw.min(0),
    sunrise: clock,
    sunset: clock,
    cloud_noise: z.number().min(0).max(1).default(0),
  }),
]);

export const DEGRADATION_MODES = ['MISSING', 'STALE', 'FROZEN'] as const;

export const degradationSchema = z.strictObject({
  mode: z.enum(DEGRADATION_MODES),
  /** A node: its meter and every point in its subtree (a gateway outage). */
  node_id: idSchema.optional(),
  /** One asset's samples only. */
  asset_id: idSchema.optional(),
  from: instant,
  to: instant,
  /** STALE only: how late the samples arrive. */
  delay_s: z.number().int().positive().optional(),
});

export const envelopeEntrySchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('DELIVER'),
    at: instant,
    envelope: z.strictObject({
      id: idSchema.optional(),
      target_node_id: idSchema,
      capacity_kw: kw,
      valid_from: instant,
      valid_to: instant,
      source: z.strictObject({
        type: z.enum(ENVELOPE_SOURCE_TYPES),
        source_id: idSchema,
        external_ref: z.string().min(1).max(200),
      }),
    }),
  }),
  /** Withdraws the envelope delivered earlier with this (source_id, external_ref). */
  z.strictObject({
    type: z.literal('WITHDRAW'),
    at: instant,
    source_id: idSchema,
    external_ref: z.string().min(1).max(200),
    reason: z.string().min(1).max(500),
  }),
]);

const legacyTouWindow = z.strictObject({
  day_of_week: z.array(z.number().int().min(0).max(6)),
  start_time: z.string(),
  end_time: z.string(),
  max_power_kw: kw,
});

export const requestSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('CANONICAL_REBALANCE'), at: instant, scope_node_id: idSchema.optional() }),
  z.strictObject({ type: z.literal('LEGACY_REBALANCE'), at: instant, circuit_id: idSchema }),
  z.strictObject({
    type: z.literal('LEGACY_TOU_WRITE'),
    at: instant,
    circuit_id: idSchema,
    body: z.strictObject({ default_max_power_kw: kw, tou_limits: z.array(legacyTouWindow) }),
  }),
]);

export const capabilityEventSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('BIND'),
    at: instant,
    capability: z.enum(CAPABILITIES),
    scope_node_id: idSchema,
    source_id: idSchema,
  }),
  /** Releases the ACTIVE binding of this source, capability and scope. */
  z.strictObject({
    type: z.literal('RELEASE'),
    at: instant,
    capability: z.enum(CAPABILITIES),
    scope_node_id: idSchema,
    source_id: idSchema,
  }),
  z.strictObject({
    type: z.literal('STATUS'),
    at: instant,
    event_ref: z.string().min(1).max(200),
    source_id: idSchema,
    capability: z.enum(CAPABILITIES),
    scope_node_id: idSchema,
    state: z.enum(CAPABILITY_STATES),
    /** Defaults to `at`. */
    observed_at: instant.optional(),
  }),
]);

export const faultSchema = z.strictObject({
  charger_id: idSchema,
  from: instant,
  to: instant,
  /** Draws up to setpoint + excess_kw; absent, the charger ignores its setpoint altogether. */
  excess_kw: kw.positive().optional(),
});

export const profileSchema = z.strictObject({
  name: z.string().min(1).max(200),
  seed: z.number().int().min(0).max(0xffff_ffff),
  start: instant,
  duration_minutes: z.number().int().positive(),
  tick_seconds: z.number().int().positive().default(60),
  /** Defaults to the tick. */
  cycle_interval_s: z.number().int().positive().optional(),
  settings: settingsSchema.pick({ stale_after_s: true, fail_safe_after_s: true }).default({}),
  /** The microgrid document; parsed and judged by the domain (validateDocumentModel). */
  microgrid: z.unknown(),
  envelopes: z.array(envelopeEntrySchema).default([]),
  vehicles: vehiclesSchema.default({ sessions: [] }),
  loads: z.array(loadSchema).default([]),
  telemetry: z.array(degradationSchema).default([]),
  requests: z.array(requestSchema).default([]),
  capability_events: z.array(capabilityEventSchema).default([]),
  faults: z.array(faultSchema).default([]),
});

export type ProfileInput = z.input<typeof profileSchema>;
type Parsed = z.output<typeof profileSchema>;
export type Session = z.output<typeof sessionSchema>;
export type VehicleGenerator = z.output<typeof generatorSchema>;
export type LoadShape = z.output<typeof loadSchema>;
export type Degradation = z.output<typeof degradationSchema>;
export type EnvelopeEntry = z.output<typeof envelopeEntrySchema>;
export type SimRequest = z.output<typeof requestSchema>;
export type CapabilityEventEntry = z.output<typeof capabilityEventSchema>;
export type Fault = z.output<typeof faultSchema>;
export type LegacyTouBody = Extract<SimRequest, { type: 'LEGACY_TOU_WRITE' }>['body'];

/** A profile that passed validation: the microgrid member is a parsed document. */
export type Profile = Omit<Parsed, 'microgrid' | 'cycle_interval_s'> & {
  microgrid: MicrogridDocument;
  cycle_interval_s: number;
};

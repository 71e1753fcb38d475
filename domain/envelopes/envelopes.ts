// Operating envelopes as pure functions over an envelope list (domain.md "Operating envelopes").
// Nothing is ever deleted: superseding and withdrawing stamp the record and append an event.
import { z } from 'zod';
import { compareIds } from '../ids.ts';
import { idSchema, instantSchema as instant } from '../document.ts';
import { fail, succeed, type Outcome } from '../failure.ts';
import { formatInstant, parseInstant } from '../instant.ts';
import { isKwValue } from '../units.ts';

export const ENVELOPE_SOURCE_TYPES = ['OSCP', 'CSIP_AUS', 'MANUAL', 'LEGACY_CIRCUIT'] as const;
export type EnvelopeSourceType = (typeof ENVELOPE_SOURCE_TYPES)[number];
export const ENVELOPE_STATUSES = ['PENDING', 'ACTIVE', 'EXPIRED', 'WITHDRAWN', 'SUPERSEDED'] as const;
export type EnvelopeStatus = (typeof ENVELOPE_STATUSES)[number];

export const envelopeSourceSchema = z.strictObject({
  type: z.enum(ENVELOPE_SOURCE_TYPES),
  source_id: idSchema,
  external_ref: z.string().min(1).max(200),
  received_at: instant.optional(),
});

/** What a sender delivers: the receiver assigns the id unless one is given. */
export const envelopeInputSchema = z.strictObject({
  id: idSchema.optional(),
  target_node_id: idSchema,
  capacity_kw: z.number(),
  valid_from: instant,
  valid_to: instant,
  source: envelopeSourceSchema,
});
export type EnvelopeInput = z.infer<typeof envelopeInputSchema>;

export interface EnvelopeSource {
  type: EnvelopeSourceType;
  source_id: string;
  external_ref: string;
  received_at: string;
}

export type EnvelopeEvent =
  | { type: 'RECEIVED'; at: string }
  | { type: 'SUPERSEDED'; at: string; superseded_by: string }
  | { type: 'WITHDRAWN'; at: string; reason: string };

export interface EnvelopeRecord {
  id: string;
  target_node_id: string;
  capacity_kw: number;
  valid_from: string;
  valid_to: string;
  source: EnvelopeSource;
  superseded_by: string | null;
  superseded_at: string | null;
  withdrawn_at: string | null;
  withdraw_reason: string | null;
  events: EnvelopeEvent[];
}

export type EnvelopeView = EnvelopeRecord & { status: EnvelopeStatus };

/**
 * Terminal states count from the moment they happened, so a read `at` an earlier instant shows the
 * envelope as it was then (time travel for diagnosis and replays).
 */
export function envelopeStatusAt(e: EnvelopeRecord, t: number): EnvelopeStatus {
  if (e.withdrawn_at !== null && t >= parseInstant(e.withdrawn_at)) return 'WITHDRAWN';
  if (e.superseded_at !== null && t >= parseInstant(e.superseded_at)) return 'SUPERSEDED';
  if (t < parseInstant(e.valid_from)) return 'PENDING';
  if (t < parseInstant(e.valid_to)) return 'ACTIVE';
  return 'EXPIRED';
}

export function isLive(status: EnvelopeStatus): boolean {
  return status === 'PENDING' || status === 'ACTIVE';
}

export function envelopeView(e: EnvelopeRecord, t: number): EnvelopeView {
  return { ...e, status: envelopeStatusAt(e, t) };
}

export function activeEnvelopesAt(list: readonly EnvelopeRecord[], t: number): EnvelopeRecord[] {
  return list.filter((e) => envelopeStatusAt(e, t) === 'ACTIVE');
}

export interface EnvelopeFilter {
  status?: EnvelopeStatus;
  target_node_id?: string;
}

/** Every envelope (history included) with its status at t, by id. */
export function listEnvelopes(
  list: readonly EnvelopeRecord[],
  t: number,
  filter: EnvelopeFilter = {},
): EnvelopeView[] {
  return list
    .map((e) => envelopeView(e, t))
    .filter(
      (e) =>
        (filter.status === undefined || e.status === filter.status) &&
        (filter.target_node_id === undefined || e.target_node_id === filter.target_node_id),
    )
    .sort((a, b) => compareIds(a.id, b.id));
}

export type ReceiveResult =
  | { kind: 'DUPLICATE'; envelope: EnvelopeRecord }
  | { kind: 'CREATED'; envelope: EnvelopeRecord; superseded: EnvelopeRecord[] };

export interface ReceiveContext {
  now: number;
  newId: () => string;
  hasNode: (id: string) => boolean;
}

function overlaps(aFrom: string, aTo: string, bFrom: string, bTo: string): boolean {
  return parseInstant(aFrom) < parseInstant(bTo) && parseInstant(bFrom) < parseInstant(aTo);
}

/**
 * Receive one envelope: the same (source_id, external_ref) again returns the stored one and adds
 * nothing; otherwise it is stored and supersedes every live envelope from the same source on the
 * same node whose window overlaps its own. `superseded` holds the updated records to store.
 */
export function receiveEnvelope(
  list: readonly EnvelopeRecord[],
  input: EnvelopeInput,
  ctx: ReceiveContext,
): Outcome<ReceiveResult> {
  const duplicate = list.find(
    (e) =>
      e.source.source_id === input.source.source_id && e.source.external_ref === input.source.external_ref,
  );
  if (duplicate) return succeed({ kind: 'DUPLICATE', envelope: duplicate });

  if (!ctx.hasNode(input.target_node_id)) {
    return fail(
      'INVALID',
      'ENVELOPE_TARGET_MISSING',
      `target_node_id ${input.target_node_id} is not a node of this microgrid`,
      { field: 'target_node_id', node_id: input.target_node_id },
    );
  }
  if (!isKwValue(input.capacity_kw) || input.capacity_kw < 0) {
    return fail(
      'INVALID',
      'ENVELOPE_VALUE_INVALID',
      `capacity_kw must be a finite number ≥ 0 with at most 3 decimals (got ${input.capacity_kw})`,
      { field: 'capacity_kw' },
    );
  }
  if (parseInstant(input.valid_from) >= parseInstant(input.valid_to)) {
    return fail(
      'INVALID',
      'ENVELOPE_WINDOW_INVALID',
      `valid_from ${input.valid_from} must be before valid_to ${input.valid_to}`,
      { field: 'valid_to' },
    );
  }
  const id = input.id ?? ctx.newId();
  if (list.some((e) => e.id === id)) {
    return fail(
      'CONFLICT',
      'ENVELOPE_ID_TAKEN',
      `an envelope with id ${id} already exists from another source reference`,
      { field: 'id' },
    );
  }
  const now = formatInstant(ctx.now);
  const envelope: EnvelopeRecord = {
    id,
    target_node_id: input.target_node_id,
    capacity_kw: input.capacity_kw,
    valid_from: formatInstant(parseInstant(input.valid_from)),
    valid_to: formatInstant(parseInstant(input.valid_to)),
    source: { ...input.source, received_at: input.source.received_at ?? now },
    superseded_by: null,
    superseded_at: null,
    withdrawn_at: null,
    withdraw_reason: null,
    events: [{ type: 'RECEIVED', at: now }],
  };
  const superseded = list
    .filter(
      (e) =>
        e.source.source_id === input.source.source_id &&
        e.target_node_id === input.target_node_id &&
        isLive(envelopeStatusAt(e, ctx.now)) &&
        overlaps(e.valid_from, e.valid_to, envelope.valid_from, envelope.valid_to),
    )
    .sort((a, b) => compareIds(a.id, b.id))
    .map((e) => ({
      ...e,
      superseded_by: id,
      superseded_at: now,
      events: [...e.events, { type: 'SUPERSEDED' as const, at: now, superseded_by: id }],
    }));
  return succeed({ kind: 'CREATED', envelope, superseded });
}

/** Withdraw a live envelope; an envelope already terminal or expired is ENVELOPE_NOT_LIVE. */
export function withdrawEnvelope(e: EnvelopeRecord, reason: string, now: number): Outcome<EnvelopeRecord> {
  const status = envelopeStatusAt(e, now);
  if (!isLive(status)) {
    return fail(
      'CONFLICT',
      'ENVELOPE_NOT_LIVE',
      `envelope ${e.id} is ${status}; only a PENDING or ACTIVE envelope can be withdrawn`,
      { envelope_id: e.id, status },
    );
  }
  const at = formatInstant(now);
  return succeed({
    ...e,
    withdrawn_at: at,
    withdraw_reason: reason,
    events: [...e.events, { type: 'WITHDRAWN', at, reason }],
  });
}

// Structural parsing of the microgrid document (domain.md, "The microgrid document").
// Shape only: types, identifiers, enums. Values that a domain rule judges (ratings, caps, days,
// times) are let through here so that they are reported with their domain code and exact field.
import { z } from 'zod';
import { ID_PATTERN } from './ids.ts';
import { issue, sortIssues, type ValidationIssue } from './issues.ts';
import { isTimeZone } from './local-time.ts';
import { ASSET_KINDS, LIMIT_SCOPES, NODE_KINDS, type MicrogridDocument } from './model.ts';
import { isUtcInstant } from './instant.ts';

export const idSchema = z
  .string()
  .regex(ID_PATTERN, 'must be an identifier: 1–64 of A–Z a–z 0–9 . _ : -, starting with a letter or digit');

/** A UTC instant as every document and API body writes it. */
export const instantSchema = z.string().refine(isUtcInstant, 'must be a UTC ISO-8601 instant ending in Z');

const nonNegativeSeconds = z.number().int().nonnegative();

export const settingsSchema = z.strictObject({
  stale_after_s: nonNegativeSeconds.optional(),
  fail_safe_after_s: nonNegativeSeconds.optional(),
  cycle_interval_s: nonNegativeSeconds.optional(),
});

export const identitySchema = z.strictObject({
  id: idSchema,
  depot_id: idSchema,
  name: z.string().min(1),
  timezone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Australia/Melbourne'),
  root_node_id: idSchema,
  settings: settingsSchema.optional(),
});

export const nodeSchema = z.strictObject({
  id: idSchema,
  parent_id: idSchema.nullable(),
  name: z.string(),
  kind: z.enum(NODE_KINDS),
  physical_rating_kw: z.number().optional(),
  metered: z.boolean().default(false),
});

export const assetSchema = z.strictObject({
  id: idSchema,
  node_id: idSchema,
  name: z.string(),
  kind: z.enum(ASSET_KINDS),
  rating_kw: z.number().optional(),
  min_kw: z.number().optional(),
  fallback_kw: z.number().optional(),
});

export const touWindowSchema = z.strictObject({
  days: z.array(z.string()),
  start: z.string(),
  end: z.string(),
  cap_kw: z.number().optional(),
});

export const limitPolicySchema = z.strictObject({
  id: idSchema,
  scope: z.enum(LIMIT_SCOPES),
  node_id: idSchema,
  hard_cap_kw: z.number().optional(),
  schedule: z.array(touWindowSchema).default([]),
});

export const circuitAliasSchema = z.strictObject({
  circuit_id: idSchema,
  node_id: idSchema,
});

export const microgridDocumentSchema = z.strictObject({
  microgrid: identitySchema,
  nodes: z.array(nodeSchema),
  assets: z.array(assetSchema).default([]),
  limits: z.array(limitPolicySchema).default([]),
  circuit_aliases: z.array(circuitAliasSchema).default([]),
  version: z.number().int().positive().optional(),
  updated_at: instantSchema.optional(),
  updated_by: z.string().optional(),
});

/** `nodes[3].kind` — the path of a zod issue in the notation the errors use everywhere. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

const ELEMENT_ID: Record<
  string,
  { key: 'id' | 'circuit_id'; about: 'node_id' | 'asset_id' | 'policy_id' | 'circuit_id'; noun: string }
> = {
  nodes: { key: 'id', about: 'node_id', noun: 'node' },
  assets: { key: 'id', about: 'asset_id', noun: 'asset' },
  limits: { key: 'id', about: 'policy_id', noun: 'policy' },
  circuit_aliases: { key: 'circuit_id', about: 'circuit_id', noun: 'circuit alias' },
};

/**
 * Turns zod's issues into errors with their path. An issue inside a list element that has an id is
 * reported against that id with the path inside the element (`node_id: tx-1, field: kind`), like
 * every domain error — so the report does not change when the lists are reordered.
 */
export function schemaIssues(
  error: z.ZodError,
  input: unknown,
  code = 'DOCUMENT_INVALID',
): ValidationIssue[] {
  const out = error.issues.map((i) => {
    const extra = i.code === 'unrecognized_keys' ? `: ${i.keys.join(', ')}` : '';
    const [list, position, ...rest] = i.path;
    const element = typeof list === 'string' && typeof position === 'number' ? ELEMENT_ID[list] : undefined;
    if (element && rest[0] !== element.key) {
      const raw = (input as Record<string, unknown[]>)[list as string]?.[position as number] as
        Record<string, unknown> | undefined;
      const id = raw?.[element.key];
      if (typeof id === 'string' && ID_PATTERN.test(id)) {
        const field = formatPath(rest) || undefined;
        return issue(code, `${element.noun} ${id}: ${field ? `${field}: ` : ''}${i.message}${extra}`, {
          [element.about]: id,
          field,
        });
      }
    }
    const field = formatPath(i.path);
    return issue(code, `${field || 'document'}: ${i.message}${extra}`, { field: field || undefined });
  });
  return sortIssues(out);
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: ValidationIssue[] };

export function parseMicrogridDocument(input: unknown): ParseResult<MicrogridDocument> {
  const result = microgridDocumentSchema.safeParse(input);
  if (!result.success) return { ok: false, errors: schemaIssues(result.error, input) };
  return { ok: true, value: result.data as MicrogridDocument };
}

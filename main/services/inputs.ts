// Every bridge input is checked here before a service sees it: one small zod schema per command,
// taking `unknown` (whatever a page or a local HTTP client sent). Shapes reuse the domain's own
// document schemas so that a node or asset is judged exactly as in a microgrid document.
import { z } from 'zod';
import { assetSchema, idSchema, nodeSchema, schemaIssues, type ValidationIssue } from '../../domain/index.ts';
import type { CommandInput, CommandName } from '../../preload/contract.ts';
import { syncInputSchemas } from './sync/commands.ts';
import { inspectInputSchemas } from './inspect/commands.ts';
import { simulatorInputSchemas } from './simulator/commands.ts';

const none = z.strictObject({});

const schemas = {
  appInfo: none,
  listMicrogrids: none,
  // Documents are judged by the service (so that their errors carry the domain's codes).
  createMicrogrid: z.strictObject({ document: z.unknown() }),
  importMicrogrid: z.strictObject({ document: z.unknown(), replace: z.boolean().default(false) }),
  exportMicrogrid: z.strictObject({ microgrid_id: idSchema }),
  readTopology: z.strictObject({ microgrid_id: z.string().min(1).max(200) }),
  putTopology: z.strictObject({
    microgrid_id: idSchema,
    base_version: z.number().int().positive(),
    nodes: z.array(nodeSchema).max(200_000),
    assets: z.array(assetSchema).max(1_000_000),
  }),
  ...syncInputSchemas,
  ...inspectInputSchemas,
  ...simulatorInputSchemas,
} satisfies Record<CommandName, z.ZodType>;

export type InputCheck<T> = { ok: true; value: T } | { ok: false; errors: ValidationIssue[] };

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(schemas, name);
}

/** The command's input, or REQUEST_INVALID errors naming each failing path. */
export function checkInput<K extends CommandName>(command: K, raw: unknown): InputCheck<CommandInput<K>> {
  const result = (schemas[command] as z.ZodType).safeParse(raw ?? {});
  if (!result.success) return { ok: false, errors: schemaIssues(result.error, raw, 'REQUEST_INVALID') };
  return { ok: true, value: result.data as CommandInput<K> };
}

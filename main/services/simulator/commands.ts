// The Simulator screen's bridge commands: one zod schema per command (checked by inputs.ts) and
// the handlers over the simulator service; building a profile reads the local microgrid.
import { z } from 'zod';
import { fail, idSchema, isUtcInstant, succeed, type Outcome } from '../../../domain/index.ts';
import { readDocument } from '../../../domain/usecases/index.ts';
import type { SimulatorCommands } from '../../../preload/simulator-contract.ts';
import type { LocalStore } from '../local-store.ts';
import { buildProfile, nextLocalMidnight } from './profile-builder.ts';
import { ARTIFACTS, createSimulatorService, type SimulatorService } from './simulator-service.ts';

const runId = z.string().regex(/^run-\d{1,9}$/, 'must be a run id such as run-1');
const format = z.enum(['json', 'yaml']);
/** Profiles are text as written (JSON or YAML); the largest example is a few MB. */
const profileText = z
  .string()
  .min(1, 'the profile is empty')
  .max(32 * 1024 * 1024);

export const simulatorInputSchemas = {
  simulatorExamples: z.strictObject({}),
  simulatorExample: z.strictObject({ name: z.string().min(1).max(200) }),
  simulatorBuildProfile: z.strictObject({
    microgrid_id: idSchema,
    options: z
      .strictObject({
        start: z.string().refine(isUtcInstant, 'must be a UTC ISO-8601 instant ending in Z').optional(),
        duration_minutes: z
          .number()
          .int()
          .positive()
          .max(7 * 24 * 60)
          .optional(),
        tick_seconds: z.number().int().positive().max(3600).optional(),
        seed: z.number().int().min(0).max(0xffff_ffff).optional(),
        vehicles: z.number().int().min(0).max(100_000).optional(),
      })
      .optional(),
  }),
  simulatorValidate: z.strictObject({ format, text: profileText }),
  simulatorStart: z.strictObject({
    label: z.string().max(300),
    format,
    text: profileText,
    seed: z
      .number()
      .int()
      .min(0, 'a seed is a whole number from 0 to 4294967295')
      .max(0xffff_ffff, 'a seed is a whole number from 0 to 4294967295')
      .optional(),
  }),
  simulatorRuns: z.strictObject({}),
  simulatorProgress: z.strictObject({ run_id: runId }),
  simulatorCancel: z.strictObject({ run_id: runId }),
  simulatorCharts: z.strictObject({ run_id: runId, node_id: idSchema.optional() }),
  simulatorExport: z.strictObject({ run_id: runId, dir: z.string().min(1, 'choose a folder').max(4096) }),
  simulatorArtifact: z.strictObject({ run_id: runId, name: z.enum(ARTIFACTS as [string, ...string[]]) }),
  simulatorCompare: z.strictObject({ run_a: runId, run_b: runId }),
} satisfies Record<keyof SimulatorCommands, z.ZodType>;

export type SimulatorHandlers = {
  [K in keyof SimulatorCommands]: (
    input: SimulatorCommands[K]['input'],
  ) => Promise<Outcome<SimulatorCommands[K]['result']>>;
};

export function createSimulatorHandlers(ctx: {
  store: LocalStore;
  resourceRoot?: string;
  service?: SimulatorService;
}): SimulatorHandlers {
  const sim = ctx.service ?? createSimulatorService({ resourceRoot: ctx.resourceRoot });
  return {
    simulatorExamples: async () => sim.examples(),
    simulatorExample: async (input) => sim.example(input.name),
    simulatorBuildProfile: async (input) => {
      const doc = readDocument(ctx.store.ports, { microgridId: input.microgrid_id });
      if (!doc.ok) return doc;
      const start =
        input.options?.start ?? nextLocalMidnight(doc.value.microgrid.timezone, ctx.store.ports.clock.now());
      const profile = buildProfile(doc.value, { ...input.options, start });
      return succeed({
        label: `built from ${input.microgrid_id}`,
        format: 'json',
        text: `${JSON.stringify(profile, null, 2)}\n`,
      });
    },
    simulatorValidate: (input) => sim.validate(input.format, input.text),
    simulatorStart: (input) => sim.start(input),
    simulatorRuns: async () => succeed(sim.runs()),
    simulatorProgress: async (input) => sim.progress(input.run_id),
    simulatorCancel: (input) => sim.cancel(input.run_id),
    simulatorCharts: async (input) => sim.charts(input.run_id, input.node_id),
    simulatorExport: async (input) => sim.exportRun(input.run_id, input.dir),
    simulatorArtifact: async (input) => sim.artifact(input.run_id, input.name),
    simulatorCompare: async (input) =>
      input.run_a === input.run_b
        ? fail('INVALID', 'RUN_COMPARE_SAME', 'choose two different runs to compare', { field: 'run_b' })
        : sim.compare(input.run_a, input.run_b),
  };
}

// Shared by the simulator tests: the example profiles, a run held in memory, and a copy of a
// profile with every set-like array (and every object's keys) reordered.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { shuffled } from '../../tests/support/shuffle.ts';
import {
  formatOf,
  readProfileText,
  runSimulation,
  validateProfile,
  type Profile,
  type RunOptions,
  type SimulationResult,
} from '../index.ts';
import type { ArtifactName } from '../artifacts/sink.ts';

export const PROFILES = join(import.meta.dirname, '..', '..', 'examples', 'profiles');

/** The example profile as its file holds it (a plain value, before validation). */
export function rawExample(name: string): Record<string, unknown> {
  const file = join(PROFILES, name);
  const read = readProfileText(readFileSync(file, 'utf8'), formatOf(file));
  if (!read.ok) throw new Error(`${name}: ${read.errors[0]?.message}`);
  return read.value as Record<string, unknown>;
}

export function validated(raw: unknown): Profile {
  const report = validateProfile(raw);
  if (!report.valid) throw new Error(`invalid profile: ${JSON.stringify(report.errors.slice(0, 3))}`);
  return report.profile!;
}

export type Files = Record<ArtifactName, string>;

export async function run(
  raw: unknown,
  options: RunOptions = {},
): Promise<SimulationResult & { files: Files }> {
  const result = await runSimulation(validated(raw), options);
  return result as SimulationResult & { files: Files };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function cycles(files: Files): Record<string, any>[] {
  return files['cycles.jsonl']
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

/** `at` (HH:MM of the UTC instant) → the SIMULATOR cycle of that tick. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function scheduledAt(files: Files, hhmm: string): Record<string, any> {
  const c = cycles(files).find((x) => x.trigger === 'SIMULATOR' && x.at.slice(11, 16) === hhmm);
  if (!c) throw new Error(`no scheduled cycle at ${hhmm}`);
  return c;
}

export function timeseriesRow(files: Files, hhmm: string, node: string): Record<string, string> {
  const [header, ...rows] = files['timeseries.csv'].trim().split('\n');
  const names = header!.split(',');
  const row = rows.map((r) => r.split(',')).find((r) => r[0]!.slice(11, 16) === hhmm && r[1] === node);
  if (!row) throw new Error(`no time-series row at ${hhmm} for ${node}`);
  return Object.fromEntries(names.map((n, i) => [n, row[i]!]));
}

/** Arrays whose position carries meaning and must keep their order. */
const ORDERED = new Set(['hourly_kw']);

/** Every array shuffled (except positional ones) and every object's keys reversed, at every depth. */
export function shuffleProfile(value: unknown, seed = 1, key = ''): unknown {
  if (Array.isArray(value)) {
    const inner = value.map((v, i) => shuffleProfile(v, seed * 31 + i + 1, key));
    return ORDERED.has(key) ? inner : shuffled(inner, seed);
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).reverse())
      out[k] = shuffleProfile((value as Record<string, unknown>)[k], seed + k.length, k);
    return out;
  }
  return value;
}

// `microgrid sim run | validate | diff` (cli.md, simulator.md): run a depot profile and write its
// artifacts, check a profile without running it, compare two artifact sets.
import { basename, extname, resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import {
  DirectorySink,
  formatOf,
  readProfileText,
  runSimulation,
  SimulationCancelled,
  SimulationError,
  validateProfile,
  type ProfileReport,
  type Summary,
} from '../../simulator/index.ts';
import { ArtifactDirError, diffArtifacts, type DiffReport } from '../../simulator/diff.ts';
import {
  CliError,
  EXIT_FAILURE,
  EXIT_INVALID,
  EXIT_OK,
  jsonText,
  processIo,
  readText,
  type Io,
} from '../io.ts';
import { describeIssue } from './validate.ts';

async function loadProfile(file: string): Promise<ProfileReport> {
  const read = readProfileText(await readText(file), formatOf(file));
  return read.ok ? validateProfile(read.value) : { valid: false, errors: read.errors, warnings: [] };
}

function reportText(file: string, report: ProfileReport): string {
  const p = report.profile;
  const head = p
    ? `valid — profile "${p.name}": ${(p.duration_minutes * 60) / p.tick_seconds} ticks of ${p.tick_seconds} s from ${p.start}, microgrid ${p.microgrid.microgrid.id} (${p.microgrid.nodes.length} nodes, ${p.microgrid.assets.filter((a) => a.kind === 'CHARGER').length} chargers), ${p.vehicles.sessions.length} explicit sessions${p.vehicles.generator ? ` + ${p.vehicles.generator.count} generated vehicles` : ''}, ${p.requests.length} requests, ${p.envelopes.length} envelope events`
    : `INVALID — ${file}`;
  const counts = `${report.errors.length} error${report.errors.length === 1 ? '' : 's'}, ${report.warnings.length} warning${report.warnings.length === 1 ? '' : 's'}`;
  const lines = [`${head} (${counts})`];
  for (const e of report.errors) lines.push(describeIssue('error', e));
  for (const w of report.warnings) lines.push(describeIssue('warning', w));
  return `${lines.join('\n')}\n`;
}

export async function simValidateCommand(file: string, opts: { json?: boolean }, io: Io): Promise<number> {
  const report = await loadProfile(file);
  io.out(
    opts.json
      ? jsonText({ valid: report.valid, errors: report.errors, warnings: report.warnings })
      : reportText(file, report),
  );
  return report.valid ? EXIT_OK : EXIT_INVALID;
}

function parseSeed(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,10}$/.test(value) || Number(value) > 0xffff_ffff)
    throw new CliError(
      `--seed must be a whole number from 0 to 4294967295 (got ${JSON.stringify(value)})`,
      EXIT_INVALID,
    );
  return Number(value);
}

function parseTarget(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
    return url.toString();
  } catch {
    throw new CliError(
      `--target must be a controller's http(s) URL such as http://127.0.0.1:8787 (got ${JSON.stringify(value)})`,
      EXIT_INVALID,
    );
  }
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

function counts(record: Record<string, number>): string {
  const entries = Object.entries(record);
  return entries.length ? entries.map(([k, v]) => `${k} ${v}`).join(', ') : 'none';
}

/** The one-paragraph end summary of a run. */
export function summaryParagraph(s: Summary, outDir: string): string {
  const c = s.cycles;
  const e = s.energy_kwh;
  const v = s.vehicles;
  const breaches = s.breaches.total
    ? `${plural(s.breaches.total, 'breach', 'breaches')} (${counts(s.breaches.by_node)})`
    : 'no breaches';
  const legacy = s.legacy_requests.total
    ? `${plural(s.legacy_requests.total, 'legacy request')} (${counts(s.legacy_requests.by_outcome)})`
    : 'no legacy requests';
  return (
    `Ran "${s.name}" (seed ${s.seed}, ${s.delivery === 'HTTP' ? 'against a controller over HTTP' : 'in process'}): ${s.ticks} ticks of ${s.tick_seconds} s from ${s.start} to ${s.end}; ` +
    `${plural(c.total, 'cycle')} (by trigger: ${counts(c.by_trigger)}; by outcome: ${counts(c.by_outcome)}; by source mode: ${counts(c.by_source_mode)}). ` +
    `${plural(v.total, 'vehicle')} asked ${e.asked} kWh and got ${e.delivered} kWh (${e.unmet} kWh unmet; ${v.charged} fully charged, ${v.no_charger} found no free charger). ` +
    `${breaches}; ${legacy}. Artifacts in ${outDir}.\n`
  );
}

export interface SimRunOptions {
  seed?: string;
  out?: string;
  target?: string;
  json?: boolean;
}

export async function simRunCommand(file: string, opts: SimRunOptions, io: Io): Promise<number> {
  const seed = parseSeed(opts.seed);
  const target = parseTarget(opts.target);
  const report = await loadProfile(file);
  if (!report.valid || !report.profile) {
    if (opts.json) io.out(jsonText({ valid: false, errors: report.errors, warnings: report.warnings }));
    else io.err(reportText(file, report));
    return EXIT_INVALID;
  }
  const profile = report.profile;
  const runSeed = seed ?? profile.seed;
  const outDir = resolve(opts.out ?? `sim-out/${basename(file, extname(file))}-seed-${runSeed}`);

  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  // A progress bar only where someone is watching: stderr on a terminal, never in tests or pipes.
  const bar =
    io === processIo && process.stderr.isTTY
      ? new SingleBar({
          format: 'simulating {bar} {percentage}% | tick {value}/{total} | {at} | {cycles} cycles',
          stream: process.stderr,
          hideCursor: true,
        })
      : null;
  const ticks = (profile.duration_minutes * 60) / profile.tick_seconds;
  bar?.start(ticks, 0, { at: profile.start, cycles: 0 });
  try {
    const result = await runSimulation(profile, {
      seed: runSeed,
      ...(target ? { target } : {}),
      sink: new DirectorySink(outDir),
      signal: abort.signal,
      onProgress: bar ? (p) => bar.update(p.tick, { at: p.at, cycles: p.cycles }) : undefined,
    });
    bar?.stop();
    io.out(opts.json ? jsonText(result.summary) : summaryParagraph(result.summary, outDir));
    return EXIT_OK;
  } catch (e) {
    bar?.stop();
    if (e instanceof SimulationCancelled)
      throw new CliError('simulation cancelled; no artifact was written', EXIT_FAILURE);
    if (e instanceof SimulationError)
      throw new CliError(`simulation stopped: ${e.code}: ${e.message}`, EXIT_FAILURE);
    throw e;
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
}

function diffText(r: DiffReport, a: string, b: string): string {
  if (r.identical) return `identical — ${a} and ${b} hold the same artifacts byte for byte\n`;
  const lines = [
    `DIFFERENT — ${Object.entries(r.files)
      .filter(([, s]) => s !== 'SAME')
      .map(([n, s]) => `${n} ${s.toLowerCase().replace(/_/g, ' ')}`)
      .join(', ')}`,
  ];
  const c = r.first_cycle_difference;
  if (c) {
    lines.push(
      `first cycle that differs: line ${c.line} of cycles.jsonl${c.at ? `, at ${c.at}` : ''}${c.trigger ? `, trigger ${c.trigger}` : ''}${c.cycle_id_a !== c.cycle_id_b ? ` (cycle ${c.cycle_id_a ?? '—'} vs ${c.cycle_id_b ?? '—'})` : ''}`,
    );
    for (const d of c.differences) lines.push(`  ${d.path}: ${JSON.stringify(d.a)} → ${JSON.stringify(d.b)}`);
    if (c.truncated) lines.push('  … and more');
  }
  for (const row of r.first_row_differences) {
    lines.push(
      `first row that differs in ${row.file}: line ${row.line}${row.columns.length ? ` (${row.columns.join(', ')})` : ''}`,
    );
    lines.push(`  A: ${row.a ?? '(none)'}`);
    lines.push(`  B: ${row.b ?? '(none)'}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function simDiffCommand(
  dirA: string,
  dirB: string,
  opts: { json?: boolean },
  io: Io,
): Promise<number> {
  let report: DiffReport;
  try {
    report = diffArtifacts(dirA, dirB);
  } catch (e) {
    if (e instanceof ArtifactDirError) throw new CliError(e.message, EXIT_INVALID);
    throw e;
  }
  io.out(opts.json ? jsonText(report) : diffText(report, dirA, dirB));
  return report.identical ? EXIT_OK : EXIT_FAILURE;
}

// The tick loop of simulator.md. Each tick: vehicles arrive and leave; true demand is drawn;
// telemetry goes out through the degradations; due envelopes, capability events and requests are
// delivered through the service layer; the scheduled cycle runs; chargers apply their setpoints;
// the meters' reading of the result is written to the time series.
import {
  formatInstant,
  localTimeAt,
  parseInstant,
  type CycleResult,
  type EnvelopeInput,
  type TelemetrySample,
} from '../domain/index.ts';
import { CycleLineEncoder } from './artifacts/cycle-line.ts';
import { openOutput, type ArtifactOutput } from './artifacts/output.ts';
import {
  csvRow,
  jsonFile,
  kw,
  kwh,
  kwText,
  SESSIONS_COLUMNS,
  TIMESERIES_COLUMNS,
} from './artifacts/format.ts';
import { MemorySink, type ArtifactName, type ArtifactSink } from './artifacts/sink.ts';
import { deliveredWhOf, SummaryBuilder, type EventRecord, type Summary } from './artifacts/summary.ts';
import { TelemetryChannel } from './degradations.ts';
import { InProcessDelivery } from './delivery/in-process.ts';
import { HttpDelivery } from './delivery/http.ts';
import type { Answer, Delivery } from './delivery/types.ts';
import { Plant } from './plant.ts';
import { canonicalProfile, profileDigest } from './profile/canonical.ts';
import type { CapabilityEventEntry, EnvelopeEntry, Profile, SimRequest } from './profile/schema.ts';
import { TOOL_NAME, TOOL_VERSION } from './version.ts';
import { buildVehicles } from './vehicles.ts';

export interface Progress {
  /** Ticks done. */
  tick: number;
  ticks: number;
  /** The simulated instant just played. */
  at: string;
  cycles: number;
}

export interface RunOptions {
  /** Overrides the profile's seed. */
  seed?: number;
  /** A running controller's base URL: deliver over HTTP instead of in process. */
  target?: string;
  /** Where the artifacts go; in memory when absent (read them from the result). */
  sink?: ArtifactSink;
  onProgress?: (p: Progress) => void;
  /** Aborting stops the run at the next tick; nothing is left half-written. */
  signal?: AbortSignal;
  /** Sent as X-Actor / recorded as the client in --target runs. */
  fetchImpl?: typeof fetch;
}

export interface Manifest {
  artifacts: Record<Exclude<ArtifactName, 'manifest.json'>, string>;
  profile_sha256: string;
  seed: number;
  tool: { name: string; version: string };
}

export interface SimulationResult {
  summary: Summary;
  manifest: Manifest;
  /** The artifacts' text when no sink was given. */
  files?: Record<ArtifactName, string>;
}

/** A run that could not go on (the service refused its set-up, a controller went away, ...). */
export class SimulationError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class SimulationCancelled extends Error {
  constructor() {
    super('the simulation was cancelled');
  }
}

/** Idle charger reports come this often (seconds of simulated time). */
const HEARTBEAT_S = 900;
/** Give the event loop a turn this often, so a worker can receive a cancel. */
const YIELD_EVERY_TICKS = 64;

interface Timed<T> {
  tick: number;
  entry: T;
}

function schedule<T extends { at: string }>(
  entries: readonly T[],
  start: number,
  tickMs: number,
): Timed<T>[] {
  return entries.map((entry) => ({ tick: Math.ceil((parseInstant(entry.at) - start) / tickMs), entry }));
}

const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function required<T>(what: string, a: Answer<T>): T {
  if (a.status >= 300 || a.value === undefined)
    throw new SimulationError(
      a.code ?? 'SIMULATION_DELIVERY_FAILED',
      `${what} was refused (${a.status} ${a.code ?? ''}): ${a.message ?? 'no detail'}`,
    );
  return a.value;
}

function ensureOk(what: string, a: Answer<unknown>): void {
  if (a.status >= 300)
    throw new SimulationError(
      a.code ?? 'SIMULATION_DELIVERY_FAILED',
      `${what} was refused (${a.status} ${a.code ?? ''}): ${a.message ?? 'no detail'}`,
    );
}

/**
 * Runs a validated profile (see validateProfile) and writes the five artifacts. The same profile,
 * seed and tool version give the same bytes, whatever the order of the profile's arrays.
 */
export async function runSimulation(validated: Profile, options: RunOptions = {}): Promise<SimulationResult> {
  const profile = canonicalProfile(validated);
  const seed = options.seed ?? profile.seed;
  const digest = profileDigest(profile);
  const sink = options.sink ?? new MemorySink();
  const delivery: Delivery = options.target
    ? new HttpDelivery(options.target, options.fetchImpl)
    : new InProcessDelivery(seed);
  try {
    const out = openOutput(sink);
    let result: Omit<SimulationResult, 'files'>;
    try {
      result = await play(profile, seed, digest, delivery, out, options);
      await out.finish();
    } catch (e) {
      await out.abort();
      throw e;
    }
    return sink instanceof MemorySink && !options.sink ? { ...result, files: sink.files() } : result;
  } finally {
    await delivery.close();
  }
}

async function play(
  profile: Profile,
  seed: number,
  digest: string,
  delivery: Delivery,
  out: ArtifactOutput,
  options: RunOptions,
): Promise<Omit<SimulationResult, 'files'>> {
  const start = parseInstant(profile.start);
  const tickS = profile.tick_seconds;
  const tickMs = tickS * 1000;
  const ticks = (profile.duration_minutes * 60) / tickS;
  const cycleEvery = profile.cycle_interval_s / tickS;
  const heartbeatEvery = Math.max(1, Math.round(HEARTBEAT_S / tickS));
  const doc = profile.microgrid;
  const mgId = doc.microgrid.id;
  const timeZone = doc.microgrid.timezone;

  const plant = new Plant(profile, buildVehicles(profile, seed), seed);
  const channel = new TelemetryChannel(plant.points, profile.telemetry, (n) => plant.subtreeOf(n));
  const summary = new SummaryBuilder();
  const envelopes = schedule<EnvelopeEntry>(profile.envelopes, start, tickMs);
  const capabilityEvents = schedule<CapabilityEventEntry>(profile.capability_events, start, tickMs);
  const requests = schedule<SimRequest>(profile.requests, start, tickMs);
  let ie = 0;
  let ic = 0;
  let ir = 0;
  const envelopeIds = new Map<string, string>();
  const bindingIds = new Map<string, string>();

  // The node columns of the time series come from the cycle in force.
  const limitText: string[] = plant.nodeIds.map(() => '');
  const limitKw: number[] = plant.nodeIds.map(() => NaN);
  const modeText: string[] = plant.nodeIds.map(() => '');
  let cycles = 0;

  const settings = { ...(doc.microgrid.settings ?? {}), ...profile.settings };
  const created = {
    ...doc,
    microgrid: { ...doc.microgrid, ...(Object.keys(settings).length ? { settings } : {}) },
  };
  required(`creating microgrid ${mgId}`, await delivery.createMicrogrid(created, start));

  out.write('timeseries.csv', csvRow(TIMESERIES_COLUMNS));
  const cycleLine = new CycleLineEncoder();
  const onCycle = (r: CycleResult) => {
    cycles++;
    out.writeBytes('cycles.jsonl', cycleLine.encode(r));
    summary.cycle(r);
    plant.setSetpoints(r.setpoints);
    for (const n of r.nodes) {
      const i = plant.nodeIndex.get(n.node_id);
      if (i === undefined) continue;
      if (n.effective_limit_kw !== limitKw[i]) {
        limitKw[i] = n.effective_limit_kw;
        limitText[i] = kwText(n.effective_limit_kw);
      }
      modeText[i] = n.source_mode;
    }
  };
  const record = (
    t: number,
    at: string,
    kind: string,
    a: Answer<unknown>,
    about: Record<string, unknown>,
  ): EventRecord => {
    const e: EventRecord = { at: formatInstant(parseInstant(at)), kind, ...about, status: a.status };
    if (parseInstant(at) !== t) e.delivered_at = formatInstant(t);
    if (a.code !== undefined) e.code = a.code;
    summary.event(e);
    return e;
  };

  const current: (TelemetrySample | undefined)[] = new Array(plant.points.length);
  const batch: TelemetrySample[] = [];
  for (let k = 0; k < ticks; k++) {
    if (options.signal?.aborted) throw new SimulationCancelled();
    if (k > 0 && k % YIELD_EVERY_TICKS === 0) {
      await yieldTurn();
      if (options.signal?.aborted) throw new SimulationCancelled();
    }
    const t = start + k * tickMs;
    const at = formatInstant(t);

    plant.plugAndUnplug(t);
    plant.drawLoads(localTimeAt(timeZone, t));
    plant.samples(t, tickS, k % heartbeatEvery === 0, current);
    batch.length = 0;
    channel.pass(t, current, batch);
    if (batch.length) ensureOk(`telemetry at ${at}`, await delivery.telemetry(mgId, batch.slice(), t));

    while (ie < envelopes.length && envelopes[ie]!.tick <= k) {
      const e = envelopes[ie++]!.entry;
      if (e.type === 'DELIVER') {
        const input: EnvelopeInput = { ...e.envelope, source: { ...e.envelope.source, received_at: at } };
        const a = await delivery.receiveEnvelope(mgId, input, t);
        const key = `${e.envelope.source.source_id}\u0000${e.envelope.source.external_ref}`;
        if (a.value && !envelopeIds.has(key)) envelopeIds.set(key, a.value.id);
        record(t, e.at, 'ENVELOPE_DELIVER', a, {
          source_id: e.envelope.source.source_id,
          external_ref: e.envelope.source.external_ref,
          target_node_id: e.envelope.target_node_id,
          capacity_kw: e.envelope.capacity_kw,
          envelope_id: a.value?.id ?? null,
          result: a.value?.kind ?? null,
        });
      } else {
        const id = envelopeIds.get(`${e.source_id}\u0000${e.external_ref}`);
        const a: Answer =
          id === undefined
            ? {
                status: 404,
                code: 'ENVELOPE_NOT_FOUND',
                message: `no envelope ${e.source_id}/${e.external_ref} was stored`,
              }
            : await delivery.withdrawEnvelope(mgId, id, e.reason, t);
        record(t, e.at, 'ENVELOPE_WITHDRAW', a, {
          source_id: e.source_id,
          external_ref: e.external_ref,
          envelope_id: id ?? null,
        });
      }
    }
    while (ic < capabilityEvents.length && capabilityEvents[ic]!.tick <= k) {
      const c = capabilityEvents[ic++]!.entry;
      const key = `${c.capability}\u0000${c.scope_node_id}\u0000${c.source_id}`;
      const about = { capability: c.capability, scope_node_id: c.scope_node_id, source_id: c.source_id };
      if (c.type === 'BIND') {
        const a = await delivery.bind(mgId, about, t);
        if (a.value) bindingIds.set(key, a.value.id);
        record(t, c.at, 'CAPABILITY_BIND', a, { ...about, binding_id: a.value?.id ?? null });
      } else if (c.type === 'RELEASE') {
        const id = bindingIds.get(key);
        const a: Answer =
          id === undefined
            ? {
                status: 404,
                code: 'CAPABILITY_BINDING_NOT_FOUND',
                message: 'the BIND it releases was refused',
              }
            : await delivery.release(mgId, id, t);
        record(t, c.at, 'CAPABILITY_RELEASE', a, { ...about, binding_id: id ?? null });
      } else {
        const event = {
          event_ref: c.event_ref,
          source_id: c.source_id,
          capability: c.capability,
          scope_node_id: c.scope_node_id,
          state: c.state,
          observed_at: c.observed_at ?? c.at,
        };
        const a = await delivery.capabilityEvent(mgId, event, t);
        record(t, c.at, 'CAPABILITY_STATUS', a, { ...about, event_ref: c.event_ref, state: c.state });
      }
    }
    while (ir < requests.length && requests[ir]!.tick <= k) {
      const r = requests[ir++]!.entry;
      if (r.type === 'CANONICAL_REBALANCE') {
        const a = await delivery.runCycle(mgId, 'CANONICAL_REQUEST', r.scope_node_id, t);
        if (a.value) onCycle(a.value);
        record(t, r.at, r.type, a, {
          scope_node_id: r.scope_node_id ?? null,
          cycle_id: a.value?.cycle_id ?? null,
        });
      } else if (r.type === 'LEGACY_REBALANCE') {
        const a = await delivery.legacyRebalance(r.circuit_id, t);
        if (a.value) onCycle(a.value);
        record(t, r.at, r.type, a, { circuit_id: r.circuit_id, cycle_id: a.value?.cycle_id ?? null });
      } else {
        const a = await delivery.legacyTouWrite(r.circuit_id, r.body, t);
        record(t, r.at, r.type, a, { circuit_id: r.circuit_id });
      }
    }

    if (k % cycleEvery === 0)
      onCycle(
        required(`the scheduled cycle at ${at}`, await delivery.runCycle(mgId, 'SIMULATOR', undefined, t)),
      );

    plant.apply(t, tickS);
    plant.totals();
    let rows = '';
    for (let i = 0; i < plant.nodeIds.length; i++) {
      const nc = plant.ncW[i]!;
      const ch = plant.chargingW[i]!;
      rows += `${at},${plant.nodeIds[i]},${limitText[i]},${kw(nc + ch)},${kw(ch)},${kw(nc)},${modeText[i]}\n`;
    }
    out.write('timeseries.csv', rows);
    options.onProgress?.({ tick: k + 1, ticks, at, cycles });
  }

  const end = start + ticks * tickMs;
  out.write('sessions.csv', csvRow(SESSIONS_COLUMNS));
  for (const r of plant.runs) {
    const v = r.vehicle;
    const delivered = deliveredWhOf(r);
    const status =
      v.chargerId === null
        ? 'NO_CHARGER'
        : r.pluggedAt === null
          ? 'NOT_CONNECTED'
          : delivered === v.energyWh
            ? 'CHARGED'
            : 'UNMET';
    out.write(
      'sessions.csv',
      csvRow([
        v.id,
        v.origin,
        v.chargerId ?? '',
        formatInstant(v.arriveMs),
        formatInstant(v.departMs),
        v.priority,
        kw(v.maxW),
        kwh(v.energyWh),
        kwh(delivered),
        kwh(v.energyWh - delivered),
        status,
      ]),
    );
  }

  const built = summary.build(
    {
      name: profile.name,
      profile_sha256: digest,
      seed,
      delivery: delivery instanceof InProcessDelivery ? 'IN_PROCESS' : 'HTTP',
      start: formatInstant(start),
      end: formatInstant(end),
      tick_seconds: tickS,
      cycle_interval_s: profile.cycle_interval_s,
      ticks,
    },
    plant.runs,
  );
  out.write('summary.json', jsonFile(built));
  const manifest: Manifest = {
    artifacts: {
      'cycles.jsonl': await out.close('cycles.jsonl'),
      'timeseries.csv': await out.close('timeseries.csv'),
      'sessions.csv': await out.close('sessions.csv'),
      'summary.json': await out.close('summary.json'),
    },
    profile_sha256: digest,
    seed,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
  };
  out.write('manifest.json', jsonFile(manifest));
  await out.close('manifest.json');
  return { summary: built, manifest };
}

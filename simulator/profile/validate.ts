// A profile is judged completely before the first tick (simulator.md): the microgrid document by
// the domain's own rules (same codes as the API), then the profile rules with PROFILE_* codes.
// Every error is listed at once, in the API's shape ({code, message, ids, field}).
import type { z } from 'zod';
import {
  formatPath,
  isKwValue,
  issue,
  parseInstant,
  parseMicrogridDocument,
  sortIssues,
  validateDocumentModel,
  type MicrogridDocument,
  type ValidationIssue,
} from '../../domain/index.ts';
import { profileSchema, type Profile } from './schema.ts';

export const PROFILE_CODES = [
  'PROFILE_INVALID',
  'PROFILE_RANGE_INVALID',
  'PROFILE_TIME_OUTSIDE_RUN',
  'PROFILE_UNKNOWN_NODE',
  'PROFILE_UNKNOWN_ASSET',
  'PROFILE_UNKNOWN_CHARGER',
  'PROFILE_UNKNOWN_CIRCUIT',
  'PROFILE_UNKNOWN_ENVELOPE',
  'PROFILE_UNKNOWN_BINDING',
  'PROFILE_LOAD_TARGET_INVALID',
  'PROFILE_DUPLICATE_ID',
  'PROFILE_SESSION_OVERLAP',
] as const;

/** Longest run accepted: 7 days, and at most this many ticks. */
export const MAX_DURATION_MINUTES = 7 * 24 * 60;
export const MAX_TICKS = 200_000;

export interface ProfileReport {
  valid: boolean;
  errors: ValidationIssue[];
  warnings: ValidationIssue[];
  /** The parsed profile (defaults applied) when valid. */
  profile?: Profile;
}

function zodIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((i) => {
    const field = formatPath(i.path);
    const extra = i.code === 'unrecognized_keys' ? `: ${i.keys.join(', ')}` : '';
    return issue('PROFILE_INVALID', `${field || 'profile'}: ${i.message}${extra}`, {
      field: field || undefined,
    });
  });
}

/** Structural errors inside `microgrid` keep their element ids; a plain path gets the member prefix. */
function documentIssues(errors: ValidationIssue[]): ValidationIssue[] {
  return errors.map((e) =>
    e.field !== undefined &&
    e.node_id === undefined &&
    e.asset_id === undefined &&
    e.policy_id === undefined &&
    e.circuit_id === undefined
      ? { ...e, field: `microgrid.${e.field}` }
      : e,
  );
}

interface Known {
  nodes: Set<string>;
  assets: Map<string, string>;
  circuits: Set<string>;
}

/** null when the document could not even be parsed: references are then not judged. */
function knownIds(doc: MicrogridDocument | undefined): Known | null {
  if (!doc) return null;
  return {
    nodes: new Set(doc.nodes.map((n) => n.id)),
    assets: new Map(doc.assets.map((a) => [a.id, a.kind])),
    circuits: new Set(doc.circuit_aliases.map((a) => a.circuit_id)),
  };
}

type Parsed = z.output<typeof profileSchema>;

/** The profile rules that need the whole profile: times, references, ranges. */
function profileRules(p: Parsed, knownOrNull: Known | null): ValidationIssue[] {
  const errors: ValidationIssue[] = [];
  const unjudged = knownOrNull === null;
  const known: Known = knownOrNull ?? { nodes: new Set(), assets: new Map(), circuits: new Set() };
  const err = (code: string, message: string, about: Omit<ValidationIssue, 'code' | 'message'>) => {
    // Without a parsed microgrid every reference would look unknown: report the document's errors only.
    if (
      unjudged &&
      code.startsWith('PROFILE_UNKNOWN_') &&
      code !== 'PROFILE_UNKNOWN_ENVELOPE' &&
      code !== 'PROFILE_UNKNOWN_BINDING'
    )
      return;
    if (unjudged && code === 'PROFILE_LOAD_TARGET_INVALID') return;
    errors.push(issue(code, message, about));
  };
  const start = parseInstant(p.start);
  const end = start + p.duration_minutes * 60_000;
  const endText = new Date(end).toISOString().replace('.000Z', 'Z');

  // --- the clock
  if (p.duration_minutes > MAX_DURATION_MINUTES)
    err(
      'PROFILE_RANGE_INVALID',
      `duration_minutes ${p.duration_minutes} is above the limit of ${MAX_DURATION_MINUTES} (7 days)`,
      { field: 'duration_minutes' },
    );
  if ((p.duration_minutes * 60) % p.tick_seconds !== 0)
    err(
      'PROFILE_RANGE_INVALID',
      `duration_minutes (${p.duration_minutes} min) is not a whole number of ${p.tick_seconds} s ticks`,
      { field: 'duration_minutes' },
    );
  else if ((p.duration_minutes * 60) / p.tick_seconds > MAX_TICKS)
    err(
      'PROFILE_RANGE_INVALID',
      `the run has ${(p.duration_minutes * 60) / p.tick_seconds} ticks, above the limit of ${MAX_TICKS}`,
      { field: 'tick_seconds' },
    );
  if (p.cycle_interval_s !== undefined && p.cycle_interval_s % p.tick_seconds !== 0) {
    err(
      'PROFILE_RANGE_INVALID',
      `cycle_interval_s ${p.cycle_interval_s} is not a multiple of tick_seconds ${p.tick_seconds}`,
      { field: 'cycle_interval_s' },
    );
  }

  const inRun = (
    value: string,
    field: string,
    about: Omit<ValidationIssue, 'code' | 'message' | 'field'> = {},
  ) => {
    const t = parseInstant(value);
    if (t < start || t >= end)
      err('PROFILE_TIME_OUTSIDE_RUN', `${field} ${value} is outside the run [${p.start}, ${endText})`, {
        ...about,
        field,
      });
  };
  // An event is delivered at the first tick at or after its time, so it must not come after the last tick.
  const tickMs = p.tick_seconds * 1000;
  const lastTick = start + Math.max(0, Math.ceil((end - start) / tickMs) - 1) * tickMs;
  const lastTickText = new Date(lastTick).toISOString().replace('.000Z', 'Z');
  const atInRun = (
    value: string,
    field: string,
    about: Omit<ValidationIssue, 'code' | 'message' | 'field'> = {},
  ) => {
    const t = parseInstant(value);
    if (t < start || t > lastTick)
      err(
        'PROFILE_TIME_OUTSIDE_RUN',
        `${field} ${value} is outside the run's ticks [${p.start}, ${lastTickText}]`,
        { ...about, field },
      );
  };
  const window = (
    from: string,
    to: string,
    field: string,
    about: Omit<ValidationIssue, 'code' | 'message' | 'field'> = {},
  ) => {
    const f = parseInstant(from);
    const t = parseInstant(to);
    if (f >= t)
      err('PROFILE_RANGE_INVALID', `${field}.from ${from} must be before ${field}.to ${to}`, {
        ...about,
        field: `${field}.to`,
      });
    if (f < start || f >= end)
      err('PROFILE_TIME_OUTSIDE_RUN', `${field}.from ${from} is outside the run [${p.start}, ${endText})`, {
        ...about,
        field: `${field}.from`,
      });
    if (t > end || t <= start)
      err('PROFILE_TIME_OUTSIDE_RUN', `${field}.to ${to} is outside the run (${p.start}, ${endText}]`, {
        ...about,
        field: `${field}.to`,
      });
  };
  const node = (id: string, field: string) => {
    if (!known.nodes.has(id))
      err('PROFILE_UNKNOWN_NODE', `${field}: ${id} is not a node of the microgrid`, { node_id: id, field });
  };
  const charger = (id: string, field: string) => {
    const kind = known.assets.get(id);
    if (kind !== 'CHARGER')
      err(
        'PROFILE_UNKNOWN_CHARGER',
        `${field}: ${id} is ${kind ? `a ${kind} asset, not a charger` : 'not an asset of the microgrid'}`,
        { asset_id: id, field },
      );
  };
  const positiveKw = (
    value: number,
    field: string,
    about: Omit<ValidationIssue, 'code' | 'message' | 'field'> = {},
  ) => {
    if (!(value > 0) || !isKwValue(value))
      err('PROFILE_RANGE_INVALID', `${field} must be above 0 with at most 3 decimals (got ${value})`, {
        ...about,
        field,
      });
  };

  // --- vehicles
  const sessionIds = new Map<string, number>();
  const byCharger = new Map<string, { from: number; to: number; field: string }[]>();
  p.vehicles.sessions.forEach((s, i) => {
    const f = `vehicles.sessions[${i}]`;
    const id = s.id ?? `${s.charger_id}@${s.arrive}`;
    if (sessionIds.has(id))
      err('PROFILE_DUPLICATE_ID', `${f}: session ${id} is given twice`, {
        asset_id: s.charger_id,
        field: `${f}.id`,
      });
    sessionIds.set(id, i);
    charger(s.charger_id, `${f}.charger_id`);
    inRun(s.arrive, `${f}.arrive`, { asset_id: s.charger_id });
    const a = parseInstant(s.arrive);
    const d = parseInstant(s.depart);
    if (d <= a)
      err('PROFILE_RANGE_INVALID', `${f}: depart ${s.depart} must be after arrive ${s.arrive}`, {
        asset_id: s.charger_id,
        field: `${f}.depart`,
      });
    else if (d > end)
      err('PROFILE_TIME_OUTSIDE_RUN', `${f}.depart ${s.depart} is after the end of the run ${endText}`, {
        asset_id: s.charger_id,
        field: `${f}.depart`,
      });
    positiveKw(s.energy_kwh, `${f}.energy_kwh`, { asset_id: s.charger_id });
    positiveKw(s.max_kw, `${f}.max_kw`, { asset_id: s.charger_id });
    const list = byCharger.get(s.charger_id) ?? [];
    list.push({ from: a, to: d, field: f });
    byCharger.set(s.charger_id, list);
  });
  for (const [chargerId, list] of byCharger) {
    list.sort((x, y) => x.from - y.from || x.to - y.to);
    for (let i = 1; i < list.length; i++) {
      if (list[i]!.from < list[i - 1]!.to) {
        err(
          'PROFILE_SESSION_OVERLAP',
          `charger ${chargerId}: ${list[i]!.field} arrives before ${list[i - 1]!.field} departs`,
          { asset_id: chargerId, field: list[i]!.field },
        );
      }
    }
  }
  const g = p.vehicles.generator;
  if (g) {
    const f = 'vehicles.generator';
    window(g.arrival.from, g.arrival.to, `${f}.arrival`);
    const ranged = (r: { min: number; max: number }, field: string, positive: boolean) => {
      if (r.min > r.max)
        err('PROFILE_RANGE_INVALID', `${f}.${field}: min ${r.min} is above max ${r.max}`, {
          field: `${f}.${field}`,
        });
      if (positive ? !(r.min > 0) : r.min < 0)
        err(
          'PROFILE_RANGE_INVALID',
          `${f}.${field}.min must be ${positive ? 'above 0' : '0 or more'} (got ${r.min})`,
          { field: `${f}.${field}.min` },
        );
    };
    ranged(g.dwell_minutes, 'dwell_minutes', true);
    ranged(g.energy_kwh, 'energy_kwh', true);
    ranged(g.max_kw, 'max_kw', true);
    ranged(g.priority, 'priority', false);
    if (g.priority.max > 9)
      err('PROFILE_RANGE_INVALID', `${f}.priority.max must be 9 or less (got ${g.priority.max})`, {
        field: `${f}.priority.max`,
      });
    g.charger_ids?.forEach((id, i) => charger(id, `${f}.charger_ids[${i}]`));
    const pool =
      g.charger_ids ?? [...known.assets].filter(([, kind]) => kind === 'CHARGER').map(([id]) => id);
    if (g.count > 0 && pool.length === 0 && !unjudged)
      err('PROFILE_RANGE_INVALID', `${f}: ${g.count} vehicles but no charger to plug into`, {
        field: `${f}.charger_ids`,
      });
  }

  // --- loads
  const loaded = new Set<string>();
  p.loads.forEach((l, i) => {
    const f = `loads[${i}]`;
    const kind = known.assets.get(l.asset_id);
    if (loaded.has(l.asset_id))
      err('PROFILE_DUPLICATE_ID', `${f}: asset ${l.asset_id} has more than one load shape`, {
        asset_id: l.asset_id,
        field: `${f}.asset_id`,
      });
    loaded.add(l.asset_id);
    if (kind === undefined)
      err('PROFILE_UNKNOWN_ASSET', `${f}.asset_id: ${l.asset_id} is not an asset of the microgrid`, {
        asset_id: l.asset_id,
        field: `${f}.asset_id`,
      });
    else if (kind === 'CHARGER')
      err(
        'PROFILE_LOAD_TARGET_INVALID',
        `${f}: ${l.asset_id} is a charger; its demand comes from vehicles, not a load shape`,
        { asset_id: l.asset_id, field: `${f}.asset_id` },
      );
    else if ((kind === 'PV') !== (l.shape === 'PV_BELL')) {
      err(
        'PROFILE_LOAD_TARGET_INVALID',
        `${f}: ${l.shape === 'PV_BELL' ? `PV_BELL needs a PV asset; ${l.asset_id} is ${kind}` : `${l.asset_id} is PV; give it a PV_BELL shape`}`,
        { asset_id: l.asset_id, field: `${f}.shape` },
      );
    }
    if (l.shape === 'RANDOM_WALK' && !(l.min_kw <= l.start_kw && l.start_kw <= l.max_kw)) {
      err(
        'PROFILE_RANGE_INVALID',
        `${f}: RANDOM_WALK needs min_kw ≤ start_kw ≤ max_kw (got ${l.min_kw}, ${l.start_kw}, ${l.max_kw})`,
        { asset_id: l.asset_id, field: `${f}.start_kw` },
      );
    }
    if (l.shape === 'PV_BELL' && !(l.sunrise < l.sunset))
      err('PROFILE_RANGE_INVALID', `${f}: sunrise ${l.sunrise} must be before sunset ${l.sunset}`, {
        asset_id: l.asset_id,
        field: `${f}.sunset`,
      });
  });

  // --- telemetry degradations
  p.telemetry.forEach((d, i) => {
    const f = `telemetry[${i}]`;
    const about =
      d.node_id !== undefined
        ? { node_id: d.node_id }
        : d.asset_id !== undefined
          ? { asset_id: d.asset_id }
          : {};
    if ((d.node_id === undefined) === (d.asset_id === undefined))
      err('PROFILE_INVALID', `${f}: give exactly one of node_id or asset_id`, { ...about, field: f });
    if (d.node_id !== undefined) node(d.node_id, `${f}.node_id`);
    if (d.asset_id !== undefined && !known.assets.has(d.asset_id))
      err('PROFILE_UNKNOWN_ASSET', `${f}.asset_id: ${d.asset_id} is not an asset of the microgrid`, {
        asset_id: d.asset_id,
        field: `${f}.asset_id`,
      });
    if (d.mode === 'STALE' && d.delay_s === undefined)
      err('PROFILE_INVALID', `${f}: a STALE degradation needs delay_s`, { ...about, field: `${f}.delay_s` });
    if (d.mode !== 'STALE' && d.delay_s !== undefined)
      err('PROFILE_INVALID', `${f}: delay_s applies to STALE only`, { ...about, field: `${f}.delay_s` });
    window(d.from, d.to, f, about);
  });

  // --- envelopes
  const delivered = new Map<string, number>();
  p.envelopes.forEach((e, i) => {
    if (e.type !== 'DELIVER') return;
    const key = `${e.envelope.source.source_id}\u0000${e.envelope.source.external_ref}`;
    delivered.set(key, Math.min(delivered.get(key) ?? Infinity, parseInstant(e.at)));
    const f = `envelopes[${i}]`;
    atInRun(e.at, `${f}.at`);
    node(e.envelope.target_node_id, `${f}.envelope.target_node_id`);
    if (!(e.envelope.capacity_kw >= 0) || !isKwValue(e.envelope.capacity_kw)) {
      err(
        'PROFILE_RANGE_INVALID',
        `${f}.envelope.capacity_kw must be 0 or more with at most 3 decimals (got ${e.envelope.capacity_kw})`,
        { node_id: e.envelope.target_node_id, field: `${f}.envelope.capacity_kw` },
      );
    }
    if (parseInstant(e.envelope.valid_from) >= parseInstant(e.envelope.valid_to)) {
      err(
        'PROFILE_RANGE_INVALID',
        `${f}.envelope: valid_from ${e.envelope.valid_from} must be before valid_to ${e.envelope.valid_to}`,
        { node_id: e.envelope.target_node_id, field: `${f}.envelope.valid_to` },
      );
    }
  });
  p.envelopes.forEach((e, i) => {
    if (e.type !== 'WITHDRAW') return;
    const f = `envelopes[${i}]`;
    atInRun(e.at, `${f}.at`);
    const when = delivered.get(`${e.source_id}\u0000${e.external_ref}`);
    if (when === undefined || when > parseInstant(e.at)) {
      err(
        'PROFILE_UNKNOWN_ENVELOPE',
        `${f}: no envelope from ${e.source_id} with external_ref ${e.external_ref} is delivered at or before ${e.at}`,
        { field: `${f}.external_ref` },
      );
    }
  });

  // --- requests
  p.requests.forEach((r, i) => {
    const f = `requests[${i}]`;
    atInRun(r.at, `${f}.at`);
    if (r.type === 'CANONICAL_REBALANCE' && r.scope_node_id !== undefined)
      node(r.scope_node_id, `${f}.scope_node_id`);
    if (r.type !== 'CANONICAL_REBALANCE' && !known.circuits.has(r.circuit_id)) {
      err(
        'PROFILE_UNKNOWN_CIRCUIT',
        `${f}.circuit_id: ${r.circuit_id} has no row in the microgrid's circuit alias table`,
        { circuit_id: r.circuit_id, field: `${f}.circuit_id` },
      );
    }
  });

  // --- capability events
  const bound = new Map<string, number>();
  p.capability_events.forEach((c, i) => {
    const f = `capability_events[${i}]`;
    atInRun(c.at, `${f}.at`);
    node(c.scope_node_id, `${f}.scope_node_id`);
    if (c.type === 'BIND') {
      const key = `${c.capability}\u0000${c.scope_node_id}\u0000${c.source_id}`;
      bound.set(key, Math.min(bound.get(key) ?? Infinity, parseInstant(c.at)));
    }
  });
  p.capability_events.forEach((c, i) => {
    if (c.type !== 'RELEASE') return;
    const when = bound.get(`${c.capability}\u0000${c.scope_node_id}\u0000${c.source_id}`);
    if (when === undefined || when > parseInstant(c.at)) {
      err(
        'PROFILE_UNKNOWN_BINDING',
        `capability_events[${i}]: no BIND of ${c.capability} on ${c.scope_node_id} by ${c.source_id} at or before ${c.at}`,
        { node_id: c.scope_node_id, field: `capability_events[${i}]` },
      );
    }
  });

  // --- faults
  p.faults.forEach((x, i) => {
    const f = `faults[${i}]`;
    charger(x.charger_id, `${f}.charger_id`);
    window(x.from, x.to, f, { asset_id: x.charger_id });
    if (x.excess_kw !== undefined && !isKwValue(x.excess_kw))
      err('PROFILE_RANGE_INVALID', `${f}.excess_kw has more than 3 decimals (got ${x.excess_kw})`, {
        asset_id: x.charger_id,
        field: `${f}.excess_kw`,
      });
  });
  return errors;
}

function profileWarnings(p: Parsed, doc: MicrogridDocument): ValidationIssue[] {
  const shaped = new Set(p.loads.map((l) => l.asset_id));
  return doc.assets
    .filter((a) => a.kind !== 'CHARGER' && !shaped.has(a.id))
    .map((a) =>
      issue('PROFILE_LOAD_MISSING', `asset ${a.id} (${a.kind}) has no load shape; it reports 0 kW all run`, {
        asset_id: a.id,
        node_id: a.node_id,
      }),
    );
}

export function validateProfile(input: unknown): ProfileReport {
  const errors: ValidationIssue[] = [];
  const warnings: ValidationIssue[] = [];
  const parsed = profileSchema.safeParse(input);
  if (!parsed.success) errors.push(...zodIssues(parsed.error));

  const raw =
    input !== null && typeof input === 'object' ? (input as Record<string, unknown>).microgrid : undefined;
  let doc: MicrogridDocument | undefined;
  if (raw !== undefined) {
    const d = parseMicrogridDocument(raw);
    if (d.ok) {
      doc = d.value;
      const report = validateDocumentModel(doc);
      errors.push(...report.errors);
      warnings.push(...report.warnings);
    } else {
      errors.push(...documentIssues(d.errors));
    }
  }
  if (parsed.success) {
    if (raw === undefined)
      errors.push(
        issue('PROFILE_INVALID', 'microgrid: the microgrid document is required', { field: 'microgrid' }),
      );
    errors.push(...profileRules(parsed.data, knownIds(doc)));
    if (doc) warnings.push(...profileWarnings(parsed.data, doc));
  }
  const sorted = sortIssues(errors);
  if (sorted.length || !parsed.success || !doc)
    return { valid: false, errors: sorted, warnings: sortIssues(warnings) };
  const p = parsed.data;
  const profile: Profile = { ...p, microgrid: doc, cycle_interval_s: p.cycle_interval_s ?? p.tick_seconds };
  return { valid: true, errors: [], warnings: sortIssues(warnings), profile };
}

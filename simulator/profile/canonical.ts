// The canonical form of a validated profile: every set-like array sorted by a key that never
// depends on where an entry was written, and object keys in code-unit order. The run uses this
// form only, so a profile with its arrays reordered gives the same artifacts byte for byte, and the
// manifest's profile digest is taken over it (a reordered copy has the same digest).
import { createHash } from 'node:crypto';
import {
  compareIds,
  DAYS,
  parseInstant,
  type LimitPolicy,
  type MicrogridDocument,
  type TouWindow,
} from '../../domain/index.ts';
import type { CapabilityEventEntry, EnvelopeEntry, LegacyTouBody, Profile, SimRequest } from './schema.ts';

/** JSON with object keys sorted at every depth; arrays keep their (already canonical) order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort(compareIds)) out[k] = (v as Record<string, unknown>)[k];
    return out;
  });
}

function by<T>(key: (t: T) => string | number): (a: T, b: T) => number {
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };
}

/** Sorts by the given keys, then by the entry's canonical JSON so that the order is total. */
function sorted<T>(items: readonly T[], ...keys: ((t: T) => string | number)[]): T[] {
  const json = new Map(items.map((i) => [i, canonicalJson(i)]));
  const cmps = [...keys.map(by), by<T>((i) => json.get(i)!)];
  return [...items].sort((a, b) => {
    for (const c of cmps) {
      const r = c(a, b);
      if (r !== 0) return r;
    }
    return 0;
  });
}

const DAY_RANK = new Map<string, number>(DAYS.map((d, i) => [d, i]));

function canonicalWindow(w: TouWindow): TouWindow {
  return { ...w, days: [...new Set(w.days)].sort((a, b) => (DAY_RANK.get(a) ?? 9) - (DAY_RANK.get(b) ?? 9)) };
}

function canonicalPolicy(p: LimitPolicy): LimitPolicy {
  // Windows of one policy never overlap, so their order carries no meaning once validated.
  return {
    ...p,
    schedule: sorted(
      p.schedule.map(canonicalWindow),
      (w) => w.start,
      (w) => w.end,
    ),
  };
}

export function canonicalDocument(doc: MicrogridDocument): MicrogridDocument {
  return {
    ...doc,
    nodes: [...doc.nodes].sort((a, b) => compareIds(a.id, b.id)),
    assets: [...doc.assets].sort((a, b) => compareIds(a.id, b.id)),
    limits: [...doc.limits].sort((a, b) => compareIds(a.id, b.id)).map(canonicalPolicy),
    circuit_aliases: sorted(
      doc.circuit_aliases,
      (a) => a.circuit_id,
      (a) => a.node_id,
    ),
  };
}

const ENVELOPE_RANK: Record<EnvelopeEntry['type'], number> = { DELIVER: 0, WITHDRAW: 1 };
// A hand-over at one instant reads naturally as: release the old source, bind the new, report.
const CAPABILITY_RANK: Record<CapabilityEventEntry['type'], number> = { RELEASE: 0, BIND: 1, STATUS: 2 };
const REQUEST_RANK: Record<SimRequest['type'], number> = {
  LEGACY_TOU_WRITE: 0,
  CANONICAL_REBALANCE: 1,
  LEGACY_REBALANCE: 2,
};

function canonicalTouBody(body: LegacyTouBody): LegacyTouBody {
  return {
    ...body,
    tou_limits: sorted(
      body.tou_limits.map((w) => ({ ...w, day_of_week: [...new Set(w.day_of_week)].sort((a, b) => a - b) })),
      (w) => w.start_time,
      (w) => w.end_time,
    ),
  };
}

export function canonicalProfile(p: Profile): Profile {
  const g = p.vehicles.generator;
  return {
    ...p,
    microgrid: canonicalDocument(p.microgrid),
    vehicles: {
      sessions: sorted(
        p.vehicles.sessions,
        (s) => parseInstant(s.arrive),
        (s) => s.charger_id,
      ),
      ...(g
        ? {
            generator: {
              ...g,
              ...(g.charger_ids ? { charger_ids: [...new Set(g.charger_ids)].sort(compareIds) } : {}),
            },
          }
        : {}),
    },
    loads: sorted(p.loads, (l) => l.asset_id),
    telemetry: sorted(
      p.telemetry,
      (d) => parseInstant(d.from),
      (d) => parseInstant(d.to),
    ),
    envelopes: sorted(
      p.envelopes,
      (e) => parseInstant(e.at),
      (e) => ENVELOPE_RANK[e.type],
    ),
    requests: sorted(
      p.requests.map((r) => (r.type === 'LEGACY_TOU_WRITE' ? { ...r, body: canonicalTouBody(r.body) } : r)),
      (r) => parseInstant(r.at),
      (r) => REQUEST_RANK[r.type],
    ),
    capability_events: sorted(
      p.capability_events,
      (c) => parseInstant(c.at),
      (c) => CAPABILITY_RANK[c.type],
    ),
    faults: sorted(
      p.faults,
      (f) => f.charger_id,
      (f) => parseInstant(f.from),
    ),
  };
}

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The digest of the canonical profile (defaults applied, arrays sorted, keys sorted). */
export function profileDigest(canonical: Profile): string {
  return sha256(canonicalJson(canonical));
}

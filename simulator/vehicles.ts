// The vehicles of a run: explicit sessions as written, plus the seeded generator's. Each generated
// vehicle draws from its own stream ("vehicle:<n>"), and plugs into a charger that is free for its
// whole stay (explicit sessions reserve theirs first); when none is, it is turned away.
import { compareIds, kwToW, parseInstant } from '../domain/index.ts';
import type { Profile } from './profile/schema.ts';
import { stream } from './rng.ts';

export interface Vehicle {
  id: string;
  origin: 'EXPLICIT' | 'GENERATED';
  /** null: every charger of its pool was taken for its stay. */
  chargerId: string | null;
  arriveMs: number;
  departMs: number;
  energyWh: number;
  maxW: number;
  priority: number;
}

const pad = (n: number) => String(n).padStart(5, '0');

function overlaps(
  list: readonly { from: number; to: number }[] | undefined,
  from: number,
  to: number,
): boolean {
  if (!list) return false;
  for (const r of list) if (r.from < to && from < r.to) return true;
  return false;
}

export function buildVehicles(profile: Profile, seed: number): Vehicle[] {
  const endMs = parseInstant(profile.start) + profile.duration_minutes * 60_000;
  const vehicles: Vehicle[] = profile.vehicles.sessions.map((s) => ({
    id: s.id ?? `${s.charger_id}@${s.arrive}`,
    origin: 'EXPLICIT',
    chargerId: s.charger_id,
    arriveMs: parseInstant(s.arrive),
    departMs: parseInstant(s.depart),
    energyWh: kwToW(s.energy_kwh),
    maxW: kwToW(s.max_kw),
    priority: s.priority,
  }));
  const busy = new Map<string, { from: number; to: number }[]>();
  for (const v of vehicles) {
    const list = busy.get(v.chargerId!) ?? [];
    list.push({ from: v.arriveMs, to: v.departMs });
    busy.set(v.chargerId!, list);
  }

  const g = profile.vehicles.generator;
  if (g && g.count > 0) {
    const pool =
      g.charger_ids ??
      profile.microgrid.assets
        .filter((a) => a.kind === 'CHARGER')
        .map((a) => a.id)
        .sort(compareIds);
    const from = parseInstant(g.arrival.from);
    const spanS = Math.max(1, Math.floor((parseInstant(g.arrival.to) - from) / 1000));
    const drawn: (Vehicle & { pick: number })[] = [];
    for (let i = 0; i < g.count; i++) {
      const r = stream(seed, `vehicle:${i}`);
      const arriveMs = from + r.int(0, spanS - 1) * 1000;
      const dwellS = r.int(Math.round(g.dwell_minutes.min * 60), Math.round(g.dwell_minutes.max * 60));
      drawn.push({
        id: `gen-${pad(i)}`,
        origin: 'GENERATED',
        chargerId: null,
        arriveMs,
        departMs: Math.min(endMs, arriveMs + Math.max(1, dwellS) * 1000),
        energyWh: r.int(kwToW(g.energy_kwh.min), kwToW(g.energy_kwh.max)),
        maxW: r.int(kwToW(g.max_kw.min), kwToW(g.max_kw.max)),
        priority: r.int(g.priority.min, g.priority.max),
        pick: r.int(0, 0x7fff_ffff),
      });
    }
    drawn.sort((a, b) => a.arriveMs - b.arriveMs || compareIds(a.id, b.id));
    for (const { pick, ...v } of drawn) {
      const free = pool.filter((c) => !overlaps(busy.get(c), v.arriveMs, v.departMs));
      if (free.length) {
        const c = free[pick % free.length]!;
        v.chargerId = c;
        const list = busy.get(c) ?? [];
        list.push({ from: v.arriveMs, to: v.departMs });
        busy.set(c, list);
      }
      vehicles.push(v);
    }
  }
  return vehicles.sort((a, b) => compareIds(a.id, b.id));
}

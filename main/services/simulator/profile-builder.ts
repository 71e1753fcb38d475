// A simulator profile built from a microgrid document with sensible defaults, so a support
// engineer can see what the cycle does to the open microgrid without writing a profile: seeded
// vehicles on every charger, a wandering demand on every building load, a bell on every PV array.
// The result is an ordinary profile (editable text); the simulator validates it like any other.
import {
  formatInstant,
  instantOfWallTime,
  parseInstant,
  type MicrogridDocument,
} from '../../../domain/index.ts';
import type { BuildProfileOptions } from '../../../preload/simulator-contract.ts';
import { strip } from '../sync/sync-kit.ts';

export const BUILD_DEFAULTS = {
  duration_minutes: 720,
  tick_seconds: 60,
  seed: 1,
  vehiclesPerCharger: 2,
} as const;

/** kW with at most 3 decimals (the wire's resolution). */
function kw3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * `start` must be a UTC instant (the caller picks it: the screen offers the next local midnight);
 * it is taken to the whole minute so every tick lands on one.
 */
export function buildProfile(
  doc: MicrogridDocument,
  options: BuildProfileOptions & { start: string },
): Record<string, unknown> {
  const start = Math.floor(parseInstant(options.start) / 60_000) * 60_000;
  const duration = options.duration_minutes ?? BUILD_DEFAULTS.duration_minutes;
  const tick = options.tick_seconds ?? BUILD_DEFAULTS.tick_seconds;
  const chargers = doc.assets.filter(
    (a) => a.kind === 'CHARGER' && typeof a.rating_kw === 'number' && a.rating_kw > 0,
  );
  const count = options.vehicles ?? chargers.length * BUILD_DEFAULTS.vehiclesPerCharger;
  const maxRating = Math.max(...chargers.map((c) => c.rating_kw!), 0);
  const minRating = Math.min(...chargers.map((c) => c.rating_kw!), maxRating);

  const loads: Record<string, unknown>[] = [];
  for (const a of doc.assets) {
    const rating = a.rating_kw;
    if (typeof rating !== 'number' || !(rating > 0)) continue;
    if (a.kind === 'BUILDING_LOAD') {
      const base =
        a.fallback_kw !== undefined && a.fallback_kw > 0 ? Math.min(a.fallback_kw, rating) : rating * 0.4;
      loads.push({
        asset_id: a.id,
        shape: 'RANDOM_WALK',
        start_kw: kw3(base * 0.8),
        step_kw: kw3(Math.max(rating * 0.02, 0.001)),
        min_kw: kw3(base * 0.3),
        max_kw: kw3(Math.min(rating, base * 1.3)),
      });
    } else if (a.kind === 'PV') {
      loads.push({
        asset_id: a.id,
        shape: 'PV_BELL',
        peak_kw: kw3(rating * 0.8),
        sunrise: '06:30',
        sunset: '19:30',
        cloud_noise: 0.25,
      });
    }
  }

  const profile: Record<string, unknown> = {
    name: `${doc.microgrid.id} from the app`,
    seed: options.seed ?? BUILD_DEFAULTS.seed,
    start: formatInstant(start),
    duration_minutes: duration,
    tick_seconds: tick,
    microgrid: strip(doc),
    loads,
  };
  if (
    doc.microgrid.settings?.stale_after_s !== undefined ||
    doc.microgrid.settings?.fail_safe_after_s !== undefined
  ) {
    const s: Record<string, number> = {};
    if (doc.microgrid.settings.stale_after_s !== undefined)
      s.stale_after_s = doc.microgrid.settings.stale_after_s;
    if (doc.microgrid.settings.fail_safe_after_s !== undefined)
      s.fail_safe_after_s = doc.microgrid.settings.fail_safe_after_s;
    profile.settings = s;
  }
  if (chargers.length > 0 && count > 0) {
    // Arrivals over the first half of the run, so most vehicles also leave within it.
    const half = Math.max(tick, Math.floor((duration * 60) / 2));
    profile.vehicles = {
      generator: {
        count,
        arrival: { from: formatInstant(start), to: formatInstant(start + half * 1000) },
        dwell_minutes: {
          min: Math.min(60, duration),
          max: Math.max(Math.min(240, Math.floor(duration / 2)), Math.min(60, duration)),
        },
        energy_kwh: { min: 20, max: 90 },
        max_kw: { min: kw3(Math.min(minRating, 22)), max: kw3(maxRating) },
        priority: { min: 4, max: 6 },
      },
    };
  }
  return profile;
}

/** The next local midnight in the microgrid's zone after `now`, as a UTC instant (a default for the form). */
export function nextLocalMidnight(timeZone: string, now: number): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(now + 86_400_000));
  const [y, m, d] = parts.split('-').map(Number) as [number, number, number];
  return formatInstant(instantOfWallTime(timeZone, Date.UTC(y, m - 1, d)));
}

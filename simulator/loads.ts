// True demand of the non-controllable assets, tick by tick, in integer watts (PV negative).
// Each asset draws from its own stream ("load:<asset id>"), one step per tick, in tick order.
import { kwToW, type AssetKind, type LocalTime } from '../domain/index.ts';
import type { LoadShape } from './profile/schema.ts';
import { stream, type Stream } from './rng.ts';

export interface LoadModel {
  assetId: string;
  /** Demand at this tick; call once per tick, in order. */
  next(local: LocalTime): number;
}

function minutes(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

function noise(r: Stream, noiseW: number): number {
  return noiseW > 0 ? r.int(-noiseW, noiseW) : 0;
}

export function loadModel(shape: LoadShape, kind: AssetKind, seed: number): LoadModel {
  const r = stream(seed, `load:${shape.asset_id}`);
  const noiseW = kwToW(shape.noise_kw);
  // A building never feeds power back; a battery may (negative), PV only generates.
  const clamp = (w: number) =>
    kind === 'BUILDING_LOAD' ? Math.max(0, w) : kind === 'PV' ? Math.min(0, w) : w;
  switch (shape.shape) {
    case 'CONSTANT': {
      const w = kwToW(shape.kw);
      return { assetId: shape.asset_id, next: () => clamp(w + noise(r, noiseW)) };
    }
    case 'DAILY_CURVE': {
      const hourly = shape.hourly_kw.map(kwToW);
      return {
        assetId: shape.asset_id,
        next: (local) => {
          const h = Math.floor(local.minute / 60);
          const a = hourly[h]!;
          const b = hourly[(h + 1) % 24]!;
          return clamp(Math.round(a + ((b - a) * (local.minute % 60)) / 60) + noise(r, noiseW));
        },
      };
    }
    case 'RANDOM_WALK': {
      const stepW = kwToW(shape.step_kw);
      const minW = kwToW(shape.min_kw);
      const maxW = kwToW(shape.max_kw);
      let value = kwToW(shape.start_kw);
      let first = true;
      return {
        assetId: shape.asset_id,
        next: () => {
          if (!first) value = Math.min(maxW, Math.max(minW, value + (stepW > 0 ? r.int(-stepW, stepW) : 0)));
          first = false;
          return clamp(value + noise(r, noiseW));
        },
      };
    }
    case 'PV_BELL': {
      const peakW = kwToW(shape.peak_kw);
      const rise = minutes(shape.sunrise);
      const set = minutes(shape.sunset);
      return {
        assetId: shape.asset_id,
        next: (local) => {
          // Draw every tick, day or night, so a stream's position depends on the tick only.
          const cloud = r.unit();
          const n = noise(r, noiseW);
          if (local.minute < rise || local.minute >= set) return 0;
          const bell = Math.sin((Math.PI * (local.minute - rise)) / (set - rise));
          return clamp(-Math.round(peakW * bell * (1 - shape.cloud_noise * cloud)) + n);
        },
      };
    }
  }
}

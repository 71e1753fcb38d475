// Seeded randomness (pure-rand's xoroshiro128+). Every random quantity of a run has its own stream,
// seeded from the run's seed and a stable key ("load:bld-1", "vehicle:17"), so reordering the
// profile or adding an unrelated entry never shifts the numbers another entry sees.
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';

export interface Stream {
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number;
  /** Uniform in [0, 1) in steps of 2^-24: enough resolution, and identical on every machine. */
  unit(): number;
}

/** FNV-1a over the UTF-16 code units of the key, mixed with the seed: a 32-bit stream seed. */
export function streamSeed(seed: number, key: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  h = Math.imul(h, 0x01000193);
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** murmur3's finaliser: every input bit flips about half the output bits. */
function fmix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x | 0;
}

export function stream(seed: number, key: string): Stream {
  // pure-rand's xoroshiro128plus(seed) puts the seed straight into the state, so neighbouring
  // keys would start with neighbouring numbers; a fully mixed 128-bit state keeps streams apart.
  const h = streamSeed(seed, key);
  const state = [
    fmix32(h ^ 0x9e3779b9),
    fmix32(h + 0x7f4a7c15),
    fmix32(h ^ 0x632be5ab),
    fmix32(h + 0x2545f491),
  ];
  if (!state.some((w) => w !== 0)) state[0] = 1;
  const gen = xoroshiro128plusFromState(state);
  return {
    int: (min, max) => uniformInt(gen, min, max),
    unit: () => uniformInt(gen, 0, 0xff_ffff) / 0x100_0000,
  };
}

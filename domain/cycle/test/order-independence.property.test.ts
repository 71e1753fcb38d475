// A cycle result never depends on the order of the input arrays: nodes, assets, limit policies
// (and their TOU windows and days), aliases, envelopes, capability status, samples and previous
// setpoints shuffled give the same result, byte for byte (cycle_id included: it is derived from
// the input, never from its order).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CycleInput } from '../types.ts';
import { runCycle } from '../run.ts';
import { MICRO, SMALL, TIGHT, randomCycleInput, type InstanceShape } from './random-instance.ts';

function permute<T>(items: readonly T[], keys: readonly number[]): T[] {
  return items
    .map((item, i) => ({ item, key: keys[i % Math.max(1, keys.length)]! * 1000 + i }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.item);
}

function shuffledInput(input: CycleInput, keys: number[]): CycleInput {
  const doc = input.microgrid;
  return {
    ...input,
    microgrid: {
      ...doc,
      nodes: permute(doc.nodes, keys),
      assets: permute(doc.assets, keys.slice(1)),
      limits: permute(
        doc.limits.map((l) => ({
          ...l,
          schedule: permute(
            l.schedule.map((w) => ({ ...w, days: permute(w.days, keys.slice(3)) })),
            keys.slice(4),
          ),
        })),
        keys.slice(2),
      ),
      circuit_aliases: permute(doc.circuit_aliases, keys.slice(5)),
    },
    envelopes: permute(input.envelopes ?? [], keys.slice(6)),
    capability_status: permute(input.capability_status ?? [], keys.slice(7)),
    telemetry: { samples: permute(input.telemetry?.samples ?? [], keys.slice(8)) },
    previous_setpoints: permute(input.previous_setpoints ?? [], keys.slice(9)),
  };
}

function orderFree(shape: InstanceShape, runs: number, fcSeed: number): void {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      fc.array(fc.nat({ max: 1000 }), { minLength: 12, maxLength: 40 }),
      (seed, keys) => {
        const input = randomCycleInput(seed, shape);
        expect(JSON.stringify(runCycle(shuffledInput(input, keys)))).toBe(JSON.stringify(runCycle(input)));
      },
    ),
    { numRuns: runs, seed: fcSeed },
  );
}

describe('shuffling every input array never changes the result', () => {
  it('on small instances', () => orderFree(SMALL, 200, 31));
  it('on tight instances (drop cascades)', () => orderFree(TIGHT, 100, 32));
  it('on micro instances (same-instant samples, ties)', () => orderFree(MICRO, 200, 33));
});

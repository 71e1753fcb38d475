// The independent oracle of cycle.md §4: with every min_kw at 0 the allocation is a maximum of the
// total charging power under the node and aggregate constraints, so its total equals the optimum
// of the linear program solved by HiGHS, to the watt, on a few hundred random instances.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCycle } from '../run.ts';
import { allocatedTotalW, lpTotalW } from './lp.ts';
import {
  MEDIUM,
  MICRO,
  SMALL,
  TIGHT,
  randomCycleInput,
  withoutMinimums,
  type InstanceShape,
} from './random-instance.ts';

let applied = 0;

async function matchesLp(shape: InstanceShape, runs: number, fcSeed: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
      const input = withoutMinimums(randomCycleInput(seed, shape));
      const result = runCycle(input);
      if (result.outcome !== 'APPLIED') return;
      applied++;
      expect(allocatedTotalW(result)).toBe(await lpTotalW(input, result));
    }),
    { numRuns: runs, seed: fcSeed },
  );
}

describe('with min_kw 0 the allocated total is the LP optimum (HiGHS)', () => {
  it('on small instances', () => matchesLp(SMALL, 120, 21));
  it('on medium instances', () => matchesLp(MEDIUM, 80, 22));
  it('on tight instances', () => matchesLp(TIGHT, 80, 23));
  it('on micro instances (exact ties)', () => matchesLp(MICRO, 120, 24));
  it('compared a few hundred applied cycles', () => expect(applied).toBeGreaterThan(300));
});

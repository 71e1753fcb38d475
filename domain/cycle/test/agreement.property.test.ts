// fast-check: the event-driven runCycle gives exactly the result of the literal procedure of
// cycle.md (reference.ts), watt for watt and reason for reason, on thousands of random instances:
// trees of depth 1–6, 1–200 chargers, every priority, min_kw, NODE and AGGREGATE policies with
// TOU windows, envelopes in every status, external control, scopes, fresh / stale / missing
// telemetry with and without fallback_kw, negative rooms, same-instant samples, breaches.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kwToW } from '../../units.ts';
import { noDrops } from '../allocate.ts';
import { referenceCycle } from '../reference.ts';
import { runCycleWithStats, type CycleStats } from '../run.ts';
import type { CycleResult } from '../types.ts';
import {
  LARGE,
  MEDIUM,
  MICRO,
  SMALL,
  TIGHT,
  randomCycleInput,
  type InstanceShape,
} from './random-instance.ts';

/** No node ends over its limit unless non-controllable and fixed demand alone already are. */
function limitsHold(r: CycleResult): boolean {
  return r.nodes.every((n) => {
    const room = kwToW(n.effective_limit_kw) - kwToW(n.non_controllable_kw) - kwToW(n.fixed_kw);
    return kwToW(n.allocated_kw) <= Math.max(room, 0);
  });
}

const seen: CycleStats = { dispatchable: 0, ...noDrops() };

function agreeOn(shape: InstanceShape, runs: number, fcSeed: number): void {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
      const input = randomCycleInput(seed, shape);
      const { result, stats } = runCycleWithStats(input);
      for (const k of Object.keys(seen) as (keyof CycleStats)[]) seen[k] += stats[k];
      expect(result).toEqual(referenceCycle(input));
      expect(limitsHold(result)).toBe(true);
    }),
    { numRuns: runs, seed: fcSeed },
  );
}

describe('runCycle equals the literal procedure of cycle.md', () => {
  it('on small instances (every rule, few chargers)', () => agreeOn(SMALL, 600, 11));
  it('on medium instances', () => agreeOn(MEDIUM, 150, 12));
  it('on tight instances (long minimum-power drop cascades)', () => agreeOn(TIGHT, 250, 13));
  it('on micro instances (watts that tie: every tie-break and boundary)', () => agreeOn(MICRO, 1200, 14));
  it('on large instances (up to 200 chargers, 80 nodes)', () => agreeOn(LARGE, 15, 15));

  it('exercised every way a minimum-power drop is applied', () => {
    // The suites above ran the re-level of a saturated group, the local rerun of a subtree, the
    // rerun of only the classes below a dropped charger's and the full rerun many times each; a
    // change that silently stopped using one would weaken them.
    expect(seen.drops).toBeGreaterThan(1000);
    expect(seen.relevels).toBeGreaterThan(300);
    expect(seen.localReruns).toBeGreaterThan(20);
    expect(seen.fullReruns).toBeGreaterThan(300);
    expect(seen.slackClassesKept).toBeGreaterThan(50);
  });
});

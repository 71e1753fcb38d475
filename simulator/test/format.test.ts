// The artifacts write kW and kWh from integer watts and watt-hours with their own digit writer;
// its text must be exactly what String(n / 1000) gives, or every artifact's bytes would change.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kwText, thousandths } from '../artifacts/format.ts';

describe('kW and kWh text', () => {
  it('writes String(n / 1000) for every integer n', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -2_000_000, max: 2_000_000 }),
          fc.integer({ min: -1e12 + 1, max: 1e12 - 1 }),
          fc.maxSafeInteger(),
        ),
        (n) => thousandths(n) === String(n / 1000),
      ),
      { numRuns: 20_000 },
    );
    for (const n of [0, -0, 1, -1, 10, 100, 1000, -1000, 1001, 1010, 1100, 999_999, 1e12, -1e12, 2 ** 53])
      expect(thousandths(n), String(n)).toBe(String(n / 1000));
  });

  it('writes String(n / 1000) for what is not an integer too', () => {
    for (const n of [0.5, -2.25, NaN, Infinity, -Infinity]) expect(thousandths(n)).toBe(String(n / 1000));
  });

  it('writes String(value) for a kW figure, whole watts or not', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -5_000_000, max: 5_000_000 }).map((w) => w / 1000),
          fc.double(),
        ),
        (value) => kwText(value) === String(value),
      ),
      { numRuns: 20_000 },
    );
  });
});

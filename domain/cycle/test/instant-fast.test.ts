// The cycle's own instant parser must read every wire instant exactly as the domain's parseInstant.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInstant, parseInstant } from '../../instant.ts';
import { instantMs, rememberedInstantMs } from '../instant-fast.ts';

describe('instantMs', () => {
  it('equals parseInstant on every instant from 1970 to 2400, with and without seconds and milliseconds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Date.UTC(2400, 0, 1) }),
        fc.constantFrom(0, 1, 2, 3, 4),
        (ms, form) => {
          const full = new Date(ms).toISOString();
          const text = [
            full,
            full.slice(0, 19) + 'Z',
            full.slice(0, 16) + 'Z',
            full.slice(0, 21) + 'Z',
            full.slice(0, 22) + 'Z',
          ][form]!;
          expect(instantMs(text)).toBe(parseInstant(text));
        },
      ),
      { numRuns: 3000, seed: 41 },
    );
    expect(instantMs('2024-02-29T23:59:59.999Z')).toBe(Date.parse('2024-02-29T23:59:59.999Z'));
    expect(instantMs(formatInstant(0))).toBe(0);
  });

  it('throws on what parseInstant refuses and agrees with it on the odd rest', () => {
    for (const bad of ['2026-03-02 07:30:00Z', '2026-13-01T00:00:00Z', '2026-03-02T24:30:00Z', 'yesterday'])
      expect(() => instantMs(bad)).toThrow(RangeError);
    for (const odd of ['2026-02-30T07:30:00Z', '1969-12-31T23:59:59Z'])
      expect(instantMs(odd)).toBe(parseInstant(odd));
  });

  it('remembered by text gives the same answers, past its bound, and still refuses what it refuses', () => {
    // Three passes over 10,000 instants (more than it keeps), each pass shuffled differently.
    const texts = Array.from({ length: 10_000 }, (_, i) => formatInstant(Date.UTC(2026, 2, 1) + i * 61_000));
    for (let pass = 0; pass < 3; pass++)
      for (let i = 0; i < texts.length; i++) {
        const text = texts[(i * [1, 3, 7][pass]! * 7919) % texts.length]!;
        expect(rememberedInstantMs(text)).toBe(parseInstant(text));
      }
    for (let i = 0; i < 2; i++) expect(() => rememberedInstantMs('2026-13-01T00:00:00Z')).toThrow(RangeError);
  });
});

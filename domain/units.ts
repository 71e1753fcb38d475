// Power crosses the wire in kW with at most 3 decimals and lives inside the domain as integer
// watts, so that sums and comparisons are exact and identical on every machine.

export const WATTS_PER_KW = 1000;

/** A finite number with at most 3 decimals (1 W resolution). */
export function isKwValue(value: unknown): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  // Dividing the rounded watts back gives the nearest double to the decimal, which is exactly what
  // JSON.parse produced for an input with at most 3 decimals.
  return Math.round(value * WATTS_PER_KW) / WATTS_PER_KW === value;
}

export function kwToW(kw: number): number {
  return Math.round(kw * WATTS_PER_KW);
}

export function wToKw(watts: number): number {
  return watts / WATTS_PER_KW;
}

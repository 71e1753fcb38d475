// Seeded shuffles for order-independence checks.
import { seededRng } from '../../fixtures/rng.ts';

export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const rng = seededRng(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The document with every list reordered (TOU windows keep their order: their index is their name). */
export function shuffleDocument<
  D extends { nodes: unknown[]; assets?: unknown[]; limits?: unknown[]; circuit_aliases?: unknown[] },
>(doc: D, seed: number): D {
  return {
    ...doc,
    nodes: shuffled(doc.nodes, seed),
    ...(doc.assets ? { assets: shuffled(doc.assets, seed + 1) } : {}),
    ...(doc.limits ? { limits: shuffled(doc.limits, seed + 2) } : {}),
    ...(doc.circuit_aliases ? { circuit_aliases: shuffled(doc.circuit_aliases, seed + 3) } : {}),
  };
}

// A cycle's id when the caller's id port gives none: derived from the input, never from the clock,
// so that the offline CLI prints the same bytes on every run.
import { formatInstant } from '../instant.ts';

function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** `cyc-<microgrid>-<compact at>[-<scope>]`, or `cyc-<hash>-<compact at>` when that is over 64 characters. */
export function defaultCycleId(
  microgridId: string,
  atMs: number,
  scopeNodeId: string | null,
  rootNodeId: string,
): string {
  const compact = formatInstant(atMs).replace(/[-:]/g, '');
  const scoped = scopeNodeId !== null && scopeNodeId !== rootNodeId ? `-${scopeNodeId}` : '';
  const id = `cyc-${microgridId}-${compact}${scoped}`;
  return id.length <= 64 ? id : `cyc-${fnv1a(id)}-${compact}`;
}

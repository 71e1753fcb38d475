// What changed between two versions of one microgrid, element by element: added, removed or
// modified, with the values on both sides and, for a modified element, which of its fields differ.
import type { MicrogridDocument } from '../model.ts';
import {
  canonicalJson,
  compareRefs,
  documentElements,
  parseElementKey,
  type ElementRef,
} from './elements.ts';

export type ChangeType = 'added' | 'removed' | 'modified';

export interface ElementChange extends ElementRef {
  change: ChangeType;
  /** The value before (absent when added). */
  before?: unknown;
  /** The value after (absent when removed). */
  after?: unknown;
  /** For a modified node, asset or policy: its fields that differ, sorted. */
  fields?: string[];
}

function changedFields(before: unknown, after: unknown): string[] | undefined {
  const plain = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v);
  if (!plain(before) || !plain(after)) return undefined;
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => canonicalJson(before[k]) !== canonicalJson(after[k])).sort();
}

/** Every element that differs between `before` and `after`, sorted by kind then id. */
export function diffElements(
  before: ReadonlyMap<string, unknown>,
  after: ReadonlyMap<string, unknown>,
): ElementChange[] {
  const out: ElementChange[] = [];
  const keys = new Set([...before.keys(), ...after.keys()]);
  for (const key of keys) {
    const ref = parseElementKey(key)!;
    const had = before.has(key);
    const has = after.has(key);
    const b = before.get(key);
    const a = after.get(key);
    if (had && !has) out.push({ ...ref, change: 'removed', before: b });
    else if (!had && has) out.push({ ...ref, change: 'added', after: a });
    else if (canonicalJson(b) !== canonicalJson(a)) {
      const fields = changedFields(b, a);
      out.push(
        fields
          ? { ...ref, change: 'modified', before: b, after: a, fields }
          : { ...ref, change: 'modified', before: b, after: a },
      );
    }
  }
  return out.sort(compareRefs);
}

export function diffDocuments(before: MicrogridDocument, after: MicrogridDocument): ElementChange[] {
  return diffElements(documentElements(before), documentElements(after));
}

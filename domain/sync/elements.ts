// A microgrid document seen as a set of elements, the unit a sync compares and merges: each
// identity field of the microgrid, each Microgrid Node (by id), each asset (by id), each limit
// policy (by id) and each circuit alias (by legacy circuit id). Two elements are equal when their
// canonical JSON is equal, so the order of object keys (or a list reorder) is never a change.
import type { MicrogridDocument } from '../model.ts';

export const ELEMENT_KINDS = ['microgrid', 'node', 'asset', 'policy', 'alias'] as const;
export type ElementKind = (typeof ELEMENT_KINDS)[number];

/** The identity fields a sync carries; `id` is what pairs the documents, never an element. */
export const IDENTITY_FIELDS = ['depot_id', 'name', 'timezone', 'root_node_id', 'settings'] as const;
export type IdentityField = (typeof IDENTITY_FIELDS)[number];

/** The document lists, by element kind. */
export const LIST_OF = {
  node: 'nodes',
  asset: 'assets',
  policy: 'limits',
  alias: 'circuit_aliases',
} as const;
export type ListKind = keyof typeof LIST_OF;
export const LIST_KINDS: readonly ListKind[] = ['node', 'asset', 'policy', 'alias'];

export interface ElementRef {
  /** `node:tx-1`, `microgrid:name`, `alias:1042`: unique within a document, stable across versions. */
  key: string;
  kind: ElementKind;
  /** The node, asset or policy id, the circuit id, or the identity field's name. */
  id: string;
}

export function elementKey(kind: ElementKind, id: string): string {
  return `${kind}:${id}`;
}

export function parseElementKey(key: string): ElementRef | undefined {
  const at = key.indexOf(':');
  if (at < 0) return undefined;
  const kind = key.slice(0, at) as ElementKind;
  const id = key.slice(at + 1);
  if (!ELEMENT_KINDS.includes(kind) || id === '') return undefined;
  if (kind === 'microgrid' && !(IDENTITY_FIELDS as readonly string[]).includes(id)) return undefined;
  return { key, kind, id };
}

/** By kind (identity first, then nodes, assets, policies, aliases), then by id in code-unit order. */
export function compareRefs(a: ElementRef, b: ElementRef): number {
  const k = ELEMENT_KINDS.indexOf(a.kind) - ELEMENT_KINDS.indexOf(b.kind);
  if (k !== 0) return k;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** JSON with object keys sorted and undefined members left out: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'undefined';
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : sortKeys(v)));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}

type ListEntry = MicrogridDocument[(typeof LIST_OF)[ListKind]][number];

/** The key of a list entry: its id, or for an alias row its circuit id. */
export function entryId(kind: ListKind, entry: ListEntry): string {
  return kind === 'alias' ? (entry as { circuit_id: string }).circuit_id : (entry as { id: string }).id;
}

/**
 * The entries of one list grouped by element id, in first-seen order. A valid document has one
 * entry per id; circuit ids may repeat (an ambiguous legacy alias), so an alias element is the list
 * of its rows.
 */
export function groupList(doc: MicrogridDocument, kind: ListKind): Map<string, ListEntry[]> {
  const out = new Map<string, ListEntry[]>();
  for (const entry of doc[LIST_OF[kind]] as ListEntry[]) {
    const id = entryId(kind, entry);
    const rows = out.get(id);
    if (rows) rows.push(entry);
    else out.set(id, [entry]);
  }
  return out;
}

/**
 * The value of every element of a document, by key. A list element's value is its single entry
 * (its rows for an alias); an identity field's value is the field (undefined when absent).
 */
export function documentElements(doc: MicrogridDocument): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const field of IDENTITY_FIELDS) {
    const v = doc.microgrid[field];
    if (v !== undefined) out.set(elementKey('microgrid', field), v);
  }
  for (const kind of LIST_KINDS) {
    for (const [id, rows] of groupList(doc, kind))
      out.set(elementKey(kind, id), kind === 'alias' || rows.length > 1 ? rows : rows[0]);
  }
  return out;
}

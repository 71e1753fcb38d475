// Words for sync changes: what an element is ("Node sb-a", "Circuit alias 1042") and what changed
// in it, field by field, so a support engineer can read a conflict without opening JSON.
import type { ElementChange, ElementKind } from '../../../../domain/sync/index.ts';

const NOUN: Record<ElementKind, string> = {
  microgrid: 'Microgrid',
  node: 'Node',
  asset: 'Asset',
  policy: 'Limit policy',
  alias: 'Circuit alias',
};

export function elementLabel(kind: ElementKind, id: string): string {
  return kind === 'microgrid' ? `Microgrid ${id.replace(/_/g, ' ')}` : `${NOUN[kind]} ${id}`;
}

/** A short, stable rendering of a value for the change lists. */
export function showValue(value: unknown): string {
  if (value === undefined) return '—';
  if (value === null) return 'none';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    // Alias rows and TOU windows: one line each.
    return value
      .map((v) =>
        v && typeof v === 'object' && 'node_id' in v && 'circuit_id' in v
          ? `→ ${String((v as { node_id: string }).node_id)}`
          : showValue(v),
      )
      .join('; ');
  }
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (Array.isArray(o.days) && typeof o.start === 'string')
      return `${(o.days as string[]).join(',')} ${o.start}–${String(o.end)} ${o.cap_kw ?? '?'} kW`;
    return Object.keys(o)
      .sort()
      .map((k) => `${k}: ${showValue(o[k])}`)
      .join(', ');
  }
  return String(value);
}

export interface FieldLine {
  field: string;
  before: string;
  after: string;
}

/** For a modified node, asset or policy, one line per changed field; otherwise one line for the whole value. */
export function changeLines(c: Pick<ElementChange, 'change' | 'before' | 'after' | 'fields'>): FieldLine[] {
  if (c.change === 'modified' && c.fields && c.fields.length) {
    const b = (c.before ?? {}) as Record<string, unknown>;
    const a = (c.after ?? {}) as Record<string, unknown>;
    return c.fields.map((f) => ({ field: f, before: showValue(b[f]), after: showValue(a[f]) }));
  }
  return [
    {
      field: '',
      before: c.change === 'added' ? '—' : showValue(c.before),
      after: c.change === 'removed' ? '—' : showValue(c.after),
    },
  ];
}

/** The fields in which any two of base, local and remote differ: what a conflict row shows. */
export function conflictFields(base: unknown, local: unknown, remote: unknown): string[] | null {
  const plain = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (![base, local, remote].every((v) => v === undefined || plain(v))) return null;
  const objs = [base, local, remote].filter((v) => v !== undefined) as Record<string, unknown>[];
  if (objs.length < 2) return null;
  const keys = new Set(objs.flatMap((o) => Object.keys(o)));
  return [...keys].filter((k) => new Set(objs.map((o) => JSON.stringify(o[k]))).size > 1).sort();
}

export function fieldOf(value: unknown, field: string): string {
  if (value === undefined) return '(absent)';
  return showValue((value as Record<string, unknown>)[field]);
}

/** The node an element is about, for data-node-id. */
export function nodeIdOf(kind: ElementKind, id: string, value: unknown): string | undefined {
  if (kind === 'node') return id;
  const v = Array.isArray(value) ? value[0] : value;
  if (v && typeof v === 'object' && typeof (v as { node_id?: unknown }).node_id === 'string')
    return (v as { node_id: string }).node_id;
  return undefined;
}

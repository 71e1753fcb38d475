// Compares two artifact sets (`microgrid sim diff DIR_A DIR_B`): identical byte for byte, or the
// first cycle where they part and how (which charger, node or field), then the first differing
// row of the other files.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACT_NAMES, type ArtifactName } from './artifacts/sink.ts';

export interface FieldDifference {
  /** e.g. `setpoints[ch-03].setpoint_kw` — list entries are named by their id. */
  path: string;
  a: unknown;
  b: unknown;
}

export interface CycleDifference {
  /** 1-based line of cycles.jsonl. */
  line: number;
  at: string | null;
  trigger: string | null;
  cycle_id_a: string | null;
  cycle_id_b: string | null;
  differences: FieldDifference[];
  /** More differences than listed. */
  truncated: boolean;
}

export interface RowDifference {
  file: ArtifactName;
  line: number;
  a: string | null;
  b: string | null;
  /** Columns that differ (CSV), by header name. */
  columns: string[];
}

export interface DiffReport {
  identical: boolean;
  files: Record<ArtifactName, 'SAME' | 'DIFFERENT' | 'MISSING_IN_A' | 'MISSING_IN_B' | 'MISSING'>;
  first_cycle_difference: CycleDifference | null;
  first_row_differences: RowDifference[];
}

export class ArtifactDirError extends Error {}

const MAX_LISTED = 25;

function read(dir: string, name: ArtifactName): Buffer | null {
  const p = join(dir, name);
  return existsSync(p) ? readFileSync(p) : null;
}

/** Lines of a buffer without building one big string. */
function* lines(buf: Buffer): Generator<string> {
  let start = 0;
  while (start < buf.length) {
    let end = buf.indexOf(10, start);
    if (end < 0) end = buf.length;
    yield buf.toString('utf8', start, end);
    start = end + 1;
  }
}

const KEYS = ['asset_id', 'node_id', 'circuit_id', 'id'];

function keyOf(list: unknown[]): string | null {
  const first = list.find((x) => x !== null && typeof x === 'object');
  if (!first) return null;
  for (const k of KEYS)
    if (
      list.every(
        (x) => x !== null && typeof x === 'object' && typeof (x as Record<string, unknown>)[k] === 'string',
      )
    )
      return k;
  return null;
}

/** Reason-code lists and other lists of plain values are compared whole. */
function isLeafList(list: unknown[]): boolean {
  return list.every(
    (x) =>
      x === null ||
      typeof x !== 'object' ||
      ('code' in (x as object) && Object.keys(x as object).length <= 2),
  );
}

function compare(a: unknown, b: unknown, path: string, out: FieldDifference[]): void {
  if (out.length > MAX_LISTED) return;
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  if (Array.isArray(a) && Array.isArray(b) && !isLeafList(a) && !isLeafList(b)) {
    const key = keyOf(a) !== null && keyOf(a) === keyOf(b) ? keyOf(a)! : null;
    if (key) {
      const mb = new Map<string, unknown>(b.map((x) => [(x as Record<string, string>)[key]!, x]));
      const seen = new Set<string>();
      for (const x of a) {
        const id = (x as Record<string, string>)[key]!;
        seen.add(id);
        compare(x, mb.has(id) ? mb.get(id) : undefined, `${path}[${id}]`, out);
      }
      for (const [id, x] of mb) if (!seen.has(id)) compare(undefined, x, `${path}[${id}]`, out);
      return;
    }
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) compare(a[i], b[i], `${path}[${i}]`, out);
    return;
  }
  if (
    a !== null &&
    b !== null &&
    typeof a === 'object' &&
    typeof b === 'object' &&
    !Array.isArray(a) &&
    !Array.isArray(b)
  ) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const k of keys)
      compare(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        path ? `${path}.${k}` : k,
        out,
      );
    return;
  }
  out.push({ path: path || '(whole)', a: a === undefined ? null : a, b: b === undefined ? null : b });
}

function parseLine(line: string | undefined): Record<string, unknown> | null {
  if (line === undefined) return null;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
}

function firstCycleDifference(a: Buffer, b: Buffer): CycleDifference | null {
  const ia = lines(a);
  const ib = lines(b);
  for (let line = 1; ; line++) {
    const la = ia.next();
    const lb = ib.next();
    if (la.done && lb.done) return null;
    if (la.value === lb.value) continue;
    const ca = parseLine(la.value);
    const cb = parseLine(lb.value);
    const differences: FieldDifference[] = [];
    if (ca === null || cb === null)
      differences.push({
        path: '(whole)',
        a: ca === null ? (la.done ? null : la.value) : 'a cycle',
        b: cb === null ? (lb.done ? null : lb.value) : 'a cycle',
      });
    else compare(ca, cb, '', differences);
    const c = ca ?? cb ?? {};
    return {
      line,
      at: typeof c.at === 'string' ? c.at : null,
      trigger: typeof c.trigger === 'string' ? c.trigger : null,
      cycle_id_a: typeof ca?.cycle_id === 'string' ? ca.cycle_id : null,
      cycle_id_b: typeof cb?.cycle_id === 'string' ? cb.cycle_id : null,
      differences: differences.slice(0, MAX_LISTED),
      truncated: differences.length > MAX_LISTED,
    };
  }
}

function firstRowDifference(file: ArtifactName, a: Buffer, b: Buffer): RowDifference | null {
  const ia = lines(a);
  const ib = lines(b);
  let header: string[] = [];
  for (let line = 1; ; line++) {
    const la = ia.next();
    const lb = ib.next();
    if (la.done && lb.done) return null;
    if (line === 1 && typeof la.value === 'string') header = la.value.split(',');
    if (la.value === lb.value) continue;
    const va = la.done ? null : la.value;
    const vb = lb.done ? null : lb.value;
    const columns: string[] = [];
    if (file.endsWith('.csv') && va !== null && vb !== null) {
      const xa = va.split(',');
      const xb = vb.split(',');
      for (let i = 0; i < Math.max(xa.length, xb.length); i++)
        if (xa[i] !== xb[i]) columns.push(header[i] ?? `column ${i + 1}`);
    }
    return { file, line, a: va, b: vb, columns };
  }
}

export function diffArtifacts(dirA: string, dirB: string): DiffReport {
  for (const d of [dirA, dirB]) {
    if (!existsSync(d) || !statSync(d).isDirectory()) throw new ArtifactDirError(`${d} is not a folder`);
    if (!ARTIFACT_NAMES.some((n) => existsSync(join(d, n))))
      throw new ArtifactDirError(`${d} holds none of the artifacts (${ARTIFACT_NAMES.join(', ')})`);
  }
  const files = {} as DiffReport['files'];
  let cycle: CycleDifference | null = null;
  const rows: RowDifference[] = [];
  for (const name of ARTIFACT_NAMES) {
    const a = read(dirA, name);
    const b = read(dirB, name);
    if (!a || !b) {
      files[name] = !a && !b ? 'MISSING' : !a ? 'MISSING_IN_A' : 'MISSING_IN_B';
      continue;
    }
    if (a.equals(b)) {
      files[name] = 'SAME';
      continue;
    }
    files[name] = 'DIFFERENT';
    if (name === 'cycles.jsonl') cycle = firstCycleDifference(a, b);
    else if (name !== 'manifest.json') {
      const r = firstRowDifference(name, a, b);
      if (r) rows.push(r);
    }
  }
  const identical = Object.values(files).every((s) => s === 'SAME');
  return { identical, files, first_cycle_difference: cycle, first_row_differences: rows };
}

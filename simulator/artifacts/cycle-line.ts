// One line of cycles.jsonl: exactly JSON.stringify(result), written a day at a time. From one
// tick to the next ~95 % of a depot's setpoint rows (and many node rows) are unchanged, so each
// row's text is kept per position and reused while the row has the same keys, in the same order,
// with the same values; the rest is JSON.stringify as before. cycle-line.test.ts holds it to
// JSON.stringify byte for byte.
import type { CycleResult } from '../../domain/index.ts';

type Row = Record<string, unknown>;

/** Same JSON text: same keys in the same order, equal primitives, nested values alike. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  return sameRow(a as Row, Object.keys(b), Object.values(b));
}

/**
 * Whether `row` has exactly these own keys, in this order, with these values. An inherited
 * enumerable key (there is none on plain rows) only makes them differ: the row is then encoded
 * afresh. The values are compared from an array, not read from the earlier row: faster.
 */
function sameRow(row: Row, keys: readonly string[], values: readonly unknown[]): boolean {
  let i = 0;
  for (const k in row) {
    if (k !== keys[i]) return false;
    const v = row[k];
    if (v !== values[i] && !sameJson(v, values[i])) return false;
    i++;
  }
  return i === keys.length;
}

/** The texts of one array of rows (setpoints or nodes), per position. */
class RowTexts {
  private readonly keys: (readonly string[])[] = [];
  private readonly values: (readonly unknown[])[] = [];
  private readonly texts: string[] = [];

  json(list: readonly Row[]): string {
    let out = '[';
    for (let i = 0; i < list.length; i++) {
      const row = list[i]!;
      const keys = this.keys[i];
      let text: string;
      if (keys !== undefined && sameRow(row, keys, this.values[i]!)) text = this.texts[i]!;
      else {
        text = this.texts[i] = JSON.stringify(row);
        this.keys[i] = Object.keys(row);
        this.values[i] = Object.values(row);
      }
      out += i === 0 ? text : `,${text}`;
    }
    return `${out}]`;
  }
}

const HOLE = '"setpoints":0,"nodes":1';

/** Encodes the cycles of one run, in order; one encoder per run (it remembers the last rows). */
export class CycleLineEncoder {
  private readonly setpoints = new RowTexts();
  private readonly nodes = new RowTexts();

  encode(result: CycleResult): string {
    if (!Array.isArray(result.setpoints) || !Array.isArray(result.nodes)) return JSON.stringify(result);
    // The other fields as JSON.stringify writes them, with the two arrays' places held.
    const rest = JSON.stringify({ ...result, setpoints: 0, nodes: 1 });
    const at = rest.indexOf(HOLE);
    if (at < 0 || rest.indexOf(HOLE, at + 1) >= 0) return JSON.stringify(result);
    return `${rest.slice(0, at)}"setpoints":${this.setpoints.json(result.setpoints as unknown as Row[])},"nodes":${this.nodes.json(result.nodes as unknown as Row[])}${rest.slice(at + HOLE.length)}`;
  }
}

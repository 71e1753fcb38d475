// One line of cycles.jsonl: exactly JSON.stringify(result) and a newline, as UTF-8 bytes. From one
// tick to the next ~95 % of a depot's setpoint rows (and many node rows) are unchanged, so the
// encoder keeps the last line's bytes and where each row lies in them: a row with the same keys,
// in the same order, with the same values is copied from there (a run of such rows, with the
// commas between them, in one copy); only the others are stringified. Building the line as one
// string instead cost more than the JSON itself (a string of ~500 pieces, flattened and encoded
// again each tick). cycle-line.test.ts holds it to JSON.stringify byte for byte.
import type { CycleResult } from '../../domain/index.ts';
import { kwText } from './format.ts';

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

const COMMA = 0x2c;

/** The line being built: UTF-8 bytes, grown when needed. */
class LineBuffer {
  buf = Buffer.allocUnsafeSlow(1 << 16);
  used = 0;

  private room(bytes: number): void {
    if (this.used + bytes <= this.buf.length) return;
    const bigger = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.used + bytes));
    this.buf.copy(bigger, 0, 0, this.used);
    this.buf = bigger;
  }

  text(s: string): void {
    // A UTF-16 code unit takes at most 3 UTF-8 bytes.
    this.room(s.length * 3);
    this.used += this.buf.write(s, this.used, 'utf8');
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.used++] = b;
  }

  copy(from: Buffer, start: number, end: number): void {
    this.room(end - start);
    this.used += from.copy(this.buf, this.used, start, end);
  }
}

/** JSON of a value as a field of a row, or undefined when only stringifying the whole row is sure. */
function fieldJson(v: unknown): string | undefined {
  switch (typeof v) {
    case 'number':
      // kW figures are whole watts: written from the integer, as format.test.ts proves equal.
      return Number.isFinite(v) ? kwText(v) : 'null';
    case 'string':
      return PLAIN_TEXT.test(v) ? `"${v}"` : JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object':
      if (v === null) return 'null';
      // A toJSON is called with the field's name inside a row, with '' alone: the row decides.
      if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return undefined;
      return JSON.stringify(v);
    default:
      // undefined, functions and symbols leave the field out; a bigint throws.
      return undefined;
  }
}

/** Text JSON writes as it is: no quote, backslash, control character or lone surrogate. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what JSON escapes
const PLAIN_TEXT = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

/** One position of a row list: the last row's keys and values, and each value's JSON once known. */
interface Held {
  keys: readonly string[];
  /** `{"key":` then `,"key":` …, per key. */
  keyText: readonly string[];
  values: unknown[];
  pieces: (string | undefined)[];
}

/** One array of rows (setpoints or nodes): per position, the last row and where its bytes lie. */
class RowBytes {
  private readonly held: (Held | undefined)[] = [];
  /** Where each row lies in the last line, and in the line being built. */
  private start: number[] = [];
  private end: number[] = [];
  private nextStart: number[] = [];
  private nextEnd: number[] = [];
  /** Rows of the last line (positions beyond it hold no bytes to reuse). */
  private count = 0;
  /** The changed fields of the row at hand: their places and new values. */
  private readonly changedAt: number[] = [];
  private readonly changedTo: unknown[] = [];

  /** The last line was not built from rows: nothing in it can be reused. */
  forget(): void {
    this.count = 0;
  }

  /**
   * How `row` differs from the held one: -1 other keys (or order), else how many values differ
   * (their places and values in changedAt / changedTo). An inherited enumerable key (there is none
   * on plain rows) makes the keys differ: the row is then stringified whole.
   */
  private compare(row: Row, h: Held): number {
    const { keys, values } = h;
    let i = 0;
    let changed = 0;
    for (const k in row) {
      if (k !== keys[i]) return -1;
      const v = row[k];
      if (v !== values[i] && !sameJson(v, values[i])) {
        this.changedAt[changed] = i;
        this.changedTo[changed++] = v;
      }
      i++;
    }
    return i === keys.length ? changed : -1;
  }

  /** The row's JSON from the held pieces with `changed` fields replaced; undefined if unsure. */
  private rebuild(h: Held, changed: number): string | undefined {
    for (let c = 0; c < changed; c++) {
      const at = this.changedAt[c]!;
      const piece = fieldJson(this.changedTo[c]);
      if (piece === undefined) return undefined;
      h.values[at] = this.changedTo[c];
      h.pieces[at] = piece;
    }
    let text = '';
    for (let j = 0; j < h.keys.length; j++) {
      let piece = h.pieces[j];
      if (piece === undefined) {
        piece = fieldJson(h.values[j]);
        if (piece === undefined) return undefined;
        h.pieces[j] = piece;
      }
      text += h.keyText[j]! + piece;
    }
    return `${text}}`;
  }

  private fresh(i: number, row: Row): string {
    const keys = Object.keys(row);
    const old = this.held[i];
    // Rows at a place mostly keep their keys: share the key texts then.
    const sameKeys =
      old !== undefined && old.keys.length === keys.length && old.keys.every((k, j) => k === keys[j]);
    this.held[i] = {
      keys: sameKeys ? old.keys : keys,
      keyText: sameKeys ? old.keyText : keys.map((k, j) => `${j === 0 ? '{' : ','}${JSON.stringify(k)}:`),
      values: Object.values(row),
      pieces: new Array<string | undefined>(keys.length),
    };
    return JSON.stringify(row);
  }

  write(list: readonly Row[], last: Buffer, line: LineBuffer): void {
    line.byte(0x5b); // [
    // A run of rows whose bytes are copied from the last line, not copied yet: [runFrom, runTo)
    // there, and the distance from there to where it goes in the line being built.
    let runFrom = -1;
    let runTo = -1;
    let shift = 0;
    for (let i = 0; i < list.length; i++) {
      const row = list[i]!;
      const h = this.held[i];
      const changed = h === undefined ? -1 : this.compare(row, h);
      if (changed === 0 && i < this.count) {
        // A run always ends at the row before (any other row closes it), so it takes the comma.
        if (runFrom < 0) {
          if (i > 0) line.byte(COMMA);
          runFrom = this.start[i]!;
          shift = line.used - runFrom;
        }
        runTo = this.end[i]!;
        this.nextStart[i] = this.start[i]! + shift;
        this.nextEnd[i] = runTo + shift;
        continue;
      }
      if (runFrom >= 0) {
        line.copy(last, runFrom, runTo);
        runFrom = -1;
      }
      if (i > 0) line.byte(COMMA);
      this.nextStart[i] = line.used;
      line.text((changed > 0 ? this.rebuild(h!, changed) : undefined) ?? this.fresh(i, row));
      this.nextEnd[i] = line.used;
    }
    if (runFrom >= 0) line.copy(last, runFrom, runTo);
    line.byte(0x5d); // ]
    [this.start, this.nextStart] = [this.nextStart, this.start];
    [this.end, this.nextEnd] = [this.nextEnd, this.end];
    this.count = list.length;
  }
}

const HOLE = '"setpoints":0,"nodes":1';

/** Encodes the cycles of one run, in order; one encoder per run (it remembers the last line). */
export class CycleLineEncoder {
  private readonly setpoints = new RowBytes();
  private readonly nodes = new RowBytes();
  private last = new LineBuffer();
  private line = new LineBuffer();

  /** JSON.stringify(result) and "\n" in UTF-8; the bytes are the encoder's until its next call. */
  encode(result: CycleResult): Uint8Array {
    [this.last, this.line] = [this.line, this.last];
    const line = this.line;
    line.used = 0;
    // The other fields as JSON.stringify writes them, with the two arrays' places held.
    const whole = !Array.isArray(result.setpoints) || !Array.isArray(result.nodes);
    const rest = whole ? '' : JSON.stringify({ ...result, setpoints: 0, nodes: 1 });
    const at = rest.indexOf(HOLE);
    if (whole || at < 0 || rest.indexOf(HOLE, at + 1) >= 0) {
      this.setpoints.forget();
      this.nodes.forget();
      line.text(`${JSON.stringify(result)}\n`);
    } else {
      line.text(`${rest.slice(0, at)}"setpoints":`);
      this.setpoints.write(result.setpoints as unknown as Row[], this.last.buf, line);
      line.text(',"nodes":');
      this.nodes.write(result.nodes as unknown as Row[], this.last.buf, line);
      line.text(`${rest.slice(at + HOLE.length)}\n`);
    }
    return line.buf.subarray(0, line.used);
  }
}

// A binary min-heap of (numeric key, integer value, integer stamp) on typed arrays: the cycle's
// event queues push tens of thousands of entries per call, so no objects are allocated per entry.

export class MinHeap {
  private keys: Float64Array;
  private vals: Int32Array;
  private stamps: Int32Array;
  size = 0;

  constructor(capacity = 64) {
    this.keys = new Float64Array(capacity);
    this.vals = new Int32Array(capacity);
    this.stamps = new Int32Array(capacity);
  }

  clear(): void {
    this.size = 0;
  }

  private grow(): void {
    const cap = this.keys.length * 2;
    const k = new Float64Array(cap);
    k.set(this.keys);
    const v = new Int32Array(cap);
    v.set(this.vals);
    const s = new Int32Array(cap);
    s.set(this.stamps);
    this.keys = k;
    this.vals = v;
    this.stamps = s;
  }

  push(key: number, val: number, stamp = 0): void {
    if (this.size === this.keys.length) this.grow();
    const keys = this.keys;
    const vals = this.vals;
    const stamps = this.stamps;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pk = keys[p]!;
      if (pk <= key) break;
      keys[i] = pk;
      vals[i] = vals[p]!;
      stamps[i] = stamps[p]!;
      i = p;
    }
    keys[i] = key;
    vals[i] = val;
    stamps[i] = stamp;
  }

  /** Key of the top; only when size > 0. */
  topKey(): number {
    return this.keys[0]!;
  }

  topVal(): number {
    return this.vals[0]!;
  }

  topStamp(): number {
    return this.stamps[0]!;
  }

  pop(): void {
    const keys = this.keys;
    const vals = this.vals;
    const stamps = this.stamps;
    const n = --this.size;
    if (n === 0) return;
    const key = keys[n]!;
    const val = vals[n]!;
    const stamp = stamps[n]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && keys[c + 1]! < keys[c]!) c++;
      if (keys[c]! >= key) break;
      keys[i] = keys[c]!;
      vals[i] = vals[c]!;
      stamps[i] = stamps[c]!;
      i = c;
    }
    keys[i] = key;
    vals[i] = val;
    stamps[i] = stamp;
  }
}

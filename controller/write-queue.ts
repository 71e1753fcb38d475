// Group commit. A write is acknowledged only after its transaction is on disk (synchronous=FULL),
// and one fsync costs milliseconds, so writes that arrive together share one: each request's work
// runs in its own savepoint inside one outer transaction, committed once, and only then are the
// answers sent. A request that throws rolls back its savepoint alone; if the commit itself fails,
// every request of the batch fails and nothing of it was acknowledged.
import type { Store } from '../domain/index.ts';

interface Item {
  fn: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class WriteQueue {
  private items: Item[] = [];
  private scheduled = false;

  constructor(private readonly store: Store) {}

  run<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.items.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // After the requests already read from the sockets in this turn have queued theirs.
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const items = this.items;
    this.items = [];
    const results: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      this.store.transaction(() => {
        for (const item of items) {
          try {
            results.push({ ok: true, value: this.store.transaction(item.fn) });
          } catch (error) {
            results.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      for (const item of items) item.reject(error);
      return;
    }
    items.forEach((item, i) => {
      const r = results[i]!;
      if (r.ok) item.resolve(r.value);
      else item.reject(r.error);
    });
  }
}

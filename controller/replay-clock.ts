// Replay mode (`microgrid controller --replay-clock`): the controller's clock follows the `?at=` of
// the request being served instead of the wall clock. A simulator run with `--target URL` sends
// every request with its simulated instant; without this, legacy cycles, envelope supersedes and
// withdrawals, bindings and received_at stamps would carry today's date instead of the simulated
// one. Off by default: a real site controller runs on the wall clock.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Clock } from '../domain/index.ts';
import { isUtcInstant } from '../domain/index.ts';

export class ReplayClock implements Clock {
  private readonly requestAt = new AsyncLocalStorage<number>();
  /** The instant of the write being executed (writes may run after their request's turn). */
  private executing: number | null = null;
  /** The latest replayed instant: requests without `at` stay on simulated time. */
  private last: number | null = null;

  constructor(private readonly wall: () => number = Date.now) {}

  now(): number {
    return this.executing ?? this.requestAt.getStore() ?? this.last ?? this.wall();
  }

  /** Runs the rest of a request's handling with its `?at=` (when it is a valid UTC instant). */
  enter(at: unknown, next: () => void): void {
    if (!isUtcInstant(at)) return next();
    const ms = Date.parse(at);
    this.last = ms;
    this.requestAt.run(ms, next);
  }

  /** Binds a queued write to the instant of the request that queued it. */
  bind<T>(fn: () => T): () => T {
    const at = this.requestAt.getStore();
    if (at === undefined) return fn;
    return () => {
      const outer = this.executing;
      this.executing = at;
      try {
        return fn();
      } finally {
        this.executing = outer;
      }
    };
  }
}

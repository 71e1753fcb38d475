// Group commit: writes queued together share one transaction, each in its own savepoint.
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../domain/usecases/index.ts';
import type { AliasUsage } from '../../domain/index.ts';
import { WriteQueue } from '../write-queue.ts';

const row = (endpoint: string): AliasUsage => ({
  at: '2026-03-01T00:00:00Z',
  endpoint,
  circuit_id: '1',
  microgrid_id: null,
  node_id: null,
  outcome: 'RESOLVED',
  client: 'c',
});

describe('WriteQueue', () => {
  it('commits the writes queued together in one transaction; a throwing write rolls back alone', async () => {
    const store = new MemoryStore();
    let outer = 0;
    const original = store.transaction.bind(store);
    let depth = 0;
    store.transaction = <T>(fn: () => T): T => {
      if (depth === 0) outer++;
      depth++;
      try {
        return original(fn);
      } finally {
        depth--;
      }
    };
    const q = new WriteQueue(store);
    const a = q.run(() => (store.appendAliasUsage(row('a')), 'A'));
    const b = q.run(() => {
      store.appendAliasUsage(row('b'));
      throw new Error('b failed');
    });
    const c = q.run(() => (store.appendAliasUsage(row('c')), 'C'));
    await expect(a).resolves.toBe('A');
    await expect(b).rejects.toThrow('b failed');
    await expect(c).resolves.toBe('C');
    expect(outer).toBe(1);
    expect(store.aliasUsage({ limit: 10 }).map((u) => u.endpoint)).toEqual(['c', 'a']);
  });

  it('fails every write of the batch when the commit itself fails', async () => {
    const store = new MemoryStore();
    const original = store.transaction.bind(store);
    let depth = 0;
    store.transaction = <T>(fn: () => T): T => {
      depth++;
      try {
        const out = original(fn);
        if (depth === 1) throw new Error('disk full');
        return out;
      } finally {
        depth--;
      }
    };
    const q = new WriteQueue(store);
    const results = await Promise.allSettled([q.run(() => 1), q.run(() => 2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});

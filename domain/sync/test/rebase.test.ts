// Examples on the North Depot document: what a support engineer sees in the conflict view.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MicrogridDocument } from '../../model.ts';
import { diffDocuments } from '../diff.ts';
import { parseElementKey } from '../elements.ts';
import { rebase, touchedByBoth } from '../rebase.ts';

const north = (): MicrogridDocument =>
  JSON.parse(
    readFileSync(join(import.meta.dirname, '..', '..', '..', 'examples', 'depot-north.json'), 'utf8'),
  ) as MicrogridDocument;

function rename(doc: MicrogridDocument, nodeId: string, name: string): MicrogridDocument {
  return { ...doc, nodes: doc.nodes.map((n) => (n.id === nodeId ? { ...n, name } : n)) };
}

describe('diffDocuments', () => {
  it('lists each changed element once, sorted by kind then id, with the fields that differ', () => {
    const base = north();
    const next = rename(base, 'sb-a', 'Switchboard A (new)');
    next.assets = next.assets.filter((a) => a.id !== 'ch-02');
    next.limits = [
      ...next.limits,
      { id: 'lim-sb-b', scope: 'NODE', node_id: 'sb-b', hard_cap_kw: 300, schedule: [] },
    ];
    next.circuit_aliases = next.circuit_aliases.map((a) =>
      a.circuit_id === '1042' ? { ...a, node_id: 'cb-a2' } : a,
    );
    next.microgrid = { ...next.microgrid, name: 'North Depot (east yard)' };
    next.nodes = [...next.nodes].reverse(); // a reorder alone changes nothing
    const changes = diffDocuments(base, next);
    expect(changes.map((c) => [c.key, c.change, c.fields])).toEqual([
      ['microgrid:name', 'modified', undefined],
      ['node:sb-a', 'modified', ['name']],
      ['asset:ch-02', 'removed', undefined],
      ['policy:lim-sb-b', 'added', undefined],
      ['alias:1042', 'modified', undefined],
    ]);
    expect(changes[2]!.before).toMatchObject({ id: 'ch-02' });
    expect(changes[4]!.after).toEqual([{ circuit_id: '1042', node_id: 'cb-a2' }]);
  });

  it('parses only keys it can produce', () => {
    expect(parseElementKey('node:sb-a')).toEqual({ key: 'node:sb-a', kind: 'node', id: 'sb-a' });
    expect(parseElementKey('alias:1042')).toMatchObject({ kind: 'alias', id: '1042' });
    expect(parseElementKey('microgrid:id')).toBeUndefined();
    expect(parseElementKey('circuit:1042')).toBeUndefined();
    expect(parseElementKey('node:')).toBeUndefined();
  });
});

describe('rebase on North Depot', () => {
  it('re-applies a change to another element onto the latest version', () => {
    const base = north();
    const remote = rename(base, 'sb-a', 'Switchboard A (Ana)');
    const local = rename(base, 'db-office', 'Office board (Ben)');
    const r = rebase({ base, local, remote });
    expect(r.conflicts).toEqual([]);
    expect(r.reapplied.map((e) => e.key)).toEqual(['node:db-office']);
    expect(r.remote_changes.map((e) => e.key)).toEqual(['node:sb-a']);
    const names = Object.fromEntries(r.document!.nodes.map((n) => [n.id, n.name]));
    expect(names['sb-a']).toBe('Switchboard A (Ana)');
    expect(names['db-office']).toBe('Office board (Ben)');
  });

  it('asks about a node both sides renamed and keeps the other side’s changes regardless', () => {
    const base = north();
    const remote = {
      ...rename(base, 'sb-a', 'A by Ana'),
      limits: base.limits.map((p) => (p.id === 'lim-sb-a' ? { ...p, hard_cap_kw: 350 } : p)),
    };
    const local = rename(rename(base, 'sb-a', 'A by Ben'), 'sb-b', 'B by Ben');
    const open = rebase({ base, local, remote });
    expect(open.document).toBeNull();
    expect(open.unresolved).toEqual(['node:sb-a']);
    expect(open.conflicts[0]).toMatchObject({
      key: 'node:sb-a',
      local_change: 'modified',
      remote_change: 'modified',
      base: { name: 'Switchboard A' },
      local: { name: 'A by Ben' },
      remote: { name: 'A by Ana' },
    });
    expect(touchedByBoth(open.local_changes, open.remote_changes)).toEqual(['node:sb-a']);

    for (const [side, name] of [
      ['remote', 'A by Ana'],
      ['local', 'A by Ben'],
    ] as const) {
      const settled = rebase({ base, local, remote, choices: { 'node:sb-a': side, 'node:grid': 'local' } });
      const doc = settled.document!;
      expect(doc.nodes.find((n) => n.id === 'sb-a')!.name).toBe(name);
      expect(doc.nodes.find((n) => n.id === 'sb-b')!.name).toBe('B by Ben');
      expect(doc.limits.find((p) => p.id === 'lim-sb-a')!.hard_cap_kw).toBe(350);
      expect(settled.conflicts.map((c) => c.choice)).toEqual([side]);
    }
  });

  it('a deletion against an edit of the same element is a conflict, either way round', () => {
    const base = north();
    const remote = { ...base, assets: base.assets.filter((a) => a.id !== 'ch-01') };
    const local = {
      ...base,
      assets: base.assets.map((a) => (a.id === 'ch-01' ? { ...a, rating_kw: 50 } : a)),
    };
    const r = rebase({ base, local, remote });
    expect(r.conflicts).toMatchObject([
      { key: 'asset:ch-01', local_change: 'modified', remote_change: 'removed' },
    ]);
    expect(r.conflicts[0]).not.toHaveProperty('remote');
    const keepRemote = rebase({ base, local, remote, choices: { 'asset:ch-01': 'remote' } }).document!;
    expect(keepRemote.assets.some((a) => a.id === 'ch-01')).toBe(false);
    const keepLocal = rebase({ base, local, remote, choices: { 'asset:ch-01': 'local' } }).document!;
    expect(keepLocal.assets.find((a) => a.id === 'ch-01')!.rating_kw).toBe(50);
  });
});

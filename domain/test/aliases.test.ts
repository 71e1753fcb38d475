// Circuit alias resolution: resolvable, not resolvable, ambiguous (unsupported for a TOU write).
import { describe, expect, it } from 'vitest';
import { aliasFailure, resolveCircuitAlias, type AliasRow } from '../index.ts';

const rows: AliasRow[] = [
  { microgrid_id: 'mg-north', circuit_id: '1042', node_id: 'cb-a1' },
  { microgrid_id: 'mg-north', circuit_id: '2001', node_id: 'sb-b' },
  { microgrid_id: 'mg-south', circuit_id: '2001', node_id: 'sb-1' },
  { microgrid_id: 'mg-south', circuit_id: '3000', node_id: 'gone' },
];
const exists = (mg: string, node: string) => node !== 'gone';

describe('circuit alias resolution', () => {
  it('one row whose node exists is resolvable', () => {
    expect(resolveCircuitAlias(rows, '1042', exists)).toEqual({
      status: 'RESOLVED',
      circuit_id: '1042',
      microgrid_id: 'mg-north',
      node_id: 'cb-a1',
    });
  });

  it('no row, or a row whose node is gone, is not resolvable (409 for every legacy use)', () => {
    const none = resolveCircuitAlias(rows, '9999', exists);
    expect(none.status).toBe('NO_ALIAS');
    const gone = resolveCircuitAlias(rows, '3000', exists);
    expect(gone.status).toBe('NODE_MISSING');
    for (const r of [none, gone]) {
      if (r.status === 'RESOLVED') throw new Error('unexpected');
      for (const purpose of ['READ', 'REBALANCE', 'TOU'] as const)
        expect(aliasFailure(r, purpose)).toMatchObject({ code: 'CIRCUIT_ALIAS_NOT_RESOLVABLE', status: 409 });
    }
  });

  it('several rows (across microgrids) are ambiguous: not resolvable for a rebalance, an unsupported scope for TOU', () => {
    const r = resolveCircuitAlias(rows, '2001', exists);
    expect(r.status).toBe('AMBIGUOUS');
    if (r.status !== 'AMBIGUOUS') return;
    expect(r.rows.map((x) => x.microgrid_id)).toEqual(['mg-north', 'mg-south']);
    expect(aliasFailure(r, 'REBALANCE')).toMatchObject({ code: 'CIRCUIT_ALIAS_NOT_RESOLVABLE', status: 409 });
    expect(aliasFailure(r, 'READ')).toMatchObject({ code: 'CIRCUIT_ALIAS_NOT_RESOLVABLE', status: 409 });
    expect(aliasFailure(r, 'TOU')).toMatchObject({ code: 'LEGACY_SCOPE_UNSUPPORTED', status: 422 });
  });

  it('two rows for one circuit inside one microgrid are ambiguous too', () => {
    const twice = [...rows, { microgrid_id: 'mg-north', circuit_id: '1042', node_id: 'cb-a2' }];
    expect(resolveCircuitAlias(twice, '1042', exists).status).toBe('AMBIGUOUS');
  });
});

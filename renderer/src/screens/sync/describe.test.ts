import { describe, expect, it } from 'vitest';
import { changeLines, conflictFields, elementLabel, nodeIdOf, showValue } from './describe.ts';

describe('sync change wording', () => {
  it('names elements in the spec’s words', () => {
    expect(elementLabel('node', 'sb-a')).toBe('Node sb-a');
    expect(elementLabel('policy', 'lim-grid')).toBe('Limit policy lim-grid');
    expect(elementLabel('alias', '1042')).toBe('Circuit alias 1042');
    expect(elementLabel('microgrid', 'root_node_id')).toBe('Microgrid root node id');
  });

  it('lists a modified element field by field, and an added or removed one whole', () => {
    expect(
      changeLines({
        change: 'modified',
        before: { name: 'A', physical_rating_kw: 400 },
        after: { name: 'B', physical_rating_kw: 400 },
        fields: ['name'],
      }),
    ).toEqual([{ field: 'name', before: '"A"', after: '"B"' }]);
    expect(changeLines({ change: 'removed', before: [{ circuit_id: '1042', node_id: 'cb-a1' }] })).toEqual([
      { field: '', before: '→ cb-a1', after: '—' },
    ]);
    expect(showValue({ days: ['MON', 'TUE'], start: '15:00', end: '21:00', cap_kw: 450 })).toBe(
      'MON,TUE 15:00–21:00 450 kW',
    );
  });

  it('shows in a conflict only the fields where the three versions differ', () => {
    expect(
      conflictFields(
        { name: 'A', kind: 'FEEDER' },
        { name: 'B', kind: 'FEEDER' },
        { name: 'C', kind: 'FEEDER' },
      ),
    ).toEqual(['name']);
    expect(conflictFields({ name: 'A', rating_kw: 7 }, undefined, { name: 'A', rating_kw: 11 })).toEqual([
      'rating_kw',
    ]);
    expect(conflictFields('Depot', 'Depot B', 'Depot C')).toBeNull();
  });

  it('finds the node an element is about', () => {
    expect(nodeIdOf('node', 'sb-a', undefined)).toBe('sb-a');
    expect(nodeIdOf('asset', 'ch-01', { node_id: 'cb-a1' })).toBe('cb-a1');
    expect(nodeIdOf('alias', '1042', [{ circuit_id: '1042', node_id: 'cb-a2' }])).toBe('cb-a2');
    expect(nodeIdOf('microgrid', 'name', 'North')).toBeUndefined();
  });
});

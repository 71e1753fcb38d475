// Limit-policy rules of domain.md, one behaviour per test.
import { describe, expect, it } from 'vitest';
import { validateDocumentModel, type LimitPolicy, type MicrogridDocument } from '../index.ts';

function doc(limits: LimitPolicy[]): MicrogridDocument {
  return {
    microgrid: { id: 'm', depot_id: 'd', name: 'm', timezone: 'Australia/Melbourne', root_node_id: 'grid' },
    nodes: [
      {
        id: 'grid',
        parent_id: null,
        name: 'g',
        kind: 'GRID_CONNECTION',
        physical_rating_kw: 800,
        metered: true,
      },
      {
        id: 'sb',
        parent_id: 'grid',
        name: 's',
        kind: 'SWITCHBOARD',
        physical_rating_kw: 400.5,
        metered: true,
      },
    ],
    assets: [],
    limits,
    circuit_aliases: [],
  };
}
const nodePolicy = (over: Partial<LimitPolicy> = {}): LimitPolicy => ({
  id: 'lim',
  scope: 'NODE',
  node_id: 'grid',
  hard_cap_kw: 700,
  schedule: [],
  ...over,
});
const errorsOf = (limits: LimitPolicy[]) => validateDocumentModel(doc(limits)).errors;

describe('limit validation', () => {
  it('LIMIT_TARGET_MISSING names the policy, the node and the field', () => {
    expect(errorsOf([nodePolicy({ node_id: 'ghost' })])).toEqual([
      expect.objectContaining({
        code: 'LIMIT_TARGET_MISSING',
        policy_id: 'lim',
        node_id: 'ghost',
        field: 'node_id',
      }),
    ]);
  });

  it('LIMIT_DUPLICATE_POLICY for two policies of one scope on one node; NODE and AGGREGATE may coexist', () => {
    expect(
      errorsOf([nodePolicy({ id: 'a' }), nodePolicy({ id: 'b' })]).map((e) => [e.code, e.policy_id]),
    ).toEqual([
      ['LIMIT_DUPLICATE_POLICY', 'a'],
      ['LIMIT_DUPLICATE_POLICY', 'b'],
    ]);
    expect(errorsOf([nodePolicy({ id: 'a' }), nodePolicy({ id: 'b', scope: 'AGGREGATE' })])).toEqual([]);
  });

  it('LIMIT_VALUE_INVALID for a negative, missing, non-finite or over-precise cap; 0 is a valid cap', () => {
    const r = errorsOf([
      nodePolicy({ id: 'neg', node_id: 'grid', hard_cap_kw: -1 }),
      nodePolicy({
        id: 'missing',
        node_id: 'sb',
        hard_cap_kw: undefined,
        schedule: [{ days: ['MON'], start: '00:00', end: '01:00', cap_kw: Number.POSITIVE_INFINITY }],
      }),
      nodePolicy({
        id: 'zero',
        scope: 'AGGREGATE',
        node_id: 'grid',
        hard_cap_kw: 0,
        schedule: [{ days: ['TUE'], start: '00:00', end: '01:00', cap_kw: 1.2345 }],
      }),
    ]);
    expect(r.map((e) => [e.code, e.policy_id, e.field])).toEqual([
      ['LIMIT_VALUE_INVALID', 'neg', 'hard_cap_kw'],
      ['LIMIT_VALUE_INVALID', 'zero', 'schedule[0].cap_kw'],
      ['LIMIT_VALUE_INVALID', 'missing', 'hard_cap_kw'],
      ['LIMIT_VALUE_INVALID', 'missing', 'schedule[0].cap_kw'],
    ]);
  });

  it('LIMIT_EXCEEDS_PHYSICAL_RATING names node_id and the exact field; equal to the rating is accepted', () => {
    const over = errorsOf([
      nodePolicy({
        id: 'p',
        node_id: 'sb',
        hard_cap_kw: 400.5,
        schedule: [
          { days: ['MON'], start: '00:00', end: '01:00', cap_kw: 100 },
          { days: ['TUE'], start: '00:00', end: '01:00', cap_kw: 400.501 },
        ],
      }),
    ]);
    expect(over).toEqual([
      expect.objectContaining({
        code: 'LIMIT_EXCEEDS_PHYSICAL_RATING',
        node_id: 'sb',
        policy_id: 'p',
        field: 'schedule[1].cap_kw',
      }),
    ]);
    expect(errorsOf([nodePolicy({ hard_cap_kw: 800.001 })])).toEqual([
      expect.objectContaining({
        code: 'LIMIT_EXCEEDS_PHYSICAL_RATING',
        node_id: 'grid',
        field: 'hard_cap_kw',
      }),
    ]);
    expect(
      errorsOf([
        nodePolicy({ hard_cap_kw: 800 }),
        nodePolicy({ id: 'q', node_id: 'sb', hard_cap_kw: 400.5 }),
      ]),
    ).toEqual([]);
  });

  it('keeps an accepted value exactly as entered', () => {
    const d = doc([
      nodePolicy({
        hard_cap_kw: 123.457,
        schedule: [{ days: ['SAT'], start: '07:30', end: '24:00', cap_kw: 0.001 }],
      }),
    ]);
    const before = JSON.stringify(d);
    expect(validateDocumentModel(d).valid).toBe(true);
    expect(JSON.stringify(d)).toBe(before);
  });

  it('SCHEDULE_WINDOW_INVALID for a bad day, a bad time, start not before end; 24:00 only as an end', () => {
    const r = errorsOf([
      nodePolicy({
        schedule: [
          { days: ['MON', 'Mon'], start: '01:00', end: '02:00', cap_kw: 1 },
          { days: [], start: '01:00', end: '02:00', cap_kw: 1 },
          { days: ['TUE'], start: '24:00', end: '24:00', cap_kw: 1 },
          { days: ['WED'], start: '09:60', end: '7:00', cap_kw: 1 },
          { days: ['THU'], start: '10:00', end: '10:00', cap_kw: 1 },
        ],
      }),
    ]);
    expect(r.map((e) => e.field)).toEqual([
      'schedule[0].days',
      'schedule[1].days',
      'schedule[2].start',
      'schedule[3].end',
      'schedule[3].start',
      'schedule[4].end',
    ]);
    expect(new Set(r.map((e) => e.code))).toEqual(new Set(['SCHEDULE_WINDOW_INVALID']));
  });

  it('SCHEDULE_WINDOW_OVERLAP only when two windows share a day and time; touching windows are fine', () => {
    const windows = [
      { days: ['MON', 'TUE'], start: '15:00', end: '21:00', cap_kw: 450 },
      { days: ['TUE'], start: '21:00', end: '24:00', cap_kw: 300 },
      { days: ['WED'], start: '16:00', end: '17:00', cap_kw: 300 },
      { days: ['TUE', 'SUN'], start: '20:59', end: '21:00', cap_kw: 300 },
    ];
    expect(errorsOf([nodePolicy({ schedule: windows })]).map((e) => [e.code, e.field])).toEqual([
      ['SCHEDULE_WINDOW_OVERLAP', 'schedule[3]'],
    ]);
    expect(errorsOf([nodePolicy({ schedule: windows.slice(0, 3) })])).toEqual([]);
  });

  it('topology errors come before limit errors', () => {
    const d = doc([nodePolicy({ node_id: 'ghost' })]);
    d.nodes[1]!.parent_id = 'nowhere';
    expect(validateDocumentModel(d).errors.map((e) => e.code)).toEqual([
      'TOPOLOGY_ORPHAN_NODE',
      'LIMIT_TARGET_MISSING',
    ]);
  });
});

// The Limits screen's draft: numbers kept as typed and turned back exactly, the domain's rules
// marking the very field (policy, node, field), and the week's days said briefly.
import { describe, expect, it } from 'vitest';
import type { MicrogridDocument } from '../../../../domain/model.ts';
import northJson from '../../../../examples/depot-north.json';
import {
  daysText,
  fieldKey,
  issuesByField,
  liveLimitIssues,
  newPolicyId,
  toDraft,
  toPolicy,
} from './policy-draft.ts';

const north = (): MicrogridDocument => structuredClone(northJson) as MicrogridDocument;

describe('limit policy draft', () => {
  it('round-trips every policy of a document exactly', () => {
    for (const p of north().limits) expect(toPolicy(toDraft(p))).toEqual(p);
  });

  it('leaves an emptied cap missing, so the domain reports it on its field', () => {
    const doc = north();
    const draft = doc.limits.map(toDraft);
    draft[0] = { ...draft[0]!, hard_cap: '', schedule: [{ ...draft[0]!.schedule[0]!, cap: '900' }] };
    const issues = liveLimitIssues(doc, draft.map(toPolicy));
    expect(issues.map((i) => [i.code, i.node_id, i.field])).toEqual([
      ['LIMIT_VALUE_INVALID', 'grid', 'hard_cap_kw'],
      ['LIMIT_EXCEEDS_PHYSICAL_RATING', 'grid', 'schedule[0].cap_kw'],
    ]);
    expect(issuesByField(issues).get(fieldKey('lim-grid', 'hard_cap_kw'))?.[0]?.code).toBe(
      'LIMIT_VALUE_INVALID',
    );
  });

  it('names new policies after their node and scope without clashing', () => {
    const draft = north().limits.map(toDraft);
    expect(newPolicyId(draft, 'NODE', 'sb-b')).toBe('lim-sb-b');
    expect(newPolicyId(draft, 'NODE', 'grid')).toBe('lim-grid-2');
    expect(newPolicyId(draft, 'AGGREGATE', 'sb-a')).toBe('agg-sb-a');
  });

  it('says days briefly, in week order', () => {
    expect(daysText(['FRI', 'MON', 'TUE', 'WED', 'THU'])).toBe('MON–FRI');
    expect(daysText(['SAT', 'SUN'])).toBe('SAT SUN');
    expect(daysText(['MON', 'WED', 'FRI', 'SAT', 'SUN'])).toBe('MON WED FRI–SUN');
    expect(daysText(['MON', 'FUNDAY'])).toBe('MON FUNDAY');
    expect(daysText([])).toBe('(no day)');
  });
});

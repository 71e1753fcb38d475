// The limit policy set being edited. Numbers are kept as the text typed (so what is shown is what
// was entered) and become numbers only when judged or saved. Live issues come from the domain's
// own limit rules over the microgrid's tree — the same rules the save is judged by in main.
import {
  DAYS,
  type Day,
  type LimitPolicy,
  type LimitScope,
  type MicrogridIdentity,
  type MicrogridNode,
  type Asset,
} from '../../../../domain/model.ts';
import { sortIssues, type ValidationIssue } from '../../../../domain/issues.ts';
import { validateLimits } from '../../../../domain/validation/limits.ts';
import { validateTopology } from '../../../../domain/validation/topology.ts';

export interface DraftWindow {
  days: string[];
  start: string;
  end: string;
  cap: string;
}

export interface DraftPolicy {
  id: string;
  scope: LimitScope;
  node_id: string;
  hard_cap: string;
  schedule: DraftWindow[];
}

function text(value: number | undefined): string {
  return value === undefined ? '' : String(value);
}

/** '' is "missing" (the domain says so, on the field); anything else is the number typed. */
export function numberOf(value: string): number | undefined {
  const t = value.trim();
  return t === '' ? undefined : Number(t);
}

export function toDraft(p: LimitPolicy): DraftPolicy {
  return {
    id: p.id,
    scope: p.scope,
    node_id: p.node_id,
    hard_cap: text(p.hard_cap_kw),
    schedule: p.schedule.map((w) => ({ days: [...w.days], start: w.start, end: w.end, cap: text(w.cap_kw) })),
  };
}

export function toPolicy(d: DraftPolicy): LimitPolicy {
  const policy: LimitPolicy = {
    id: d.id,
    scope: d.scope,
    node_id: d.node_id,
    schedule: d.schedule.map((w) => {
      const cap = numberOf(w.cap);
      return cap === undefined
        ? { days: w.days, start: w.start, end: w.end }
        : { days: w.days, start: w.start, end: w.end, cap_kw: cap };
    }),
  };
  const hard = numberOf(d.hard_cap);
  if (hard !== undefined) policy.hard_cap_kw = hard;
  return policy;
}

export interface Tree {
  microgrid: MicrogridIdentity;
  nodes: readonly MicrogridNode[];
  assets: readonly Asset[];
}

/** Every limit error of the draft set, sorted as the service sorts them. */
export function liveLimitIssues(tree: Tree, policies: readonly LimitPolicy[]): ValidationIssue[] {
  const topology = validateTopology({
    root_node_id: tree.microgrid.root_node_id,
    nodes: tree.nodes,
    assets: tree.assets,
  });
  return sortIssues(validateLimits(policies, topology.index));
}

/** Issues per `policy_id` then `field`, so each input can mark itself. */
export function issuesByField(issues: readonly ValidationIssue[]): Map<string, ValidationIssue[]> {
  const out = new Map<string, ValidationIssue[]>();
  for (const i of issues) {
    const key = fieldKey(i.policy_id ?? '', i.field ?? '');
    const list = out.get(key);
    if (list) list.push(i);
    else out.set(key, [i]);
  }
  return out;
}

export function fieldKey(policyId: string, field: string): string {
  return `${policyId}\u0000${field}`;
}

/** A policy id not yet used: lim-<node> for NODE, agg-<node> for AGGREGATE. */
export function newPolicyId(policies: readonly DraftPolicy[], scope: LimitScope, nodeId: string): string {
  const taken = new Set(policies.map((p) => p.id));
  const base = `${scope === 'NODE' ? 'lim' : 'agg'}-${nodeId}`.slice(0, 60);
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

export const WEEKDAYS: readonly Day[] = ['MON', 'TUE', 'WED', 'THU', 'FRI'];

export function newWindow(): DraftWindow {
  return { days: [...WEEKDAYS], start: '15:00', end: '21:00', cap: '' };
}

/** "MON–FRI", "SAT SUN", "MON WED FRI": consecutive runs of days shortened. */
export function daysText(days: readonly string[]): string {
  const known = DAYS.filter((d) => days.includes(d));
  const unknown = days.filter((d) => !(DAYS as readonly string[]).includes(d));
  const runs: string[] = [];
  let i = 0;
  while (i < known.length) {
    let j = i;
    while (j + 1 < known.length && DAYS.indexOf(known[j + 1]!) === DAYS.indexOf(known[j]!) + 1) j++;
    runs.push(j - i >= 2 ? `${known[i]}–${known[j]}` : known.slice(i, j + 1).join(' '));
    i = j + 1;
  }
  return [...runs, ...unknown].join(' ') || '(no day)';
}

export function sameSet(a: readonly DraftPolicy[], b: readonly DraftPolicy[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

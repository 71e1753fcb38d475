// Limit-policy rules of domain.md. Every error names the policy, the node and the exact field
// (`hard_cap_kw`, `schedule[1].cap_kw`, ...), the index being the window's position as given.
import { issue, sortIssues, type ValidationError } from '../issues.ts';
import { DAYS, type LimitPolicy, type TouWindow } from '../model.ts';
import { isKwValue, kwToW } from '../units.ts';

const DAY_SET: ReadonlySet<string> = new Set(DAYS);

/** Minutes since local midnight for "HH:MM"; "24:00" is allowed only as an end. */
export function parseClock(value: string, isEnd: boolean): number | null {
  if (value.length !== 5 || value.charCodeAt(2) !== 58 /* : */) return null;
  const h1 = value.charCodeAt(0) - 48;
  const h2 = value.charCodeAt(1) - 48;
  const m1 = value.charCodeAt(3) - 48;
  const m2 = value.charCodeAt(4) - 48;
  if (h1 < 0 || h1 > 9 || h2 < 0 || h2 > 9 || m1 < 0 || m1 > 5 || m2 < 0 || m2 > 9) return null;
  const hour = h1 * 10 + h2;
  const minute = hour * 60 + m1 * 10 + m2;
  if (hour < 24) return minute;
  return isEnd && minute === 1440 ? 1440 : null;
}

/** What limit rules need of the topology: node positions and valid ratings in watts (NaN = none). */
export interface LimitTargets {
  indexOf: ReadonlyMap<string, number>;
  ratingW: Float64Array;
}

function capProblem(value: number | undefined): string | null {
  if (value === undefined) return 'is missing';
  if (!Number.isFinite(value)) return 'is not a finite number';
  if (value < 0) return `must not be negative (got ${value})`;
  if (!isKwValue(value)) return `has more than 3 decimals (got ${value})`;
  return null;
}

interface ParsedWindow {
  index: number;
  days: string[];
  start: number;
  end: number;
}

function checkWindow(
  policy: LimitPolicy,
  w: TouWindow,
  index: number,
  errors: ValidationError[],
): ParsedWindow | null {
  const startMin = parseClock(w.start, false);
  const endMin = parseClock(w.end, true);
  if (
    startMin !== null &&
    endMin !== null &&
    startMin < endMin &&
    w.days.length > 0 &&
    w.days.every((d) => DAY_SET.has(d))
  ) {
    return { index, days: w.days, start: startMin, end: endMin };
  }
  const at = { policy_id: policy.id, node_id: policy.node_id };
  const f = `schedule[${index}]`;
  let ok = true;
  let daysOk = w.days.length > 0;
  for (const d of w.days) if (!DAY_SET.has(d)) daysOk = false;
  if (!daysOk) {
    const badDays = w.days.filter((d) => !DAY_SET.has(d));
    ok = false;
    const why =
      w.days.length === 0
        ? 'names no day'
        : `has ${badDays.map((d) => JSON.stringify(d)).join(', ')}, not one of ${DAYS.join(' ')}`;
    errors.push(
      issue('SCHEDULE_WINDOW_INVALID', `policy ${policy.id} window ${index} ${why}`, {
        ...at,
        field: `${f}.days`,
      }),
    );
  }
  const start = parseClock(w.start, false);
  const end = parseClock(w.end, true);
  if (start === null) {
    ok = false;
    errors.push(
      issue(
        'SCHEDULE_WINDOW_INVALID',
        `policy ${policy.id} window ${index}: start ${JSON.stringify(w.start)} is not a time HH:MM from 00:00 to 23:59`,
        { ...at, field: `${f}.start` },
      ),
    );
  }
  if (end === null) {
    ok = false;
    errors.push(
      issue(
        'SCHEDULE_WINDOW_INVALID',
        `policy ${policy.id} window ${index}: end ${JSON.stringify(w.end)} is not a time HH:MM from 00:01 to 24:00`,
        { ...at, field: `${f}.end` },
      ),
    );
  }
  if (start !== null && end !== null && start >= end) {
    ok = false;
    errors.push(
      issue(
        'SCHEDULE_WINDOW_INVALID',
        `policy ${policy.id} window ${index}: start ${w.start} is not before end ${w.end} (write a window over midnight as two windows)`,
        { ...at, field: `${f}.end` },
      ),
    );
  }
  return ok ? { index, days: w.days, start: start!, end: end! } : null;
}

function checkOverlaps(policy: LimitPolicy, windows: ParsedWindow[], errors: ValidationError[]): void {
  for (let i = 0; i < windows.length; i++) {
    for (let j = i + 1; j < windows.length; j++) {
      const a = windows[i]!;
      const b = windows[j]!;
      if (a.start >= b.end || b.start >= a.end) continue;
      const shared = DAYS.filter((d) => a.days.includes(d) && b.days.includes(d));
      if (shared.length === 0) continue;
      errors.push(
        issue(
          'SCHEDULE_WINDOW_OVERLAP',
          `policy ${policy.id}: windows ${a.index} and ${b.index} overlap on ${shared.join(' ')}`,
          {
            policy_id: policy.id,
            node_id: policy.node_id,
            field: `schedule[${b.index}]`,
          },
        ),
      );
    }
  }
}

function duplicatePolicyErrors(group: readonly LimitPolicy[], errors: ValidationError[]): void {
  const ids = group.map((p) => p.id).sort();
  for (const p of group) {
    errors.push(
      issue(
        'LIMIT_DUPLICATE_POLICY',
        `node ${p.node_id} has ${group.length} ${p.scope} policies (${ids.join(', ')}); at most one is allowed`,
        { policy_id: p.id, node_id: p.node_id, field: 'node_id' },
      ),
    );
  }
}

/** At most one policy per (scope, node): counted per node position, so 100,000 policies stay cheap. */
function checkDuplicates(
  policies: readonly LimitPolicy[],
  targetIdx: Int32Array,
  nodeCount: number,
  errors: ValidationError[],
): void {
  const seen = { NODE: new Int32Array(nodeCount), AGGREGATE: new Int32Array(nodeCount) };
  const missingTargets = new Map<string, LimitPolicy[]>();
  let anyDuplicate = false;
  for (let k = 0; k < policies.length; k++) {
    const p = policies[k]!;
    const i = targetIdx[k]!;
    if (i < 0) {
      const key = `${p.scope} ${p.node_id}`;
      missingTargets.set(key, [...(missingTargets.get(key) ?? []), p]);
    } else if (++seen[p.scope][i]! > 1) anyDuplicate = true;
  }
  for (const group of missingTargets.values()) if (group.length > 1) duplicatePolicyErrors(group, errors);
  if (!anyDuplicate) return;
  const groups = new Map<string, LimitPolicy[]>();
  for (let k = 0; k < policies.length; k++) {
    const p = policies[k]!;
    const i = targetIdx[k]!;
    if (i >= 0 && seen[p.scope][i]! > 1) {
      const key = `${p.scope} ${p.node_id}`;
      groups.set(key, [...(groups.get(key) ?? []), p]);
    }
  }
  for (const group of groups.values()) duplicatePolicyErrors(group, errors);
}

export function validateLimits(policies: readonly LimitPolicy[], targets: LimitTargets): ValidationError[] {
  const errors: ValidationError[] = [];
  // One id lookup per policy, shared by every rule below.
  const targetIdx = new Int32Array(policies.length);
  for (let k = 0; k < policies.length; k++) targetIdx[k] = targets.indexOf.get(policies[k]!.node_id) ?? -1;
  checkDuplicates(policies, targetIdx, targets.ratingW.length, errors);
  for (let k = 0; k < policies.length; k++) {
    const p = policies[k]!;
    const i = targetIdx[k]!;
    if (i < 0) {
      errors.push(
        issue('LIMIT_TARGET_MISSING', `policy ${p.id} targets node ${p.node_id}, which is not a node`, {
          policy_id: p.id,
          node_id: p.node_id,
          field: 'node_id',
        }),
      );
    }
    const rating = i < 0 ? NaN : targets.ratingW[i]!;
    checkCap(p, p.hard_cap_kw, -1, rating, errors);
    if (p.schedule.length === 0) continue;
    const windows: ParsedWindow[] = [];
    for (let w = 0; w < p.schedule.length; w++) {
      const window = p.schedule[w]!;
      checkCap(p, window.cap_kw, w, rating, errors);
      const parsed = checkWindow(p, window, w, errors);
      if (parsed) windows.push(parsed);
    }
    if (windows.length > 1) checkOverlaps(p, windows, errors);
  }
  return sortIssues(errors);
}

/** A cap must be a kW value ≥ 0 and at most the node's physical rating (equal is accepted). */
function checkCap(
  p: LimitPolicy,
  value: number | undefined,
  windowIndex: number,
  ratingW: number,
  errors: ValidationError[],
): void {
  if (value !== undefined && isKwValue(value) && value >= 0 && !(kwToW(value) > ratingW)) return;
  const field = windowIndex < 0 ? 'hard_cap_kw' : `schedule[${windowIndex}].cap_kw`;
  const problem = capProblem(value);
  if (problem) {
    errors.push(
      issue('LIMIT_VALUE_INVALID', `policy ${p.id}: ${field} ${problem}`, {
        policy_id: p.id,
        node_id: p.node_id,
        field,
      }),
    );
  } else if (kwToW(value!) > ratingW) {
    errors.push(
      issue(
        'LIMIT_EXCEEDS_PHYSICAL_RATING',
        `policy ${p.id}: ${field} ${value} kW is above the physical rating of node ${p.node_id} (${ratingW / 1000} kW)`,
        { policy_id: p.id, node_id: p.node_id, field },
      ),
    );
  }
}

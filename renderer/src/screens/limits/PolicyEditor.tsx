// One limit policy being edited: scope, target node, hard cap, and its weekly TOU grid (a row per
// window: the days it applies on, start, end and cap) drawn as a week underneath. Every field that
// a rule refuses carries the error's code, node and field (app.md's hooks) right beside it.
import { memo, useState } from 'react';
import { DAYS, type LimitScope, type MicrogridNode } from '../../../../domain/model.ts';
import type { ValidationIssue } from '../../../../domain/issues.ts';
import { daysText, fieldKey, newWindow, type DraftPolicy, type DraftWindow } from './policy-draft.ts';

type Issues = ReadonlyMap<string, ValidationIssue[]>;

function FieldMark({ issues, policy, field }: { issues: Issues; policy: DraftPolicy; field: string }) {
  const list = issues.get(fieldKey(policy.id, field));
  if (!list?.length) return null;
  return (
    <>
      {list.map((i, n) => (
        <span
          key={n}
          className="field-mark"
          data-error-code={i.code}
          data-node-id={i.node_id ?? policy.node_id}
          data-field={field}
          data-policy-id={policy.id}
        >
          <strong>{i.code}</strong> {i.message}
        </span>
      ))}
    </>
  );
}

function hasIssue(issues: Issues, policy: DraftPolicy, field: string): boolean {
  return (issues.get(fieldKey(policy.id, field))?.length ?? 0) > 0;
}

function minutes(clock: string): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(clock);
  if (!m) return null;
  const v = Number(m[1]) * 60 + Number(m[2]);
  return v <= 1440 ? v : null;
}

/** The week at a glance: each day a 24-hour lane, each window a block labelled with its cap. */
export function WeekGrid({
  windows,
  hardCap,
  testId,
}: {
  windows: readonly DraftWindow[];
  hardCap: string;
  testId?: string;
}) {
  return (
    <div
      className="week-grid"
      data-testid={testId}
      title={`outside the windows: hard cap ${hardCap || '—'} kW`}
    >
      {DAYS.map((day) => (
        <div key={day} style={{ display: 'contents' }}>
          <span className="day">{day}</span>
          <div className="lane">
            {windows.map((w, i) => {
              const s = minutes(w.start);
              const e = minutes(w.end);
              if (!w.days.includes(day) || s === null || e === null || s >= e) return null;
              return (
                <span
                  key={i}
                  className="win"
                  style={{ left: `${(s / 1440) * 100}%`, width: `${((e - s) / 1440) * 100}%` }}
                  title={`${w.start}–${w.end} ${w.cap} kW`}
                >
                  {w.cap} kW
                </span>
              );
            })}
          </div>
        </div>
      ))}
      <div className="hours">
        <span>00</span>
        <span>06</span>
        <span>12</span>
        <span>18</span>
        <span>24</span>
      </div>
    </div>
  );
}

/** Above this many nodes a card's node list is filled in when it is opened (40 cards × 2,000 options is slow to draw). */
const EAGER_NODE_OPTIONS = 300;

function NodeSelect({
  policy,
  nodes,
  className,
  disabled,
  onChange,
}: {
  policy: DraftPolicy;
  nodes: readonly MicrogridNode[];
  className: string | undefined;
  disabled: boolean;
  onChange: (nodeId: string) => void;
}) {
  const [open, setOpen] = useState(nodes.length <= EAGER_NODE_OPTIONS);
  const current = nodes.find((n) => n.id === policy.node_id);
  const listed = open ? nodes : current ? [current] : [];
  return (
    <select
      name="node_id"
      className={className}
      disabled={disabled}
      value={policy.node_id}
      onFocus={() => setOpen(true)}
      onMouseDown={() => setOpen(true)}
      onChange={(e) => onChange(e.target.value)}
    >
      {!current && <option value={policy.node_id}>{policy.node_id} (no such node)</option>}
      {listed.map((n) => (
        <option key={n.id} value={n.id}>
          {n.name} ({n.id})
        </option>
      ))}
    </select>
  );
}

function sameIssues(a: Issues, b: Issues, policyId: string): boolean {
  const mine = (m: Issues) => JSON.stringify([...m].filter(([k]) => k.startsWith(`${policyId}\u0000`)));
  return a === b || mine(a) === mine(b);
}

/**
 * Re-rendered only when its own policy or its own issues change: typing in one card of a large
 * set leaves the others alone. `onChange` and `onRemove` take the card's index (stable callbacks).
 */
export const PolicyEditor = memo(
  function PolicyEditor({
    policy,
    index,
    nodes,
    issues,
    readOnly,
    onChange,
    onRemove,
  }: {
    policy: DraftPolicy;
    index: number;
    nodes: readonly MicrogridNode[];
    issues: Issues;
    readOnly: boolean;
    onChange: (index: number, next: DraftPolicy) => void;
    onRemove: (index: number) => void;
  }) {
    return (
      <PolicyCard
        policy={policy}
        nodes={nodes}
        issues={issues}
        readOnly={readOnly}
        onChange={(next) => onChange(index, next)}
        onRemove={() => onRemove(index)}
      />
    );
  },
  (a, b) =>
    a.policy === b.policy &&
    a.index === b.index &&
    a.nodes === b.nodes &&
    a.readOnly === b.readOnly &&
    a.onChange === b.onChange &&
    a.onRemove === b.onRemove &&
    sameIssues(a.issues, b.issues, a.policy.id),
);

function PolicyCard({
  policy,
  nodes,
  issues,
  readOnly,
  onChange,
  onRemove,
}: {
  policy: DraftPolicy;
  nodes: readonly MicrogridNode[];
  issues: Issues;
  readOnly: boolean;
  onChange: (next: DraftPolicy) => void;
  onRemove: () => void;
}) {
  const rating = nodes.find((n) => n.id === policy.node_id)?.physical_rating_kw;
  const setWindow = (index: number, patch: Partial<DraftWindow>) =>
    onChange({ ...policy, schedule: policy.schedule.map((w, i) => (i === index ? { ...w, ...patch } : w)) });
  const input = (field: string) => ({
    name: field,
    className: hasIssue(issues, policy, field) ? 'invalid' : undefined,
    disabled: readOnly,
  });
  return (
    <section
      className="policy-card"
      data-testid={`policy-${policy.id}`}
      data-policy-id={policy.id}
      data-node-id={policy.node_id}
    >
      <header>
        <span className="policy-id">{policy.id}</span>
        <label className="field">
          <span>Scope</span>
          <select
            {...input('scope')}
            value={policy.scope}
            onChange={(e) => onChange({ ...policy, scope: e.target.value as LimitScope })}
          >
            <option value="NODE">NODE — total demand through the node</option>
            <option value="AGGREGATE">AGGREGATE — charger setpoints in its subtree</option>
          </select>
          <FieldMark issues={issues} policy={policy} field="scope" />
        </label>
        <label className="field">
          <span>Microgrid Node</span>
          <NodeSelect
            policy={policy}
            nodes={nodes}
            className={input('node_id').className}
            disabled={readOnly}
            onChange={(node_id) => onChange({ ...policy, node_id })}
          />
          <FieldMark issues={issues} policy={policy} field="node_id" />
        </label>
        <label className="field">
          <span>Hard cap kW {rating !== undefined && <em className="muted">(rating {rating})</em>}</span>
          <input
            {...input('hard_cap_kw')}
            type="number"
            step="any"
            value={policy.hard_cap}
            onChange={(e) => onChange({ ...policy, hard_cap: e.target.value })}
          />
          <FieldMark issues={issues} policy={policy} field="hard_cap_kw" />
        </label>
        {!readOnly && (
          <button type="button" className="danger" data-testid="remove-policy" onClick={onRemove}>
            Remove policy
          </button>
        )}
      </header>
      <table className="tou-table" data-testid="tou-grid">
        <thead>
          <tr>
            <th>#</th>
            {DAYS.map((d) => (
              <th key={d}>{d}</th>
            ))}
            <th>start</th>
            <th>end</th>
            <th>cap kW</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {policy.schedule.map((w, i) => {
            const f = `schedule[${i}]`;
            return (
              <tr key={i} data-window-index={i}>
                <td>{i}</td>
                {DAYS.map((d) => (
                  <td key={d}>
                    <input
                      type="checkbox"
                      name={`${f}.days.${d}`}
                      disabled={readOnly}
                      checked={w.days.includes(d)}
                      onChange={(e) =>
                        setWindow(i, {
                          days: e.target.checked
                            ? DAYS.filter((x) => x === d || w.days.includes(x))
                            : w.days.filter((x) => x !== d),
                        })
                      }
                    />
                  </td>
                ))}
                <td>
                  <input
                    {...input(`${f}.start`)}
                    type="text"
                    placeholder="HH:MM"
                    value={w.start}
                    onChange={(e) => setWindow(i, { start: e.target.value })}
                  />
                </td>
                <td>
                  <input
                    {...input(`${f}.end`)}
                    type="text"
                    placeholder="HH:MM"
                    value={w.end}
                    onChange={(e) => setWindow(i, { end: e.target.value })}
                  />
                </td>
                <td>
                  <input
                    {...input(`${f}.cap_kw`)}
                    type="number"
                    step="any"
                    value={w.cap}
                    onChange={(e) => setWindow(i, { cap: e.target.value })}
                  />
                </td>
                <td>
                  {!readOnly && (
                    <button
                      type="button"
                      data-testid="remove-window"
                      onClick={() =>
                        onChange({ ...policy, schedule: policy.schedule.filter((_, k) => k !== i) })
                      }
                    >
                      ✕
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {policy.schedule.map((_, i) =>
        ['days', 'start', 'end', 'cap_kw', ''].map((part) => {
          const field = part ? `schedule[${i}].${part}` : `schedule[${i}]`;
          return <FieldMark key={field} issues={issues} policy={policy} field={field} />;
        }),
      )}
      <FieldMark issues={issues} policy={policy} field="" />
      {!readOnly && (
        <button
          type="button"
          data-testid="add-window"
          onClick={() => onChange({ ...policy, schedule: [...policy.schedule, newWindow()] })}
        >
          Add TOU window
        </button>
      )}
      <WeekGrid windows={policy.schedule} hardCap={policy.hard_cap} />
      <p className="muted">
        {policy.schedule.length
          ? policy.schedule
              .map((w) => `${daysText(w.days)} ${w.start}–${w.end}: ${w.cap || '—'} kW`)
              .join('; ')
          : 'No TOU windows'}
        ; otherwise {policy.hard_cap || '—'} kW.
      </p>
    </section>
  );
}

// Reason codes as the cycle ranks them (cycle.md §5): rendered in the order given (the result's
// lists are already sorted by rank, then node id), each with data-reason-code and its node.
import type { ReasonEntry } from '../../../../domain/cycle/types.ts';

const LABEL: Record<string, string> = {
  FAIL_SAFE_FALLBACK_UNAVAILABLE: 'telemetry missing or too old, no usable fallback',
  EXTERNAL_CONTROL_ACTIVE: 'an external controller holds LOAD_CONTROL here',
  CHARGER_NONCOMPLIANCE: 'chargers drew more than their setpoints',
  NON_CONTROLLABLE_EXCEEDS_LIMIT: 'non-controllable demand alone reaches the limit',
  OPERATING_ENVELOPE: 'an operating envelope binds',
  NODE_PHYSICAL_RATING: 'the physical rating binds',
  NODE_HARD_CAP: 'the hard cap binds',
  TOU_SCHEDULED_CAP: 'a TOU window cap binds',
  AGGREGATE_LIMIT: 'an aggregate limit binds',
  TELEMETRY_FALLBACK_DERIVED: 'a limit on the path used fallback demand',
  BELOW_MINIMUM_POWER: 'share below the charger’s minimum power',
};

export function reasonLabel(code: string): string {
  return LABEL[code] ?? code;
}

export function ReasonList({
  reasons,
  testId,
  empty = '—',
}: {
  reasons: readonly ReasonEntry[];
  testId?: string;
  empty?: string;
}) {
  if (reasons.length === 0)
    return (
      <span className="muted" data-testid={testId}>
        {empty}
      </span>
    );
  return (
    <ol className="reason-list" data-testid={testId}>
      {reasons.map((r) => (
        <li
          key={`${r.code}@${r.node_id}`}
          data-reason-code={r.code}
          data-node-id={r.node_id}
          title={reasonLabel(r.code)}
        >
          <code>{r.code}</code> <span className="reason-node">@{r.node_id}</span>
        </li>
      ))}
    </ol>
  );
}

// How every error reaches the user: its code as `data-error-code`, and the node, asset and field it
// names as `data-node-id`, `data-asset-id`, `data-field` (app.md's testability hooks).
import type { BridgeError } from '../../../preload/contract.ts';

export interface ShownIssue {
  code: string;
  message: string;
  node_id?: string;
  asset_id?: string;
  field?: string;
  node_ids?: string[];
}

export function IssueItem({ issue, onPick }: { issue: ShownIssue; onPick?: (issue: ShownIssue) => void }) {
  return (
    <li
      className={`issue${onPick ? ' pickable' : ''}`}
      data-error-code={issue.code}
      data-node-id={issue.node_id}
      data-asset-id={issue.asset_id}
      data-field={issue.field}
      onClick={onPick ? () => onPick(issue) : undefined}
    >
      <strong className="code">{issue.code}</strong> <span className="message">{issue.message}</span>
    </li>
  );
}

export function IssueList({
  issues,
  testId,
  onPick,
}: {
  issues: readonly ShownIssue[];
  testId?: string;
  onPick?: (issue: ShownIssue) => void;
}) {
  return (
    <ul className="issue-list" data-testid={testId}>
      {issues.map((i, n) => (
        <IssueItem key={n} issue={i} onPick={onPick} />
      ))}
    </ul>
  );
}

/** A refused command: its code and sentence, then each error it carries. */
export function ErrorPanel({
  error,
  testId,
  title,
  onPick,
}: {
  error: BridgeError;
  testId?: string;
  title?: string;
  onPick?: (issue: ShownIssue) => void;
}) {
  const errors = Array.isArray(error.errors) ? (error.errors as ShownIssue[]) : [];
  return (
    <div className="error-panel" role="alert" data-testid={testId}>
      {/* The head names no node: the errors below do, each once. */}
      <p className="error-head" data-error-code={error.code}>
        {title && <span className="error-title">{title} </span>}
        <strong className="code">{error.code}</strong> <span className="message">{error.message}</span>
      </p>
      {errors.length > 0 && <IssueList issues={errors} onPick={onPick} />}
    </div>
  );
}

// A list of element changes (what one side changed since the base): one row per element with its
// kind, id and the fields that changed, before → after.
import type { ElementChange } from '../../../../domain/sync/index.ts';
import { changeLines, elementLabel, nodeIdOf } from './describe.ts';

export function ChangeRow({ change, both }: { change: ElementChange; both?: boolean }) {
  return (
    <li
      className={`change change-${change.change}${both ? ' both' : ''}`}
      data-testid="change"
      data-element-key={change.key}
      data-element-kind={change.kind}
      data-element-id={change.id}
      data-change={change.change}
      data-both={both ? 'true' : undefined}
      data-node-id={nodeIdOf(change.kind, change.id, change.after ?? change.before)}
    >
      <span className="change-what">
        <strong>{elementLabel(change.kind, change.id)}</strong>{' '}
        <span className="change-type">{change.change}</span>
        {both && <span className="both-flag"> · changed on both sides</span>}
      </span>
      <ul className="change-lines">
        {changeLines(change).map((l, i) => (
          <li key={i} data-field={l.field || undefined}>
            {l.field && <code>{l.field}</code>} <span className="before">{l.before}</span> →{' '}
            <span className="after">{l.after}</span>
          </li>
        ))}
      </ul>
    </li>
  );
}

export function ChangeList({
  changes,
  testId,
  empty,
  both,
}: {
  changes: readonly ElementChange[];
  testId: string;
  empty: string;
  both?: ReadonlySet<string>;
}) {
  if (changes.length === 0) {
    return (
      <p className="empty" data-testid={testId} data-count="0">
        {empty}
      </p>
    );
  }
  return (
    <ul className="change-list" data-testid={testId} data-count={changes.length}>
      {changes.map((c) => (
        <ChangeRow key={c.key} change={c} both={both?.has(c.key)} />
      ))}
    </ul>
  );
}

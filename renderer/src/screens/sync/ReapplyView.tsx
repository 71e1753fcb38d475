// "Reload latest and re-apply my changes" when both sides changed the same elements: each such
// element is shown with the base, your and the controller's values, and applied only once a side
// is chosen for every one of them. The elements only one side changed are merged without asking.
import type { ElementConflict } from '../../../../domain/sync/index.ts';
import type { ReapplyPreview } from '../../../../preload/sync-contract.ts';
import { conflictFields, elementLabel, fieldOf, nodeIdOf, showValue } from './describe.ts';
import { useSync } from './store.ts';

function ConflictRow({ conflict }: { conflict: ElementConflict }) {
  const choice = useSync((s) => s.choices[conflict.key]);
  const choose = useSync((s) => s.choose);
  const fields = conflictFields(conflict.base, conflict.local, conflict.remote);
  const rows = fields ?? [''];
  const cell = (v: unknown, f: string) => (f ? fieldOf(v, f) : v === undefined ? '(absent)' : showValue(v));
  return (
    <li
      className={`element-conflict${choice ? ` chosen-${choice}` : ''}`}
      data-testid="element-conflict"
      data-element-key={conflict.key}
      data-element-kind={conflict.kind}
      data-element-id={conflict.id}
      data-node-id={nodeIdOf(conflict.kind, conflict.id, conflict.local ?? conflict.remote ?? conflict.base)}
      data-choice={choice ?? ''}
    >
      <div className="conflict-head">
        <strong>{elementLabel(conflict.kind, conflict.id)}</strong>: you {conflict.local_change} it, the
        controller {conflict.remote_change} it
      </div>
      <table className="conflict-values">
        <thead>
          <tr>
            <th />
            <th>Base</th>
            <th>Yours</th>
            <th>Controller</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((f) => (
            <tr key={f} data-field={f || undefined}>
              <th>{f ? <code>{f}</code> : 'value'}</th>
              <td>{cell(conflict.base, f)}</td>
              <td data-testid="local-value">{cell(conflict.local, f)}</td>
              <td data-testid="remote-value">{cell(conflict.remote, f)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="choice" role="radiogroup" aria-label={`Keep which side of ${conflict.key}`}>
        <label>
          <input
            type="radio"
            name={`choice-${conflict.key}`}
            data-testid="choose-local"
            checked={choice === 'local'}
            onChange={() => choose(conflict.key, 'local')}
          />{' '}
          Keep mine
        </label>
        <label>
          <input
            type="radio"
            name={`choice-${conflict.key}`}
            data-testid="choose-remote"
            checked={choice === 'remote'}
            onChange={() => choose(conflict.key, 'remote')}
          />{' '}
          Keep the controller’s
        </label>
      </div>
    </li>
  );
}

export function ReapplyView({ preview }: { preview: ReapplyPreview }) {
  const choices = useSync((s) => s.choices);
  const apply = useSync((s) => s.applyChoices);
  const cancel = useSync((s) => s.cancelReapply);
  const missing = preview.conflicts.filter((c) => !choices[c.key]).length;
  return (
    <section className="reapply-view" data-testid="reapply-view" data-remote-version={preview.remote_version}>
      <h2>Re-apply your changes onto controller version {preview.remote_version}</h2>
      <p>
        Controller version <strong>{preview.remote_version}</strong> was written {preview.remote_updated_at}{' '}
        by {preview.remote_updated_by}. Your draft is based on version {preview.base_version}.
      </p>
      {preview.reapplied.length > 0 && (
        <p data-testid="reapply-automatic" data-count={preview.reapplied.length}>
          Re-applied without asking (only you changed them):{' '}
          {preview.reapplied.map((e) => elementLabel(e.kind, e.id)).join(', ')}.
        </p>
      )}
      <h3>
        Both sides changed {preview.conflicts.length} element{preview.conflicts.length === 1 ? '' : 's'} —
        choose which to keep
      </h3>
      <ul className="conflict-list" data-testid="element-conflicts" data-count={preview.conflicts.length}>
        {preview.conflicts.map((c) => (
          <ConflictRow key={c.key} conflict={c} />
        ))}
      </ul>
      <div className="actions">
        <button
          type="button"
          className="primary"
          data-testid="reapply-apply"
          disabled={missing > 0}
          onClick={() => void apply()}
        >
          {missing > 0 ? `Choose a side for ${missing} more` : 'Apply my choices'}
        </button>
        <button type="button" data-testid="reapply-cancel" onClick={cancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}

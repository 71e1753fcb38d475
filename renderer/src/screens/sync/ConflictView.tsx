// A refused push (409 CONFIG_VERSION_CONFLICT): the version the draft was based on, the version
// the controller holds and who wrote it when, and element by element what each side changed since
// the base. Nothing was written on either side.
import type { ConflictDetails } from '../../../../preload/sync-contract.ts';
import { ChangeList } from './ChangeList.tsx';
import { useSync } from './store.ts';

export function ConflictView({ conflict }: { conflict: ConflictDetails }) {
  const reapply = useSync((s) => s.reloadAndReapply);
  const both = new Set(conflict.both);
  return (
    <section
      className="conflict-view"
      data-testid="conflict-view"
      data-error-code="CONFIG_VERSION_CONFLICT"
      role="alert"
    >
      <h2>The controller has a newer version — nothing was overwritten</h2>
      <dl className="facts">
        <div>
          <dt>Your base version</dt>
          <dd data-testid="conflict-expected-version">{conflict.expected_version}</dd>
        </div>
        <div>
          <dt>Controller version</dt>
          <dd data-testid="conflict-current-version">{conflict.current_version}</dd>
        </div>
        <div>
          <dt>Written by</dt>
          <dd data-testid="conflict-updated-by">{conflict.updated_by}</dd>
        </div>
        <div>
          <dt>At</dt>
          <dd>
            <time data-testid="conflict-updated-at" dateTime={conflict.updated_at}>
              {conflict.updated_at}
            </time>
          </dd>
        </div>
        {conflict.changed_kinds.length > 0 && (
          <div>
            <dt>Changed there</dt>
            <dd data-testid="conflict-changed-kinds">{conflict.changed_kinds.join(', ').toLowerCase()}</dd>
          </div>
        )}
      </dl>
      <div className="sides">
        <div>
          <h3>
            Changed on the controller since version {conflict.expected_version} (by {conflict.updated_by})
          </h3>
          <ChangeList
            changes={conflict.remote_changes}
            testId="remote-changes"
            empty="No element changes on the controller."
            both={both}
          />
        </div>
        <div>
          <h3>Your changes since version {conflict.expected_version}</h3>
          <ChangeList
            changes={conflict.local_changes}
            testId="local-changes"
            empty="No local changes."
            both={both}
          />
        </div>
      </div>
      <p className="hint">
        {both.size === 0
          ? 'The two sides changed different elements: your changes can be re-applied onto the latest version automatically.'
          : `Both sides changed ${both.size} element(s); re-applying asks you which side to keep for each of them.`}
      </p>
      <div className="actions">
        <button
          type="button"
          className="primary"
          data-testid="conflict-reapply"
          onClick={() => void reapply()}
        >
          Reload latest and re-apply my changes
        </button>
      </div>
    </section>
  );
}

// Screen 8 of app.md: sync of one microgrid with a site controller — local, base and controller
// versions, pending changes, pull and push, the conflict view of a refused push, reload-and-re-apply
// with a choice per element both sides changed, and the live view of the controller.
import { useEffect, useState } from 'react';
import { useScreenReady } from '../../app/app-state.ts';
import { microgridPath } from '../../app/router.ts';
import { ErrorPanel } from '../../components/ErrorList.tsx';
import { ChangeList } from './ChangeList.tsx';
import { ConflictView } from './ConflictView.tsx';
import { ConnectionPanel } from './ConnectionPanel.tsx';
import { LiveView } from './LiveView.tsx';
import { usePolling } from './polling.ts';
import { ReapplyView } from './ReapplyView.tsx';
import { useSync } from './store.ts';
import './sync.css';

/** How often the screen asks the controller for its version (and whether it answers). */
export const STATUS_REFRESH_MS = 3000;

function Versions() {
  const status = useSync((s) => s.status)!;
  const controller = status.controller;
  return (
    <dl className="sync-versions">
      <div>
        <dt>Local version</dt>
        <dd data-testid="local-version">{status.local?.version ?? '—'}</dd>
      </div>
      <div>
        <dt>Base version</dt>
        <dd data-testid="base-version" title="the controller version this draft is based on">
          {status.link?.base_version ?? '—'}
        </dd>
      </div>
      <div>
        <dt>Controller version</dt>
        <dd data-testid="controller-version" data-behind={status.behind === true ? 'true' : 'false'}>
          {controller?.version ?? (controller?.exists === false ? 'none' : '—')}
          {status.behind && <span className="warn"> · newer than your base</span>}
        </dd>
      </div>
      <div>
        <dt>Controller last written</dt>
        <dd>
          {controller?.updated_at ? (
            <>
              <time data-testid="controller-updated-at" dateTime={controller.updated_at}>
                {controller.updated_at}
              </time>{' '}
              by <span data-testid="controller-updated-by">{controller.updated_by}</span>
            </>
          ) : (
            '—'
          )}
        </dd>
      </div>
      <div>
        <dt>Pending changes</dt>
        <dd data-testid="pending-count">{status.pending_changes.length}</dd>
      </div>
    </dl>
  );
}

function Actions() {
  const status = useSync((s) => s.status)!;
  const chosen = useSync((s) => s.chosenConnection);
  const conflict = useSync((s) => s.conflict);
  const error = useSync((s) => s.error);
  const reapplied = useSync((s) => s.reapplied);
  const previewing = useSync((s) => s.preview !== null);
  const { pull, push, reloadAndReapply } = useSync.getState();
  const [confirming, setConfirming] = useState(false);
  const linked = status.link !== null;
  const controller = status.controller;
  const pending = status.pending_changes.length;
  const remoteExists = controller?.exists === true;
  const canPull = linked || (chosen !== null && remoteExists);
  const canPush =
    !previewing &&
    status.local !== null &&
    (linked ? pending > 0 : chosen !== null && controller?.exists === false);
  const canReapply = linked && pending > 0 && (status.behind === true || conflict !== null);
  const canDiscard = status.local !== null && (linked ? pending > 0 : error?.code === 'SYNC_LOCAL_DIFFERS');
  return (
    <div className="toolbar sync-actions">
      <button type="button" data-testid="sync-pull" disabled={!canPull} onClick={() => void pull()}>
        {status.local ? 'Pull' : 'Pull into a local draft'}
      </button>
      <button
        type="button"
        className="primary"
        data-testid="sync-push"
        disabled={!canPush}
        onClick={() => void push()}
      >
        {linked ? (reapplied ? 'Resubmit' : 'Push') : 'Create on the controller'}
      </button>
      <button
        type="button"
        data-testid="sync-reapply"
        disabled={!canReapply}
        onClick={() => void reloadAndReapply()}
      >
        Reload latest and re-apply my changes
      </button>
      {canDiscard &&
        (confirming ? (
          <>
            <span className="warn">Replace the local microgrid with the controller’s version?</span>
            <button
              type="button"
              className="danger"
              data-testid="sync-discard-confirm"
              onClick={() => {
                setConfirming(false);
                void pull(true);
              }}
            >
              Yes, discard my changes
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep them
            </button>
          </>
        ) : (
          <button
            type="button"
            className="danger"
            data-testid="sync-discard"
            onClick={() => setConfirming(true)}
          >
            Discard my changes…
          </button>
        ))}
      {status.local && (
        <a className="to-topology" href={microgridPath(status.microgrid_id, 'topology')}>
          Edit the topology
        </a>
      )}
    </div>
  );
}

function SyncLog() {
  const log = useSync((s) => s.status?.log ?? []);
  if (log.length === 0) return null;
  return (
    <section className="sync-log">
      <h2>Sync history on this computer</h2>
      <table data-testid="sync-log">
        <tbody>
          {log.map((l, i) => (
            <tr key={i} data-action={l.action} data-outcome={l.outcome}>
              <td>
                <time dateTime={l.at}>{l.at}</time>
              </td>
              <td>{l.action}</td>
              <td>{l.outcome === 'DONE' ? 'done' : <code data-error-code={l.outcome}>{l.outcome}</code>}</td>
              <td>{l.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function SyncScreen({ microgridId }: { microgridId: string }) {
  const status = useSync((s) => (s.microgridId === microgridId ? s.status : null));
  const loadError = useSync((s) => s.loadError);
  const error = useSync((s) => s.error);
  const notice = useSync((s) => s.notice);
  const conflict = useSync((s) => s.conflict);
  const preview = useSync((s) => s.preview);
  const refresh = useSync((s) => s.refresh);
  useEffect(() => {
    void useSync.getState().load(microgridId);
  }, [microgridId]);
  usePolling(refresh, STATUS_REFRESH_MS, status !== null);
  useScreenReady(status !== null || loadError !== null);

  if (!status) {
    return (
      <section className="sync-screen">
        {loadError ? (
          <ErrorPanel error={loadError} testId="sync-load-error" />
        ) : (
          <p className="loading">Loading…</p>
        )}
      </section>
    );
  }
  return (
    <section className="sync-screen" data-testid="sync-screen" data-linked={status.link ? 'true' : 'false'}>
      <header className="screen-header">
        <h1>
          Sync · {status.local?.name ?? microgridId} <code data-testid="microgrid-id">{microgridId}</code>
        </h1>
        <p className="lede">
          {status.local
            ? status.link
              ? 'Edit offline as much as you like: your saved changes wait here as a draft until you push them. A push never overwrites a newer controller version.'
              : 'This local microgrid is not linked to a controller yet.'
            : 'This microgrid is not on this computer yet. Pull it from a controller to work on it offline.'}
        </p>
      </header>
      <Versions />
      <ConnectionPanel />
      <Actions />
      {notice && (
        <p className="notice" data-testid="sync-notice" data-undoable="false">
          {notice.text}
        </p>
      )}
      {error && !conflict && <ErrorPanel error={error} testId="sync-error" />}
      {conflict && !preview && <ConflictView conflict={conflict} />}
      {preview && <ReapplyView preview={preview} />}
      <section className="pending">
        <h2>Pending changes{status.link ? ` since controller version ${status.link.base_version}` : ''}</h2>
        <ChangeList
          changes={status.pending_changes}
          testId="pending-changes"
          empty={
            status.link
              ? 'None: the draft matches its base version.'
              : 'Pending changes are counted once the microgrid is linked.'
          }
        />
      </section>
      <LiveView />
      <SyncLog />
    </section>
  );
}

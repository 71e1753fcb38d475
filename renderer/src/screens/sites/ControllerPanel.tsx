// Screen 1 of app.md, second half: the microgrids of a connected site controller. A support
// engineer adds a controller connection here (or on any Sync tab), sees what the controller holds,
// and pulls a microgrid into a local draft — which then opens on its Sync tab. Pulling is a sync
// result: saved to the local store first, never undoable. A connection no longer needed is removed
// here too (not undoable either: the token is not kept anywhere else).
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { MicrogridSummary } from '../../../../domain/ports.ts';
import type { BridgeError } from '../../../../preload/contract.ts';
import type { ControllerConnectionView } from '../../../../preload/sync-contract.ts';
import { whileBusy } from '../../app/app-state.ts';
import { microgridPath, navigate } from '../../app/router.ts';
import { bridge } from '../../bridge/bridge.ts';
import { ErrorPanel } from '../../components/ErrorList.tsx';

interface RemoteList {
  connection: ControllerConnectionView;
  microgrids: MicrogridSummary[] | null;
  error: BridgeError | null;
}

/**
 * Forgets a saved connection (its URL and token) after a confirmation. A connection that is the
 * sync link of a local microgrid is refused by the service with CONNECTION_IN_USE, shown here:
 * unlinking is on that microgrid's Sync tab, and the local microgrids always stay.
 */
function RemoveConnection({
  connection,
  onRemoved,
}: {
  connection: ControllerConnectionView;
  onRemoved: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<BridgeError | null>(null);
  async function remove() {
    setConfirming(false);
    await whileBusy(async () => {
      const reply = await bridge.send('removeConnection', { connection_id: connection.id });
      if (reply.ok) {
        setError(null);
        onRemoved();
      } else setError(reply.error);
    });
  }
  return (
    <div className="remove-connection">
      {confirming ? (
        <>
          <span className="warn">Forget this controller connection (its URL and token)?</span>
          <button
            type="button"
            className="danger"
            data-testid={`remove-connection-confirm-${connection.id}`}
            onClick={() => void remove()}
          >
            Yes, remove it
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </>
      ) : (
        <button
          type="button"
          data-testid={`remove-connection-${connection.id}`}
          onClick={() => setConfirming(true)}
        >
          Remove connection…
        </button>
      )}
      {error && <ErrorPanel error={error} testId={`remove-connection-error-${connection.id}`} />}
    </div>
  );
}

function AddConnectionForm({ onSaved }: { onSaved: () => void }) {
  const [name, setName] = useState('');
  const [url, setUrl] = useState('http://127.0.0.1:8787');
  const [token, setToken] = useState('');
  const [error, setError] = useState<BridgeError | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    await whileBusy(async () => {
      const reply = await bridge.send('saveConnection', { name: name || url, url, token: token || null });
      if (reply.ok) {
        setError(null);
        setToken('');
        onSaved();
      } else setError(reply.error);
    });
  }
  return (
    <form className="connection-form" data-testid="sites-connection-form" onSubmit={(e) => void submit(e)}>
      <label className="field">
        <span>Name</span>
        <input
          data-testid="sites-connection-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="North depot controller"
        />
      </label>
      <label className="field">
        <span>Controller URL</span>
        <input
          data-testid="sites-connection-url"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          required
        />
      </label>
      <label className="field">
        <span>Bearer token (if the controller has one)</span>
        <input
          type="password"
          autoComplete="off"
          data-testid="sites-connection-token"
          value={token}
          onChange={(e) => setToken(e.target.value)}
        />
      </label>
      <button type="submit" data-testid="sites-connection-save">
        Add controller
      </button>
      {error && <ErrorPanel error={error} testId="sites-connection-error" />}
    </form>
  );
}

export function ControllerPanel({
  localIds,
  onPulled,
}: {
  localIds: ReadonlySet<string>;
  onPulled: () => void;
}) {
  const [lists, setLists] = useState<RemoteList[] | null>(null);
  const [error, setError] = useState<BridgeError | null>(null);

  const refresh = useCallback(async () => {
    const reply = await bridge.send('listConnections', {});
    if (!reply.ok) return setError(reply.error);
    setError(null);
    const next = await Promise.all(
      reply.value.connections.map(async (connection): Promise<RemoteList> => {
        const remote = await bridge.send('listRemoteMicrogrids', { connection_id: connection.id });
        return remote.ok
          ? { connection, microgrids: remote.value.microgrids, error: null }
          : { connection, microgrids: null, error: remote.error };
      }),
    );
    setLists(next);
  }, []);

  useEffect(() => void refresh(), [refresh]);

  async function pull(connectionId: string, microgridId: string) {
    await whileBusy(async () => {
      const reply = await bridge.send('pullMicrogrid', {
        microgrid_id: microgridId,
        connection_id: connectionId,
      });
      if (!reply.ok) return setError(reply.error);
      onPulled();
      navigate(microgridPath(microgridId, 'sync'));
    });
  }

  return (
    <section className="controller-panel" data-testid="controller-microgrids">
      <h2>Site controllers</h2>
      <p className="lede">
        Microgrids held by a connected controller. Pull one into a local draft to work on it offline; its Sync
        tab pushes your changes back with conflict detection.
      </p>
      {error && <ErrorPanel error={error} testId="controller-error" />}
      {lists?.map(({ connection, microgrids, error: listError }) => (
        <div key={connection.id} className="controller" data-connection-id={connection.id}>
          <h3>
            {connection.name} <span className="muted">{connection.url}</span>
          </h3>
          <RemoveConnection connection={connection} onRemoved={() => void refresh()} />
          {listError && <ErrorPanel error={listError} testId={`controller-error-${connection.id}`} />}
          {microgrids && microgrids.length === 0 && (
            <p className="empty">This controller holds no microgrids.</p>
          )}
          {microgrids && microgrids.length > 0 && (
            <table className="sites-table" data-testid={`remote-list-${connection.id}`}>
              <thead>
                <tr>
                  <th>Microgrid</th>
                  <th>Name</th>
                  <th>Depot</th>
                  <th>Controller version</th>
                  <th>Last updated</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {microgrids.map((m) => (
                  <tr key={m.id} data-remote-microgrid-id={m.id}>
                    <td>{m.id}</td>
                    <td>{m.name}</td>
                    <td>{m.depot_id}</td>
                    <td>{m.version}</td>
                    <td>
                      <time dateTime={m.updated_at}>{m.updated_at}</time> by {m.updated_by}
                    </td>
                    <td>
                      {localIds.has(m.id) ? (
                        <a href={microgridPath(m.id, 'sync')} data-testid={`remote-open-${m.id}`}>
                          Open its Sync tab
                        </a>
                      ) : (
                        <button
                          type="button"
                          data-testid={`remote-pull-${m.id}`}
                          onClick={() => void pull(connection.id, m.id)}
                        >
                          Pull into a local draft
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ))}
      <AddConnectionForm onSaved={() => void refresh()} />
    </section>
  );
}

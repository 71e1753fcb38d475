// The controller this microgrid syncs with: the linked connection (read-only, with its state), or
// for a microgrid not linked yet the choice among saved connections and a form to add one
// (URL, optional bearer token, the name pushes are recorded under).
import { useState, type FormEvent } from 'react';
import { useSync } from './store.ts';

function NewConnectionForm({ onDone }: { onDone: () => void }) {
  const save = useSync((s) => s.saveConnection);
  const [name, setName] = useState('');
  const [url, setUrl] = useState('http://127.0.0.1:8787');
  const [token, setToken] = useState('');
  const [actor, setActor] = useState('');
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (await save({ name, url, token: token || null, actor: actor || null })) onDone();
  }
  return (
    <form className="connection-form" data-testid="connection-form" onSubmit={(e) => void submit(e)}>
      <label className="field">
        <span>Name</span>
        <input
          name="name"
          data-testid="connection-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="North depot controller"
        />
      </label>
      <label className="field">
        <span>Controller URL</span>
        <input
          name="url"
          data-testid="connection-url"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          required
        />
      </label>
      <label className="field">
        <span>Bearer token (if the controller has one)</span>
        <input
          name="token"
          type="password"
          autoComplete="off"
          data-testid="connection-token"
          value={token}
          onChange={(e) => setToken(e.target.value)}
        />
      </label>
      <label className="field">
        <span>Your name on the controller (X-Actor; empty: this computer’s user)</span>
        <input
          name="actor"
          data-testid="connection-actor"
          value={actor}
          onChange={(e) => setActor(e.target.value)}
        />
      </label>
      <div className="actions">
        <button type="submit" className="primary" data-testid="connection-save">
          Save connection
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function ConnectionPanel() {
  const status = useSync((s) => s.status);
  const connections = useSync((s) => s.connections);
  const chosen = useSync((s) => s.chosenConnection);
  const chooseConnection = useSync((s) => s.chooseConnection);
  const unlink = useSync((s) => s.unlink);
  const [adding, setAdding] = useState(false);
  const controller = status?.controller ?? null;
  const link = status?.link ?? null;
  const state = controller ? (
    <span
      className={`connection-state state-${controller.state.toLowerCase()}`}
      data-testid="connection-state"
      data-state={controller.state}
      data-error-code={controller.code}
    >
      {controller.state === 'ONLINE'
        ? 'online'
        : controller.state === 'UNREACHABLE'
          ? 'unreachable — working offline'
          : controller.state.toLowerCase()}
      <span className="muted"> · {controller.message}</span>
    </span>
  ) : null;

  if (link) {
    return (
      <section className="connection-panel" data-testid="connection-panel" data-linked="true">
        <h2>Controller</h2>
        <p>
          <strong data-testid="connection-name-shown">
            {link.connection?.name ?? '(connection removed)'}
          </strong>{' '}
          <code data-testid="connection-url-shown">{link.connection?.url}</code> as{' '}
          <span data-testid="connection-actor-shown">{link.connection?.effective_actor}</span>
        </p>
        <p>{state}</p>
        <button type="button" className="danger" data-testid="sync-unlink" onClick={() => void unlink()}>
          Unlink (keep the local microgrid)
        </button>
      </section>
    );
  }
  return (
    <section className="connection-panel" data-testid="connection-panel" data-linked="false">
      <h2>Controller</h2>
      {connections.length > 0 ? (
        <label className="field inline">
          <span>Sync with</span>
          <select
            data-testid="connection-select"
            value={chosen ?? ''}
            onChange={(e) => chooseConnection(e.target.value)}
          >
            {connections.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} — {c.url} (as {c.effective_actor})
              </option>
            ))}
          </select>
        </label>
      ) : (
        <p className="muted" data-testid="no-connections">
          No controller connection saved yet.
        </p>
      )}
      {state && <p>{state}</p>}
      {adding ? (
        <NewConnectionForm onDone={() => setAdding(false)} />
      ) : (
        <button type="button" data-testid="connection-add" onClick={() => setAdding(true)}>
          Add a controller connection…
        </button>
      )}
    </section>
  );
}

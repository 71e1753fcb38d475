// The controller this microgrid syncs with: the linked connection with its state, or for a
// microgrid not linked yet the choice among saved connections; a form adds a connection or edits
// one (URL, optional bearer token, the name pushes are recorded under).
import { useState, type FormEvent } from 'react';
import type { ControllerConnectionView } from '../../../../preload/sync-contract.ts';
import { useSync } from './store.ts';

/** A new connection, or changes to a saved one (an empty token field keeps the saved token). */
function ConnectionForm({
  existing,
  onDone,
}: {
  existing?: ControllerConnectionView | null;
  onDone: () => void;
}) {
  const save = useSync((s) => s.saveConnection);
  const [name, setName] = useState(existing?.name ?? '');
  const [url, setUrl] = useState(existing?.url ?? 'http://127.0.0.1:8787');
  const [token, setToken] = useState('');
  const [clearToken, setClearToken] = useState(false);
  const [actor, setActor] = useState(existing?.actor ?? '');
  async function submit(e: FormEvent) {
    e.preventDefault();
    const tokenField = existing ? (clearToken ? null : token || undefined) : token || null;
    const input = {
      name,
      url,
      actor: actor || null,
      ...(existing ? { id: existing.id } : {}),
      ...(tokenField !== undefined ? { token: tokenField } : {}),
    };
    if (await save(input)) onDone();
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
        <span>
          {existing?.has_token
            ? 'Bearer token (saved; type a new one to replace it)'
            : 'Bearer token (if the controller has one)'}
        </span>
        <input
          name="token"
          type="password"
          autoComplete="off"
          data-testid="connection-token"
          value={token}
          onChange={(e) => setToken(e.target.value)}
        />
      </label>
      {existing?.has_token && (
        <label className="field checkbox">
          <input
            type="checkbox"
            data-testid="connection-clear-token"
            checked={clearToken}
            onChange={(e) => setClearToken(e.target.checked)}
          />
          <span>Forget the saved token</span>
        </label>
      )}
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
  const [form, setForm] = useState<'closed' | 'new' | 'edit'>('closed');
  const close = () => setForm('closed');
  const controller = status?.controller ?? null;
  const link = status?.link ?? null;
  const chosenView = connections.find((c) => c.id === chosen) ?? null;
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
        {form === 'edit' && link.connection ? (
          <ConnectionForm existing={link.connection} onDone={close} />
        ) : (
          <div className="actions">
            {link.connection && (
              <button type="button" data-testid="connection-edit" onClick={() => setForm('edit')}>
                Edit connection…
              </button>
            )}
            <button type="button" className="danger" data-testid="sync-unlink" onClick={() => void unlink()}>
              Unlink (keep the local microgrid)
            </button>
          </div>
        )}
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
      {form === 'closed' ? (
        <div className="actions">
          <button type="button" data-testid="connection-add" onClick={() => setForm('new')}>
            Add a controller connection…
          </button>
          {chosenView && (
            <button type="button" data-testid="connection-edit" onClick={() => setForm('edit')}>
              Edit connection…
            </button>
          )}
        </div>
      ) : (
        <ConnectionForm key={form} existing={form === 'edit' ? chosenView : null} onDone={close} />
      )}
    </section>
  );
}

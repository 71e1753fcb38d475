// Screen 1 of app.md: the local microgrids — open, create, import a microgrid document, export —
// and the microgrids of the connected site controllers (ControllerPanel).
import { useCallback, useEffect, useState } from 'react';
import type { MicrogridSummary } from '../../../../domain/ports.ts';
import type { BridgeError } from '../../../../preload/contract.ts';
import { useScreenReady, whileBusy } from '../../app/app-state.ts';
import { microgridPath } from '../../app/router.ts';
import { bridge } from '../../bridge/bridge.ts';
import { ErrorPanel } from '../../components/ErrorList.tsx';
import { ControllerPanel } from './ControllerPanel.tsx';
import { CreateMicrogridForm } from './CreateMicrogridForm.tsx';
import { downloadJson } from '../../components/download.ts';
import { ImportPanel } from './ImportPanel.tsx';
import { scheduleLayoutWarmUp } from '../topology/layout.ts';

export function SitesScreen() {
  const [microgrids, setMicrogrids] = useState<MicrogridSummary[] | null>(null);
  const [error, setError] = useState<BridgeError | null>(null);
  const [creating, setCreating] = useState(false);

  const refresh = useCallback(async () => {
    const reply = await bridge.send('listMicrogrids', {});
    if (reply.ok) {
      setMicrogrids(reply.value.microgrids);
      setError(null);
    } else setError(reply.error);
  }, []);

  useEffect(() => {
    void refresh();
    return bridge.onEvent((e) => {
      if (e.type === 'microgrids-changed') void refresh();
    });
  }, [refresh]);
  const ready = microgrids !== null || error !== null;
  useScreenReady(ready);
  // The next step is likely opening a microgrid: have the layout engine ready for it.
  useEffect(() => {
    if (ready) scheduleLayoutWarmUp();
  }, [ready]);

  async function exportOne(id: string) {
    await whileBusy(async () => {
      const reply = await bridge.send('exportMicrogrid', { microgrid_id: id });
      if (reply.ok) downloadJson(`${id}.json`, reply.value);
      else setError(reply.error);
    });
  }

  return (
    <section className="sites-screen">
      <header className="screen-header">
        <h1>Microgrids</h1>
        <p className="lede">Local microgrids on this computer. Open one to see and edit its topology.</p>
      </header>
      <div className="toolbar">
        <button
          type="button"
          className="primary"
          data-testid="create-open"
          onClick={() => setCreating(true)}
          disabled={creating}
        >
          New microgrid…
        </button>
        <ImportPanel onImported={() => void refresh()} />
      </div>
      {creating && <CreateMicrogridForm onCancel={() => setCreating(false)} />}
      {error && <ErrorPanel error={error} testId="sites-error" />}
      {microgrids && microgrids.length === 0 && (
        <p className="empty" data-testid="sites-empty">
          No local microgrids yet. Create one or import a microgrid document.
        </p>
      )}
      {microgrids && microgrids.length > 0 && (
        <table className="sites-table" data-testid="microgrid-list">
          <thead>
            <tr>
              <th>Microgrid</th>
              <th>Name</th>
              <th>Depot</th>
              <th>Version</th>
              <th>Last updated</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {microgrids.map((m) => (
              <tr key={m.id} data-microgrid-id={m.id}>
                <td>
                  <a href={microgridPath(m.id)} data-testid={`open-${m.id}`}>
                    {m.id}
                  </a>
                </td>
                <td>{m.name}</td>
                <td>{m.depot_id}</td>
                <td>{m.version}</td>
                <td>
                  <time dateTime={m.updated_at}>{m.updated_at}</time> by {m.updated_by}
                </td>
                <td>
                  <button type="button" data-testid={`export-${m.id}`} onClick={() => void exportOne(m.id)}>
                    Export
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ControllerPanel
        localIds={new Set(microgrids?.map((m) => m.id) ?? [])}
        onPulled={() => void refresh()}
      />
    </section>
  );
}

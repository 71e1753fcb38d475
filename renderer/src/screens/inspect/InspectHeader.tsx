// The head of every inspection screen: which microgrid, which version, read from where — and the
// picker between the local store and the saved controller connections.
import { useEffect, useState } from 'react';
import type { InspectedMicrogrid, SourceChoice } from '../../../../preload/inspect-contract.ts';
import { sitesPath } from '../../app/router.ts';
import { bridge } from '../../bridge/bridge.ts';
import { useConnectionId, useSource } from './source-store.ts';

export function SourcePicker({ microgridId }: { microgridId: string }) {
  const connectionId = useConnectionId(microgridId);
  const choose = useSource((s) => s.choose);
  const [choice, setChoice] = useState<SourceChoice | null>(null);
  useEffect(() => {
    let live = true;
    void bridge.send('inspectSources', { microgrid_id: microgridId }).then((r) => {
      if (live && r.ok) setChoice(r.value);
    });
    return () => {
      live = false;
    };
  }, [microgridId]);
  // With no saved connection there is nothing to choose: the local store it is.
  if (!choice || (choice.connections.length === 0 && connectionId === undefined)) return null;
  return (
    <label className="source-picker">
      <span>Read from</span>
      <select
        data-testid="source-picker"
        value={connectionId ?? ''}
        onChange={(e) => choose(microgridId, e.target.value || null)}
      >
        <option value="">Local store{choice.local ? '' : ' (not here)'}</option>
        {choice.connections.map((c) => (
          <option key={c.id} value={c.id}>
            Controller {c.name} ({c.url})
          </option>
        ))}
      </select>
    </label>
  );
}

/** `readOnlyFromController`: this screen writes nothing to a controller (said beside the source). */
export function InspectHeader({
  title,
  data,
  readOnlyFromController = false,
  children,
}: {
  title: string;
  data: InspectedMicrogrid;
  readOnlyFromController?: boolean;
  children?: React.ReactNode;
}) {
  const s = data.source;
  return (
    <header className="screen-header inspect-header">
      <div className="inspect-title">
        <h1>
          {title} · {data.microgrid.name}
        </h1>
        <SourcePicker microgridId={data.microgrid.id} />
      </div>
      <dl>
        <div>
          <dt>Microgrid</dt>
          <dd data-testid="microgrid-id">{data.microgrid.id}</dd>
        </div>
        <div>
          <dt>Version</dt>
          <dd data-testid="config-version">{data.version}</dd>
        </div>
        <div>
          <dt>Site time zone</dt>
          <dd data-testid="timezone">{data.microgrid.timezone}</dd>
        </div>
        <div>
          <dt>Source</dt>
          <dd data-testid="data-source" data-source-kind={s.kind}>
            {s.kind === 'local'
              ? 'local store'
              : `controller ${s.name} (${s.url})${readOnlyFromController ? ', read-only' : ''}`}
          </dd>
        </div>
        {children}
      </dl>
    </header>
  );
}

export function InspectNotFound({ microgridId, message }: { microgridId: string; message: string }) {
  return (
    <section className="not-found" data-testid="not-found" data-error-code="MICROGRID_NOT_FOUND">
      <h1>Microgrid not found</h1>
      <p>{message}</p>
      <p>
        Open or import it from the <a href={sitesPath()}>Microgrids</a> screen, or read it from a connected
        controller:
      </p>
      <SourcePicker microgridId={microgridId} />
    </section>
  );
}

// A new local microgrid: identity, time zone and its root node (a microgrid needs at least one).
import { useState, type FormEvent } from 'react';
import type { MicrogridDocument } from '../../../../domain/model.ts';
import type { BridgeError } from '../../../../preload/contract.ts';
import { whileBusy } from '../../app/app-state.ts';
import { microgridPath, navigate } from '../../app/router.ts';
import { bridge } from '../../bridge/bridge.ts';
import { ErrorPanel } from '../../components/ErrorList.tsx';

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
}

function kwOrUndefined(text: string): number | undefined {
  const n = Number(text);
  return text.trim() === '' || !Number.isFinite(n) ? undefined : n;
}

export function CreateMicrogridForm({ onCancel }: { onCancel(): void }) {
  const [error, setError] = useState<BridgeError | null>(null);
  const zones = timeZones();
  const localZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (name: string) => String(f.get(name) ?? '').trim();
    const rootId = text('root_node_id');
    const rating = kwOrUndefined(text('physical_rating_kw'));
    const document: MicrogridDocument = {
      microgrid: {
        id: text('id'),
        depot_id: text('depot_id'),
        name: text('name'),
        timezone: text('timezone'),
        root_node_id: rootId,
      },
      nodes: [
        {
          id: rootId,
          parent_id: null,
          name: text('root_name') || 'Grid connection',
          kind: 'GRID_CONNECTION',
          metered: true,
          ...(rating === undefined ? {} : { physical_rating_kw: rating }),
        },
      ],
      assets: [],
      limits: [],
      circuit_aliases: [],
    };
    await whileBusy(async () => {
      const reply = await bridge.send('createMicrogrid', { document });
      if (reply.ok) navigate(microgridPath(reply.value.microgrid.id));
      else setError(reply.error);
    });
  }

  return (
    <form className="create-form" data-testid="create-form" onSubmit={(e) => void submit(e)}>
      <h2>New microgrid</h2>
      <div className="grid">
        <label className="field">
          <span>Microgrid id</span>
          <input name="id" required placeholder="mg-north" autoComplete="off" />
        </label>
        <label className="field">
          <span>Depot id</span>
          <input name="depot_id" required placeholder="depot-north" autoComplete="off" />
        </label>
        <label className="field">
          <span>Name</span>
          <input name="name" required placeholder="North Depot" autoComplete="off" />
        </label>
        <label className="field">
          <span>Time zone</span>
          <select name="timezone" defaultValue={zones.includes(localZone) ? localZone : 'UTC'}>
            {zones.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Root node id (grid connection)</span>
          <input name="root_node_id" required defaultValue="grid" autoComplete="off" />
        </label>
        <label className="field">
          <span>Root node name</span>
          <input name="root_name" defaultValue="Grid connection" autoComplete="off" />
        </label>
        <label className="field">
          <span>Root physical rating (kW)</span>
          <input
            name="physical_rating_kw"
            required
            inputMode="decimal"
            placeholder="800"
            autoComplete="off"
          />
        </label>
      </div>
      {error && <ErrorPanel error={error} testId="create-errors" title="Not created:" />}
      <div className="actions">
        <button type="submit" className="primary" data-testid="create-submit">
          Create microgrid
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

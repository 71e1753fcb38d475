// Screen 6 of app.md: the latest and recent cycles — source mode, outcome, ordered reason codes,
// per-charger setpoints with their reasons, per-node limit and headroom drawn on the topology,
// fallback inputs and thresholds — and the breaches with their primary reason.
import { useEffect, useState } from 'react';
import type { CycleResult } from '../../../../domain/cycle/types.ts';
import type { TelemetrySample } from '../../../../domain/cycle/types.ts';
import type { BridgeError } from '../../../../preload/contract.ts';
import type { CyclesScreenData } from '../../../../preload/inspect-contract.ts';
import { whileBusy } from '../../app/app-state.ts';
import { bridge } from '../../bridge/bridge.ts';
import { ErrorPanel } from '../../components/ErrorList.tsx';
import { InspectHeader } from '../inspect/InspectHeader.tsx';
import { ReasonList } from '../inspect/Reasons.tsx';
import { ScreenFrame } from '../inspect/ScreenFrame.tsx';
import { siteTime } from '../inspect/site-time.ts';
import { useConnectionId } from '../inspect/source-store.ts';
import { useScreenData } from '../inspect/use-screen-data.ts';
import { CycleDetail } from './CycleDetail.tsx';
import { LocalInputs, type ParsedBatch } from './LocalInputs.tsx';
import { OverlayCanvas } from './OverlayCanvas.tsx';

function CyclesBody({
  data,
  connectionId,
  reload,
}: {
  data: CyclesScreenData;
  connectionId: string | undefined;
  reload: () => Promise<void>;
}) {
  const id = data.microgrid.id;
  const tz = data.microgrid.timezone;
  const local = data.source.kind === 'local';
  const names = new Map(data.nodes.map((n) => [n.id, n.name]));
  const [selected, setSelected] = useState<CycleResult | null>(data.latest);
  const [error, setError] = useState<BridgeError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // A reload brings a new newest cycle: show it.
  const [latestId, setLatestId] = useState(data.latest?.cycle_id ?? null);
  if ((data.latest?.cycle_id ?? null) !== latestId) {
    setLatestId(data.latest?.cycle_id ?? null);
    setSelected(data.latest);
  }

  function pick(cycleId: string) {
    void whileBusy(async () => {
      const reply = await bridge.send('cycleGet', {
        microgrid_id: id,
        cycle_id: cycleId,
        ...(connectionId ? { connection_id: connectionId } : {}),
      });
      if (reply.ok) setSelected(reply.value);
      else setError(reply.error);
    });
  }

  async function ingest(batch: ParsedBatch) {
    const reply = await bridge.send('telemetryIngest', {
      microgrid_id: id,
      samples: batch.samples as TelemetrySample[],
    });
    if (reply.ok) {
      setError(null);
      setNotice(`stored ${reply.value.accepted} sample${reply.value.accepted === 1 ? '' : 's'}`);
    } else {
      setError(reply.error);
      setNotice(null);
    }
  }

  function run(at: string | null) {
    void whileBusy(async () => {
      const reply = await bridge.send('cycleRun', { microgrid_id: id, ...(at ? { at } : {}) });
      if (!reply.ok) {
        setError(reply.error);
        setNotice(null);
        return;
      }
      setError(null);
      setNotice(`ran cycle ${reply.value.cycle_id}: ${reply.value.outcome}, ${reply.value.source_mode}`);
      await reload();
    });
  }

  return (
    <>
      <InspectHeader title="Cycles and breaches" data={data} readOnlyFromController />
      {local && <LocalInputs onIngest={ingest} onRun={run} defaultAt="" />}
      {error && <ErrorPanel error={error} testId="cycle-error" title="Refused:" />}
      {notice && (
        <p className="notice panel" data-testid="cycle-notice">
          {notice}
        </p>
      )}
      <section className="panel" data-testid="cycle-list">
        <h2>
          Recent cycles <span className="sub">newest first</span>
        </h2>
        {data.cycles.length === 0 ? (
          <p className="muted" data-testid="no-cycles">
            No cycle has run on this microgrid yet.
          </p>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th>At (site time)</th>
                <th>Trigger</th>
                <th>Scope</th>
                <th>Source mode</th>
                <th>Outcome</th>
                <th>Reason codes</th>
                <th className="num">Breaches</th>
              </tr>
            </thead>
            <tbody>
              {data.cycles.map((c) => (
                <tr
                  key={c.cycle_id}
                  className={`clickable${selected?.cycle_id === c.cycle_id ? ' selected' : ''}`}
                  data-testid="cycle-row"
                  data-cycle-id={c.cycle_id}
                  onClick={() => pick(c.cycle_id)}
                >
                  <td>
                    {siteTime(tz, c.at)} <span className="muted">{c.at}</span>
                  </td>
                  <td>{c.trigger}</td>
                  <td>{names.get(c.scope_node_id) ?? c.scope_node_id}</td>
                  <td>
                    <span className={`badge ${c.source_mode}`} data-source-mode={c.source_mode}>
                      {c.source_mode}
                    </span>
                  </td>
                  <td>
                    <span className={`badge ${c.outcome}`}>{c.outcome}</span>
                  </td>
                  <td>
                    <ReasonList reasons={c.reason_codes} empty="none" />
                  </td>
                  <td className="num">{c.breach_count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel">
        <h2>
          Limits and headroom on the topology{' '}
          <span className="sub">
            {selected ? `cycle ${selected.cycle_id} at ${selected.at}` : 'no cycle yet'}
          </span>
        </h2>
        <OverlayCanvas nodes={data.nodes} assets={data.assets} cycle={selected} />
      </section>
      {selected && <CycleDetail cycle={selected} timeZone={tz} names={names} />}
      <section className="panel" data-testid="breach-history">
        <h2>
          Breaches <span className="sub">newest first, with the cycle that saw them</span>
        </h2>
        {data.breaches.length === 0 ? (
          <p className="muted">No breach has been seen.</p>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th>At</th>
                <th>Cycle</th>
                <th>Node</th>
                <th className="num">Measured kW</th>
                <th className="num">Limit kW</th>
                <th className="num">Excess kW</th>
                <th>Primary reason</th>
              </tr>
            </thead>
            <tbody>
              {data.breaches.map((b) => (
                <tr
                  key={`${b.cycle_id}/${b.node_id}`}
                  data-testid="breach-history-row"
                  data-cycle-id={b.cycle_id}
                  data-node-id={b.node_id}
                >
                  <td>{b.at}</td>
                  <td>
                    <code>{b.cycle_id}</code>
                  </td>
                  <td>{names.get(b.node_id) ?? b.node_id}</td>
                  <td className="num">{b.measured_kw}</td>
                  <td className="num">{b.limit_kw}</td>
                  <td className="num">{b.excess_kw}</td>
                  <td data-primary-reason={b.primary_reason_code}>
                    <code>{b.primary_reason_code}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

export function CyclesScreen({ microgridId }: { microgridId: string }) {
  const connectionId = useConnectionId(microgridId);
  const { data, reload } = useScreenData(`${microgridId}\u0000${connectionId ?? ''}`, () =>
    bridge.send('cyclesRead', {
      microgrid_id: microgridId,
      ...(connectionId ? { connection_id: connectionId } : {}),
    }),
  );
  // A controller runs scheduled cycles on its own: its view refreshes every 10 s.
  useEffect(() => {
    if (!connectionId) return;
    const timer = setInterval(() => void reload(), 10_000);
    return () => clearInterval(timer);
  }, [connectionId, reload]);
  return (
    <ScreenFrame microgridId={microgridId} what="cycles" data={data}>
      {(value) => <CyclesBody data={value} connectionId={connectionId} reload={reload} />}
    </ScreenFrame>
  );
}

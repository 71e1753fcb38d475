// Scheduled cycles: every microgrid gets a cycle (trigger SCHEDULED) every cycle_interval_s — its
// own setting, else the controller's (0 turns it off). Elapsed time is measured on the monotonic
// clock; the cycle's instant comes from the clock port like every other use.
import { runStoredCycle } from '../domain/usecases/index.ts';
import type { Ports } from '../domain/index.ts';

export interface Scheduler {
  stop(): void;
}

export function startScheduler(
  ports: Ports,
  defaultIntervalS: number,
  log: (line: string) => void,
  tickMs = 250,
): Scheduler {
  const last = new Map<string, number>();
  const failing = new Map<string, string>();
  const started = performance.now();
  const tick = () => {
    const now = performance.now();
    for (const m of ports.store.listMicrogrids()) {
      const interval = ports.store.document(m.id)?.microgrid.settings?.cycle_interval_s ?? defaultIntervalS;
      if (!(interval > 0)) continue;
      const since = last.get(m.id) ?? started;
      if (now - since < interval * 1000) continue;
      last.set(m.id, now);
      try {
        const out = runStoredCycle(ports, { microgridId: m.id, trigger: 'SCHEDULED' });
        const code = out.ok ? '' : out.failure.code;
        // One line when a microgrid starts or stops failing, not one per interval.
        if (code !== (failing.get(m.id) ?? ''))
          log(code ? `scheduled cycle of ${m.id} refused: ${code}` : `scheduled cycles of ${m.id} run again`);
        failing.set(m.id, code);
      } catch (e) {
        log(`scheduled cycle of ${m.id} failed: ${(e as Error).message}`);
      }
    }
  };
  const timer = setInterval(tick, tickMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

// In-process delivery: the very use cases the controller's HTTP handlers call (domain/usecases),
// over the in-memory store, with the simulated clock and ids derived from the seed and the
// simulated time. A failure answers the status the controller's handler would answer.
import {
  HTTP_STATUS_OF_FAILURE,
  type Clock,
  type IdKind,
  type IdSource,
  type Ports,
  type Store,
} from '../../domain/index.ts';
import type { Outcome } from '../../domain/failure.ts';
import {
  acceptCapabilityEvent,
  bindCapability,
  createMicrogrid,
  ingestTelemetry,
  legacyRebalance,
  legacyWriteTou,
  receiveEnvelope,
  releaseBinding,
  runStoredCycle,
  withdrawEnvelope,
} from '../../domain/usecases/index.ts';
import { PresentStore } from './present-store.ts';
import type { Answer, Delivery } from './types.ts';

/** The client name the audit rows and `updated_by` carry for what the simulator sends. */
export const SIMULATOR_CLIENT = 'simulator';

/** The simulated clock: the instant of the tick being played. */
export class SimClock implements Clock {
  private t = 0;
  now(): number {
    return this.t;
  }
  set(t: number): void {
    this.t = t;
  }
}

function compactInstant(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace('.000Z', 'Z').replace('.', '');
}

/** `cyc-<seed hex>-<simulated instant>-<n>`: the same seed and timeline give the same ids. */
export function seededIds(seed: number, clock: Clock): IdSource {
  const short: Record<IdKind, string> = { envelope: 'env', binding: 'bind', cycle: 'cyc' };
  const seedHex = (seed >>> 0).toString(16).padStart(8, '0');
  let at = NaN;
  const counters = new Map<IdKind, number>();
  return {
    next(kind) {
      const now = clock.now();
      if (now !== at) {
        at = now;
        counters.clear();
      }
      const n = (counters.get(kind) ?? 0) + 1;
      counters.set(kind, n);
      return `${short[kind]}-${seedHex}-${compactInstant(now)}-${n}`;
    },
  };
}

function answer<T, V>(outcome: Outcome<T>, okStatus: number, value: (t: T) => V): Answer<V> {
  if (outcome.ok) return { status: okStatus, value: value(outcome.value) };
  return {
    status: HTTP_STATUS_OF_FAILURE[outcome.failure.kind],
    code: outcome.failure.code,
    message: outcome.failure.message,
  };
}

const none = () => undefined;

export class InProcessDelivery implements Delivery {
  readonly description = 'in process';
  readonly clock = new SimClock();
  readonly store: Store;
  private readonly ports: Ports;

  /** `store` defaults to the present-only store (see present-store.ts). */
  constructor(seed: number, store: Store = new PresentStore()) {
    this.store = store;
    this.ports = { store, clock: this.clock, ids: seededIds(seed, this.clock) };
  }

  private at(t: number): Ports {
    this.clock.set(t);
    return this.ports;
  }

  async createMicrogrid(...[doc, at]: Parameters<Delivery['createMicrogrid']>) {
    return answer(createMicrogrid(this.at(at), { document: doc, actor: SIMULATOR_CLIENT }), 201, (d) => ({
      version: d.version,
    }));
  }

  async telemetry(...[microgridId, samples, at]: Parameters<Delivery['telemetry']>) {
    return answer(ingestTelemetry(this.at(at), { microgridId, samples }), 200, none);
  }

  async receiveEnvelope(...[microgridId, envelope, at]: Parameters<Delivery['receiveEnvelope']>) {
    const out = receiveEnvelope(this.at(at), { microgridId, envelope });
    return answer(out, out.ok && out.value.kind === 'DUPLICATE' ? 200 : 201, (r) => ({
      id: r.envelope.id,
      kind: r.kind,
    }));
  }

  async withdrawEnvelope(...[microgridId, envelopeId, reason, at]: Parameters<Delivery['withdrawEnvelope']>) {
    return answer(withdrawEnvelope(this.at(at), { microgridId, envelopeId, reason }), 200, none);
  }

  async bind(...[microgridId, binding, at]: Parameters<Delivery['bind']>) {
    const out = bindCapability(this.at(at), { microgridId, binding });
    return answer(out, out.ok && out.value.kind === 'EXISTING' ? 200 : 201, (r) => ({ id: r.binding.id }));
  }

  async release(...[microgridId, bindingId, at]: Parameters<Delivery['release']>) {
    return answer(releaseBinding(this.at(at), { microgridId, bindingId }), 200, none);
  }

  async capabilityEvent(...[microgridId, event, at]: Parameters<Delivery['capabilityEvent']>) {
    return answer(acceptCapabilityEvent(this.at(at), { microgridId, event }), 200, none);
  }

  async runCycle(...[microgridId, trigger, scopeNodeId, at]: Parameters<Delivery['runCycle']>) {
    const input =
      scopeNodeId === undefined ? { microgridId, trigger, at } : { microgridId, trigger, scopeNodeId, at };
    return answer(runStoredCycle(this.at(at), input), 200, (c) => c);
  }

  async legacyRebalance(...[circuitId, at]: Parameters<Delivery['legacyRebalance']>) {
    const ports = this.at(at);
    const out = legacyRebalance(ports, { circuitId, client: SIMULATOR_CLIENT });
    return answer(out, 200, (r) => this.store.cycle(r.microgrid_id, r.cycle_id)!);
  }

  async legacyTouWrite(...[circuitId, body, at]: Parameters<Delivery['legacyTouWrite']>) {
    return answer(legacyWriteTou(this.at(at), { circuitId, client: SIMULATOR_CLIENT, body }), 200, none);
  }

  async close(): Promise<void> {}
}

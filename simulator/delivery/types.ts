// How the simulator reaches the service layer: in process (domain/usecases over the in-memory
// store, the simulated clock and seeded ids) or over HTTP to a running controller. Both answer in
// the API's terms (status, code), so a run reads the same whichever way it went.
import type {
  BindInput,
  CycleResult,
  EnvelopeInput,
  MicrogridDocument,
  StatusEvent,
  TelemetrySample,
} from '../../domain/index.ts';
import type { LegacyTouBody } from '../profile/schema.ts';

export interface Answer<T = undefined> {
  /** The HTTP status the controller answers (in process: the status its handler would answer). */
  status: number;
  /** The error's machine code; absent on success. */
  code?: string;
  message?: string;
  value?: T;
}

export type CycleTrigger = 'SIMULATOR' | 'CANONICAL_REQUEST';

export interface Delivery {
  /** Human words for the summary: "in process" or the controller's URL. */
  readonly description: string;
  createMicrogrid(doc: MicrogridDocument, at: number): Promise<Answer<{ version: number }>>;
  telemetry(microgridId: string, samples: TelemetrySample[], at: number): Promise<Answer>;
  receiveEnvelope(
    microgridId: string,
    envelope: EnvelopeInput,
    at: number,
  ): Promise<Answer<{ id: string; kind: 'CREATED' | 'DUPLICATE' }>>;
  withdrawEnvelope(microgridId: string, envelopeId: string, reason: string, at: number): Promise<Answer>;
  bind(microgridId: string, binding: BindInput, at: number): Promise<Answer<{ id: string }>>;
  release(microgridId: string, bindingId: string, at: number): Promise<Answer>;
  capabilityEvent(microgridId: string, event: StatusEvent, at: number): Promise<Answer>;
  runCycle(
    microgridId: string,
    trigger: CycleTrigger,
    scopeNodeId: string | undefined,
    at: number,
  ): Promise<Answer<CycleResult>>;
  /** `POST /api/circuit/{id}/rebalance_load`; the cycle it ran, when it ran one. */
  legacyRebalance(circuitId: string, at: number): Promise<Answer<CycleResult>>;
  /** `POST /api/circuit/{id}/tou_limits`. */
  legacyTouWrite(circuitId: string, body: LegacyTouBody, at: number): Promise<Answer>;
  close(): Promise<void>;
}

// The cycle's public surface: runCycle, the §8 input document's schema and checks, and the
// contract types. reference.ts (the literal, slow procedure) is for tests and benchmarks only.
export { TRIGGERS, REASON_CODES } from './types.ts';
// `Outcome` is also the domain's use-case result type (failure.ts): the cycle's is CycleOutcome here.
export type {
  Trigger,
  ReasonCode,
  ReasonEntry,
  SourceMode,
  Outcome as CycleOutcome,
  ChargerState,
  NodeSample,
  AssetSample,
  TelemetrySample,
  CycleEnvelope,
  CapabilityStatusInput,
  CycleInput,
  CycleOptions,
  SetpointResult,
  NodeResult,
  FallbackInput,
  BreachResult,
  CycleResult,
} from './types.ts';
export { runCycle, CycleInputError } from './run.ts';
export {
  parseCycleInput,
  validateCycleInput,
  readCycleInput,
  cycleInputSchema,
  CYCLE_INPUT_ERROR_CODES,
} from './document.ts';
export { rankReasons, compareReasons, REASON_RANK } from './reasons.ts';
export { defaultCycleId } from './identity.ts';

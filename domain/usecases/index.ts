// The service layer: one function per use case, each taking the ports ({store, clock, ids}) and
// plain inputs and returning an Outcome. The controller's HTTP handlers, the simulator and the
// desktop app's main services all call these same functions.
export * from './common.ts';
export * from './invalid.ts';
export * from './records.ts';
export * from './memory-store.ts';
export * from './microgrids.ts';
export * from './import.ts';
export * from './topology.ts';
export * from './limits.ts';
export * from './active-limits.ts';
export * from './envelopes.ts';
export * from './capabilities.ts';
export * from './telemetry.ts';
export * from './aliases.ts';
export * from './cycles.ts';
export * from './legacy.ts';

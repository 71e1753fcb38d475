// The domain's public surface: everything else in the product is an adapter around these.
export * from './units.ts';
export * from './ids.ts';
export * from './instant.ts';
export * from './model.ts';
export * from './issues.ts';
export * from './failure.ts';
export * from './local-time.ts';
export * from './document.ts';
export * from './validation/topology.ts';
export * from './validation/limits.ts';
export * from './validation/document.ts';
export * from './limits/tou.ts';
export * from './limits/effective.ts';
export * from './envelopes/envelopes.ts';
export * from './capabilities/bindings.ts';
export * from './aliases/aliases.ts';
export * from './ports.ts';


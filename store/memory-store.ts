// The in-memory store lives in domain/usecases/ (pure TypeScript, so the simulator — which may
// import only the domain — can run the use cases on it); it is re-exported here for everyone else.
export { MemoryStore, sequentialIds } from '../domain/usecases/memory-store.ts';

// The simulator's worker thread entry. Plain JavaScript so that Node (or Electron) can start it
// without a build: it registers tsx for this thread (loader hooks are per thread) and loads the
// TypeScript worker, which runs `runSimulation` exactly as `microgrid sim run` does.
import { register } from 'tsx/esm/api';

register();
await import('./run-worker.ts');

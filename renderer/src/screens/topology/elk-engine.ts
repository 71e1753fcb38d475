// ELK in its web worker. A chunk of its own (layout.ts imports it on first use): ELK is 1.6 MB of
// compiled Java that a screen showing a cached layout never needs to parse.
import ELK from 'elkjs/lib/elk-api.js';
// Inlined as a blob: a worker file next to the page could not be started from Electron's file://.
import ElkWorker from 'elkjs/lib/elk-worker.min.js?worker&inline';

export function startElk(): InstanceType<typeof ELK> {
  return new ELK({ workerFactory: () => new ElkWorker() });
}

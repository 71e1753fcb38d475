// Runs ELK's layered layout for a draft in a web worker (the page stays responsive while a large
// microgrid is laid out) and remembers the result per structure, so that undo, redo, a rename or
// a refused save never lay out again.
import ELK from 'elkjs/lib/elk-api.js';
// Inlined as a blob: a worker file next to the page could not be started from Electron's file://.
import ElkWorker from 'elkjs/lib/elk-worker.min.js?worker&inline';
import type { Draft } from './draft.ts';
import { layoutKey, placementsOf, planLayout, type Placement } from './layout-graph.ts';

export interface Layout {
  key: string;
  placements: ReadonlyMap<string, Placement>;
}

const elk = new ELK({ workerFactory: () => new ElkWorker() });
const CACHE_SIZE = 24;
const cache = new Map<string, Layout>();

export function cachedLayout(draft: Draft): Layout | undefined {
  return cache.get(layoutKey(draft));
}

export async function layoutDraft(draft: Draft): Promise<Layout> {
  const plan = planLayout(draft);
  const hit = cache.get(plan.key);
  if (hit) return hit;
  const laidOut = await elk.layout(plan.graph);
  const layout: Layout = { key: plan.key, placements: placementsOf(plan, laidOut) };
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(plan.key, layout);
  return layout;
}

/**
 * ELK is compiled Java: its first layouts run cold and slow. One small layout while the app is
 * idle at start-up warms it, so that opening a large microgrid later does not pay for it.
 */
export function warmUpLayout(): void {
  const children = Array.from({ length: 40 }, (_, i) => ({ id: `w${i}`, width: 240, height: 60 + (i % 5) * 24 }));
  const edges = children.slice(1).map((c, i) => ({ id: `we${i}`, sources: [`w${Math.floor(i / 4)}`], targets: [c.id] }));
  const run = () => void elk.layout({ id: 'warm-up', layoutOptions: planLayout({ nodes: [], assets: [] }).graph.layoutOptions, children, edges }).catch(() => {});
  if ('requestIdleCallback' in window) requestIdleCallback(run);
  else setTimeout(run, 0);
}

// Runs ELK's layered layout for a draft in a web worker (the page stays responsive while a large
// microgrid is laid out) and remembers the result per structure, so that undo, redo, a rename or
// a refused save never lay out again.
import ELK from 'elkjs/lib/elk-api.js';
// Inlined as a blob: a worker file next to the page could not be started from Electron's file://.
import ElkWorker from 'elkjs/lib/elk-worker.min.js?worker&inline';
import type { Draft } from './draft.ts';
import { LAYOUT_OPTIONS, layoutKey, placementsOf, planLayout, type Placement } from './layout-graph.ts';

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
 * ELK is compiled Java: its worker takes a while to start and its first layouts run cold and
 * slow. Starting it as soon as the app loads, with two layouts shaped like a depot's (a root,
 * transformers, boards carrying their feeders), lets that happen on the worker's thread while the
 * user is still on the Microgrids screen. `layout:warm` (User Timing) marks the end.
 */
export function warmUpLayout(): void {
  const children = [{ id: 'root', width: 240, height: 60 }];
  const edges: { id: string; sources: string[]; targets: string[] }[] = [];
  for (let t = 0; t < 6; t++) {
    children.push({ id: `t${t}`, width: 240, height: 60 });
    edges.push({ id: `et${t}`, sources: ['root'], targets: [`t${t}`] });
    for (let b = 0; b < 8; b++) {
      children.push({ id: `b${t}.${b}`, width: 272, height: 600 + b * 40 });
      edges.push({ id: `eb${t}.${b}`, sources: [`t${t}`], targets: [`b${t}.${b}`] });
    }
  }
  const graph = () => ({
    id: 'warm-up',
    layoutOptions: LAYOUT_OPTIONS,
    children: structuredClone(children),
    edges: structuredClone(edges),
  });
  void elk
    .layout(graph())
    .then(() => elk.layout(graph()))
    .then(() => performance.mark('layout:warm'))
    .catch(() => {});
}

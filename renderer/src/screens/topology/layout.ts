// Runs ELK's layered layout for a draft in a web worker (the page stays responsive while a large
// microgrid is laid out) and remembers the result per structure, so that undo, redo, a rename or
// a refused save never lay out again. ELK itself (its chunk and its worker) is loaded on the first
// layout or warm-up, not with the page.
import type { Draft } from './draft.ts';
import type { startElk } from './elk-engine.ts';
import { LAYOUT_OPTIONS, layoutKey, placementsOf, planLayout, type Placement } from './layout-graph.ts';

type Elk = ReturnType<typeof startElk>;

export interface Layout {
  key: string;
  placements: ReadonlyMap<string, Placement>;
}

const CACHE_SIZE = 24;
const cache = new Map<string, Layout>();
let engine: Promise<Elk> | null = null;
let warm = false;

/** The layout engine, started on first use (its chunk, then its worker). */
function elk(): Promise<Elk> {
  return (engine ??= import('./elk-engine.ts').then((m) => m.startElk()));
}

/** Starts the layout engine now (its chunk and worker load while the caller waits for its data). */
export function startLayoutEngine(): void {
  void elk();
}

export function cachedLayout(draft: Draft): Layout | undefined {
  return cache.get(layoutKey(draft));
}

export async function layoutDraft(draft: Draft): Promise<Layout> {
  const plan = planLayout(draft);
  const hit = cache.get(plan.key);
  if (hit) return hit;
  const laidOut = await (await elk()).layout(plan.graph);
  warm = true;
  const layout: Layout = { key: plan.key, placements: placementsOf(plan, laidOut) };
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(plan.key, layout);
  return layout;
}

let warming = false;

/**
 * ELK is compiled Java: its worker takes a while to start and its first layouts run cold and
 * slow. Warming it up with two layouts shaped like a depot's (a root, transformers, boards
 * carrying their feeders) lets that happen on the worker's thread before a layout is needed.
 * Called when the app is idle on a screen from which the user may open an unlaid-out microgrid
 * or change a structure (see scheduleLayoutWarmUp); `layout:warm` (User Timing) marks the end.
 */
export function warmUpLayout(): void {
  if (warming) return;
  warming = true;
  if (warm) {
    performance.mark('layout:warm');
    return;
  }
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
  void elk()
    .then(async (e) => {
      await e.layout(graph());
      await e.layout(graph());
      warm = true;
      performance.mark('layout:warm');
    })
    .catch(() => {});
}

/** Warms the layout engine up once the page has nothing else to do (the current screen is shown). */
export function scheduleLayoutWarmUp(): void {
  if (warming) return;
  if (typeof requestIdleCallback === 'function') requestIdleCallback(warmUpLayout, { timeout: 1000 });
  else setTimeout(warmUpLayout, 200);
}

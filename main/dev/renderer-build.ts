// Builds the renderer with vite when the build is missing or older than its sources, so that
// `npm start` and the end-to-end tests always serve the current page. The build goes to a
// temporary folder first and is then moved into place, so a server never sees half a build.
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isStale } from './freshness.ts';

export const RENDERER_OUT = join('out', 'renderer');
const STAMP = '.build-stamp';

function sourcesOf(root: string): string[] {
  return ['renderer', 'domain', 'preload/contract.ts', 'vite.config.ts', 'package-lock.json'].map((p) =>
    join(root, p),
  );
}

export function rendererDir(root: string): string {
  return join(root, RENDERER_OUT);
}

export function rendererIsStale(root: string): boolean {
  return isStale(join(rendererDir(root), STAMP), sourcesOf(root));
}

/** Returns the folder holding index.html, building it first if needed. */
export async function ensureRendererBuilt(
  root: string,
  log: (line: string) => void = () => {},
): Promise<string> {
  const out = rendererDir(root);
  if (!rendererIsStale(root)) return out;
  const started = Date.now();
  log('app: building the renderer (vite)…');
  const { build } = await import('vite');
  const temp = `${out}.build-${process.pid}`;
  rmSync(temp, { recursive: true, force: true });
  await build({
    configFile: join(root, 'vite.config.ts'),
    root: join(root, 'renderer'),
    build: { outDir: temp, emptyOutDir: true },
    logLevel: 'warn',
  });
  writeFileSync(join(temp, STAMP), `${new Date().toISOString()}\n`);
  rmSync(out, { recursive: true, force: true });
  try {
    renameSync(temp, out);
  } catch (e) {
    // Another process finished the same build first: theirs is as fresh as ours.
    if (!existsSync(join(out, 'index.html'))) throw e;
    rmSync(temp, { recursive: true, force: true });
  }
  log(`app: renderer built in ${Date.now() - started} ms`);
  return out;
}

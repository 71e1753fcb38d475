// Is a build output older than any of its sources? Used to rebuild the renderer and the Electron
// main process from a source checkout only when something changed.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SKIP = new Set(['node_modules', 'dist', 'out', 'test', 'coverage']);

/** The newest modification time (ms) of the files under `paths` (folders are walked). */
export function newestMtime(paths: readonly string[]): number {
  let newest = 0;
  const visit = (path: string) => {
    let st;
    try {
      st = statSync(path);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const entry of readdirSync(path)) if (!SKIP.has(entry)) visit(join(path, entry));
    } else if (st.mtimeMs > newest) newest = st.mtimeMs;
  };
  for (const p of paths) visit(p);
  return newest;
}

export function isStale(stampFile: string, sources: readonly string[]): boolean {
  let built: number;
  try {
    built = statSync(stampFile).mtimeMs;
  } catch {
    return true;
  }
  return newestMtime(sources) > built;
}

// Compiles the Electron main process and preload to CommonJS (tsconfig.electron.json) when they
// are older than their sources; electron-builder and `microgrid app` run the result.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { isStale } from './freshness.ts';

export const ELECTRON_OUT = join('out', 'electron');
/** The compiled entry, as electron-builder's `main` names it. */
export const ELECTRON_MAIN = join(ELECTRON_OUT, 'main', 'electron', 'main.js');
const STAMP = '.build-stamp';

export function compileElectron(root: string, log: (line: string) => void = () => {}): string {
  const out = join(root, ELECTRON_OUT);
  const sources = ['main', 'preload', 'domain', 'store', 'tsconfig.electron.json', 'tsconfig.json'].map((p) =>
    join(root, p),
  );
  if (isStale(join(out, STAMP), sources)) {
    log('app: compiling the Electron main process and preload (tsc -p tsconfig.electron.json)…');
    const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.electron.json')], {
      cwd: root,
      stdio: 'inherit',
    });
    mkdirSync(out, { recursive: true });
    // The root package is "type": "module"; this folder holds CommonJS.
    writeFileSync(join(out, 'package.json'), '{"type":"commonjs"}\n');
    writeFileSync(join(out, STAMP), `${new Date().toISOString()}\n`);
  }
  return join(root, ELECTRON_MAIN);
}

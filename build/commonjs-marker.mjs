// Marks a compiled folder as CommonJS: the root package is "type": "module", and Electron's main
// process and preload are compiled to CommonJS (tsconfig.electron.json).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: node build/commonjs-marker.mjs DIR\n');
  process.exit(2);
}
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'package.json'), '{"type":"commonjs"}\n');

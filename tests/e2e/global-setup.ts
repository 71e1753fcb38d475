// One renderer build for the whole run (each app process would otherwise check and maybe build).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureRendererBuilt } from '../../main/dev/renderer-build.ts';

export default async function globalSetup(): Promise<void> {
  await ensureRendererBuilt(join(dirname(fileURLToPath(import.meta.url)), '..', '..'), (line) =>
    console.log(line),
  );
}

#!/usr/bin/env node
// The CLI runs the TypeScript sources directly through tsx: `npx microgrid` works right after
// `npm ci` with no build step, and a source edit is never shadowed by a stale build.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));

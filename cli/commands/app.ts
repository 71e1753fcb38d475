// `microgrid app [--browser] [--host 127.0.0.1] [--port N] [--data DIR] [--import FILE...]`:
// the desktop app. Opens the Electron window when the Electron binary is installed; otherwise (or
// with --browser) serves the same renderer and main services on a loopback address and prints
// `listening on http://HOST:PORT`. SIGINT or SIGTERM stops it cleanly (exit 0).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileElectron } from '../../main/dev/electron-build.ts';
import { ensureRendererBuilt } from '../../main/dev/renderer-build.ts';
import { ImportFileError, startAppServices } from '../../main/services/app-services.ts';
import { defaultDataDir } from '../../main/services/paths.ts';
import { isLoopback, startBrowserServer } from '../../main/transport/http-server.ts';
import { CliError, EXIT_FAILURE, EXIT_INVALID, EXIT_OK, type Io } from '../io.ts';

export interface AppCliOptions {
  browser?: boolean;
  host?: string;
  port?: string;
  data?: string;
  import?: string[];
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The Electron binary's path, or null where it was never downloaded (electron's index throws). */
export function electronBinary(): string | null {
  try {
    const path = createRequire(join(ROOT, 'package.json'))('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

function portOf(value: string | undefined): number {
  if (value === undefined) return 0;
  if (!/^\d+$/.test(value) || Number(value) > 65535)
    throw new CliError(
      `--port must be a whole number from 0 to 65535 (got ${JSON.stringify(value)})`,
      EXIT_INVALID,
    );
  return Number(value);
}

function untilSignal(io: Io, what: string): Promise<void> {
  return new Promise((done) => {
    const stop = (signal: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      io.err(`${what}: ${signal}, stopping\n`);
      done();
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
}

async function browserMode(opts: AppCliOptions, io: Io, reason: string): Promise<number> {
  const host = opts.host ?? '127.0.0.1';
  const port = portOf(opts.port);
  if (!isLoopback(host)) {
    throw new CliError(
      `refusing to listen on ${host}: browser mode serves the local store without any login, so it binds a loopback address only (127.0.0.1, ::1 or localhost)`,
      EXIT_INVALID,
    );
  }
  const log = (line: string) => io.err(`${line}\n`);
  let services;
  try {
    services = await startAppServices({
      dataDir: opts.data ?? defaultDataDir(),
      mode: 'browser',
      imports: (opts.import ?? []).map((f) => resolve(f)),
      resourceRoot: ROOT,
      log,
    });
  } catch (e) {
    if (e instanceof ImportFileError) {
      const lines = [
        e.message,
        ...e.errors.map(
          (x) =>
            `  error ${x.code}${x.node_id ? ` (node ${x.node_id})` : ''}${x.field ? ` [${x.field}]` : ''}: ${x.message}`,
        ),
      ];
      throw new CliError(lines.join('\n'), e.code === 'FILE_UNREADABLE' ? EXIT_FAILURE : EXIT_INVALID);
    }
    throw new CliError(`the local store could not be opened: ${(e as Error).message}`, EXIT_FAILURE);
  }
  for (const i of services.imported)
    log(`app: imported ${i.file} as microgrid ${i.microgrid_id} (${i.outcome}, version ${i.version})`);
  let server;
  try {
    // After the imports: a bad --import file is reported without waiting for a build.
    const dir = await ensureRendererBuilt(ROOT, log);
    server = await startBrowserServer({ dispatch: services.dispatch, rendererDir: dir, host, port, log });
  } catch (e) {
    services.close();
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE')
      throw new CliError(
        `port ${port} on ${host} is already in use; choose another with --port (0 picks a free one)`,
        EXIT_FAILURE,
      );
    throw new CliError(`browser mode could not start: ${err.message}`, EXIT_FAILURE);
  }
  log(`app: browser mode (${reason}); local store ${services.store.file}`);
  io.out(`listening on ${server.url}\n`);
  await untilSignal(io, 'app');
  await server.close();
  services.close();
  return EXIT_OK;
}

async function electronMode(binary: string, opts: AppCliOptions, io: Io): Promise<number> {
  await ensureRendererBuilt(ROOT, (l) => io.err(`${l}\n`));
  const entry = compileElectron(ROOT, (l) => io.err(`${l}\n`));
  const args = [
    entry,
    ...(opts.data ? ['--data', resolve(opts.data)] : []),
    ...(opts.import?.length ? ['--import', ...opts.import.map((f) => resolve(f))] : []),
  ];
  const child = spawn(binary, args, { stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const code = await new Promise<number>((done) => child.on('exit', (c) => done(c ?? EXIT_FAILURE)));
  process.off('SIGINT', forward);
  process.off('SIGTERM', forward);
  return code;
}

export async function appCommand(opts: AppCliOptions, io: Io): Promise<number> {
  if (opts.browser) return browserMode(opts, io, '--browser');
  const binary = electronBinary();
  if (binary) return electronMode(binary, opts, io);
  return browserMode(opts, io, 'no Electron binary is installed; `npx install-electron` fetches it');
}

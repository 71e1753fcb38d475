// `microgrid controller [--host 127.0.0.1] [--port 8787] [--data FILE] [--cycle-interval S]
// [--token-file FILE] [--replay-clock]`: the site controller. Prints `listening on http://HOST:PORT` once it accepts
// requests; SIGINT or SIGTERM closes the server and the database, exit 0.
import {
  startController,
  DEFAULT_CYCLE_INTERVAL_S,
  DEFAULT_HOST,
  DEFAULT_PORT,
} from '../../controller/server.ts';
import { CliError, EXIT_FAILURE, EXIT_INVALID, EXIT_OK, readText, type Io } from '../io.ts';

export interface ControllerCliOptions {
  host?: string;
  port?: string;
  data?: string;
  cycleInterval?: string;
  tokenFile?: string;
  replayClock?: boolean;
}

function wholeNumber(value: string | undefined, fallback: number, name: string, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) > max)
    throw new CliError(
      `${name} must be a whole number from 0 to ${max} (got ${JSON.stringify(value)})`,
      EXIT_INVALID,
    );
  return Number(value);
}

async function tokenOf(opts: ControllerCliOptions, env: NodeJS.ProcessEnv): Promise<string | null> {
  if (opts.tokenFile !== undefined) {
    const token = (await readText(opts.tokenFile)).trim();
    if (!token) throw new CliError(`the token file ${opts.tokenFile} is empty`, EXIT_INVALID);
    return token;
  }
  const fromEnv = env.MICROGRID_API_TOKEN?.trim();
  return fromEnv ? fromEnv : null;
}

/** Resolves when the controller has stopped after SIGINT/SIGTERM. */
export async function controllerCommand(
  opts: ControllerCliOptions,
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const port = wholeNumber(opts.port, DEFAULT_PORT, '--port', 65535);
  const cycleIntervalS = wholeNumber(
    opts.cycleInterval,
    DEFAULT_CYCLE_INTERVAL_S,
    '--cycle-interval',
    86_400 * 365,
  );
  const token = await tokenOf(opts, env);
  let running;
  try {
    running = await startController({
      host: opts.host ?? DEFAULT_HOST,
      port,
      dataFile: opts.data ?? './controller.sqlite',
      cycleIntervalS,
      token,
      replayClock: opts.replayClock === true,
      log: (line) => io.err(`${line}\n`),
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE')
      throw new CliError(
        `port ${port} on ${opts.host ?? DEFAULT_HOST} is already in use; choose another with --port (0 picks a free one)`,
        EXIT_FAILURE,
      );
    if (err.message?.startsWith('refusing to listen')) throw new CliError(err.message, EXIT_INVALID);
    throw new CliError(`the controller could not start: ${err.message}`, EXIT_FAILURE);
  }
  io.out(`listening on ${running.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      io.err(`controller: ${signal}, stopping\n`);
      resolve();
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
  await running.close();
  return EXIT_OK;
}

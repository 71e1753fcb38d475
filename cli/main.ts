// The one `microgrid` command line (cli.md). Each command is a small module; this file only wires
// them to commander and turns every failure into an exit status and a line on stderr.
import { Command, CommanderError } from 'commander';
import { CliError, EXIT_FAILURE, EXIT_INVALID, processIo, type Io } from './io.ts';
import { validateCommand } from './commands/validate.ts';
import { cycleCommand } from './commands/cycle.ts';
import { benchCommand } from './commands/bench.ts';
import { appCommand, type AppCliOptions } from './commands/app.ts';
import { controllerCommand, type ControllerCliOptions } from './commands/controller.ts';
import { simDiffCommand, simRunCommand, simValidateCommand, type SimRunOptions } from './commands/sim.ts';

export function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('microgrid')
    .description('Microgrid Studio: configure, check and diagnose EV-fleet depot microgrids')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();

  program
    .command('validate')
    .description('validate a microgrid document: {valid, errors, warnings}; exit 2 when invalid')
    .argument('<FILE>', 'microgrid document (JSON)')
    .option('--json', 'print one JSON document on stdout')
    .action(async (file: string, opts: { json?: boolean }) => setExit(await validateCommand(file, opts, io)));

  program
    .command('cycle')
    .description(
      'run one cycle offline on a cycle input document (cycle.md §8) and print the result; exit 2 when invalid',
    )
    .argument('<FILE>', 'cycle input document (JSON)')
    .option('--json', 'print the cycle result as one JSON document on stdout')
    .action(async (file: string, opts: { json?: boolean }) => setExit(await cycleCommand(file, opts, io)));

  program
    .command('bench')
    .description('run the benchmarks of performance.md; one JSON line each on stdout')
    .argument('[NAME...]', 'benchmark names (all when none)')
    .action(async (names: string[]) => setExit(await benchCommand(names, io)));

  program
    .command('controller')
    .description('start the site controller (HTTP API); prints "listening on http://HOST:PORT" once ready')
    .option('--host <HOST>', 'address to listen on (loopback unless a token is set)', '127.0.0.1')
    .option('--port <PORT>', 'port; 0 picks a free one', '8787')
    .option('--data <FILE>', 'SQLite file (created when missing)', './controller.sqlite')
    .option('--cycle-interval <S>', 'seconds between scheduled cycles; 0 turns them off', '30')
    .option(
      '--token-file <FILE>',
      'file holding the bearer token every request must send (or MICROGRID_API_TOKEN)',
    )
    .option('--replay-clock', "follow each request's ?at= instead of the wall clock (for `sim run --target`)")
    .action(async (opts: ControllerCliOptions) => setExit(await controllerCommand(opts, io)));

  const sim = program
    .command('sim')
    .description('the depot simulator (simulator.md): run a profile, validate one, compare two runs');
  sim
    .command('run')
    .description(
      'run a profile and write cycles.jsonl, timeseries.csv, sessions.csv, summary.json, manifest.json; exit 2 when the profile is invalid',
    )
    .argument('<PROFILE>', 'simulator profile (JSON or YAML)')
    .option('--seed <N>', "override the profile's seed")
    .option('--out <DIR>', 'artifact folder (default sim-out/<profile>-seed-<N>)')
    .option('--target <URL>', 'deliver to a running controller over HTTP instead of in process')
    .option('--json', 'print summary.json on stdout')
    .action(async (file: string, opts: SimRunOptions) => setExit(await simRunCommand(file, opts, io)));
  sim
    .command('validate')
    .description('validate a profile: {valid, errors, warnings}; exit 2 when invalid')
    .argument('<PROFILE>', 'simulator profile (JSON or YAML)')
    .option('--json', 'print one JSON document on stdout')
    .action(async (file: string, opts: { json?: boolean }) =>
      setExit(await simValidateCommand(file, opts, io)),
    );
  sim
    .command('diff')
    .description(
      'compare two artifact folders: exit 0 when identical, else 1 with the first cycle that differs and how',
    )
    .argument('<DIR_A>')
    .argument('<DIR_B>')
    .option('--json', 'print one JSON document on stdout')
    .action(async (a: string, b: string, opts: { json?: boolean }) =>
      setExit(await simDiffCommand(a, b, opts, io)),
    );

  program
    .command('app')
    .description(
      'the desktop app; browser mode (prints "listening on http://HOST:PORT") with --browser or where no Electron binary is installed',
    )
    .option('--browser', 'serve the app on a loopback address instead of opening the Electron window')
    .option('--host <HOST>', 'browser mode: loopback address to listen on', '127.0.0.1')
    .option('--port <N>', 'browser mode: port; 0 picks a free one', '0')
    .option('--data <DIR>', 'user-data folder holding the local store (created when missing)')
    .option(
      '--import <FILE...>',
      'microgrid documents to load at start, each replacing a local microgrid of the same id',
    )
    .action(async (opts: AppCliOptions) => setExit(await appCommand(opts, io)));

  return program;
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => (exitCode = code));
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT_INVALID;
    }
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here with exit code 0; a usage mistake is invalid input.
      return e.exitCode === 0 ? 0 : EXIT_INVALID;
    }
    if (e instanceof CliError) {
      io.err(`microgrid: ${e.message}\n`);
      return e.exitCode;
    }
    io.err(`microgrid: unexpected failure: ${(e as Error).message}\n`);
    return EXIT_FAILURE;
  }
}

// The one `microgrid` command line (cli.md). Each command is a small module; this file only wires
// them to commander and turns every failure into an exit status and a line on stderr.
import { Command, CommanderError } from 'commander';
import { CliError, EXIT_FAILURE, EXIT_INVALID, processIo, type Io } from './io.ts';
import { validateCommand } from './commands/validate.ts';
import { benchCommand } from './commands/bench.ts';

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
    .command('bench')
    .description('run the benchmarks of performance.md; one JSON line each on stdout')
    .argument('[NAME...]', 'benchmark names (all when none)')
    .action(async (names: string[]) => setExit(await benchCommand(names, io)));

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

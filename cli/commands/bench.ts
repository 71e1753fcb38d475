// `microgrid bench [NAME...]`: one JSON line per benchmark on stdout, readable text on stderr.
import { BENCHES } from '../../bench/registry.ts';
import { CliError, EXIT_INVALID, EXIT_OK, type Io } from '../io.ts';

export async function benchCommand(names: string[], io: Io): Promise<number> {
  const chosen = names.length ? names : Object.keys(BENCHES);
  const unknown = chosen.filter((n) => !(n in BENCHES));
  if (unknown.length)
    throw new CliError(
      `unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`,
      EXIT_INVALID,
    );
  for (const name of chosen) {
    io.err(`bench ${name}: running…\n`);
    const result = await BENCHES[name]!();
    io.out(`${JSON.stringify(result)}\n`);
    io.err(`bench ${name}: n=${result.n} median ${result.median_ms} ms, p95 ${result.p95_ms} ms\n`);
  }
  return EXIT_OK;
}

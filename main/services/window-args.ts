// The desktop window's command line: `--data DIR` (the user-data folder) and `--import FILE...`,
// passed on by `microgrid app` or given to the packaged app directly.
import { parseArgs } from 'node:util';

export interface WindowArgs {
  dataDir?: string;
  imports: string[];
}

export function parseWindowArgs(argv: readonly string[]): WindowArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: { data: { type: 'string' }, import: { type: 'string', multiple: true } },
    strict: false,
    allowPositionals: true,
  });
  // `--import a.json b.json`: files after --import are positionals to parseArgs.
  const imports = [
    ...((values.import as string[] | undefined) ?? []),
    ...positionals.filter((p) => p.endsWith('.json')),
  ];
  return { dataDir: typeof values.data === 'string' ? values.data : undefined, imports };
}

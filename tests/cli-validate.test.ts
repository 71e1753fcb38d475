// `microgrid validate` on every example: the documented result and exit status, the same bytes on
// every run and for a copy with its arrays shuffled.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAll, type ExpectedError, type ExpectedResult } from '../fixtures/build-examples.ts';
import { runCli } from './support/run-cli.ts';
import { shuffleDocument } from './support/shuffle.ts';

const examples = join(import.meta.dirname, '..', 'examples');
const documents = [
  ...readdirSync(examples).filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json')),
  ...readdirSync(join(examples, 'invalid'))
    .filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json'))
    .map((f) => `invalid/${f}`),
];

function project(list: Record<string, unknown>[]): ExpectedError[] {
  return list.map((e) => {
    const out: Record<string, unknown> = { code: e.code };
    for (const k of ['node_id', 'asset_id', 'policy_id', 'circuit_id', 'field'] as const)
      if (e[k] !== undefined) out[k] = e[k];
    return out as unknown as ExpectedError;
  });
}

describe('microgrid validate on the examples', () => {
  it('covers every validation code with an invalid example', () => {
    const codes = new Set(
      documents
        .filter((d) => d.startsWith('invalid/'))
        .flatMap((d) =>
          (
            JSON.parse(
              readFileSync(join(examples, d.replace('.json', '.expected.json')), 'utf8'),
            ) as ExpectedResult
          ).errors.map((e) => e.code),
        ),
    );
    expect([...codes].sort()).toEqual(
      [
        'DOCUMENT_INVALID',
        'TOPOLOGY_EMPTY',
        'TOPOLOGY_DUPLICATE_ID',
        'TOPOLOGY_ROOT_INVALID',
        'TOPOLOGY_ORPHAN_NODE',
        'TOPOLOGY_CYCLE',
        'ASSET_NODE_MISSING',
        'RATING_INVALID',
        'NODE_REFERENCED',
        'LIMIT_TARGET_MISSING',
        'LIMIT_DUPLICATE_POLICY',
        'LIMIT_VALUE_INVALID',
        'LIMIT_EXCEEDS_PHYSICAL_RATING',
        'SCHEDULE_WINDOW_INVALID',
        'SCHEDULE_WINDOW_OVERLAP',
      ].sort(),
    );
  });

  it.each(documents)(
    '%s gives its documented result, byte-identical on every run and when shuffled',
    async (name) => {
      const file = join(examples, name);
      const expected = JSON.parse(
        readFileSync(file.replace('.json', '.expected.json'), 'utf8'),
      ) as ExpectedResult;
      const first = await runCli(['validate', file, '--json']);
      expect(first.code).toBe(expected.exit_code);
      const report = JSON.parse(first.stdout) as {
        valid: boolean;
        errors: Record<string, unknown>[];
        warnings: Record<string, unknown>[];
      };
      expect(report.valid).toBe(expected.valid);
      expect(project(report.errors)).toEqual(expected.errors);
      expect(project(report.warnings)).toEqual(expected.warnings);
      for (const e of [...report.errors, ...report.warnings]) expect(typeof e.message).toBe('string');

      const again = await runCli(['validate', file, '--json']);
      expect(again.stdout).toBe(first.stdout);

      const dir = mkdtempSync(join(tmpdir(), 'mg-validate-'));
      for (const seed of [1, 2]) {
        const copy = join(dir, `shuffled-${seed}.json`);
        writeFileSync(copy, JSON.stringify(shuffleDocument(JSON.parse(readFileSync(file, 'utf8')), seed)));
        const shuffledRun = await runCli(['validate', copy, '--json']);
        expect(shuffledRun.code).toBe(first.code);
        expect(shuffledRun.stdout).toBe(first.stdout);
      }
    },
  );

  it('prints a readable report without --json, errors named with their node and field', async () => {
    const run = await runCli(['validate', join(examples, 'invalid', 'limit-exceeds-physical-rating.json')]);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^INVALID — microgrid mg-limit-exceeds-physical-rating/);
    expect(run.stdout).toContain(
      'error LIMIT_EXCEEDS_PHYSICAL_RATING (node grid, policy lim-grid, field schedule[0].cap_kw)',
    );
  });

  it('reports a file that is not JSON as invalid input (exit 2) and a missing file as a failure (exit 1)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mg-validate-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"microgrid": ');
    const notJson = await runCli(['validate', bad, '--json']);
    expect(notJson.code).toBe(2);
    expect(JSON.parse(notJson.stdout).errors[0].code).toBe('DOCUMENT_INVALID');
    const missing = await runCli(['validate', join(dir, 'nope.json')]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain('no such file');
  });

  it('a usage mistake is invalid input', async () => {
    expect((await runCli(['validate'])).code).toBe(2);
  });

  it('the committed examples are exactly what fixtures/build-examples.ts generates', () => {
    const out = mkdtempSync(join(tmpdir(), 'mg-examples-'));
    buildAll(out);
    const generated = readdirSync(join(out, 'invalid'))
      .map((f) => `invalid/${f}`)
      .concat(readdirSync(out).filter((f) => f.endsWith('.json')));
    for (const file of generated) {
      expect(readFileSync(join(out, file), 'utf8'), file).toBe(readFileSync(join(examples, file), 'utf8'));
    }
  });
});

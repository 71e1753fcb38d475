// Text and ready-made bytes (the cycle lines) go through the same buffers: whatever the mix and
// sizes, a file holds exactly what was written, in order, and its digest is of those bytes —
// through the writer on this thread (the app) and the writer thread of a folder (the CLI).
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openOutput } from '../artifacts/output.ts';
import { DirectorySink, MemorySink, type ArtifactSink } from '../artifacts/sink.ts';

const made: string[] = [];
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Pieces crossing every buffer boundary: small, ~1 MiB and > 4 MiB, text and bytes, non-ASCII. */
function pieces(): (string | Uint8Array)[] {
  const out: (string | Uint8Array)[] = [];
  const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) % 251);
  for (let i = 0; i < 40; i++) out.push(`line ${i} é中😀\n`, bytes(70_000 + i * 1_001, i));
  out.push(bytes((1 << 20) + 3, 7), 'between', bytes((4 << 20) + 5, 9), bytes(1, 1), 'end\n');
  // Text that might not fit a buffer (3 bytes a code unit at most), and text that does not.
  out.push(`${'x'.repeat(1_500_000)}é`, 'after', `${'中'.repeat(1_500_000)}\n`);
  return out;
}

async function writeAll(sink: ArtifactSink): Promise<string> {
  const out = openOutput(sink);
  for (const p of pieces())
    if (typeof p === 'string') out.write('cycles.jsonl', p);
    else out.writeBytes('cycles.jsonl', p);
  const digest = await out.close('cycles.jsonl');
  await out.finish();
  return digest;
}

const expected = Buffer.concat(pieces().map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));

describe('artifact output', () => {
  it('keeps text and bytes in order, with the digest of exactly those bytes, in memory', async () => {
    const sink = new MemorySink();
    const digest = await writeAll(sink);
    expect(sink.bytes('cycles.jsonl').equals(expected)).toBe(true);
    expect(digest).toBe(createHash('sha256').update(expected).digest('hex'));
  });

  it('writes the same bytes and digest to a folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'output-'));
    made.push(dir);
    const digest = await writeAll(new DirectorySink(join(dir, 'run')));
    expect(readFileSync(join(dir, 'run', 'cycles.jsonl')).equals(expected)).toBe(true);
    expect(digest).toBe(createHash('sha256').update(expected).digest('hex'));
  });
});

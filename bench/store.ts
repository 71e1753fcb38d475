// `store`: the desktop local store (the shared SQLite store over sql.js, saved by atomic replace)
// saving and reopening a 10,000-node project (performance.md; target ≤ 200 ms each).
//   save   = one committed topology change of the open project, as the Save button does it: the putTopology use case
//            (validation, a new version) and the atomic write of the file, fsync included;
//   reopen = a new process's path to the same project: read and open the file, migrations
//            check, then readTopology of the project.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { putTopology, readTopology } from '../domain/usecases/index.ts';
import { createMicrogrid } from '../domain/usecases/index.ts';
import { generateMicrogrid } from '../fixtures/generate-microgrid.ts';
import { openLocalStore, STORE_FILE_NAME } from '../main/services/local-store.ts';
import type { BenchResult } from './registry.ts';
import { peakRssMb, percentile, round3 } from './stats.ts';

const RUNS = 15;
const clock = { now: () => Date.parse('2026-03-02T07:30:00Z') };

function summary(times: number[]): { median: number; p95: number } {
  const sorted = [...times].sort((a, b) => a - b);
  return { median: round3(percentile(sorted, 50)), p95: round3(percentile(sorted, 95)) };
}

export async function benchStore(): Promise<BenchResult> {
  const doc = generateMicrogrid({
    seed: 10,
    id: 'mg-store-bench',
    fanout: [10, 10, 100],
    maxNodes: 10_000,
    chargersPerLeaf: 1,
    nodePolicies: true,
    aggregatePolicies: true,
  });
  const root = mkdtempSync(join(tmpdir(), 'bench-store-'));
  try {
    // The project as a user has it: version 1 on disk.
    const seedDir = join(root, 'seed');
    const seed = await openLocalStore({ dataDir: seedDir, clock });
    const created = await seed.commit((p) => createMicrogrid(p, { document: doc, actor: 'bench' }));
    if (!created.ok)
      throw new Error(`the generated project is invalid: ${created.failure.code}; refusing to time it`);
    seed.close();

    const saves: number[] = [];
    const reopens: number[] = [];
    const useCases: number[] = [];
    const files: number[] = [];
    let fileBytes = 0;
    for (let run = -2; run < RUNS; run++) {
      const dir = join(root, `run${run}`);
      mkdirSync(dir);
      copyFileSync(join(seedDir, STORE_FILE_NAME), join(dir, STORE_FILE_NAME));
      const store = await openLocalStore({ dataDir: dir, clock });
      // A save is of an open project: the Topology screen has read it already.
      const opened = readTopology(store.ports, { microgridId: doc.microgrid.id });
      if (!opened.ok) throw new Error(`the project did not open: ${opened.failure.code}`);
      const nodes = doc.nodes.map((n, i) => (i === 5000 ? { ...n, name: `renamed in run ${run}` } : n));
      let useCaseMs = 0;
      let t = performance.now();
      const saved = await store.commit((p) => {
        const u = performance.now();
        const out = putTopology(p, {
          microgridId: doc.microgrid.id,
          baseVersion: 1,
          actor: 'bench',
          nodes,
          assets: doc.assets,
        });
        useCaseMs = performance.now() - u;
        return out;
      });
      const saveMs = performance.now() - t;
      if (!saved.ok || saved.value.version !== 2)
        throw new Error(`the save was refused: ${saved.ok ? saved.value.version : saved.failure.code}`);
      store.close();

      t = performance.now();
      const reopened = await openLocalStore({ dataDir: dir, clock });
      const view = readTopology(reopened.ports, { microgridId: doc.microgrid.id });
      const reopenMs = performance.now() - t;
      if (
        !view.ok ||
        view.value.version !== 2 ||
        view.value.nodes.length !== doc.nodes.length ||
        view.value.nodes[5000]!.name !== `renamed in run ${run}`
      ) {
        throw new Error('the reopened project is not what was saved; refusing to report a figure');
      }
      reopened.close();
      fileBytes = statSync(join(dir, STORE_FILE_NAME)).size;
      rmSync(dir, { recursive: true, force: true });
      // The first two runs warm the JIT and the file cache.
      if (run >= 0) {
        saves.push(saveMs);
        useCases.push(useCaseMs);
        files.push(saveMs - useCaseMs);
        reopens.push(reopenMs);
      }
    }
    const save = summary(saves);
    const reopen = summary(reopens);
    const useCase = summary(useCases);
    const file = summary(files);
    return {
      bench: 'store',
      n: doc.nodes.length,
      median_ms: save.median,
      p95_ms: save.p95,
      runs: RUNS,
      assets: doc.assets.length,
      policies: doc.limits.length,
      save_median_ms: save.median,
      save_p95_ms: save.p95,
      save_use_case_median_ms: useCase.median,
      save_file_median_ms: file.median,
      save_file_p95_ms: file.p95,
      reopen_median_ms: reopen.median,
      reopen_p95_ms: reopen.p95,
      file_bytes: fileBytes,
      target_ms: 200,
      peak_rss_mb: peakRssMb(),
      note: 'median_ms/p95_ms are the whole save: the putTopology use case (validation, new version) + writing the file (export, atomic replace, fsync); reopen = open the file + readTopology',
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

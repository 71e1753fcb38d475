// `validate`: topology + limit validation of 100,000 nodes (performance.md; target ≤ 150 ms).
import { parseMicrogridDocument, validateDocumentModel } from '../domain/index.ts';
import { generateMicrogrid } from '../fixtures/generate-microgrid.ts';
import { peakRssMb, round3, timeRuns } from './stats.ts';
import type { BenchResult } from './registry.ts';

export async function benchValidate(): Promise<BenchResult> {
  const doc = generateMicrogrid({
    seed: 7,
    fanout: [10, 10, 10, 100],
    maxNodes: 100_000,
    chargersPerLeaf: 0,
    nodePolicies: true,
    aggregatePolicies: true,
  });
  const check = validateDocumentModel(doc);
  if (!check.valid)
    throw new Error(
      `the generated 100k-node document is invalid: ${check.errors[0]?.code}; refusing to time it`,
    );
  const rules = timeRuns(() => validateDocumentModel(doc), 15);
  const withSchema = timeRuns(
    () => validateDocumentModel((parseMicrogridDocument(doc) as { value: typeof doc }).value),
    7,
    1,
  );
  return {
    bench: 'validate',
    n: doc.nodes.length,
    median_ms: rules.median_ms,
    p95_ms: rules.p95_ms,
    runs: rules.runs,
    policies: doc.limits.length,
    with_schema_parse_median_ms: withSchema.median_ms,
    target_ms: 150,
    peak_rss_mb: peakRssMb(),
    note: `rules only; schema parse + rules ${round3(withSchema.median_ms)} ms`,
  };
}

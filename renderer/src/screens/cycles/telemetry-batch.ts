// What the Cycles screen accepts as a telemetry batch: `{samples: [...]}`, a bare list of samples,
// or a cycle input document (cycle.md §8), whose samples are taken and whose `at` is offered.
export interface ParsedBatch {
  samples: unknown[];
  /** The `at` of a cycle input document, offered as the instant to run at. */
  at?: string;
}

export function parseBatch(text: string): { ok: true; value: ParsedBatch } | { ok: false; message: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `not valid JSON: ${(e as Error).message}` };
  }
  if (Array.isArray(doc)) return { ok: true, value: { samples: doc } };
  if (doc && typeof doc === 'object') {
    const d = doc as { samples?: unknown; telemetry?: { samples?: unknown }; at?: unknown };
    if (Array.isArray(d.samples)) return { ok: true, value: { samples: d.samples } };
    if (d.telemetry && Array.isArray(d.telemetry.samples))
      return {
        ok: true,
        value: { samples: d.telemetry.samples, ...(typeof d.at === 'string' ? { at: d.at } : {}) },
      };
  }
  return {
    ok: false,
    message: 'expected {"samples": [...]} or a cycle input document with telemetry.samples',
  };
}

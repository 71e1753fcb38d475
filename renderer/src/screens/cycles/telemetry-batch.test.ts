// The batches the Cycles screen accepts.
import { describe, expect, it } from 'vitest';
import { parseBatch } from './telemetry-batch.ts';

describe('telemetry batch', () => {
  const sample = { node_id: 'grid', at: '2026-03-02T05:00:00Z', demand_kw: 1 };
  it('takes {samples}, a bare list, or a cycle input document with its instant', () => {
    expect(parseBatch(JSON.stringify({ samples: [sample] }))).toEqual({
      ok: true,
      value: { samples: [sample] },
    });
    expect(parseBatch(JSON.stringify([sample]))).toEqual({ ok: true, value: { samples: [sample] } });
    expect(
      parseBatch(
        JSON.stringify({ microgrid: {}, at: '2026-03-02T05:00:00Z', telemetry: { samples: [sample] } }),
      ),
    ).toEqual({ ok: true, value: { samples: [sample], at: '2026-03-02T05:00:00Z' } });
  });
  it('says why anything else is refused', () => {
    expect(parseBatch('{')).toMatchObject({ ok: false, message: expect.stringContaining('not valid JSON') });
    expect(parseBatch('{"rows": []}')).toMatchObject({
      ok: false,
      message: expect.stringContaining('expected {"samples"'),
    });
  });
});

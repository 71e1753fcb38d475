import { describe, expect, it } from 'vitest';
import { microgridPath, parseRoute } from '../src/app/router.ts';

describe('hash routes', () => {
  it('reads the routes of app.md', () => {
    expect(parseRoute('')).toEqual({ kind: 'sites' });
    expect(parseRoute('#/sites')).toEqual({ kind: 'sites' });
    expect(parseRoute('#/microgrids/mg-north/topology')).toEqual({
      kind: 'microgrid',
      microgridId: 'mg-north',
      screen: 'topology',
    });
    expect(parseRoute('#/microgrids/mg-north/limits')).toEqual({
      kind: 'microgrid',
      microgridId: 'mg-north',
      screen: 'limits',
    });
    expect(parseRoute('#/microgrids/mg-north')).toEqual({
      kind: 'microgrid',
      microgridId: 'mg-north',
      screen: 'topology',
    });
    expect(parseRoute('#/elsewhere')).toEqual({ kind: 'unknown', hash: '#/elsewhere' });
  });

  it('round-trips ids with reserved characters', () => {
    const id = 'mg:a.b_c-d';
    expect(parseRoute(microgridPath(id, 'sync'))).toEqual({
      kind: 'microgrid',
      microgridId: id,
      screen: 'sync',
    });
    expect(parseRoute('#/microgrids/%E0%A4%A/topology').kind).toBe('unknown');
  });
});

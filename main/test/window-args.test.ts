// The desktop window's own command line and default data folder (the parts of main/electron that
// run without Electron).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWindowArgs } from '../services/window-args.ts';
import { defaultDataDir } from '../services/paths.ts';

describe('desktop window arguments', () => {
  it('reads --data and every file after --import', () => {
    expect(parseWindowArgs(['--data', '/d', '--import', 'a.json', 'b.json'])).toEqual({
      dataDir: '/d',
      imports: ['a.json', 'b.json'],
    });
    expect(parseWindowArgs([])).toEqual({ dataDir: undefined, imports: [] });
    // Chromium's own switches pass through untouched.
    expect(parseWindowArgs(['--enable-logging', '--import=x.json'])).toEqual({
      dataDir: undefined,
      imports: ['x.json'],
    });
  });

  it('keeps data where Electron would, per platform', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux')).toBe(join('/cfg', 'Microgrid Studio'));
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toBe(
      join('C:\\Users\\a\\AppData\\Roaming', 'Microgrid Studio'),
    );
    expect(defaultDataDir({}, 'darwin')).toMatch(/Library[/\\]Application Support[/\\]Microgrid Studio$/);
  });
});

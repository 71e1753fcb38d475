// Where the app keeps its data when no --data folder is given: the platform's user-data folder,
// the same one Electron's app.getPath('userData') names for "Microgrid Studio".
import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_NAME = 'Microgrid Studio';

export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_NAME);
}

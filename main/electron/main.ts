// The Electron main process: one window over the renderer build, the application menu, and the
// IPC transport to the main services. The only module besides preload/ that imports `electron`;
// everything it serves is a plain module that also runs under Node in browser mode.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  type IpcMainInvokeEvent,
  type MenuItemConstructorOptions,
} from 'electron';
import { IPC_EVENT, IPC_SEND, type BridgeEvent } from '../../preload/contract.ts';
import { ImportFileError, startAppServices, type AppServices } from '../services/app-services.ts';
import { defaultDataDir } from '../services/paths.ts';
import { parseWindowArgs } from '../services/window-args.ts';

// Compiled layout (tsconfig.electron.json): out/electron/main/electron/main.js,
// out/electron/preload/index.js, and the renderer build in out/renderer/.
const PRELOAD = join(__dirname, '..', '..', 'preload', 'index.js');
const RENDERER_DIR = join(__dirname, '..', '..', '..', 'renderer');
// The checkout this build was compiled from (out/electron/main/electron → the project): the
// simulator worker runs its TypeScript sources through tsx. A packaged app has no sources.
const RESOURCE_ROOT = join(__dirname, '..', '..', '..', '..');
const RENDERER_INDEX = join(RENDERER_DIR, 'index.html');
// With the trailing slash: a sibling folder such as out/renderer-x is not ours.
const RENDERER_URL_PREFIX = `${pathToFileURL(RENDERER_DIR).href}/`;

let services: AppServices | null = null;
let window: BrowserWindow | null = null;

function push(event: BridgeEvent): void {
  window?.webContents.send(IPC_EVENT, event);
}

/** Only our own page may call the services, never a frame that navigated elsewhere. */
function trusted(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url ?? '';
  return url.startsWith(RENDERER_URL_PREFIX);
}

async function importFromDialog(): Promise<void> {
  if (!services || !window) return;
  const picked = await dialog.showOpenDialog(window, {
    title: 'Import a microgrid document',
    filters: [{ name: 'Microgrid document', extensions: ['json'] }],
    properties: ['openFile'],
  });
  const file = picked.filePaths[0];
  if (picked.canceled || !file) return;
  let document: unknown;
  try {
    document = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    await dialog.showMessageBox(window, {
      type: 'error',
      message: 'Cannot import this file',
      detail: `${file}: ${(e as Error).message}`,
    });
    return;
  }
  let reply = await services.dispatch('importMicrogrid', { document, replace: false });
  if (!reply.ok && reply.error.code === 'MICROGRID_EXISTS') {
    const choice = await dialog.showMessageBox(window, {
      type: 'question',
      buttons: ['Replace', 'Cancel'],
      defaultId: 1,
      message: reply.error.message,
    });
    if (choice.response !== 0) return;
    reply = await services.dispatch('importMicrogrid', { document, replace: true });
  }
  if (!reply.ok) {
    await dialog.showMessageBox(window, {
      type: 'error',
      message: `Import refused: ${reply.error.code}`,
      detail: reply.error.message,
    });
    return;
  }
  const id = (reply.value as { microgrid_id: string }).microgrid_id;
  push({ type: 'microgrids-changed' });
  push({ type: 'open', route: `#/microgrids/${encodeURIComponent(id)}/topology` });
}

function buildMenu(): Menu {
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        {
          label: 'Microgrids',
          accelerator: 'CmdOrCtrl+1',
          click: () => push({ type: 'open', route: '#/sites' }),
        },
        {
          label: 'Import Microgrid Document…',
          accelerator: 'CmdOrCtrl+O',
          click: () => void importFromDialog(),
        },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    // Text fields keep the standard editing roles; topology undo/redo is the page's own (Ctrl+Z).
    { label: 'Edit', submenu: [{ role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    title: 'Microgrid Studio',
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  // The page never leaves the app: no navigation away, no new windows.
  win.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith(RENDERER_URL_PREFIX)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  void win.loadFile(RENDERER_INDEX, { hash: '/sites' });
  return win;
}

async function start(): Promise<void> {
  const args = parseWindowArgs(process.argv.slice(app.isPackaged ? 1 : 2));
  // The same folder browser mode uses by default, whether packaged or run from a checkout.
  app.setPath('userData', args.dataDir ?? defaultDataDir());
  await app.whenReady();
  try {
    services = await startAppServices({
      dataDir: app.getPath('userData'),
      mode: 'electron',
      imports: args.imports,
      resourceRoot: RESOURCE_ROOT,
      log: (line) => process.stderr.write(`${line}\n`),
    });
  } catch (e) {
    const detail =
      e instanceof ImportFileError
        ? [e.message, ...e.errors.map((x) => `${x.code}: ${x.message}`)].join('\n')
        : (e as Error).message;
    dialog.showErrorBox('Microgrid Studio cannot start', detail);
    app.exit(e instanceof ImportFileError ? 2 : 1);
    return;
  }
  ipcMain.handle(IPC_SEND, async (event, command: unknown, input: unknown) => {
    if (!trusted(event))
      return {
        ok: false,
        error: { code: 'SENDER_NOT_ALLOWED', message: 'only the app page may call its services' },
      };
    return services!.dispatch(String(command), input);
  });
  Menu.setApplicationMenu(buildMenu());
  window = createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) window = createWindow();
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
app.on('will-quit', () => services?.close());

void start();

// What both the Electron window and browser mode start: the local store in the user-data folder,
// the documents named by --import, and the dispatch the transports call.
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import type { Clock, ValidationIssue } from '../../domain/index.ts';
import type { AppInfo, ImportResult } from '../../preload/contract.ts';
import { createDispatch, type Dispatch } from './dispatch.ts';
import { createHandlers, type Handlers } from './handlers.ts';
import { openLocalStore, type LocalStore } from './local-store.ts';

export interface AppServicesOptions {
  dataDir: string;
  mode: AppInfo['mode'];
  /** Microgrid documents loaded at start, each replacing a local microgrid of the same id. */
  imports?: readonly string[];
  actor?: string;
  clock?: Clock;
  /** The project folder, for the simulator worker and the example profiles (see handlers.ts). */
  resourceRoot?: string;
  locateFile?: (name: string) => string;
  log?: (line: string) => void;
}

export interface AppServices {
  store: LocalStore;
  handlers: Handlers;
  dispatch: Dispatch;
  imported: (ImportResult & { file: string })[];
  close(): void;
}

/** A start-up import that failed: the file and every error, for the command line to print. */
export class ImportFileError extends Error {
  constructor(
    readonly file: string,
    readonly code: string,
    message: string,
    readonly errors: readonly ValidationIssue[] = [],
  ) {
    super(message);
  }
}

export function defaultActor(): string {
  try {
    return userInfo().username || 'desktop';
  } catch {
    return 'desktop';
  }
}

async function readDocumentFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ImportFileError(
      file,
      'FILE_UNREADABLE',
      `cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ImportFileError(file, 'DOCUMENT_INVALID', `${file} is not valid JSON: ${(e as Error).message}`);
  }
}

export async function startAppServices(options: AppServicesOptions): Promise<AppServices> {
  const store = await openLocalStore({
    dataDir: options.dataDir,
    clock: options.clock,
    locateFile: options.locateFile,
  });
  try {
    const handlers = createHandlers({
      store,
      actor: options.actor ?? defaultActor(),
      mode: options.mode,
      resourceRoot: options.resourceRoot,
    });
    const imported: AppServices['imported'] = [];
    for (const file of options.imports ?? []) {
      const result = await handlers.importMicrogrid({
        document: await readDocumentFile(file),
        replace: true,
      });
      if (!result.ok) {
        const errors = (result.failure.details?.errors as ValidationIssue[] | undefined) ?? [];
        throw new ImportFileError(
          file,
          result.failure.code,
          `cannot import ${file}: ${result.failure.message}`,
          errors,
        );
      }
      imported.push({ ...result.value, file });
    }
    return {
      store,
      handlers,
      dispatch: createDispatch(handlers, { log: options.log }),
      imported,
      close: () => store.close(),
    };
  } catch (e) {
    store.close();
    throw e;
  }
}

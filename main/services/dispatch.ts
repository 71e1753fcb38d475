// The one entry both transports call: name and raw input in, a Reply out. It never throws and
// never lets a stack trace cross the bridge: an unexpected failure becomes INTERNAL_ERROR with a
// sentence, and its details go to the local log only.
import type { Failure } from '../../domain/index.ts';
import type { BridgeError, CommandName, Reply } from '../../preload/contract.ts';
import type { Handlers } from './handlers.ts';
import { unknownCommand } from './handlers.ts';
import { checkInput, isCommandName } from './inputs.ts';
import { StoreSaveError } from './local-store.ts';

export type Dispatch = (command: string, input: unknown) => Promise<Reply<unknown>>;

export function toBridgeError(f: Failure): BridgeError {
  return { ...(f.details ?? {}), code: f.code, message: f.message };
}

export interface DispatchOptions {
  log?: (line: string) => void;
}

export function createDispatch(handlers: Handlers, options: DispatchOptions = {}): Dispatch {
  const log = options.log ?? (() => {});
  return async (command, raw) => {
    if (!isCommandName(command)) return { ok: false, error: toBridgeError(unknownCommand(command)) };
    const input = checkInput(command, raw);
    if (!input.ok) {
      const first = input.errors[0];
      return {
        ok: false,
        error: {
          code: 'REQUEST_INVALID',
          message: `${command}: ${first ? first.message : 'the input is invalid'}`,
          errors: input.errors,
        },
      };
    }
    try {
      const outcome = await (handlers[command] as (i: unknown) => ReturnType<Handlers[CommandName]>)(
        input.value,
      );
      return outcome.ok
        ? { ok: true, value: outcome.value }
        : { ok: false, error: toBridgeError(outcome.failure) };
    } catch (e) {
      if (e instanceof StoreSaveError) return { ok: false, error: { code: e.code, message: e.message } };
      log(`command ${command} failed: ${(e as Error).stack ?? String(e)}`);
      return {
        ok: false,
        error: {
          code: 'INTERNAL_ERROR',
          message: `the app could not complete ${command}: ${(e as Error).message}`,
        },
      };
    }
  };
}

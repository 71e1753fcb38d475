// Calling the app's typed command map in a test: `send` expects an accepted command and returns
// its value, `refusal` expects a refused one and returns its error (code, message, details).
import type { AppServices } from '../../main/services/app-services.ts';

export type Reply =
  | { ok: true; value: unknown }
  | { ok: false; error: { code: string; message: string; [k: string]: unknown } };

export async function send<T = Record<string, unknown>>(
  app: AppServices,
  command: string,
  input: unknown,
): Promise<T> {
  const r = (await app.dispatch(command, input)) as Reply;
  if (!r.ok) throw new Error(`${command}: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

export async function refusal(
  app: AppServices,
  command: string,
  input: unknown,
): Promise<{ code: string; message: string; [k: string]: unknown }> {
  const r = (await app.dispatch(command, input)) as Reply;
  if (r.ok) throw new Error(`${command} was accepted: ${JSON.stringify(r.value)}`);
  return r.error;
}

// Browser mode's transport: the built renderer and POST /rpc/<command> on a loopback address, over
// the same dispatch as Electron's IPC. The body is the command's input; the answer is always the
// Reply envelope ({ok, value} or {ok, error}), so the page's bridge behaves exactly like IPC.
// Nothing here authenticates a user, so it binds loopback only and refuses requests that name
// another host (DNS rebinding) or come from another origin (a web page posting to localhost).
import { isIP } from 'node:net';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Dispatch } from '../services/dispatch.ts';

export interface BrowserServerOptions {
  dispatch: Dispatch;
  /** The built renderer (index.html and its assets). */
  rendererDir: string;
  host: string;
  port: number;
  log?: (line: string) => void;
}

export interface BrowserServer {
  url: string;
  close(): Promise<void>;
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', '::1', 'localhost']);

export function isLoopback(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || (isIP(host) === 4 && host.startsWith('127.'));
}

/** `http://HOST:PORT` as a browser writes it (IPv6 in brackets). */
export function urlOf(host: string, port: number): string {
  return `http://${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;

export function buildBrowserServer(
  options: Omit<BrowserServerOptions, 'host' | 'port'>,
  allowedHosts: () => ReadonlySet<string>,
): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: MAX_BODY_BYTES, forceCloseConnections: true });

  // JSON only: a cross-site form or text/plain POST (which skips the browser's CORS preflight)
  // never reaches a command.
  app.removeContentTypeParser('text/plain');

  app.addHook('onRequest', async (request, reply) => {
    const host = request.headers.host ?? '';
    if (!allowedHosts().has(host)) {
      return reply.code(403).send({
        ok: false,
        error: {
          code: 'HOST_NOT_ALLOWED',
          message: `this app answers only on ${[...allowedHosts()].join(', ')}`,
        },
      });
    }
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== `http://${host}`) {
      return reply.code(403).send({
        ok: false,
        error: { code: 'ORIGIN_NOT_ALLOWED', message: 'requests from other origins are refused' },
      });
    }
  });

  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, _request, reply) => {
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) options.log?.(`http: ${error.message}`);
    const code =
      status === 413
        ? 'REQUEST_TOO_LARGE'
        : status === 415
          ? 'UNSUPPORTED_MEDIA_TYPE'
          : status < 500
            ? 'REQUEST_INVALID'
            : 'INTERNAL_ERROR';
    void reply.code(status).send({
      ok: false,
      error: { code, message: status < 500 ? error.message : 'the app failed to answer this request' },
    });
  });

  app.post<{ Params: { command: string } }>('/rpc/:command', async (request) =>
    options.dispatch(request.params.command, request.body ?? {}),
  );

  void app.register(fastifyStatic, {
    root: options.rendererDir,
    index: ['index.html'],
    cacheControl: false,
    // The hashed assets never change; index.html must be re-read after a rebuild.
    setHeaders: (res, path) =>
      res.setHeader(
        'cache-control',
        path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
      ),
  });
  return app;
}

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  if (!isLoopback(options.host)) {
    throw new Error(
      `refusing to listen on ${options.host}: browser mode serves the local store without any login, so it binds a loopback address only (127.0.0.1, ::1 or localhost)`,
    );
  }
  let hosts: ReadonlySet<string> = new Set();
  const app = buildBrowserServer(options, () => hosts);
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = urlOf(options.host, port);
  hosts = new Set([new URL(url).host, `localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]);
  return { url, close: () => app.close() };
}

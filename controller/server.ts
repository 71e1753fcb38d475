// The site controller: fastify over the use cases, a SQLite file underneath, scheduled cycles, an
// OpenAPI 3.1 document generated from the route schemas. `startController` is what the CLI, the
// simulator's --target tests and the desktop sync tests start.
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyRequest } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Clock, Ports } from '../domain/index.ts';
import { auditLegacyRejection, LEGACY_ENDPOINTS } from '../domain/usecases/index.ts';
import { openFileStore, type OpenedStore } from '../store/index.ts';
import { installAuth } from './auth.ts';
import { actorOf } from './http.ts';
import { installProblemHandlers, problem, ProblemError, type Problem } from './problem.ts';
import { capabilityRoutes } from './routes/capabilities.ts';
import type { App } from './routes/common.ts';
import { configRoutes } from './routes/config.ts';
import { cycleRoutes } from './routes/cycles.ts';
import { envelopeRoutes } from './routes/envelopes.ts';
import { legacyRoutes } from './routes/legacy.ts';
import { metaRoutes } from './routes/meta.ts';
import { telemetryRoutes } from './routes/telemetry.ts';
import { startScheduler, type Scheduler } from './scheduler.ts';
import { ReplayClock } from './replay-clock.ts';
import { WriteQueue } from './write-queue.ts';

export const BODY_LIMIT = 5 * 1024 * 1024;
export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_CYCLE_INTERVAL_S = 30;

export const systemClock: Clock = { now: () => Date.now() };

export function isLoopback(host: string): boolean {
  return (
    host === 'localhost' ||
    host === '::1' ||
    host === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}

const LEGACY_BY_ROUTE: Record<string, string> = {
  'GET /api/circuit/:circuit_id': LEGACY_ENDPOINTS.read,
  'POST /api/circuit/:circuit_id/rebalance_load': LEGACY_ENDPOINTS.rebalance,
  'GET /api/circuit/:circuit_id/tou_limits': LEGACY_ENDPOINTS.touRead,
  'POST /api/circuit/:circuit_id/tou_limits': LEGACY_ENDPOINTS.touWrite,
};

/** A legacy call refused before its handler (bad body, too large, ...) is still one audit row. */
function auditRejectedLegacyCall(ports: Ports, request: FastifyRequest, p: Problem): void {
  const endpoint = LEGACY_BY_ROUTE[`${request.method} ${request.routeOptions.url ?? ''}`];
  const circuitId = (request.params as { circuit_id?: unknown } | undefined)?.circuit_id;
  if (!endpoint || typeof circuitId !== 'string' || p.status >= 500) return;
  let client = 'anonymous';
  try {
    client = actorOf(request);
  } catch {
    /* an unusable X-Actor header: recorded as anonymous */
  }
  auditLegacyRejection(ports, { endpoint, circuitId, client, code: p.code });
}

export interface BuildOptions {
  ports: Ports;
  token?: string | null;
  log?: (line: string) => void;
  /** Replay mode: `ports.clock` is this clock, and it follows each request's `?at=`. */
  replayClock?: ReplayClock;
}

/** The HTTP application over a set of ports (no listening, no scheduler). */
export async function buildApp(options: BuildOptions): Promise<App> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const app = Fastify({
    bodyLimit: BODY_LIMIT,
    logger: false,
    routerOptions: { maxParamLength: 500 },
    return503OnClosing: true,
    forceCloseConnections: true,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  // Responses are documented by their schemas but not re-validated on the way out (speed).
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  // JSON bodies; an empty body is "no body" (legacy clients POST rebalance_load without one).
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: BODY_LIMIT },
    (_request, body, done) => {
      const text = body as string;
      if (text.trim() === '') return done(null, undefined);
      try {
        done(null, JSON.parse(text));
      } catch (e) {
        done(
          new ProblemError(
            problem(400, 'REQUEST_INVALID', `the body is not valid JSON: ${(e as Error).message}`, {
              errors: [{ in: 'body', path: '', message: (e as Error).message }],
            }),
          ),
          undefined,
        );
      }
    },
  );
  installProblemHandlers(app, log, (request, p) => auditRejectedLegacyCall(options.ports, request, p));
  installAuth(app, options.token ?? null);
  // Who is asking is checked on every request, not only where it is recorded.
  app.addHook('onRequest', async (request) => void actorOf(request));

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Microgrid Studio site controller',
        version: '1.0.0',
        description:
          'The canonical /api/v1 surface, the legacy /api/circuit surface, and liveness. Every error is application/problem+json (RFC 9457).',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: options.token ? [{ bearer: [] }] : [],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  const queue = new WriteQueue(options.ports.store);
  const replay = options.replayClock;
  if (replay)
    app.addHook('onRequest', (request, _reply, done) =>
      replay.enter((request.query as { at?: unknown } | undefined)?.at, done),
    );
  const context = {
    ports: options.ports,
    write: <T>(fn: () => T) => queue.run(replay ? replay.bind(fn) : fn),
  };
  metaRoutes(app);
  configRoutes(app, context);
  envelopeRoutes(app, context);
  capabilityRoutes(app, context);
  telemetryRoutes(app, context);
  cycleRoutes(app, context);
  legacyRoutes(app, context);
  await app.ready();
  return app;
}

export interface ControllerOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The SQLite file; created and migrated when missing. */
  dataFile: string;
  /** Default interval of scheduled cycles, seconds; 0 turns them off. */
  cycleIntervalS?: number;
  token?: string | null;
  clock?: Clock;
  /** Follow each request's `?at=` instead of the wall clock (simulator replays); see replay-clock.ts. */
  replayClock?: boolean;
  log?: (line: string) => void;
}

export interface RunningController {
  url: string;
  host: string;
  port: number;
  ports: Ports;
  close(): Promise<void>;
}

export async function startController(options: ControllerOptions): Promise<RunningController> {
  const host = options.host ?? DEFAULT_HOST;
  const token = options.token ?? null;
  if (!isLoopback(host) && token === null) {
    throw new Error(
      `refusing to listen on ${host} without a token: pass --token-file FILE or set MICROGRID_API_TOKEN, or listen on 127.0.0.1`,
    );
  }
  const opened: OpenedStore = openFileStore(options.dataFile);
  const replayClock = options.replayClock
    ? new ReplayClock(options.clock ? () => options.clock!.now() : Date.now)
    : undefined;
  const ports: Ports = {
    store: opened.store,
    clock: replayClock ?? options.clock ?? systemClock,
    ids: opened.ids,
  };
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  let app: App;
  let scheduler: Scheduler | null = null;
  try {
    app = await buildApp({ ports, token, log, replayClock });
    await app.listen({ host, port: options.port ?? DEFAULT_PORT });
  } catch (e) {
    opened.close();
    throw e;
  }
  const interval = options.cycleIntervalS ?? DEFAULT_CYCLE_INTERVAL_S;
  scheduler = startScheduler(ports, interval, log);
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? DEFAULT_PORT);
  const shownHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${shownHost}:${port}`,
    host,
    port,
    ports,
    close() {
      closing ??= (async () => {
        scheduler?.stop();
        await app.close();
        opened.close();
      })();
      return closing;
    },
  };
}

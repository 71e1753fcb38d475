// The desktop app's HTTP client of a site controller (axios): every canonical read the app shows
// and the versioned writes a push makes. Reusable by any main service that reads a microgrid
// "from a connected controller" (Sync, Limits, Envelopes, Capabilities, Cycles screens).
//
//   const client = createControllerClient({ url: 'http://127.0.0.1:8787', token, actor: 'ana' });
//   const doc = await client.document('mg-north');          // Outcome<StoredDocument>
//   if (!doc.ok) doc.failure.code;                          // CONTROLLER_UNREACHABLE, MICROGRID_NOT_FOUND, ...
//   await client.putTopology('mg-north', 3, { nodes, assets });   // If-Match: "3", X-Actor: ana
//
// Every method answers an Outcome and never throws: a controller problem (RFC 9457) becomes a
// failure with the controller's `code`, its `detail` as the message and its other members (and
// `status`) as details; no answer at all is CONTROLLER_UNREACHABLE; an answer that is not what the
// API promises is CONTROLLER_BAD_RESPONSE. Responses are checked with small zod schemas before use.
import axios, { AxiosError, type AxiosInstance, type AxiosResponse } from 'axios';
import type { z } from 'zod';
import type {
  CircuitAlias,
  CycleResult,
  Failure,
  FailureKind,
  LimitPolicy,
  MicrogridDocument,
  Outcome,
  StoredDocument,
} from '../../../domain/index.ts';
import type { Asset, MicrogridIdentity, MicrogridNode } from '../../../domain/model.ts';
import type {
  AliasesView,
  ActiveLimitsView,
  LimitsView,
  StatusView,
  TopologyView,
} from '../../../domain/usecases/index.ts';
import * as S from './remote-schemas.ts';

export interface ControllerEndpoint {
  /** Base URL of the controller, e.g. `http://127.0.0.1:8787`. */
  url: string;
  /** Bearer token, when the controller was started with one. */
  token?: string | null;
  /** Sent as X-Actor on every request: who the controller records as `updated_by`. */
  actor?: string;
  /** Per request; default 5 s. */
  timeoutMs?: number;
}

export interface EnvelopeQuery {
  status?: 'PENDING' | 'ACTIVE' | 'EXPIRED' | 'WITHDRAWN' | 'SUPERSEDED';
  target_node_id?: string;
  at?: string;
}

export interface ControllerClient {
  readonly url: string;
  /** GET /healthz (needs no token). */
  health(): Promise<Outcome<{ status: string }>>;
  listMicrogrids(): Promise<Outcome<S.MicrogridList>>;
  /** The whole document of the current version, or of `version` (GET .../document?version=N). */
  document(microgridId: string, version?: number): Promise<Outcome<StoredDocument>>;
  topology(microgridId: string, version?: number): Promise<Outcome<TopologyView>>;
  revisions(microgridId: string): Promise<Outcome<S.RevisionList>>;
  limits(microgridId: string): Promise<Outcome<LimitsView>>;
  activeLimits(microgridId: string, at?: string): Promise<Outcome<ActiveLimitsView>>;
  aliases(microgridId: string): Promise<Outcome<AliasesView>>;
  envelopes(microgridId: string, query?: EnvelopeQuery): Promise<Outcome<S.EnvelopeList>>;
  envelope(microgridId: string, envelopeId: string): Promise<Outcome<S.Envelope>>;
  capabilityBindings(microgridId: string): Promise<Outcome<S.BindingList>>;
  capabilityStatus(microgridId: string, options?: { history?: boolean }): Promise<Outcome<S.StatusList>>;
  cycles(microgridId: string, options?: { limit?: number }): Promise<Outcome<S.CycleList>>;
  cycle(microgridId: string, cycleId: string): Promise<Outcome<CycleResult>>;
  breaches(microgridId: string, options?: { since?: string; limit?: number }): Promise<Outcome<S.BreachList>>;
  status(microgridId: string): Promise<Outcome<StatusView>>;
  /** POST .../cycles: run one cycle now (trigger CANONICAL_REQUEST). */
  runCycle(
    microgridId: string,
    body?: { scope_node_id?: string; at?: string },
  ): Promise<Outcome<CycleResult>>;
  createMicrogrid(document: MicrogridDocument): Promise<Outcome<StoredDocument>>;
  putTopology(
    microgridId: string,
    baseVersion: number,
    body: { nodes: MicrogridNode[]; assets: Asset[]; microgrid?: Partial<MicrogridIdentity> },
  ): Promise<Outcome<TopologyView>>;
  putLimits(microgridId: string, baseVersion: number, policies: LimitPolicy[]): Promise<Outcome<LimitsView>>;
  putAliases(
    microgridId: string,
    baseVersion: number,
    aliases: CircuitAlias[],
  ): Promise<Outcome<AliasesView>>;
}

export const DEFAULT_TIMEOUT_MS = 5_000;
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** `http://h:1/`, `http://h:1/api/v1` → `http://h:1`: the form connections are saved in. */
export function normalizeControllerUrl(url: string): string {
  return url
    .trim()
    .replace(/\/+$/, '')
    .replace(/\/api\/v1$/, '')
    .replace(/\/+$/, '');
}

function kindOf(status: number): FailureKind {
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 428) return 'PRECONDITION_REQUIRED';
  return 'INVALID';
}

function failure(
  kind: FailureKind,
  code: string,
  message: string,
  details?: Record<string, unknown>,
): { ok: false; failure: Failure } {
  return { ok: false, failure: details ? { kind, code, message, details } : { kind, code, message } };
}

function unreachable(url: string, e: unknown): { ok: false; failure: Failure } {
  const cause = e instanceof AxiosError ? (e.code ?? e.message) : (e as Error).message;
  const why = cause === 'ECONNABORTED' || cause === 'ETIMEDOUT' ? 'no answer in time' : cause;
  return failure(
    'INVALID',
    'CONTROLLER_UNREACHABLE',
    `cannot reach the controller at ${url} (${why}); your local draft is kept — try again when it is back`,
    { url, cause },
  );
}

/** A non-2xx answer: the problem body's code and detail, or a sentence naming the status. */
function problemFailure(url: string, response: AxiosResponse): { ok: false; failure: Failure } {
  const body = response.data as unknown;
  const problem = S.problemSchema.safeParse(body);
  if (problem.success) {
    const { type: _t, title: _ti, detail, code, status: _s, ...rest } = problem.data;
    return failure(kindOf(response.status), code, detail ?? `the controller refused the request (${code})`, {
      ...rest,
      status: response.status,
    });
  }
  return failure(
    'INVALID',
    'CONTROLLER_BAD_RESPONSE',
    `the controller at ${url} answered HTTP ${response.status} without a problem body`,
    { url, status: response.status },
  );
}

export function createControllerClient(endpoint: ControllerEndpoint): ControllerClient {
  const url = normalizeControllerUrl(endpoint.url);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (endpoint.token) headers.authorization = `Bearer ${endpoint.token}`;
  if (endpoint.actor) headers['x-actor'] = endpoint.actor;
  const http: AxiosInstance = axios.create({
    baseURL: url,
    timeout: endpoint.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    headers,
    // A controller on the depot LAN is reached directly, never through an environment proxy.
    proxy: false,
    maxRedirects: 0,
    maxContentLength: MAX_RESPONSE_BYTES,
    validateStatus: () => true,
  });

  async function call<T>(
    schema: z.ZodType,
    method: 'get' | 'post' | 'put',
    path: string,
    options: { params?: object; data?: unknown; version?: number } = {},
  ): Promise<Outcome<T>> {
    let response: AxiosResponse;
    try {
      response = await http.request({
        method,
        url: path,
        params: options.params,
        data: options.data,
        headers:
          options.version !== undefined
            ? { 'if-match': `"${options.version}"`, 'content-type': 'application/json' }
            : options.data !== undefined
              ? { 'content-type': 'application/json' }
              : undefined,
      });
    } catch (e) {
      return unreachable(url, e);
    }
    if (response.status < 200 || response.status >= 300) return problemFailure(url, response);
    const parsed = schema.safeParse(response.data);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      return failure(
        'INVALID',
        'CONTROLLER_BAD_RESPONSE',
        `the controller at ${url} answered ${method.toUpperCase()} ${path} with an unexpected body${first ? ` (${first.path.join('.') || 'body'}: ${first.message})` : ''}`,
        { url, status: response.status },
      );
    }
    return { ok: true, value: parsed.data as T };
  }

  const mg = (id: string) => `/api/v1/microgrids/${encodeURIComponent(id)}`;
  const versionParam = (version?: number) => (version === undefined ? undefined : { version });

  return {
    url,
    health: () => call(S.healthSchema, 'get', '/healthz'),
    listMicrogrids: () => call(S.microgridListSchema, 'get', '/api/v1/microgrids'),
    document: (id, version) =>
      call(S.storedDocumentSchema, 'get', `${mg(id)}/document`, { params: versionParam(version) }),
    topology: (id, version) =>
      call(S.topologySchema, 'get', `${mg(id)}/topology`, { params: versionParam(version) }),
    revisions: (id) => call(S.revisionListSchema, 'get', `${mg(id)}/revisions`),
    limits: (id) => call(S.limitsSchema, 'get', `${mg(id)}/limits`),
    activeLimits: (id, at) =>
      call(S.activeLimitsSchema, 'get', `${mg(id)}/limits/active`, { params: at ? { at } : undefined }),
    aliases: (id) => call(S.aliasesSchema, 'get', `${mg(id)}/circuit-aliases`),
    envelopes: (id, query) => call(S.envelopeListSchema, 'get', `${mg(id)}/envelopes`, { params: query }),
    envelope: (id, eid) => call(S.envelopeSchema, 'get', `${mg(id)}/envelopes/${encodeURIComponent(eid)}`),
    capabilityBindings: (id) => call(S.bindingListSchema, 'get', `${mg(id)}/capability-bindings`),
    capabilityStatus: (id, options) =>
      call(S.statusListSchema, 'get', `${mg(id)}/capability-status`, {
        params: options?.history ? { history: '1' } : undefined,
      }),
    cycles: (id, options) =>
      call(S.cycleListSchema, 'get', `${mg(id)}/cycles`, {
        params: options?.limit ? { limit: options.limit } : undefined,
      }),
    cycle: (id, cid) => call(S.cycleResultSchema, 'get', `${mg(id)}/cycles/${encodeURIComponent(cid)}`),
    breaches: (id, options) => call(S.breachListSchema, 'get', `${mg(id)}/breaches`, { params: options }),
    status: (id) => call(S.statusSchema, 'get', `${mg(id)}/status`),
    runCycle: (id, body) => call(S.cycleResultSchema, 'post', `${mg(id)}/cycles`, { data: body ?? {} }),
    createMicrogrid: (document) =>
      call(S.storedDocumentSchema, 'post', '/api/v1/microgrids', { data: document }),
    putTopology: (id, version, body) =>
      call(S.topologySchema, 'put', `${mg(id)}/topology`, { data: body, version }),
    putLimits: (id, version, policies) =>
      call(S.limitsSchema, 'put', `${mg(id)}/limits`, { data: { policies }, version }),
    putAliases: (id, version, aliases) =>
      call(S.aliasesSchema, 'put', `${mg(id)}/circuit-aliases`, {
        data: { circuit_aliases: aliases },
        version,
      }),
  };
}

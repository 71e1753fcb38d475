// Delivery over HTTP to a running controller (`--target URL`), through the routes of api.md: a
// legacy request really is `POST /api/circuit/{id}/rebalance_load`. Every write carries the
// simulated instant as `?at=` (the replay hook of api.md) so that the controller plays the
// simulated timeline, not its wall clock.
import type { CycleResult, StatusEvent, TelemetrySample } from '../../domain/index.ts';
import { formatInstant } from '../../domain/index.ts';
import { SIMULATOR_CLIENT } from './in-process.ts';
import type { Answer, Delivery } from './types.ts';

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

export class HttpDelivery implements Delivery {
  readonly description: string;
  private readonly base: string;

  constructor(
    target: string,
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly token: string | undefined = process.env.MICROGRID_API_TOKEN,
  ) {
    this.base = target.replace(/\/+$/, '');
    this.description = this.base;
  }

  private async send(method: 'GET' | 'POST', path: string, at: number, body?: unknown): Promise<Reply> {
    const url = `${this.base}${path}${path.includes('?') ? '&' : '?'}at=${encodeURIComponent(formatInstant(at))}`;
    const headers: Record<string, string> = { 'x-actor': SIMULATOR_CLIENT, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let res: Response;
    try {
      res = await this.fetchImpl(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new Error(
        `cannot reach the controller at ${this.base}: ${(e as Error).cause ? String((e as Error & { cause: Error }).cause.message) : (e as Error).message}`,
      );
    }
    const text = await res.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      parsed = { detail: text.slice(0, 200) };
    }
    return { status: res.status, body: parsed };
  }

  private answer<T>(r: Reply, value: (b: Record<string, unknown>) => T): Answer<T> {
    if (r.status < 300) return { status: r.status, value: value(r.body) };
    return {
      status: r.status,
      code: typeof r.body.code === 'string' ? r.body.code : 'HTTP_ERROR',
      message: typeof r.body.detail === 'string' ? r.body.detail : `HTTP ${r.status}`,
    };
  }

  private mg(id: string): string {
    return `/api/v1/microgrids/${encodeURIComponent(id)}`;
  }

  async createMicrogrid(...[doc, at]: Parameters<Delivery['createMicrogrid']>) {
    return this.answer(await this.send('POST', '/api/v1/microgrids', at, doc), (b) => ({
      version: Number(b.version ?? 1),
    }));
  }

  async telemetry(microgridId: string, samples: TelemetrySample[], at: number) {
    return this.answer(
      await this.send('POST', `${this.mg(microgridId)}/telemetry`, at, { samples }),
      () => undefined,
    );
  }

  async receiveEnvelope(...[microgridId, envelope, at]: Parameters<Delivery['receiveEnvelope']>) {
    const r = await this.send('POST', `${this.mg(microgridId)}/envelopes`, at, envelope);
    return this.answer(r, (b) => ({
      id: String(b.id),
      kind: r.status === 201 ? ('CREATED' as const) : ('DUPLICATE' as const),
    }));
  }

  async withdrawEnvelope(...[microgridId, envelopeId, reason, at]: Parameters<Delivery['withdrawEnvelope']>) {
    return this.answer(
      await this.send(
        'POST',
        `${this.mg(microgridId)}/envelopes/${encodeURIComponent(envelopeId)}/withdraw`,
        at,
        { reason },
      ),
      () => undefined,
    );
  }

  async bind(...[microgridId, binding, at]: Parameters<Delivery['bind']>) {
    return this.answer(
      await this.send('POST', `${this.mg(microgridId)}/capability-bindings`, at, binding),
      (b) => ({ id: String(b.id) }),
    );
  }

  async release(...[microgridId, bindingId, at]: Parameters<Delivery['release']>) {
    return this.answer(
      await this.send(
        'POST',
        `${this.mg(microgridId)}/capability-bindings/${encodeURIComponent(bindingId)}/release`,
        at,
        {},
      ),
      () => undefined,
    );
  }

  async capabilityEvent(microgridId: string, event: StatusEvent, at: number) {
    return this.answer(
      await this.send('POST', `${this.mg(microgridId)}/capability-events`, at, event),
      () => undefined,
    );
  }

  /** The API's cycles are CANONICAL_REQUEST: a scheduled simulator cycle shows up as one. */
  async runCycle(...[microgridId, _trigger, scopeNodeId, at]: Parameters<Delivery['runCycle']>) {
    const body =
      scopeNodeId === undefined
        ? { at: formatInstant(at) }
        : { scope_node_id: scopeNodeId, at: formatInstant(at) };
    return this.answer(
      await this.send('POST', `${this.mg(microgridId)}/cycles`, at, body),
      (b) => b as unknown as CycleResult,
    );
  }

  async legacyRebalance(circuitId: string, at: number): Promise<Answer<CycleResult>> {
    const r = await this.send('POST', `/api/circuit/${encodeURIComponent(circuitId)}/rebalance_load`, at, {});
    if (r.status >= 300) return this.answer(r, () => undefined as unknown as CycleResult);
    // The legacy answer names the cycle; its full result is read back from the canonical surface.
    const cycle = await this.send(
      'GET',
      `${this.mg(String(r.body.microgrid_id))}/cycles/${encodeURIComponent(String(r.body.cycle_id))}`,
      at,
    );
    return cycle.status < 300
      ? { status: r.status, value: cycle.body as unknown as CycleResult }
      : this.answer(cycle, () => undefined as unknown as CycleResult);
  }

  async legacyTouWrite(...[circuitId, body, at]: Parameters<Delivery['legacyTouWrite']>) {
    return this.answer(
      await this.send('POST', `/api/circuit/${encodeURIComponent(circuitId)}/tou_limits`, at, body),
      () => undefined,
    );
  }

  async close(): Promise<void> {}
}

// Where an inspection screen reads its microgrid: the local store (the shared use cases over
// sql.js), or a saved controller connection (the sync helper's controller client over HTTP).
import { succeed, type Outcome, type Ports, type StoredDocument } from '../../../domain/index.ts';
import { readDocument } from '../../../domain/usecases/index.ts';
import type { InspectedMicrogrid, InspectSource } from '../../../preload/inspect-contract.ts';
import type { LocalStore } from '../local-store.ts';
import type { ConnectionsService } from '../sync/connections.ts';
import type { ControllerClient } from '../sync/controller-client.ts';

export interface InspectContext {
  store: LocalStore;
  /** The app's user: recorded as the client of legacy reads and `updated_by` of local writes. */
  actor: string;
  connections: ConnectionsService;
}

export type Resolved =
  | { kind: 'local'; ports: Ports; view: InspectSource }
  | { kind: 'controller'; client: ControllerClient; view: InspectSource };

export function resolveSource(ctx: InspectContext, connectionId: string | undefined): Outcome<Resolved> {
  if (connectionId === undefined)
    return succeed({ kind: 'local', ports: ctx.store.ports, view: { kind: 'local' } });
  const saved = ctx.connections.get(connectionId);
  if (!saved.ok) return saved;
  const client = ctx.connections.client(connectionId);
  if (!client.ok) return client;
  return succeed({
    kind: 'controller',
    client: client.value,
    view: { kind: 'controller', connection_id: connectionId, name: saved.value.name, url: saved.value.url },
  });
}

export function inspected(source: InspectSource, doc: StoredDocument): InspectedMicrogrid {
  return {
    source,
    microgrid: doc.microgrid,
    version: doc.version,
    updated_at: doc.updated_at,
    updated_by: doc.updated_by,
    nodes: doc.nodes,
    assets: doc.assets,
  };
}

/** The current document, from wherever the source is. */
export async function documentOf(source: Resolved, microgridId: string): Promise<Outcome<StoredDocument>> {
  return source.kind === 'local'
    ? readDocument(source.ports, { microgridId })
    : source.client.document(microgridId);
}

/** Runs two or more independent reads at once and gives the first failure, or every value. */
export async function all<T extends readonly unknown[]>(reads: {
  [K in keyof T]: Promise<Outcome<T[K]>> | Outcome<T[K]>;
}): Promise<Outcome<T>> {
  const results = await Promise.all(reads);
  const out: unknown[] = [];
  for (const r of results as Outcome<unknown>[]) {
    if (!r.ok) return r;
    out.push(r.value);
  }
  return succeed(out as unknown as T);
}

// What every use case shares: finding the microgrid, checking the client's base version, the
// failures every adapter maps the same way, and appending a configuration version.
import { envelopeStatusAt, isLive } from '../envelopes/envelopes.ts';
import { fail, succeed, type Outcome } from '../failure.ts';
import { formatInstant } from '../instant.ts';
import type { Ports, Revision, RevisionKind, StoredDocument } from '../ports.ts';
import type { MicrogridDocument } from '../model.ts';
import type { NodeReferences } from '../validation/document.ts';

export const ANONYMOUS = 'anonymous';

export function microgridNotFound<T = never>(microgridId: string): Outcome<T> {
  return fail('NOT_FOUND', 'MICROGRID_NOT_FOUND', `no microgrid with id ${microgridId}`, {
    microgrid_id: microgridId,
  });
}

export function currentDocument(ports: Ports, microgridId: string): Outcome<StoredDocument> {
  const doc = ports.store.document(microgridId);
  return doc ? succeed(doc) : microgridNotFound(microgridId);
}

const knownIds = new WeakMap<StoredDocument, { nodes: Set<string>; assets: Set<string> }>();

/**
 * The node and asset ids of a stored document, computed once per document (stored documents never
 * change): every telemetry batch and every cycle checks ids against them.
 */
export function documentIds(doc: StoredDocument): { nodes: Set<string>; assets: Set<string> } {
  let ids = knownIds.get(doc);
  if (!ids) {
    ids = { nodes: new Set(doc.nodes.map((n) => n.id)), assets: new Set(doc.assets.map((a) => a.id)) };
    knownIds.set(doc, ids);
  }
  return ids;
}

/** The three kinds a client's conflict view groups changes by; a legacy TOU write changes limits. */
export function changedKind(kind: RevisionKind): 'TOPOLOGY' | 'LIMITS' | 'ALIASES' | null {
  if (kind === 'TOPOLOGY' || kind === 'LIMITS' || kind === 'ALIASES') return kind;
  return kind === 'LEGACY_TOU' ? 'LIMITS' : null;
}

/**
 * A write must name the version it was based on; a write based on an older (or unknown) version
 * is CONFIG_VERSION_CONFLICT with everything a client needs to reload and re-apply.
 */
export function checkBaseVersion(
  ports: Ports,
  microgridId: string,
  baseVersion: number | undefined,
): Outcome<StoredDocument> {
  const doc = ports.store.document(microgridId);
  if (!doc) return microgridNotFound(microgridId);
  if (baseVersion === undefined) {
    return fail(
      'PRECONDITION_REQUIRED',
      'PRECONDITION_REQUIRED',
      `send the version this change is based on (If-Match: "${doc.version}" or base_version); the current version of ${microgridId} is ${doc.version}`,
      {
        microgrid_id: microgridId,
        current_version: doc.version,
      },
    );
  }
  if (baseVersion !== doc.version) {
    const since = baseVersion < doc.version ? ports.store.revisions(microgridId, baseVersion) : [];
    const kinds = [...new Set(since.map((r) => changedKind(r.kind)).filter((k) => k !== null))].sort();
    return fail(
      'CONFLICT',
      'CONFIG_VERSION_CONFLICT',
      `microgrid ${microgridId} is at version ${doc.version} (written ${doc.updated_at} by ${doc.updated_by}), not ${baseVersion}${kinds.length ? `; changed since: ${kinds.join(', ').toLowerCase()}` : ''}. Reload the latest version, re-apply your change and resubmit.`,
      {
        microgrid_id: microgridId,
        expected_version: baseVersion,
        current_version: doc.version,
        updated_at: doc.updated_at,
        updated_by: doc.updated_by,
        changed_kinds: kinds,
        changes_since: since,
      },
    );
  }
  return succeed(doc);
}

/** What outside the document still targets its nodes now: live envelopes and ACTIVE bindings. */
export function liveNodeTargeters(
  ports: Ports,
  microgridId: string,
): Pick<NodeReferences, 'envelopes' | 'bindings'> {
  const now = ports.clock.now();
  return {
    envelopes: ports.store.envelopes(microgridId).filter((e) => isLive(envelopeStatusAt(e, now))),
    bindings: ports.store.bindings(microgridId).filter((b) => b.status === 'ACTIVE'),
  };
}

/** Stores `next` as the version after `current` with its revision row; returns what was stored. */
export function appendVersion(
  ports: Ports,
  current: StoredDocument | null,
  next: MicrogridDocument,
  kind: RevisionKind,
  summary: string,
  actor: string,
): StoredDocument {
  const at = formatInstant(ports.clock.now());
  const version = (current?.version ?? 0) + 1;
  const { version: _v, updated_at: _a, updated_by: _b, ...body } = next;
  const doc: StoredDocument = { ...body, version, updated_at: at, updated_by: actor };
  const revision: Revision = { version, at, by: actor, kind, summary };
  ports.store.appendVersion(doc, revision);
  return doc;
}

/**
 * Equal records: the same members with the same values. Nodes and assets are flat, so this is a
 * member-by-member comparison (JSON only for nested members such as a policy's schedule) — a
 * 10,000-node save compares every node, and stringifying each one twice was most of its cost.
 */
export function sameRecord(a: object, b: object): boolean {
  if (a === b) return true;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    const x = (a as Record<string, unknown>)[k];
    const y = (b as Record<string, unknown>)[k];
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
    if (JSON.stringify(x) !== JSON.stringify(y)) return false;
  }
  return true;
}

/** Compares two id-keyed lists: how many entries were added, removed and changed. */
export function diffCounts<T extends object>(
  before: readonly T[],
  after: readonly T[],
  key: (t: T) => string,
): { added: number; removed: number; changed: number } {
  // An edit normally keeps the order: walk both lists together while the keys line up, and index
  // only what is left (building maps of 10,000 ids is itself a measurable part of a save).
  let i = 0;
  let changed = 0;
  const common = Math.min(before.length, after.length);
  while (i < common && key(before[i]!) === key(after[i]!)) {
    if (!sameRecord(before[i]!, after[i]!)) changed++;
    i++;
  }
  const old = new Map(before.slice(i).map((b) => [key(b), b]));
  let added = 0;
  const seen = new Set<string>();
  for (const a of after.slice(i)) {
    const k = key(a);
    seen.add(k);
    const was = old.get(k);
    if (was === undefined) added++;
    else if (!sameRecord(was, a)) changed++;
  }
  let removed = 0;
  for (const k of old.keys()) if (!seen.has(k)) removed++;
  return { added, removed, changed };
}

export function describeDiff(
  what: string,
  d: { added: number; removed: number; changed: number },
): string | null {
  const parts = [
    d.added ? `+${d.added}` : '',
    d.removed ? `-${d.removed}` : '',
    d.changed ? `~${d.changed}` : '',
  ].filter(Boolean);
  return parts.length ? `${what} ${parts.join(' ')}` : null;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

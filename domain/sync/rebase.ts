// "Reload latest and re-apply my changes": a three-way merge of microgrid documents by element.
// The local changes (base → local) are re-applied onto the latest remote document. An element only
// one side changed takes that side's value; an element both sides changed the same way takes that
// value; an element both sides changed differently is a conflict the user settles by choosing a
// side — never guessed. Nothing here knows about HTTP or stores: the caller fetches the three
// documents and validates the result with the domain's rules before keeping it.
import type { MicrogridDocument, MicrogridIdentity } from '../model.ts';
import { diffElements, type ChangeType, type ElementChange } from './diff.ts';
import {
  canonicalJson,
  compareRefs,
  documentElements,
  elementKey,
  groupList,
  IDENTITY_FIELDS,
  LIST_KINDS,
  LIST_OF,
  parseElementKey,
  type ElementRef,
  type ListKind,
} from './elements.ts';

export type Side = 'local' | 'remote';

export interface ElementConflict extends ElementRef {
  /** The value on each side; absent where the element is absent on that side. */
  base?: unknown;
  local?: unknown;
  remote?: unknown;
  local_change: ChangeType;
  remote_change: ChangeType;
  /** The side the user chose, once chosen. */
  choice?: Side;
}

export interface RebaseInput {
  base: MicrogridDocument;
  local: MicrogridDocument;
  remote: MicrogridDocument;
  /** Per conflicting element key, the side to keep. Choices for other keys are ignored. */
  choices?: Readonly<Record<string, Side>>;
}

export interface RebaseResult {
  /** base → local: the changes being re-applied. */
  local_changes: ElementChange[];
  /** base → remote: what the other side changed meanwhile. */
  remote_changes: ElementChange[];
  /** Elements only the local side changed, re-applied automatically. */
  reapplied: ElementRef[];
  /** Elements both sides changed to the same value. */
  agreed: ElementRef[];
  /** Elements both sides changed differently, with the choice where one was made. */
  conflicts: ElementConflict[];
  /** Keys of the conflicts still without a choice. */
  unresolved: string[];
  /** The merged document (without version, updated_at, updated_by); null while a conflict is unresolved. */
  document: MicrogridDocument | null;
}

const ABSENT = '\u0000absent';

function stateOf(elements: ReadonlyMap<string, unknown>, key: string): string {
  return elements.has(key) ? canonicalJson(elements.get(key)) : ABSENT;
}

function changeOf(
  base: ReadonlyMap<string, unknown>,
  side: ReadonlyMap<string, unknown>,
  key: string,
): ChangeType {
  if (!base.has(key)) return 'added';
  return side.has(key) ? 'modified' : 'removed';
}

type Decision = { present: false } | { present: true; value: unknown };

function take(elements: ReadonlyMap<string, unknown>, key: string): Decision {
  return elements.has(key) ? { present: true, value: elements.get(key) } : { present: false };
}

function rowsOf(kind: ListKind, value: unknown): unknown[] {
  return kind === 'alias' || Array.isArray(value) ? (value as unknown[]) : [value];
}

/**
 * One merged list. Its order follows the remote list, with elements that are only local appended
 * in local order — except when the remote list is exactly the base list, where the local order is
 * kept (so a rebase onto an unchanged remote gives the local document itself).
 */
function mergeList(kind: ListKind, docs: RebaseInput, decided: ReadonlyMap<string, Decision>): unknown[] {
  const list = LIST_OF[kind];
  const remoteUnchanged = canonicalJson(docs.remote[list]) === canonicalJson(docs.base[list]);
  const [first, second] = remoteUnchanged ? [docs.local, docs.remote] : [docs.remote, docs.local];
  const ids = new Set<string>();
  for (const doc of [first, second]) for (const id of groupList(doc, kind).keys()) ids.add(id);
  const out: unknown[] = [];
  for (const id of ids) {
    const d = decided.get(elementKey(kind, id));
    if (d?.present) out.push(...rowsOf(kind, d.value));
  }
  return out;
}

function mergeIdentity(remote: MicrogridIdentity, decided: ReadonlyMap<string, Decision>): MicrogridIdentity {
  const out: Record<string, unknown> = { id: remote.id };
  for (const field of IDENTITY_FIELDS) {
    const d = decided.get(elementKey('microgrid', field));
    if (d?.present) out[field] = d.value;
  }
  return out as unknown as MicrogridIdentity;
}

export function rebase(input: RebaseInput): RebaseResult {
  const base = documentElements(input.base);
  const local = documentElements(input.local);
  const remote = documentElements(input.remote);
  const choices = input.choices ?? {};
  const keys = new Set([...base.keys(), ...local.keys(), ...remote.keys()]);
  const decided = new Map<string, Decision>();
  const reapplied: ElementRef[] = [];
  const agreed: ElementRef[] = [];
  const conflicts: ElementConflict[] = [];
  for (const key of keys) {
    const ref = parseElementKey(key)!;
    const b = stateOf(base, key);
    const l = stateOf(local, key);
    const r = stateOf(remote, key);
    if (l === b) decided.set(key, take(remote, key));
    else if (r === b) {
      decided.set(key, take(local, key));
      reapplied.push(ref);
    } else if (l === r) {
      decided.set(key, take(local, key));
      agreed.push(ref);
    } else {
      const conflict: ElementConflict = {
        ...ref,
        local_change: changeOf(base, local, key),
        remote_change: changeOf(base, remote, key),
      };
      if (base.has(key)) conflict.base = base.get(key);
      if (local.has(key)) conflict.local = local.get(key);
      if (remote.has(key)) conflict.remote = remote.get(key);
      const choice = Object.hasOwn(choices, key) ? choices[key] : undefined;
      if (choice === 'local' || choice === 'remote') {
        conflict.choice = choice;
        decided.set(key, take(choice === 'local' ? local : remote, key));
      }
      conflicts.push(conflict);
    }
  }
  conflicts.sort(compareRefs);
  const unresolved = conflicts.filter((c) => c.choice === undefined).map((c) => c.key);
  let document: MicrogridDocument | null = null;
  if (unresolved.length === 0) {
    const lists = Object.fromEntries(
      LIST_KINDS.map((kind) => [LIST_OF[kind], mergeList(kind, input, decided)]),
    );
    document = {
      microgrid: mergeIdentity(input.remote.microgrid, decided),
      ...lists,
    } as unknown as MicrogridDocument;
  }
  return {
    local_changes: diffElements(base, local),
    remote_changes: diffElements(base, remote),
    reapplied: reapplied.sort(compareRefs),
    agreed: agreed.sort(compareRefs),
    conflicts,
    unresolved,
    document,
  };
}

/** The keys of elements both sides changed (differently or not): what a conflict view highlights. */
export function touchedByBoth(local: readonly ElementChange[], remote: readonly ElementChange[]): string[] {
  const mine = new Set(local.map((c) => c.key));
  return remote.filter((c) => mine.has(c.key)).map((c) => c.key);
}

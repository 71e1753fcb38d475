// Push: the pending changes as versioned writes (If-Match, one part at a time, see
// domain/sync/push-plan.ts); a 409 on the first write changes nothing anywhere and is answered
// with what each side changed since the base; a refusal after some writes moves the base to the
// last accepted version. A microgrid the controller does not have is created there.
import {
  diffDocuments,
  fail,
  planPush,
  succeed,
  touchedByBoth,
  type Failure,
  type Outcome,
  type PushStep,
  type StoredDocument,
} from '../../../domain/index.ts';
import type { ConflictDetails, PushResult, PushStepResult } from '../../../preload/sync-contract.ts';
import type { ControllerClient } from './controller-client.ts';
import { localNotFound, notLinked, strip, type SyncKit } from './sync-kit.ts';
import type { DraftBase } from './sync-tables.ts';

export function createPush(kit: SyncKit) {
  const { store, tables, clientFor, logRow, refused, baseDocument, putBase } = kit;

  async function runSteps(
    client: ControllerClient,
    id: string,
    from: number,
    steps: PushStep[],
  ): Promise<{ version: number; done: PushStepResult[]; failure?: Failure }> {
    let version = from;
    const done: PushStepResult[] = [];
    for (const step of steps) {
      const r =
        step.part === 'topology'
          ? await client.putTopology(id, version, {
              nodes: step.nodes,
              assets: step.assets,
              microgrid: step.microgrid,
            })
          : step.part === 'limits'
            ? await client.putLimits(id, version, step.policies)
            : await client.putAliases(id, version, step.circuit_aliases);
      if (!r.ok) return { version, done, failure: r.failure };
      version = r.value.version;
      done.push({ part: step.part, bridge: step.part === 'topology' ? false : step.bridge, version });
    }
    return { version, done };
  }

  async function conflictDetails(
    client: ControllerClient,
    draft: DraftBase,
    local: StoredDocument,
    f: Failure,
  ): Promise<ConflictDetails> {
    const d = f.details ?? {};
    const base = await baseDocument(client, draft);
    const current = await client.document(draft.microgrid_id);
    const remote_changes = current.ok ? diffDocuments(base, current.value) : [];
    const local_changes = diffDocuments(base, local);
    return {
      microgrid_id: draft.microgrid_id,
      expected_version: Number(d.expected_version ?? draft.base_version),
      current_version: Number(current.ok ? current.value.version : d.current_version),
      updated_at: String(current.ok ? current.value.updated_at : d.updated_at),
      updated_by: String(current.ok ? current.value.updated_by : d.updated_by),
      changed_kinds: Array.isArray(d.changed_kinds) ? (d.changed_kinds as string[]) : [],
      remote_changes,
      local_changes,
      both: touchedByBoth(local_changes, remote_changes),
    };
  }

  async function publish(
    id: string,
    connectionId: string,
    local: StoredDocument,
  ): Promise<Outcome<PushResult>> {
    const client = clientFor(connectionId);
    if (!client.ok) return client;
    const created = await client.value.createMicrogrid(strip(local));
    if (!created.ok) {
      const f =
        created.failure.code === 'MICROGRID_EXISTS'
          ? {
              ...created.failure,
              message: `the controller already has a microgrid ${id}; pull it to link this local microgrid (choose whether to keep the controller's version)`,
            }
          : created.failure;
      return refused('PUSH', id, connectionId, f, { local: local.version });
    }
    const r = created.value;
    return store.commit((p) =>
      p.store.transaction(() => {
        putBase(undefined, id, connectionId, r, local.version, { push: true });
        logRow({
          microgrid_id: id,
          connection_id: connectionId,
          action: 'PUSH',
          outcome: 'DONE',
          local_version: local.version,
          base_version: r.version,
          remote_version: r.version,
          actor: r.updated_by,
          detail: `created microgrid ${id} on the controller (version ${r.version})`,
        });
        return succeed({
          undoable: false as const,
          microgrid_id: id,
          outcome: 'created' as const,
          from_version: 0,
          version: r.version,
          steps: [],
          local_version: local.version,
        });
      }),
    );
  }

  async function push(input: { microgrid_id: string; connection_id?: string }): Promise<Outcome<PushResult>> {
    const id = input.microgrid_id;
    const local = store.ports.store.document(id);
    if (!local) return localNotFound(id);
    const draft = tables.draft(id);
    if (!draft)
      return input.connection_id === undefined ? notLinked(id) : publish(id, input.connection_id, local);
    const client = clientFor(draft.connection_id);
    if (!client.ok) return client;
    const steps = planPush(draft.base_document, local);
    if (steps.length === 0)
      return succeed({
        undoable: false,
        microgrid_id: id,
        outcome: 'nothing',
        from_version: draft.base_version,
        version: draft.base_version,
        steps: [],
        local_version: local.version,
      });
    const run = await runSteps(client.value, id, draft.base_version, steps);
    const versions = { local: local.version, base: draft.base_version };
    if (run.done.length === 0 && run.failure) {
      const f = run.failure;
      if (f.code !== 'CONFIG_VERSION_CONFLICT') return refused('PUSH', id, draft.connection_id, f, versions);
      const details = await conflictDetails(client.value, draft, local, f);
      const message = `controller version ${details.current_version} (written ${details.updated_at} by ${details.updated_by}) is newer than your base version ${details.expected_version}; nothing was written on either side. Reload the latest version, re-apply your changes and resubmit.`;
      return refused(
        'PUSH',
        id,
        draft.connection_id,
        { kind: 'CONFLICT', code: 'CONFIG_VERSION_CONFLICT', message, details: { ...details } },
        { ...versions, remote: details.current_version },
      );
    }
    // Something was written: the controller now holds the version of the last accepted write.
    const written = await client.value.document(id, run.version);
    const accepted = written.ok ? written.value : null;
    const committed = await store.commit((p) =>
      p.store.transaction(() => {
        if (accepted) putBase(draft, id, draft.connection_id, accepted, local.version, { push: true });
        const partial = run.failure ? `; then refused: ${run.failure.code}` : '';
        logRow({
          microgrid_id: id,
          connection_id: draft.connection_id,
          action: 'PUSH',
          outcome: run.failure ? run.failure.code : 'DONE',
          local_version: local.version,
          base_version: accepted ? accepted.version : draft.base_version,
          remote_version: run.version,
          actor: accepted?.updated_by ?? null,
          detail: `wrote ${run.done.map((s) => `${s.part}${s.bridge ? ' (bridge)' : ''} → v${s.version}`).join(', ')}${partial}`,
        });
        return succeed(null);
      }),
    );
    if (!committed.ok) return committed;
    if (run.failure) {
      const f = run.failure;
      const partial = { partial: true, pushed_version: run.version };
      const moved = tables.draft(id);
      if (f.code === 'CONFIG_VERSION_CONFLICT' && moved) {
        const details = await conflictDetails(client.value, moved, local, f);
        return fail(
          'CONFLICT',
          f.code,
          `the controller accepted part of the push (up to version ${run.version}), then someone else wrote version ${details.current_version}; your draft is kept. Reload the latest version, re-apply your changes and resubmit.`,
          { ...details, ...partial },
        );
      }
      return {
        ok: false,
        failure: {
          ...f,
          message: `${f.message} (the controller accepted part of the push, up to version ${run.version}; your draft is kept and its base is now that version)`,
          details: { ...(f.details ?? {}), ...partial },
        },
      };
    }
    if (!accepted) {
      return fail(
        'INVALID',
        'CONTROLLER_UNREACHABLE',
        `the push was accepted as controller version ${run.version}, but the controller stopped answering before the app could read it back; pull to bring the base up to date`,
        { microgrid_id: id, pushed_version: run.version },
      );
    }
    return succeed({
      undoable: false,
      microgrid_id: id,
      outcome: 'pushed',
      from_version: draft.base_version,
      version: run.version,
      steps: run.done,
      local_version: local.version,
    });
  }

  return { push };
}

// A refused bind (CAPABILITY_SOURCE_CONFLICT): which binding holds the capability, which source
// and scope asked for it, and the remediation — release the existing binding, then bind again.
import type { MicrogridNode } from '../../../../domain/model.ts';
import type { BridgeError } from '../../../../preload/contract.ts';
import { scopeLabel } from './scope.ts';

interface Side {
  id?: string;
  source_id: string;
  scope_node_id: string;
  whole_microgrid: boolean;
}

export function ConflictPanel({
  error,
  rootId,
  nodes,
  onRelease,
}: {
  error: BridgeError;
  rootId: string;
  nodes: readonly MicrogridNode[];
  onRelease?: (bindingId: string) => void;
}) {
  const existing = error.existing_binding as Side | undefined;
  const incoming = error.incoming as Side | undefined;
  const remediation = error.remediation as { action: string; binding_id: string; detail: string } | undefined;
  return (
    <section
      className="panel conflict"
      role="alert"
      data-testid="capability-conflict"
      data-error-code={error.code}
    >
      <h2>
        <span className="code">{error.code}</span> {String(error.capability ?? '')} is already bound for an
        overlapping scope
      </h2>
      <p className="message">{error.message}</p>
      <dl>
        <dt>Existing binding</dt>
        <dd
          data-testid="conflict-existing"
          data-binding-id={existing?.id}
          data-source-id={existing?.source_id}
          data-node-id={existing?.scope_node_id}
        >
          <code>{existing?.id}</code> · source <code>{existing?.source_id}</code> ·{' '}
          {existing ? scopeLabel(existing.scope_node_id, rootId, nodes) : '—'}
        </dd>
        <dt>Incoming</dt>
        <dd
          data-testid="conflict-incoming"
          data-source-id={incoming?.source_id}
          data-node-id={incoming?.scope_node_id}
        >
          source <code>{incoming?.source_id}</code> ·{' '}
          {incoming ? scopeLabel(incoming.scope_node_id, rootId, nodes) : '—'}
        </dd>
        <dt>Remediation</dt>
        <dd
          data-testid="conflict-remediation"
          data-action={remediation?.action}
          data-binding-id={remediation?.binding_id}
        >
          {remediation?.detail}
        </dd>
      </dl>
      {onRelease && remediation?.binding_id && (
        <button
          type="button"
          className="danger"
          data-testid="remediate"
          onClick={() => onRelease(remediation.binding_id)}
        >
          Release binding {remediation.binding_id}
        </button>
      )}
    </section>
  );
}

// A capability's scope in words: the whole microgrid (its root) or the subtree of a named node.
import type { MicrogridNode } from '../../../../domain/model.ts';

export function scopeLabel(nodeId: string, rootId: string, nodes: readonly MicrogridNode[]): string {
  const name = nodes.find((n) => n.id === nodeId)?.name;
  if (nodeId === rootId) return `whole microgrid (${name ?? nodeId}, ${nodeId})`;
  return `subtree of ${name ? `${name} (${nodeId})` : `${nodeId} (no such node now)`}`;
}

// The facts of the open microgrid: id, depot, version and when and by whom it was last written.
import { useTopology, isDirty } from './store.ts';

export function TopologyHeader() {
  const saved = useTopology((s) => s.saved);
  const nodeCount = useTopology((s) => s.history.present.nodes.length);
  const assetCount = useTopology((s) => s.history.present.assets.length);
  const dirty = useTopology(isDirty);
  const warnings = useTopology((s) => s.issues.warnings.length);
  if (!saved) return null;
  return (
    <header className="screen-header topology-header">
      <h1>{saved.microgrid.name}</h1>
      <dl>
        <div>
          <dt>Microgrid</dt>
          <dd data-testid="microgrid-id">{saved.microgrid.id}</dd>
        </div>
        <div>
          <dt>Depot</dt>
          <dd data-testid="depot-id">{saved.microgrid.depot_id}</dd>
        </div>
        <div>
          <dt>Version</dt>
          <dd data-testid="topology-version">{saved.version}</dd>
        </div>
        <div>
          <dt>Last updated</dt>
          <dd>
            <time data-testid="updated-at" dateTime={saved.updated_at}>
              {saved.updated_at}
            </time>{' '}
            by <span data-testid="updated-by">{saved.updated_by}</span>
          </dd>
        </div>
        <div>
          <dt>Time zone</dt>
          <dd>{saved.microgrid.timezone}</dd>
        </div>
        <div>
          <dt>Contents</dt>
          <dd>
            <span data-testid="node-count">{nodeCount}</span> nodes,{' '}
            <span data-testid="asset-count">{assetCount}</span> assets
            {warnings > 0 && (
              <span className="warn">
                {' '}
                · {warnings} warning{warnings === 1 ? '' : 's'}
              </span>
            )}
          </dd>
        </div>
      </dl>
      <p
        className={`draft-state${dirty ? ' dirty' : ''}`}
        data-testid="draft-state"
        data-dirty={dirty ? 'true' : 'false'}
      >
        {dirty ? 'Unsaved changes' : 'Saved'}
      </p>
    </header>
  );
}

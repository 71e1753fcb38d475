// Screen 2 of app.md: the node tree and attached assets of one microgrid, from one load of its
// canonical topology; edit mode with live validation, undo/redo and save.
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useCallback, useEffect, useState } from 'react';
import { useScreenReady } from '../../app/app-state.ts';
import { sitesPath } from '../../app/router.ts';
import { ErrorPanel, IssueList, type ShownIssue } from '../../components/ErrorList.tsx';
import { LeaveGuard } from '../../components/LeaveGuard.tsx';
import { deleteAsset, deleteNode } from './draft.ts';
import { Inspector } from './Inspector.tsx';
import { isDirty, useTopology } from './store.ts';
import { TopologyCanvas } from './TopologyCanvas.tsx';
import { TopologyHeader } from './TopologyHeader.tsx';
import { Toolbar } from './Toolbar.tsx';

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName))
  );
}

function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target)) return;
      const s = useTopology.getState();
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        if (e.shiftKey) s.redo();
        else s.undo();
      } else if (mod && e.key.toLowerCase() === 'y') {
        e.preventDefault();
        s.redo();
      } else if ((e.key === 'Delete' || e.key === 'Backspace') && s.editMode && s.selection) {
        e.preventDefault();
        const draft = s.history.present;
        s.edit(
          s.selection.kind === 'node'
            ? deleteNode(draft, s.selection.id)
            : deleteAsset(draft, s.selection.id),
          null,
        );
      } else if (e.key === 'Escape') {
        s.select(null);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** Lists issues; picking one selects what it names and brings it into view. */
function usePick(): (issue: ShownIssue) => void {
  const flow = useReactFlow();
  const select = useTopology((s) => s.select);
  return useCallback(
    (issue: ShownIssue) => {
      if (issue.asset_id !== undefined) {
        select({ kind: 'asset', id: issue.asset_id });
        const owner = useTopology.getState().index.assetById.get(issue.asset_id)?.node_id;
        if (owner) void flow.fitView({ nodes: [{ id: owner }], maxZoom: 1, duration: 200 });
      } else if (issue.node_id !== undefined) {
        select({ kind: 'node', id: issue.node_id });
        void flow.fitView({ nodes: [{ id: issue.node_id }], maxZoom: 1, duration: 200 });
      }
    },
    [flow, select],
  );
}

function IssuePanels() {
  const errors = useTopology((s) => s.issues.errors);
  const saveFailure = useTopology((s) => s.saveFailure);
  const pick = usePick();
  if (!saveFailure && errors.length === 0) return null;
  return (
    <div className="issue-panels">
      {saveFailure && (
        <ErrorPanel error={saveFailure} testId="save-errors" title="Save refused:" onPick={pick} />
      )}
      {errors.length > 0 && (
        <section className="live-issues" data-testid="live-issues">
          <h2>
            {errors.length} validation error{errors.length === 1 ? '' : 's'} in this draft
          </h2>
          <IssueList issues={errors} onPick={pick} />
        </section>
      )}
    </div>
  );
}

function NotFound({ microgridId }: { microgridId: string }) {
  return (
    <section className="not-found" data-testid="not-found" data-error-code="MICROGRID_NOT_FOUND">
      <h1>Microgrid not found</h1>
      <p>
        There is no local microgrid with id <code>{microgridId}</code>. Create it or import its microgrid
        document from the <a href={sitesPath()}>Microgrids</a> screen.
      </p>
    </section>
  );
}

export function TopologyScreen({ microgridId }: { microgridId: string }) {
  const status = useTopology((s) => s.status);
  const loadError = useTopology((s) => s.loadError);
  const loadedId = useTopology((s) => s.microgridId);
  const [shown, setShown] = useState(false);
  useEffect(() => {
    setShown(false);
    void useTopology.getState().load(microgridId);
  }, [microgridId]);
  const current = loadedId === microgridId;
  useScreenReady(current && (status === 'not-found' || status === 'failed' || (status === 'ready' && shown)));
  useShortcuts();
  const onShown = useCallback(() => setShown(true), []);

  if (!current || status === 'loading')
    return <p className="loading">Loading the topology of {microgridId}…</p>;
  if (status === 'not-found') return <NotFound microgridId={microgridId} />;
  if (status === 'failed' && loadError)
    return <ErrorPanel error={loadError} testId="load-error" title="The topology could not be loaded:" />;
  return (
    <ReactFlowProvider>
      <div className="topology-screen">
        <TopologyHeader />
        <Toolbar />
        <LeaveGuard
          what="This topology"
          isDirty={() => isDirty(useTopology.getState())}
          save={() => useTopology.getState().save()}
        />
        <IssuePanels />
        <div className="topology-body">
          <TopologyCanvas onShown={onShown} />
          <Inspector />
        </div>
      </div>
    </ReactFlowProvider>
  );
}

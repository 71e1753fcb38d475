// Edit mode, undo/redo, save and discard.
import { redoLabel, undoLabel } from './history.ts';
import { isDirty, useTopology } from './store.ts';

export function Toolbar() {
  const editMode = useTopology((s) => s.editMode);
  const setEditMode = useTopology((s) => s.setEditMode);
  const undoWhat = useTopology((s) => undoLabel(s.history));
  const redoWhat = useTopology((s) => redoLabel(s.history));
  const dirty = useTopology(isDirty);
  const saving = useTopology((s) => s.saving);
  const errorCount = useTopology((s) => s.issues.errors.length);
  const notice = useTopology((s) => s.notice);
  const { undo, redo, save, discard } = useTopology.getState();
  return (
    <div className="toolbar" role="toolbar">
      <button
        type="button"
        data-testid="edit-mode"
        aria-pressed={editMode}
        onClick={() => setEditMode(!editMode)}
      >
        {editMode ? 'Done editing' : 'Edit'}
      </button>
      <button
        type="button"
        data-testid="undo"
        disabled={!undoWhat}
        title={undoWhat ? `Undo: ${undoWhat} (Ctrl+Z)` : 'Nothing to undo'}
        onClick={undo}
      >
        Undo
      </button>
      <button
        type="button"
        data-testid="redo"
        disabled={!redoWhat}
        title={redoWhat ? `Redo: ${redoWhat} (Ctrl+Shift+Z)` : 'Nothing to redo'}
        onClick={redo}
      >
        Redo
      </button>
      <button
        type="button"
        data-testid="save"
        className="primary"
        disabled={!dirty || saving}
        onClick={() => void save()}
        title={
          errorCount
            ? `${errorCount} validation error(s): the save will be refused until they are fixed`
            : 'Save to the local store'
        }
      >
        {saving ? 'Saving…' : 'Save'}
      </button>
      <button type="button" data-testid="discard" disabled={!dirty || saving} onClick={discard}>
        Discard changes
      </button>
      {notice && (
        <span className="notice" data-testid="notice" role="status">
          {notice}
        </span>
      )}
    </div>
  );
}

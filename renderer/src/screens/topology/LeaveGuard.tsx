// Leaving the Topology screen with unsaved edits asks first: the draft lives only in this page, so
// another screen would drop it without a word. The user can save and leave (a refused save keeps
// them here with its errors), discard and leave, or stay. Reloading or closing the window is not
// asked about: an Electron window that answers `beforeunload` refuses to close at all.
import { useEffect, useRef, useState } from 'react';
import { guardLeaving } from '../../app/router.ts';
import { isDirty, useTopology } from './store.ts';

export function LeaveGuard() {
  const [leavingTo, setLeavingTo] = useState<string | null>(null);
  const letGo = useRef(false);
  const saving = useTopology((s) => s.saving);
  const stay = useRef<HTMLButtonElement>(null);

  useEffect(
    () =>
      guardLeaving((to) => {
        if (letGo.current || !isDirty(useTopology.getState())) return false;
        setLeavingTo(to);
        return true;
      }),
    [],
  );
  useEffect(() => {
    if (leavingTo !== null) stay.current?.focus();
  }, [leavingTo]);

  if (leavingTo === null) return null;
  const leave = () => {
    // The Navigation API asks the guard synchronously, inside this assignment.
    letGo.current = true;
    try {
      window.location.hash = leavingTo;
    } finally {
      letGo.current = false;
    }
    setLeavingTo(null);
  };
  const saveAndLeave = async () => {
    if (await useTopology.getState().save()) leave();
    else setLeavingTo(null);
  };
  return (
    <section
      className="leave-guard"
      role="alertdialog"
      aria-labelledby="leave-guard-title"
      data-testid="leave-guard"
      data-leaving-to={leavingTo}
    >
      <h2 id="leave-guard-title">This topology has unsaved changes</h2>
      <p>Leaving this screen now would drop them. Save them first, discard them, or stay.</p>
      <div className="leave-guard-actions">
        <button type="button" data-testid="leave-save" disabled={saving} onClick={() => void saveAndLeave()}>
          Save and leave
        </button>
        <button type="button" data-testid="leave-discard" disabled={saving} onClick={leave}>
          Discard changes and leave
        </button>
        <button type="button" data-testid="leave-stay" ref={stay} onClick={() => setLeavingTo(null)}>
          Stay
        </button>
      </div>
    </section>
  );
}

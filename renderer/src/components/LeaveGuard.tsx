// Leaving a screen with unsaved edits asks first: a draft lives only in its page, so another screen
// would drop it without a word. The user can save and leave (a refused save keeps them here with
// its errors), discard and leave, or stay. Reloading or closing the window is not asked about: an
// Electron window that answers `beforeunload` refuses to close at all.
import { useEffect, useRef, useState } from 'react';
import { guardLeaving } from '../app/router.ts';

export function LeaveGuard({
  what,
  isDirty,
  save,
}: {
  /** What holds the changes, as a sentence's subject: "This topology". */
  what: string;
  /** Read when a navigation starts. */
  isDirty: () => boolean;
  /** Saves the draft; false when the save was refused (its errors are then on the screen). */
  save: () => Promise<boolean>;
}) {
  const [leavingTo, setLeavingTo] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const letGo = useRef(false);
  const current = useRef({ isDirty, save });
  current.current = { isDirty, save };
  const stay = useRef<HTMLButtonElement>(null);

  useEffect(
    () =>
      guardLeaving((to) => {
        if (letGo.current || !current.current.isDirty()) return false;
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
    setSaving(true);
    const saved = await current.current.save();
    setSaving(false);
    if (saved) leave();
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
      <h2 id="leave-guard-title">{what} has unsaved changes</h2>
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

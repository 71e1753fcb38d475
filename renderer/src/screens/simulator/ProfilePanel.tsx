// Choosing the profile to run: an example shipped with the app, a profile file (JSON or YAML), or
// one built from the open microgrid with sensible defaults. The text stays editable before a run.
import { useEffect, useState } from 'react';
import type { ExampleProfile, ProfileCheck, ProfileFormat } from '../../../../preload/simulator-contract.ts';
import { whileBusy } from '../../app/app-state.ts';
import { bridge } from '../../bridge/bridge.ts';
import { IssueList } from '../../components/ErrorList.tsx';
import { useSim } from './sim-store.ts';

function formatOf(name: string): ProfileFormat {
  return /\.ya?ml$/i.test(name) ? 'yaml' : 'json';
}

export function ProfilePanel({
  microgridId,
  examples,
}: {
  microgridId: string;
  examples: readonly ExampleProfile[];
}) {
  const profile = useSim((s) => s.profile);
  const setProfile = useSim((s) => s.setProfile);
  const setError = useSim((s) => s.setError);
  const [example, setExample] = useState(examples[0]?.name ?? '');
  const [build, setBuild] = useState({ start: '', duration_minutes: '', vehicles: '' });
  const [check, setCheck] = useState<ProfileCheck | null>(null);
  useEffect(() => setCheck(null), [profile?.text, profile?.format]);

  function loadExample() {
    void whileBusy(async () => {
      const reply = await bridge.send('simulatorExample', { name: example });
      if (reply.ok) {
        setProfile(reply.value);
        setError(null);
      } else setError(reply.error);
    });
  }

  function buildFromMicrogrid() {
    void whileBusy(async () => {
      const options: Record<string, string | number> = {};
      if (build.start.trim()) options.start = build.start.trim();
      if (build.duration_minutes.trim()) options.duration_minutes = Number(build.duration_minutes);
      if (build.vehicles.trim()) options.vehicles = Number(build.vehicles);
      const reply = await bridge.send('simulatorBuildProfile', { microgrid_id: microgridId, options });
      if (reply.ok) {
        setProfile(reply.value);
        setError(null);
      } else setError(reply.error);
    });
  }

  function validate() {
    if (!profile) return;
    void whileBusy(async () => {
      const reply = await bridge.send('simulatorValidate', { format: profile.format, text: profile.text });
      if (reply.ok) setCheck(reply.value);
      else setError(reply.error);
    });
  }

  return (
    <section className="panel sim-profile" data-testid="sim-profile">
      <h2>Profile</h2>
      <div className="row">
        <label className="field">
          <span>Example profile</span>
          <select data-testid="sim-example" value={example} onChange={(e) => setExample(e.target.value)}>
            {examples.map((e) => (
              <option key={e.name} value={e.name}>
                {e.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" data-testid="sim-load-example" disabled={!example} onClick={loadExample}>
          Use example
        </button>
        <label className="file-button">
          Open a profile file…
          <input
            type="file"
            accept=".json,.yaml,.yml"
            data-testid="sim-file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file)
                void whileBusy(async () =>
                  setProfile({ label: file.name, format: formatOf(file.name), text: await file.text() }),
                );
            }}
          />
        </label>
      </div>
      <div className="row">
        <label className="field">
          <span>Build from {microgridId}: start (UTC; default next site midnight)</span>
          <input
            data-testid="sim-build-start"
            value={build.start}
            placeholder="2026-03-02T13:00:00Z"
            onChange={(e) => setBuild({ ...build, start: e.target.value })}
          />
        </label>
        <label className="field">
          <span>Minutes (default 720)</span>
          <input
            data-testid="sim-build-minutes"
            type="number"
            value={build.duration_minutes}
            onChange={(e) => setBuild({ ...build, duration_minutes: e.target.value })}
          />
        </label>
        <label className="field">
          <span>Vehicles (default 2 per charger)</span>
          <input
            data-testid="sim-build-vehicles"
            type="number"
            value={build.vehicles}
            onChange={(e) => setBuild({ ...build, vehicles: e.target.value })}
          />
        </label>
        <button type="button" data-testid="sim-build" onClick={buildFromMicrogrid}>
          Build from this microgrid
        </button>
      </div>
      {profile && (
        <>
          <div className="row">
            <span>
              <strong data-testid="sim-profile-label">{profile.label}</strong>{' '}
              <span className="muted">({profile.format.toUpperCase()}, editable)</span>
            </span>
            <label className="field">
              <span>Format</span>
              <select
                value={profile.format}
                data-testid="sim-format"
                onChange={(e) => setProfile({ ...profile, format: e.target.value as ProfileFormat })}
              >
                <option value="json">JSON</option>
                <option value="yaml">YAML</option>
              </select>
            </label>
            <button type="button" data-testid="sim-validate" onClick={validate}>
              Validate
            </button>
            {check && (
              <span
                data-testid="sim-check"
                data-valid={String(check.valid)}
                className={check.valid ? 'ok-text' : 'bad-text'}
              >
                {check.valid
                  ? `valid — ${check.description}`
                  : `${check.errors.length} error${check.errors.length === 1 ? '' : 's'}`}
              </span>
            )}
          </div>
          {check && !check.valid && <IssueList issues={check.errors} testId="sim-check-errors" />}
          <textarea
            data-testid="sim-profile-text"
            value={profile.text}
            spellCheck={false}
            onChange={(e) => setProfile({ ...profile, text: e.target.value })}
          />
        </>
      )}
    </section>
  );
}

// Importing a microgrid document file into the local store. An id that exists locally is only
// replaced after the user says so.
import { useRef, useState } from 'react';
import type { BridgeError, ImportResult } from '../../../../preload/contract.ts';
import { whileBusy } from '../../app/app-state.ts';
import { microgridPath } from '../../app/router.ts';
import { bridge } from '../../bridge/bridge.ts';
import { ErrorPanel } from '../../components/ErrorList.tsx';

interface Pending {
  fileName: string;
  document: unknown;
}

export function ImportPanel({ onImported }: { onImported(): void }) {
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<BridgeError | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);

  async function send(p: Pending, replace: boolean) {
    const reply = await bridge.send('importMicrogrid', { document: p.document, replace });
    if (reply.ok) {
      setResult(reply.value);
      setPending(null);
      setError(null);
      onImported();
    } else {
      setResult(null);
      setError(reply.error);
      setPending(reply.error.code === 'MICROGRID_EXISTS' ? p : null);
    }
  }

  async function onFile(file: File) {
    await whileBusy(async () => {
      const text = await file.text();
      let document: unknown;
      try {
        document = JSON.parse(text);
      } catch (e) {
        setResult(null);
        setPending(null);
        setError({
          code: 'DOCUMENT_INVALID',
          message: `${file.name} is not valid JSON: ${(e as Error).message}`,
        });
        return;
      }
      await send({ fileName: file.name, document }, false);
    });
  }

  return (
    <section className="import-panel">
      <label className="file-button">
        Import a microgrid document…
        <input
          ref={input}
          type="file"
          accept=".json,application/json"
          data-testid="import-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void onFile(file);
          }}
        />
      </label>
      {result && (
        <p
          className="notice"
          role="status"
          data-testid="import-result"
          data-microgrid-id={result.microgrid_id}
        >
          {result.outcome === 'created' ? 'Imported' : 'Replaced'} microgrid{' '}
          <a href={microgridPath(result.microgrid_id)}>{result.microgrid_id}</a> (version {result.version}).
        </p>
      )}
      {error && (
        <ErrorPanel
          error={error}
          testId="import-errors"
          title={pending ? `${pending.fileName}:` : 'Import refused:'}
        />
      )}
      {pending && (
        <div className="actions">
          <button
            type="button"
            className="danger"
            data-testid="import-replace"
            onClick={() => void whileBusy(() => send(pending, true))}
          >
            Replace the local microgrid
          </button>
          <button type="button" onClick={() => (setPending(null), setError(null))}>
            Keep the local one
          </button>
        </div>
      )}
    </section>
  );
}

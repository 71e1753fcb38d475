// Inspector fields that commit once, on Enter or when focus leaves (one edit, one undo step),
// never on every keystroke.
import { useState, type ReactNode } from 'react';
import type { ValidationIssue } from '../../../../domain/issues.ts';

export function FieldIssues({
  issues,
  field,
  nodeId,
  assetId,
}: {
  issues: readonly ValidationIssue[];
  field: string;
  nodeId?: string;
  assetId?: string;
}) {
  const mine = issues.filter((i) => i.field === field);
  if (mine.length === 0) return null;
  return (
    <>
      {mine.map((i, n) => (
        <p
          key={n}
          className="field-error"
          data-error-code={i.code}
          data-field={field}
          data-node-id={nodeId}
          data-asset-id={assetId}
        >
          <strong>{i.code}</strong> {i.message}
        </p>
      ))}
    </>
  );
}

interface TextFieldProps {
  label: string;
  name: string;
  value: string;
  disabled: boolean;
  onCommit(text: string): void;
  inputMode?: 'decimal' | 'text';
  children?: ReactNode;
}

function TextInput({
  name,
  value,
  disabled,
  onCommit,
  inputMode,
}: Omit<TextFieldProps, 'label' | 'children'>) {
  const [text, setText] = useState(value);
  const commit = () => {
    if (text !== value) onCommit(text);
  };
  return (
    <input
      name={name}
      data-field={name}
      value={text}
      disabled={disabled}
      inputMode={inputMode}
      autoComplete="off"
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
        if (e.key === 'Escape') setText(value);
      }}
    />
  );
}

export function TextField(props: TextFieldProps) {
  return (
    <label className="field">
      <span>{props.label}</span>
      {/* Keyed by the stored value: an undo or another edit resets what is typed. */}
      <TextInput
        key={props.value}
        name={props.name}
        value={props.value}
        disabled={props.disabled}
        onCommit={props.onCommit}
        inputMode={props.inputMode}
      />
      {props.children}
    </label>
  );
}

/** '' is "no value" (a missing rating is RATING_INVALID, reported by validation); other text must be a number. */
export function parseKw(text: string): { ok: true; value: number | undefined } | { ok: false } {
  const t = text.trim();
  if (t === '') return { ok: true, value: undefined };
  const n = Number(t);
  return Number.isFinite(n) ? { ok: true, value: n } : { ok: false };
}

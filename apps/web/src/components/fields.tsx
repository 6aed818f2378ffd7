import { useId, type ReactNode } from 'react';
import { FieldError, Input, Label, Text, TextField } from 'react-aria-components';

/** A labelled text field whose error (from the API's problem+json) is named right under it. */
export function TextInput(props: {
  name: string;
  label: string;
  error?: string;
  type?: 'text' | 'date' | 'tel' | 'datetime-local';
  isRequired?: boolean;
  inputMode?: 'numeric' | 'text';
  autoComplete?: string;
  value?: string;
  onChange?: (value: string) => void;
}) {
  return (
    <TextField
      className="field"
      name={props.name}
      type={props.type ?? 'text'}
      isRequired={props.isRequired}
      isInvalid={props.error !== undefined}
      value={props.value}
      onChange={props.onChange}
      autoComplete={props.autoComplete}
      inputMode={props.inputMode}
    >
      <Label>{props.label}</Label>
      <Input />
      <FieldError className="error">{props.error}</FieldError>
    </TextField>
  );
}

/** A native select (keyboard and screen readers know it everywhere), labelled, its error next to it. */
export function SelectInput(props: {
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: ReadonlyArray<{ value: string; label: string }>;
  error?: string;
  isRequired?: boolean;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        value={props.value}
        required={props.isRequired}
        aria-invalid={props.error !== undefined}
        aria-describedby={props.error !== undefined ? errorId : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {props.error !== undefined && (
        <Text id={errorId} className="error" elementType="div">
          {props.error}
        </Text>
      )}
    </div>
  );
}

export function Section(props: { title: string; children: ReactNode; level?: 2 | 3 }) {
  const id = useId();
  const H = props.level === 3 ? 'h3' : 'h2';
  return (
    <section aria-labelledby={id} className="section">
      <H id={id}>{props.title}</H>
      {props.children}
    </section>
  );
}

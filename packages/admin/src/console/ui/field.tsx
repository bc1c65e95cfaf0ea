import type { ComponentChildren } from "preact";
import { useId } from "preact/hooks";

interface FieldProps {
  readonly label: string;
  /** Help shown under the control and read with it (`aria-describedby`). */
  readonly hint?: ComponentChildren;
  /** What is wrong with the value: marks the control invalid and is read with it. */
  readonly error?: string | null;
}

function described(hintId: string, errorId: string, props: FieldProps): string | undefined {
  const ids = [props.hint === undefined ? null : hintId, props.error ? errorId : null].filter(Boolean);
  return ids.length === 0 ? undefined : ids.join(" ");
}

function Help({ props, hintId, errorId }: { props: FieldProps; hintId: string; errorId: string }) {
  return (
    <>
      {props.hint === undefined ? null : (
        <div class="hint" id={hintId}>
          {props.hint}
        </div>
      )}
      {props.error ? (
        <p class="field-error" id={errorId}>
          {props.error}
        </p>
      ) : null}
    </>
  );
}

/** A labelled text input. */
export function TextField(
  props: FieldProps & {
    readonly value: string;
    readonly onInput: (value: string) => void;
    readonly type?: "text" | "password" | "datetime-local";
    readonly required?: boolean;
    readonly readOnly?: boolean;
    readonly autoComplete?: string;
    readonly placeholder?: string;
    readonly name?: string;
  },
) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        value={props.value}
        required={props.required}
        readOnly={props.readOnly}
        autoComplete={props.autoComplete ?? "off"}
        spellcheck={false}
        placeholder={props.placeholder}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={described(hintId, errorId, props)}
        onInput={(event) => props.onInput(event.currentTarget.value)}
      />
      <Help props={props} hintId={hintId} errorId={errorId} />
    </div>
  );
}

/** A labelled multi-line input. */
export function TextArea(
  props: FieldProps & {
    readonly value: string;
    readonly onInput: (value: string) => void;
    readonly rows?: number;
  },
) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <textarea
        id={id}
        rows={props.rows ?? 4}
        value={props.value}
        spellcheck={false}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={described(hintId, errorId, props)}
        onInput={(event) => props.onInput(event.currentTarget.value)}
      />
      <Help props={props} hintId={hintId} errorId={errorId} />
    </div>
  );
}

/** One choice of a {@link SelectField}. */
export interface Choice {
  readonly value: string;
  readonly label: string;
}

/** A labelled drop-down. */
export function SelectField(
  props: FieldProps & {
    readonly value: string;
    readonly choices: readonly Choice[];
    readonly onChange: (value: string) => void;
  },
) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select
        id={id}
        value={props.value}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={described(hintId, errorId, props)}
        onChange={(event) => props.onChange(event.currentTarget.value)}
      >
        {props.choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
      <Help props={props} hintId={hintId} errorId={errorId} />
    </div>
  );
}

/** A labelled check box. */
export function CheckboxField(props: {
  readonly label: string;
  readonly checked: boolean;
  readonly onChange: (checked: boolean) => void;
}) {
  const id = useId();
  return (
    <div class="field field-checkbox">
      <input
        id={id}
        type="checkbox"
        checked={props.checked}
        onChange={(event) => props.onChange(event.currentTarget.checked)}
      />
      <label for={id}>{props.label}</label>
    </div>
  );
}

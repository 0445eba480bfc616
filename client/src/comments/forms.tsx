import { type FormEvent, type KeyboardEvent, type Ref, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Escape inside an inline form cancels it (and does not close the panel). */
export function cancelOnEscape(cancel: () => void) {
  return (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    cancel();
  };
}

/** What went wrong, read out as it appears; nothing when nothing did. */
export function FormError({ message }: { message: string | false | null }) {
  if (message === false || message === null) return null;
  return (
    <p role="alert" className="form-error">
      {message}
    </p>
  );
}

interface FormActionsProps {
  label: string;
  className?: string;
  /** While the request runs, say. */
  disabled: boolean;
  /** Outside a form: what the main button does. Inside one, it submits the form. */
  onClick?: () => void;
  /** A Cancel button, when the form can be closed. */
  onCancel?: () => void;
}

/** A form's buttons: the one that does what it is for, and Cancel. */
export function FormActions({ label, className, disabled, onClick, onCancel }: FormActionsProps) {
  const { t } = useTranslation();
  return (
    <div className="form-actions">
      <button type={onClick ? 'button' : 'submit'} className={className} disabled={disabled} onClick={onClick}>
        {label}
      </button>
      {onCancel && (
        <button type="button" onClick={onCancel}>
          {t('threads.cancel')}
        </button>
      )}
    </div>
  );
}

/**
 * What stops a form from being sent (null: nothing), and `fixing`, which wraps a field's setter
 * to clear it: the person is fixing it.
 */
export function useProblem<P extends string>() {
  const [problem, setProblem] = useState<P | null>(null);
  const fixing =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setProblem(null);
    };
  return [problem, setProblem, fixing] as const;
}

/** A text that must not be left blank: its value, and whether it was submitted blank. */
export interface RequiredText {
  value: string;
  empty: boolean;
  change: (value: string) => void;
  /** The value as typed; null if blank (the field then says so). */
  take: () => string | null;
  clear: () => void;
}

export function useRequiredText(initial = ''): RequiredText {
  const [value, setValue] = useState(initial);
  const [empty, setEmpty] = useState(false);
  return {
    value,
    empty,
    change: (next) => {
      setValue(next);
      setEmpty(false);
    },
    take: () => {
      if (value.trim() !== '') return value;
      setEmpty(true);
      return null;
    },
    clear: () => setValue(''),
  };
}

interface RequiredTextFieldProps {
  label: string;
  text: RequiredText;
  /** Said when the text is submitted blank. */
  emptyError: string;
  /** A text area of so many rows; without, a one-line field. */
  rows?: number;
  /** The form opened on request: its one field takes focus. */
  autoFocus?: boolean;
}

/** The label, the field and, when it was left blank, the error. */
export function RequiredTextField({ label, text, emptyError, rows, autoFocus }: RequiredTextFieldProps) {
  const id = useId();
  const field = {
    id,
    value: text.value,
    // Only for forms opened on request (as lint/a11y/noAutofocus wants): they replace the content.
    autoFocus,
    'aria-invalid': text.empty || undefined,
    onChange: (event: { target: { value: string } }) => text.change(event.target.value),
  };
  return (
    <>
      <label htmlFor={id}>{label}</label>
      {rows === undefined ? <input type="text" {...field} /> : <textarea rows={rows} {...field} />}
      <FormError message={text.empty && emptyError} />
    </>
  );
}

interface TextAreaFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  rows: number;
  invalid: boolean;
  lang?: string;
  /** Said under the field, which it describes. */
  hint?: string;
  ref?: Ref<HTMLTextAreaElement>;
}

/** A labelled text area of a larger form. */
export function TextAreaField({ label, value, onChange, rows, invalid, lang, hint, ref }: TextAreaFieldProps) {
  const id = useId();
  const hintId = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        ref={ref}
        lang={lang}
        rows={rows}
        value={value}
        aria-invalid={invalid || undefined}
        aria-describedby={hint === undefined ? undefined : hintId}
        onChange={(event) => onChange(event.target.value)}
      />
      {hint !== undefined && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}

interface InlineTextFormProps {
  label: string;
  initial?: string;
  rows?: number;
  emptyError: string;
  submitLabel: string;
  submitClassName: string;
  pending: boolean;
  /** The last request's failure. */
  error: string | null;
  /** With the text as typed (not blank). */
  onSubmit: (text: string) => void;
  onCancel: () => void;
}

/**
 * A form that opens in place of a comment, for one text: its field takes focus; Cancel or Escape
 * closes it.
 */
export function InlineTextForm({
  label,
  initial,
  rows,
  emptyError,
  submitLabel,
  submitClassName,
  pending,
  error,
  onSubmit,
  onCancel,
}: InlineTextFormProps) {
  const text = useRequiredText(initial);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = text.take();
    if (value !== null) onSubmit(value);
  };
  return (
    <form className="inline-form" onSubmit={submit} onKeyDown={cancelOnEscape(onCancel)}>
      <RequiredTextField label={label} text={text} emptyError={emptyError} rows={rows} autoFocus />
      <FormActions label={submitLabel} className={submitClassName} disabled={pending} onCancel={onCancel} />
      <FormError message={error} />
    </form>
  );
}

export interface TwoStepActionProps {
  confirming: boolean;
  pending: boolean;
  /** What confirming does, said while the button asks (it describes the button). */
  question: string;
  questionClassName: string;
  labels: { start: string; confirm: string; cancel: string; pending?: string };
  /** The button: first asks (the caller sets `confirming`), then does it. */
  onActivate: () => void;
  onCancel: () => void;
}

/**
 * A consequential action in two steps: the button asks, and the same button ("Confirm: …") then
 * does it; Cancel or Escape steps back. The question describes the button while it asks.
 */
export function TwoStepAction({
  confirming,
  pending,
  question,
  questionClassName,
  labels,
  onActivate,
  onCancel,
}: TwoStepActionProps) {
  const questionId = useId();
  return (
    <>
      {confirming && (
        <p id={questionId} className={questionClassName}>
          {question}
        </p>
      )}
      <div className="form-actions">
        <button
          type="button"
          className={confirming ? 'danger' : undefined}
          aria-disabled={pending || undefined}
          aria-describedby={confirming ? questionId : undefined}
          onClick={onActivate}
          onKeyDown={confirming ? cancelOnEscape(onCancel) : undefined}
        >
          {pending && labels.pending !== undefined ? labels.pending : confirming ? labels.confirm : labels.start}
        </button>
        {confirming && !pending && (
          <button type="button" onClick={onCancel} onKeyDown={cancelOnEscape(onCancel)}>
            {labels.cancel}
          </button>
        )}
      </div>
    </>
  );
}

import { useRef } from 'react';
import { ATTACHMENT_ACCEPT } from '../../api/landlordPortal.ts';
import { FieldError } from '../../components/Fields.tsx';

interface Props {
  id: string;
  /** The button's words, which are also the input's label ("Välj filer att bifoga"). */
  label: string;
  hint: string;
  error?: string | undefined;
  disabled?: boolean;
  testId?: string;
  onFiles: (files: File[]) => void;
}

/**
 * A file input whose native control (which says "Choose Files / No file chosen" in the browser's language, and
 * "no file" again after the chosen ones are listed) is hidden behind a button-like label in Kvarbo's words. The
 * input itself keeps the keyboard focus, the label and the hint.
 */
export function FilePicker({ id, label, hint, error, disabled, testId, onFiles }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const describedBy = [`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field portal-file-field ${error ? 'field-invalid' : ''}`}>
      <p id={`${id}-hint`} className="field-hint">
        {hint}
      </p>
      {error ? <FieldError id={`${id}-error`} message={error} /> : null}
      <input
        ref={input}
        id={id}
        type="file"
        multiple
        accept={ATTACHMENT_ACCEPT}
        className="portal-file-input"
        disabled={disabled}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        data-testid={testId}
        onChange={(event) => {
          const files = event.target.files ? Array.from(event.target.files) : [];
          // Cleared at once, so choosing the same file again after removing it still reports a change.
          if (input.current) input.current.value = '';
          onFiles(files);
        }}
      />
      <label htmlFor={id} className={`button button-secondary portal-file-button ${disabled ? 'portal-file-button-disabled' : ''}`}>
        {label}
      </label>
    </div>
  );
}

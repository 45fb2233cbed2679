import type { ChangeEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

// Native inputs with a visible <label for>, a hint and an error message that screen readers hear
// together with the field (aria-describedby), and aria-invalid while the value needs correcting.

interface BaseProps {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  optional?: boolean;
  /** A list filter: neither required nor marked optional. */
  filter?: boolean;
  className?: string;
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Label({ id, label, optional }: { id: string; label: string; optional?: boolean }) {
  const { t } = useTranslation();
  // "(frivilligt)" is seen but sits outside the <label> and is not read out: required fields already say
  // "required" (aria-required), and the field's name stays exactly its label, which browser tests rely on.
  return (
    <div className="field-label">
      <label htmlFor={id}>{label}</label>
      {optional ? (
        <span className="field-optional" aria-hidden="true">
          {' '}
          {t('common.optional')}
        </span>
      ) : null}
    </div>
  );
}

function HintAndError({ id, hint, error }: { id: string; hint?: ReactNode; error?: string | undefined }) {
  return (
    <>
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      {error ? <FieldError id={`${id}-error`} message={error} /> : null}
    </>
  );
}

export function FieldError({ id, message }: { id: string; message: string }) {
  const { t } = useTranslation();
  return (
    <p id={id} className="field-error">
      <span className="visually-hidden">{t('errors.title')}: </span>
      {message}
    </p>
  );
}

interface TextFieldProps extends BaseProps {
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'email' | 'tel' | 'date' | 'password' | 'search' | 'number' | 'month';
  inputMode?: 'text' | 'decimal' | 'numeric' | 'tel' | 'email' | 'search';
  autoComplete?: string;
  suffix?: string;
  width?: 'short' | 'medium' | 'long';
  min?: number;
  max?: number;
  autoFocus?: boolean;
  placeholder?: string;
}

export function TextField(props: TextFieldProps) {
  const { id, label, hint, error, optional, value, onChange, type = 'text', suffix, width = 'long' } = props;
  const input = (
    <input
      id={id}
      name={id}
      type={type}
      className={`input input-${width}`}
      value={value}
      onChange={(event: ChangeEvent<HTMLInputElement>) => onChange(event.target.value)}
      aria-invalid={error ? true : undefined}
      aria-describedby={describedBy(id, hint, error)}
      aria-required={optional || props.filter ? undefined : true}
      inputMode={props.inputMode}
      autoComplete={props.autoComplete ?? 'off'}
      min={props.min}
      max={props.max}
      autoFocus={props.autoFocus}
      placeholder={props.placeholder}
      spellCheck={type === 'text' ? undefined : false}
    />
  );
  return (
    <div className={`field ${error ? 'field-invalid' : ''} ${props.className ?? ''}`}>
      <Label id={id} label={label} optional={optional} />
      <HintAndError id={id} hint={hint} error={error} />
      {suffix ? (
        <div className="input-with-suffix">
          {input}
          <span className="input-suffix" aria-hidden="true">
            {suffix}
          </span>
        </div>
      ) : (
        input
      )}
    </div>
  );
}

/** Kronor typed as text ("6 500"); the page turns it into öre with parseKronor on submit. */
export function MoneyField(props: Omit<TextFieldProps, 'type' | 'inputMode' | 'suffix' | 'width'>) {
  const { t } = useTranslation();
  return <TextField {...props} type="text" inputMode="decimal" suffix={t('common.kr')} width="short" />;
}

interface TextAreaFieldProps extends BaseProps {
  value: string;
  onChange: (value: string) => void;
  rows?: number;
}

export function TextAreaField({ id, label, hint, error, optional, value, onChange, rows = 4 }: TextAreaFieldProps) {
  return (
    <div className={`field ${error ? 'field-invalid' : ''}`}>
      <Label id={id} label={label} optional={optional} />
      <HintAndError id={id} hint={hint} error={error} />
      <textarea
        id={id}
        name={id}
        className="input input-long"
        rows={rows}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        aria-required={optional ? undefined : true}
      />
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
}

interface SelectFieldProps extends BaseProps {
  value: string;
  onChange: (value: string) => void;
  options: readonly Option[];
  /** Text of an empty first option ("Välj …", "Alla"); omitted when a value must always be chosen. */
  placeholder?: string;
  width?: 'short' | 'medium' | 'long';
  disabled?: boolean;
}

export function SelectField(props: SelectFieldProps) {
  const { id, label, hint, error, optional, value, onChange, options, placeholder, width = 'long' } = props;
  return (
    <div className={`field ${error ? 'field-invalid' : ''} ${props.className ?? ''}`}>
      <Label id={id} label={label} optional={optional} />
      <HintAndError id={id} hint={hint} error={error} />
      <select
        id={id}
        name={id}
        className={`input select input-${width}`}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        aria-required={optional || props.filter ? undefined : true}
        disabled={props.disabled}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

interface CheckboxFieldProps {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  checked: boolean;
  onChange: (checked: boolean) => void;
}

export function CheckboxField({ id, label, hint, error, checked, onChange }: CheckboxFieldProps) {
  return (
    <div className={`field field-checkbox ${error ? 'field-invalid' : ''}`}>
      <input
        id={id}
        name={id}
        type="checkbox"
        className="checkbox"
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
      <div>
        <label htmlFor={id} className="checkbox-label">
          {label}
        </label>
        <HintAndError id={id} hint={hint} error={error} />
      </div>
    </div>
  );
}

interface RadioGroupProps extends Omit<BaseProps, 'optional'> {
  value: string;
  onChange: (value: string) => void;
  options: readonly Option[];
  inline?: boolean;
}

/** A fieldset whose legend names the question; each radio has its own label. */
export function RadioGroup({ id, label, hint, error, value, onChange, options, inline }: RadioGroupProps) {
  return (
    <fieldset className={`field fieldset ${error ? 'field-invalid' : ''}`} aria-describedby={describedBy(id, hint, error)}>
      <legend className="field-label">{label}</legend>
      <HintAndError id={id} hint={hint} error={error} />
      <div className={inline ? 'radios radios-inline' : 'radios'}>
        {options.map((option, index) => {
          const optionId = index === 0 ? id : `${id}-${option.value}`;
          return (
            <div className="radio" key={option.value}>
              <input
                id={optionId}
                type="radio"
                name={id}
                value={option.value}
                checked={value === option.value}
                onChange={() => onChange(option.value)}
                aria-invalid={error ? true : undefined}
              />
              <label htmlFor={optionId}>{option.label}</label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

interface CheckboxGroupProps extends Omit<BaseProps, 'optional'> {
  value: readonly string[];
  onChange: (value: string[]) => void;
  options: readonly Option[];
}

/** Several answers to one question: a fieldset whose legend is the question, one checkbox per answer. */
export function CheckboxGroup({ id, label, hint, error, value, onChange, options }: CheckboxGroupProps) {
  const toggle = (option: string, checked: boolean) => {
    const next = new Set(value);
    if (checked) next.add(option);
    else next.delete(option);
    // Keep the options' own order, whatever order they were ticked in.
    onChange(options.map((o) => o.value).filter((v) => next.has(v)));
  };
  return (
    <fieldset className={`field fieldset ${error ? 'field-invalid' : ''}`} aria-describedby={describedBy(id, hint, error)}>
      <legend className="field-label">{label}</legend>
      <HintAndError id={id} hint={hint} error={error} />
      <div className="checkboxes">
        {options.map((option, index) => {
          const optionId = index === 0 ? id : `${id}-${option.value}`;
          return (
            <div className="field-checkbox checkbox-option" key={option.value}>
              <input
                id={optionId}
                type="checkbox"
                className="checkbox"
                name={id}
                value={option.value}
                checked={value.includes(option.value)}
                onChange={(event) => toggle(option.value, event.target.checked)}
              />
              <label htmlFor={optionId} className="checkbox-label">
                {option.label}
              </label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

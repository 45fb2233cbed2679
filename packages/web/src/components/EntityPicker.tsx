import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLoad } from '../hooks/useLoad.ts';
import { FieldError, type Option } from './Fields.tsx';

interface Props {
  id: string;
  label: string;
  searchLabel: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: string;
  /** Loads the choices matching q (the list endpoint with a large page). */
  load: (q: string, signal: AbortSignal) => Promise<{ options: Option[]; total: number }>;
  /** The chosen record's label when it may not be among the loaded choices (editing, ?residentId=). */
  selected?: Option | null;
  /** Text of the empty choice; a filter uses "Alla …" and is not required. */
  placeholder?: string;
  filter?: boolean;
  /**
   * Load nothing until this many characters are typed. Listing residents is itself logged as access to
   * each person, so where a choice is optional (the audit filter) we do not list everyone up front.
   */
  minQuery?: number;
  /** Told the whole option when the choice changes, so a caller can remember its label. */
  onSelectOption?: (option: Option | null) => void;
}

/**
 * A searchable select built from two native controls: a search box that narrows the list and a <select>
 * that holds the choice. Works with keyboard, screen readers and browser tests without custom ARIA.
 */
export function EntityPicker(props: Props) {
  const { id, label, searchLabel, value, onChange, error, hint, load, selected, placeholder, filter, minQuery = 0, onSelectOption } = props;
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const waiting = q.length < minQuery;
  const result = useLoad((signal) => (waiting ? Promise.resolve({ options: [], total: 0 }) : load(q, signal)), [q, waiting]);
  const loaded = result.data?.options ?? [];
  const options = selected && value === selected.value && !loaded.some((o) => o.value === value) ? [selected, ...loaded] : loaded;
  const total = result.data?.total ?? 0;

  const searchId = `${id}-search`;
  const statusId = `${id}-status`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null, statusId].filter(Boolean).join(' ');

  return (
    <div className={`field picker ${error ? 'field-invalid' : ''}`}>
      <div className="picker-search">
        <label htmlFor={searchId} className="field-label field-label-small">
          {searchLabel}
        </label>
        <input
          id={searchId}
          type="search"
          className="input input-medium"
          value={text}
          autoComplete="off"
          spellCheck={false}
          aria-controls={id}
          onChange={(event) => {
            const next = event.target.value;
            setText(next);
            window.clearTimeout(timer.current);
            timer.current = window.setTimeout(() => setQ(next.trim()), 300);
          }}
          onKeyDown={(event) => {
            // Enter searches now instead of submitting the whole form.
            if (event.key === 'Enter') {
              event.preventDefault();
              window.clearTimeout(timer.current);
              setQ(text.trim());
            }
          }}
        />
      </div>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      {error ? <FieldError id={`${id}-error`} message={error} /> : null}
      <select
        id={id}
        name={id}
        className="input select input-long"
        value={value}
        onChange={(event) => {
          onChange(event.target.value);
          onSelectOption?.(options.find((o) => o.value === event.target.value) ?? null);
        }}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        aria-required={filter ? undefined : true}
      >
        <option value="">{placeholder ?? t('common.choose')}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <p id={statusId} className="field-hint picker-status" aria-live="polite">
        {waiting
          ? t('placements.pickerTypeToSearch')
          : result.loading && !result.data
            ? t('app.loading')
            : total > loaded.length
              ? t('placements.pickerTruncated', { shown: loaded.length, total })
              : t('placements.pickerMatches', { count: total })}
      </p>
    </div>
  );
}

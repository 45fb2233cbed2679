import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface SearchBarProps {
  id: string;
  label: string;
  hint?: string;
  value: string;
  onSearch: (q: string) => void;
  children?: ReactNode;
}

/**
 * Search as you type (after a short pause), or press Enter. Extra filters (status, type) go in children so
 * they sit on the same row.
 */
export function SearchBar({ id, label, hint, value, onSearch, children }: SearchBarProps) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  const timer = useRef<number | undefined>(undefined);
  const lastSent = useRef(value);

  // Back/forward changes the address: follow it.
  useEffect(() => {
    if (value !== lastSent.current) {
      lastSent.current = value;
      setText(value);
    }
  }, [value]);

  useEffect(() => () => window.clearTimeout(timer.current), []);

  const send = (q: string) => {
    window.clearTimeout(timer.current);
    const trimmed = q.trim();
    if (trimmed === lastSent.current) return;
    lastSent.current = trimmed;
    onSearch(trimmed);
  };

  return (
    <form
      className="list-controls"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        send(text);
      }}
    >
      <div className="field field-search">
        <label htmlFor={id} className="field-label">
          {label}
        </label>
        {hint ? (
          <p id={`${id}-hint`} className="field-hint">
            {hint}
          </p>
        ) : null}
        <div className="search-row">
          <input
            id={id}
            type="search"
            className="input input-medium"
            value={text}
            autoComplete="off"
            spellCheck={false}
            aria-describedby={hint ? `${id}-hint` : undefined}
            onChange={(event) => {
              const next = event.target.value;
              setText(next);
              window.clearTimeout(timer.current);
              timer.current = window.setTimeout(() => send(next), 350);
            }}
          />
          <button type="submit" className="button button-secondary">
            {t('common.search')}
          </button>
        </div>
      </div>
      {children}
    </form>
  );
}

interface SortHeaderProps {
  label: string;
  field: string;
  sort: string;
  onSort: (sort: string) => void;
  className?: string;
}

/** A column header that sorts: aria-sort on the <th>, a real button inside it. */
export function SortHeader({ label, field, sort, onSort, className }: SortHeaderProps) {
  const { t } = useTranslation();
  const direction = sort === field ? 'ascending' : sort === `-${field}` ? 'descending' : 'none';
  const next = direction === 'ascending' ? `-${field}` : field;
  return (
    <th scope="col" aria-sort={direction} className={className}>
      <button type="button" className="sort-button" onClick={() => onSort(next)}>
        {label}
        <span className={`sort-icon sort-${direction}`} aria-hidden="true" />
        <span className="visually-hidden">
          {direction === 'none' ? `, ${t('common.sortBy', { column: label })}` : `, ${t(`common.${direction}`)}`}
        </span>
      </button>
    </th>
  );
}

interface PaginationProps {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
}

export function Pagination({ page, pageSize, total, onPage }: PaginationProps) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / Math.max(1, pageSize)));
  if (pages <= 1) return null;
  return (
    <nav className="pagination" aria-label={t('common.pagination')}>
      <button type="button" className="button button-secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        <span aria-hidden="true">← </span>
        {t('common.previous')}
      </button>
      <span className="pagination-status" aria-current="page">
        {t('common.pageOf', { page, pages })}
      </span>
      <button type="button" className="button button-secondary" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t('common.next')}
        <span aria-hidden="true"> →</span>
      </button>
    </nav>
  );
}

/** "12 träffar", announced politely when the list changes. */
export function ResultCount({ total, loading }: { total: number | undefined; loading: boolean }) {
  const { t } = useTranslation();
  return (
    <p className="result-count" role="status" aria-live="polite" data-testid="result-count">
      {total === undefined ? (loading ? t('app.loading') : '') : t('common.results', { count: total })}
    </p>
  );
}

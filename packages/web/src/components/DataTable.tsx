import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SortHeader } from './ListControls.tsx';

export interface Column<T> {
  key: string;
  label: string;
  /** The API's sort field; the header becomes a sort button when given. */
  sortField?: string;
  render: (row: T) => ReactNode;
  className?: string;
}

interface Props<T> {
  caption: string;
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  sort?: string;
  onSort?: (sort: string) => void;
  empty?: string;
  testId?: string;
  /** Extra attributes of a row: a class, or data-* values for tests (data-task-id …). */
  rowProps?: (row: T) => { className?: string } & Record<`data-${string}`, string | undefined>;
}

/**
 * A plain table with a (visually hidden) caption. On phones each row becomes a card, the column name
 * shown before each value (data-label).
 */
export function DataTable<T>({ caption, rows, columns, rowKey, sort = '', onSort, empty, testId, rowProps }: Props<T>) {
  const { t } = useTranslation();
  if (rows.length === 0) return <p className="empty">{empty ?? t('common.noResults')}</p>;
  return (
    <div className="table-wrap">
      <table className="table table-stack" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) =>
              column.sortField && onSort ? (
                <SortHeader
                  key={column.key}
                  label={column.label}
                  field={column.sortField}
                  sort={sort}
                  onSort={onSort}
                  className={column.className}
                />
              ) : (
                <th key={column.key} scope="col" className={column.className}>
                  {column.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} {...rowProps?.(row)}>
              {columns.map((column) => (
                <td key={column.key} data-label={column.label} className={column.className}>
                  {/* One element per cell, so the phone layout (label | value) keeps several lines together. */}
                  <div className="cell">{column.render(row) ?? ''}</div>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

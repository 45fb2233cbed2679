import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface DetailItem {
  label: string;
  value: ReactNode;
  testId?: string;
}

/** Label–value pairs as a description list; empty values show a dash, never a blank. */
export function DetailList({ items }: { items: DetailItem[] }) {
  const { t } = useTranslation();
  return (
    <dl className="details">
      {items.map((item) => (
        <div className="details-row" key={item.label}>
          <dt>{item.label}</dt>
          <dd data-testid={item.testId}>{isEmpty(item.value) ? t('common.none') : item.value}</dd>
        </div>
      ))}
    </dl>
  );
}

function isEmpty(value: ReactNode): boolean {
  return value === null || value === undefined || value === '' || value === false;
}

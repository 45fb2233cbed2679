import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Placement } from '../api/types.ts';
import { today } from '../format.ts';
import { useLabels } from '../labels.ts';
import { DataTable, type Column } from './DataTable.tsx';

interface Props {
  caption: string;
  placements: Placement[];
  /** Which side of the placement to name: the resident (on an apartment) or the apartment (on a resident). */
  show: 'resident' | 'apartment' | 'both';
  empty: string;
  testId?: string;
  sort?: string;
  onSort?: (sort: string) => void;
}

/** Placements as a table: who/where, period, status and end reason; each row links to the placement. */
export function PlacementTable({ caption, placements, show, empty, testId, sort, onSort }: Props) {
  const { t } = useTranslation();
  const labels = useLabels();
  const columns: Column<Placement>[] = [];
  if (show !== 'apartment') {
    columns.push({
      key: 'resident',
      label: t('placements.resident'),
      sortField: 'residentName',
      render: (p) => <Link to={`/placements/${p.id}`}>{p.residentName}</Link>,
    });
  }
  if (show !== 'resident') {
    columns.push({
      key: 'apartment',
      label: t('placements.apartment'),
      sortField: 'address',
      render: (p) => (show === 'apartment' ? <Link to={`/placements/${p.id}`}>{p.apartmentAddress}</Link> : p.apartmentAddress),
    });
  }
  columns.push(
    { key: 'start', label: t('placements.startDate'), sortField: 'startDate', render: (p) => p.startDate },
    {
      key: 'end',
      label: t('placements.endDate'),
      sortField: 'endDate',
      render: (p) => p.endDate ?? <span className="muted">{t('placements.untilFurther')}</span>,
    },
    { key: 'status', label: t('placements.status'), render: (p) => <PlacementStatus placement={p} /> },
    { key: 'reason', label: t('placements.endReason'), render: (p) => labels.endReason(p.endReason) },
  );
  return (
    <DataTable
      caption={caption}
      rows={placements}
      columns={columns}
      rowKey={(p) => p.id}
      empty={empty}
      testId={testId}
      sort={sort}
      onSort={onSort}
    />
  );
}

export function PlacementStatus({ placement }: { placement: Pick<Placement, 'startDate' | 'endDate'> }) {
  const { t } = useTranslation();
  const now = today();
  if (placement.endDate && placement.endDate < now) return <span className="tag tag-ended">{t('placements.ended')}</span>;
  if (placement.startDate > now) return <span className="tag tag-upcoming">{t('placements.upcoming')}</span>;
  return <span className="tag tag-active">{t('placements.ongoing')}</span>;
}

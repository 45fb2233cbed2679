import { addMonths } from '@kvarbo/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { followupApi } from '../../api/followup.ts';
import type { Placement, RentHistoryMonth } from '../../api/types.ts';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { MonthStatusTag } from '../../components/MonthStatusTag.tsx';
import { RentStatusCell, worstStatus } from '../../components/RentStatusCell.tsx';
import { money, today } from '../../format.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useScrollToHash } from '../../hooks/useScrollToHash.ts';
import { HomeVisitRecord, useReasonText } from '../tasks/HomeVisit.tsx';
import { TaskStatusTags } from '../tasks/TaskTags.tsx';

const MONTHS_SHOWN = 6;

/**
 * "Månad för månad" on the resident page: each month's rent status (in words, never colour alone), the
 * routine's tasks and how they ended, and the home visits and notices of that month, newest month first.
 */
export function RentHistory({ residentId, placements }: { residentId: string; placements: Placement[] }) {
  const { t } = useTranslation();
  const history = useLoad((signal) => followupApi.rentHistory(residentId, signal), [residentId]);
  const [all, setAll] = useState(false);
  useScrollToHash(history.data !== undefined);
  const reasonText = useReasonText();
  const addressOf = (placementId: string) => placements.find((p) => p.id === placementId)?.apartmentAddress ?? '';

  const columns: Column<RentHistoryMonth>[] = [
    { key: 'month', label: t('history.month'), render: (m) => <strong>{m.month}</strong>, className: 'nowrap' },
    {
      key: 'rent',
      label: t('history.rent'),
      className: 'col-rent',
      render: (m) => (
        <ul className="plain-list history-statuses">
          {m.statuses.map((s) => (
            <li key={s.placementId} data-placement-id={s.placementId}>
              <MonthStatusTag status={s.status} />
              <span className="cell-sub">{t('history.paidOf', { paid: money(s.paidOre), due: money(s.dueOre) })}</span>
              <span className="cell-sub">
                {s.paidInFullOn
                  ? t('history.paidInFull', { date: s.paidInFullOn })
                  : s.dueDate < today()
                    ? t('history.dueOn', { date: s.dueDate })
                    : t('history.dueOnFuture', { date: s.dueDate })}
              </span>
              {m.statuses.length > 1 ? <span className="cell-sub">{addressOf(s.placementId)}</span> : null}
            </li>
          ))}
        </ul>
      ),
    },
    {
      key: 'tasks',
      label: t('history.followup'),
      render: (m) =>
        m.tasks.length === 0 ? (
          <span className="muted">{t('history.noTasks')}</span>
        ) : (
          <ul className="plain-list history-tasks">
            {m.tasks.map((task) => (
              <li key={task.id} data-task-id={task.id}>
                <Link to={`/tasks/${task.id}`}>{t(`tasks.kinds.${task.kind}`)}</Link> <TaskStatusTags task={task} />
                {task.status === 'done' && task.outcome ? <span className="cell-sub">{task.outcome}</span> : null}
              </li>
            ))}
          </ul>
        ),
    },
    {
      key: 'visits',
      label: t('history.visits'),
      render: (m) =>
        m.homeVisits.length === 0 && m.agencyNotices.length === 0 ? (
          <span className="muted">{t('history.noVisits')}</span>
        ) : (
          <ul className="plain-list history-visits">
            {m.homeVisits.map((visit) => (
              <li key={visit.id}>
                <strong>
                  {visit.happened ? t('visit.visitOn', { date: visit.visitDate }) : t('visit.notHappenedOn', { date: visit.visitDate })}
                </strong>
                {visit.happened ? <span className="cell-sub">{reasonText(visit)}</span> : null}
                <details className="history-visit">
                  <summary>{t('history.showVisit')}</summary>
                  <HomeVisitRecord visit={visit} headingLevel={4} />
                </details>
              </li>
            ))}
            {m.agencyNotices.map((n) => (
              <li key={n.id}>{t('notice.told', { date: n.sentOn, how: t(`notice.methods.${n.sentHow}`) })}</li>
            ))}
          </ul>
        ),
    },
  ];

  return (
    <section className="card" id="rent-history" aria-labelledby="rent-history-title">
      <h2 id="rent-history-title">{t('history.title')}</h2>
      <p className="muted">{t('history.intro')}</p>
      <LoadState {...history}>
        {(months) => {
          const sorted = [...months].sort((a, b) => b.month.localeCompare(a.month));
          const rows = all ? sorted : sorted.slice(0, MONTHS_SHOWN);
          return (
            <div data-testid="rent-history">
              <LastYearRow months={months} />
              <DataTable
                caption={t('history.title')}
                rows={rows}
                columns={columns}
                rowKey={(m) => m.month}
                empty={t('history.empty')}
                rowProps={(m) => ({ 'data-month': m.month })}
              />
              {!all && sorted.length > MONTHS_SHOWN ? (
                <button type="button" className="button button-quiet button-inline show-all" onClick={() => setAll(true)}>
                  {t('history.showAll', { count: sorted.length })}
                </button>
              ) : null}
            </div>
          );
        }}
      </LoadState>
    </section>
  );
}

/**
 * The resident's own row of the "Individuell översikt" grid: the last 12 months (this month last), the same
 * coloured cells with symbol and word. A month with two placements shows the worse status.
 */
function LastYearRow({ months }: { months: RentHistoryMonth[] }) {
  const { t } = useTranslation();
  const current = today().slice(0, 7);
  const shown = Array.from({ length: 12 }, (_, i) => addMonths(current, i - 11));
  const statusOf = (month: string) => worstStatus(months.find((m) => m.month === month)?.statuses.map((s) => s.status) ?? []);
  return (
    <div className="resident-rent-row" data-testid="resident-rent-row">
      <h3>{t('rentCell.rowHeading')}</h3>
      <ol className="plain-list rent-row" aria-label={t('rentCell.rowCaption')}>
        {shown.map((month) => (
          <li key={month} data-month={month} className="rent-row-month">
            <span className="rent-row-label" aria-hidden="true">
              {month}
            </span>
            <RentStatusCell status={statusOf(month)} month={month} />
          </li>
        ))}
      </ol>
    </div>
  );
}

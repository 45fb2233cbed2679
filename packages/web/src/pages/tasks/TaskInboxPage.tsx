import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { followupApi } from '../../api/followup.ts';
import type { Task, TaskScope } from '../../api/types.ts';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { RadioGroup, SelectField } from '../../components/Fields.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Page } from '../../components/Page.tsx';
import { money } from '../../format.ts';
import { useListParams } from '../../hooks/useListParams.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { DeadlineAlerts } from './DeadlineAlerts.tsx';
import { useMe, useSession } from '../../session/SessionContext.tsx';
import { MonthLetters } from './MonthLetters.tsx';
import { TaskStatusTags } from './TaskTags.tsx';
import { PersonName, personNameText } from '../../components/PersonName.tsx';

type StatusFilter = 'open' | 'done' | 'all';
const STATUS_FILTERS: StatusFilter[] = ['open', 'done', 'all'];

/** Overdue first, then by the day each is due; done tasks after, the most recently done first. */
export function inboxOrder(a: Task, b: Task): number {
  if (a.status !== b.status) return a.status === 'open' ? -1 : 1;
  if (a.status === 'done') return (b.doneAt ?? '').localeCompare(a.doneAt ?? '');
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  return a.dueDate.localeCompare(b.dueDate) || a.residentName.localeCompare(b.residentName, 'sv');
}

/**
 * /tasks – "Uppgifter", the start page of caseworkers and managers: the routine's tasks for me (or, for a
 * manager, the whole unit), overdue first and marked "Försenad" in words.
 */
export function TaskInboxPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { unit } = useSession();
  const params = useListParams('');
  const isManager = unit?.role === 'manager';
  const scope: TaskScope = isManager && params.get('scope') === 'unit' ? 'unit' : 'mine';
  const statusParam = params.get('status', 'open');
  const status: StatusFilter = STATUS_FILTERS.includes(statusParam as StatusFilter) ? (statusParam as StatusFilter) : 'open';
  const [letters, setLetters] = useState(false);
  // react-router changes the address in a transition; show the choice at once rather than after it.
  const [chosen, setChosen] = useState<{ scope?: TaskScope; status?: StatusFilter }>({});
  useEffect(() => setChosen({}), [scope, status]);
  const letterUnits = me.units.filter((u) => u.role !== 'analyst');

  const list = useLoad(
    (signal) => followupApi.tasks({ scope, status, unitId: scope === 'unit' ? unit?.id : undefined }, signal),
    [scope, status, unit?.id],
  );

  const columns: Column<Task>[] = [
    {
      key: 'task',
      label: t('tasks.task'),
      render: (task) => (
        <>
          <Link to={`/tasks/${task.id}`} className="task-link">
            {t(`tasks.kinds.${task.kind}`)}
            <span className="visually-hidden">
              {t('tasks.taskFor', { name: personNameText(t, task.residentName, task.residentCulled), month: task.month })}
            </span>
          </Link>
        </>
      ),
    },
    {
      key: 'resident',
      label: t('tasks.resident'),
      render: (task) => (
        <>
          <Link to={`/residents/${task.residentId}`}>
            <PersonName name={task.residentName} culled={task.residentCulled} />
          </Link>
          <span className="cell-sub">{task.apartmentAddress}</span>
        </>
      ),
    },
    { key: 'month', label: t('tasks.month'), render: (task) => task.month, className: 'nowrap' },
    {
      key: 'open',
      label: t('tasks.open'),
      // What was unpaid at the checkpoint; once the month is paid it is history, not a debt.
      render: (task) => (task.paidMeanwhileOn ? <span className="amount-then">{money(task.openOre)}</span> : money(task.openOre)),
      className: 'numeric',
    },
    {
      key: 'due',
      label: t('tasks.due'),
      render: (task) => (task.overdue ? <strong>{task.dueDate}</strong> : task.dueDate),
      className: 'nowrap',
    },
    ...(scope === 'unit'
      ? [{ key: 'assignee', label: t('tasks.assignee'), render: (task: Task) => task.assigneeName ?? <em>{t('tasks.unassigned')}</em> }]
      : []),
    { key: 'status', label: t('tasks.status'), render: (task) => <TaskStatusTags task={task} /> },
  ];

  return (
    <Page
      title={t('tasks.title')}
      kicker={unit?.name ?? t('tasks.kicker')}
      actions={
        <>
          {letterUnits.length > 0 ? (
            <button type="button" className="button button-secondary" onClick={() => setLetters(true)}>
              {t('tasks.monthLetters')}
            </button>
          ) : null}
          {letterUnits.length > 0 ? (
            <Link className="button button-secondary" to="/followup">
              {t('tasks.settingsLink')}
            </Link>
          ) : null}
        </>
      }
    >
      <DeadlineAlerts unitId={unit?.role === 'analyst' ? undefined : unit?.id} />
      <p className="lead task-intro">{t('tasks.intro')}</p>
      <details className="legend routine">
        <summary>{t('tasks.routine')}</summary>
        <ol className="routine-steps">
          <li>{t('tasks.routineSteps.reminder')}</li>
          <li>{t('tasks.routineSteps.home_visit')}</li>
          <li>{t('tasks.routineSteps.manager_meeting')}</li>
        </ol>
        <p className="small muted">{t('tasks.routineNote')}</p>
      </details>

      <div className="list-controls task-filters">
        {isManager ? (
          <RadioGroup
            id="task-scope"
            label={t('tasks.whose')}
            value={chosen.scope ?? scope}
            onChange={(value) => {
              setChosen((c) => ({ ...c, scope: value === 'unit' ? 'unit' : 'mine' }));
              params.set({ scope: value === 'unit' ? 'unit' : null });
            }}
            options={[
              { value: 'mine', label: t('tasks.mine') },
              { value: 'unit', label: t('tasks.unit') },
            ]}
            inline
          />
        ) : null}
        <SelectField
          id="task-status-filter"
          label={t('tasks.statusFilter')}
          value={chosen.status ?? status}
          onChange={(value) => {
            setChosen((c) => ({ ...c, status: value as StatusFilter }));
            params.set({ status: value === 'open' ? null : value });
          }}
          options={[
            { value: 'open', label: t('tasks.statusOpen') },
            { value: 'done', label: t('tasks.statusDone') },
            { value: 'all', label: t('tasks.statusAll') },
          ]}
          filter
          width="medium"
        />
      </div>

      <LoadState {...list}>
        {(tasks) => {
          const rows = [...tasks].sort(inboxOrder);
          const open = rows.filter((task) => task.status === 'open');
          const overdue = open.filter((task) => task.overdue).length;
          const empty = status !== 'open' ? t('tasks.empty') : scope === 'unit' ? t('tasks.emptyUnit') : t('tasks.emptyMine');
          return (
            <>
              <p className="result-count" role="status" data-testid="task-count">
                {status === 'done' ? (
                  t('common.results', { count: rows.length })
                ) : (
                  <>
                    {t('tasks.openCount', { count: open.length })}
                    {overdue > 0 ? (
                      <>
                        {', '}
                        <strong className="overdue-count">{t('tasks.overdueCount', { count: overdue })}</strong>
                      </>
                    ) : null}
                  </>
                )}
              </p>
              <DataTable
                caption={t('tasks.title')}
                rows={rows}
                columns={columns}
                rowKey={(task) => task.id}
                empty={empty}
                testId="task-table"
                rowProps={(task) => ({
                  className: task.overdue ? 'row-overdue' : task.status === 'done' ? 'row-done' : undefined,
                  'data-task-id': task.id,
                  'data-kind': task.kind,
                  'data-overdue': String(task.overdue),
                  'data-status': task.status,
                })}
              />
            </>
          );
        }}
      </LoadState>

      {letterUnits.length > 0 ? (
        <Dialog open={letters} title={t('tasks.monthLetters')} onClose={() => setLetters(false)} testId="month-letters-dialog">
          <MonthLetters units={letterUnits} />
          <div className="form-actions">
            <button type="button" className="button button-link" onClick={() => setLetters(false)}>
              {t('ledger.close')}
            </button>
          </div>
        </Dialog>
      ) : null}
    </Page>
  );
}

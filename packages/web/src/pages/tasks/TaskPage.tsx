import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { followupApi, letterUrls } from '../../api/followup.ts';
import { ledgerApi } from '../../api/ledger.ts';
import { residentsApi } from '../../api/residents.ts';
import type { Resident, StaffMember, TaskDetail, TaskEvent } from '../../api/types.ts';
import { unitsApi } from '../../api/units.ts';
import { DetailList } from '../../components/DetailList.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Notice, Page } from '../../components/Page.tsx';
import { instant, money, today } from '../../format.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { RepaymentPlans } from '../ledger/RepaymentPlans.tsx';
import { AgencyNoticeForm, AgencyNoticeList } from './AgencyNotice.tsx';
import { HomeVisitForm, HomeVisitRecord } from './HomeVisit.tsx';
import { CommentOnTask, CompleteTask, ReassignTask } from './TaskActions.tsx';
import { PdfLink } from '../../components/PdfLink.tsx';
import { TaskStatusTags } from './TaskTags.tsx';
import { PersonName, personNameText } from '../../components/PersonName.tsx';

interface Loaded {
  task: TaskDetail;
  staff: StaffMember[];
  resident: Resident | null;
  /** Rent due before today and still unpaid (a repayment plan's default debt); null when not looked up. */
  arrearsOre: number | null;
}

/**
 * /tasks/:id – one step of the routine for one resident and month: the facts, what to do (the letter, the home
 * visit form, the notice to the commissioning agency and a repayment plan), closing or passing it on, and its
 * history.
 */
export function TaskPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const data = useLoad<Loaded>(
    async (signal) => {
      const task = await followupApi.task(id, signal);
      const plans = task.kind === 'manager_meeting' || task.kind === 'missed_instalment';
      const [staff, resident, ledger] = await Promise.all([
        unitsApi.staff(task.unitId, signal).catch(() => [] as StaffMember[]),
        // The commissioning agency to notify is on the resident.
        task.kind === 'manager_meeting' ? residentsApi.get(task.residentId, signal).catch(() => null) : Promise.resolve(null),
        // The debt today, for the repayment plan made at the meeting.
        plans ? ledgerApi.ofPlacement(task.placementId, signal).catch(() => null) : Promise.resolve(null),
      ]);
      const now = today();
      const arrearsOre = ledger ? ledger.months.filter((m) => m.dueDate < now).reduce((sum, m) => sum + m.openOre, 0) : null;
      return { task, staff, resident, arrearsOre };
    },
    [id],
  );
  const task = data.data?.task;
  const kind = task ? t(`tasks.kinds.${task.kind}`) : '';

  return (
    <Page
      title={task ? t('task.title', { kind, name: personNameText(t, task.residentName, task.residentCulled) }) : t('task.titlePlain')}
      kicker={task ? t('task.kicker', { month: task.month }) : t('tasks.kicker')}
      actions={
        task ? (
          <>
            <Link className="button button-secondary" to="/tasks">
              {t('task.back')}
            </Link>
            <Link className="button button-secondary" to={`/residents/${task.residentId}/ledger#placement-${task.placementId}`}>
              {t('task.ledgerLink')}
            </Link>
          </>
        ) : null
      }
    >
      <LoadState {...data}>{(loaded) => <TaskView {...loaded} reload={data.reload} />}</LoadState>
    </Page>
  );
}

function TaskView({ task, staff, resident, arrearsOre, reload }: Loaded & { reload: () => void }) {
  const { t } = useTranslation();
  const open = task.status === 'open';
  const [message, setMessage] = useState<string | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);

  // Closing, reopening or passing the task on changes the whole page: say so at the top and move focus there.
  const changed = (text: string) => {
    setMessage(text);
    reload();
    requestAnimationFrame(() => noticeRef.current?.focus());
  };

  return (
    <div className="stack task-page" data-testid="task-page" data-task-id={task.id} data-kind={task.kind} data-status={task.status}>
      <div ref={noticeRef} tabIndex={-1} className="notice-anchor" data-testid="task-message">
        {message ? <Notice>{message}</Notice> : null}
      </div>
      {task.status === 'done' ? (
        <Notice tone="info">
          <span data-testid="task-done">
            {t('task.doneNotice', { date: task.doneAt ? instant(task.doneAt) : '' })}
            {task.outcome ? ` ${t('task.outcome')}: ${task.outcome}` : null}
          </span>
        </Notice>
      ) : null}
      {task.paidMeanwhileOn && open ? (
        <Notice tone="info">{t('task.paidMeanwhileNotice', { month: task.month, date: task.paidMeanwhileOn })}</Notice>
      ) : null}

      <div className="task-layout">
        <section className="card task-facts" aria-labelledby="task-facts">
          <h2 id="task-facts">{t('task.facts')}</h2>
          <DetailList
            items={[
              { label: t('task.status'), value: <TaskStatusTags task={task} />, testId: 'task-status' },
              {
                label: t('task.resident'),
                value: (
                  <Link to={`/residents/${task.residentId}`}>
                    <PersonName name={task.residentName} culled={task.residentCulled} />
                  </Link>
                ),
              },
              { label: t('task.apartment'), value: task.apartmentAddress },
              { label: t('task.month'), value: task.month },
              {
                label: task.kind === 'missed_instalment' ? t('task.shortOfInstalment') : t('task.openAtStart'),
                value: money(task.openOre),
                testId: 'task-open-amount',
              },
              ...(arrearsOre !== null ? [{ label: t('task.arrearsToday'), value: money(arrearsOre), testId: 'task-arrears' }] : []),
              { label: t('task.created'), value: task.runDate },
              { label: t('task.due'), value: task.overdue ? <strong>{task.dueDate}</strong> : task.dueDate },
              { label: t('task.assignee'), value: task.assigneeName ?? t('tasks.unassigned'), testId: 'task-assignee' },
              ...(task.paidMeanwhileOn ? [{ label: t('tasks.paidMeanwhile'), value: task.paidMeanwhileOn }] : []),
              ...(task.status === 'done'
                ? [
                    { label: t('task.doneAt'), value: task.doneAt ? instant(task.doneAt) : null },
                    { label: t('task.outcome'), value: task.outcome ? <span className="pre-line">{task.outcome}</span> : null },
                  ]
                : []),
            ]}
          />
          <div className="button-row">
            <Link className="button button-quiet" to={`/residents/${task.residentId}#rent-history`}>
              {t('task.historyLink')}
            </Link>
          </div>
        </section>

        <div className="stack task-main">
          {task.kind !== 'home_visit' ? (
            <section className="card task-todo" aria-labelledby="task-todo">
              <h2 id="task-todo">{t('task.whatToDo')}</h2>
              <p>{t(`tasks.kindHelp.${task.kind}`)}</p>
              {task.kind === 'reminder' ? (
                <>
                  <p className="muted">{t('task.reminderIntro')}</p>
                  <PdfLink
                    href={letterUrls.reminder(task.id)}
                    label={t('task.reminderLetter')}
                    testId="reminder-letter-link"
                    primary={open}
                  />
                </>
              ) : null}
            </section>
          ) : null}

          {task.kind === 'home_visit' ? (
            <>
              <section className="card" aria-labelledby="visit-form-title">
                <h2 id="visit-form-title">{t('visit.title')}</h2>
                <HomeVisitForm taskId={task.id} taskOpen={open} onSaved={reload} />
              </section>
              <section className="card" aria-labelledby="visits-title" data-testid="home-visits">
                <h2 id="visits-title">{t('visit.savedVisits')}</h2>
                {task.homeVisits.length === 0 ? (
                  <p className="empty">{t('visit.noVisits')}</p>
                ) : (
                  [...task.homeVisits]
                    .sort((a, b) => b.visitDate.localeCompare(a.visitDate))
                    .map((visit) => <HomeVisitRecord key={visit.id} visit={visit} />)
                )}
              </section>
            </>
          ) : null}

          {task.kind === 'manager_meeting' ? (
            <>
              <section className="card" aria-labelledby="notice-title">
                <h2 id="notice-title">{t('notice.title')}</h2>
                <p>{t('notice.intro')}</p>
                <DetailList
                  items={[
                    {
                      label: t('notice.commissioner'),
                      value: resident?.commissionerId ? (
                        <Link to={`/commissioners/${resident.commissionerId}`}>{resident.commissionerName}</Link>
                      ) : null,
                      testId: 'task-commissioner',
                    },
                    { label: t('notice.commissionerContact'), value: resident?.commissionerContact },
                  ]}
                />
                <div className="button-row">
                  <PdfLink href={letterUrls.agencyNotice(task.id)} label={t('notice.pdf')} testId="agency-notice-link" />
                </div>
                <h3 className="subheading">{t('notice.list')}</h3>
                <AgencyNoticeList notices={task.agencyNotices} />
                <AgencyNoticeForm taskId={task.id} onSaved={reload} />
              </section>
            </>
          ) : null}

          {task.kind === 'manager_meeting' || task.kind === 'missed_instalment' ? (
            <div className="card" data-testid="task-repayment-plans">
              <RepaymentPlans placementId={task.placementId} arrearsOre={arrearsOre} level={2} onChanged={reload} />
            </div>
          ) : null}

          <section className="card task-actions" aria-labelledby="task-actions">
            <h2 id="task-actions">{t('task.actions')}</h2>
            <CompleteTask task={task} onDone={changed} />
            {open ? <ReassignTask task={task} staff={staff} onChanged={changed} /> : null}
            <CommentOnTask task={task} onChanged={reload} />
          </section>
        </div>

        <div className="task-history-column">
          <section className="card" aria-labelledby="task-history">
            <h2 id="task-history">{t('task.history')}</h2>
            <TaskHistory task={task} staff={staff} />
          </section>
        </div>
      </div>
    </div>
  );
}

/** Newest first; the task's own start (made by Kvarbo on the checkpoint day) last. */
function TaskHistory({ task, staff }: { task: TaskDetail; staff: StaffMember[] }) {
  const { t } = useTranslation();
  const sorted = [...task.events].sort((a, b) => b.at.localeCompare(a.at));
  const nameOf = (id: string | null) => staff.find((s) => s.id === id)?.displayName ?? null;

  const describe = (event: TaskEvent): { line: string; body: string | null } => {
    const user = event.userName ?? t('task.someone');
    switch (event.kind) {
      case 'reassigned': {
        const to = nameOf(event.toUserId);
        return { line: to ? t('task.events.reassigned', { user, to }) : t('task.events.reassignedUnknown', { user }), body: null };
      }
      case 'paid_meanwhile':
        return { line: t('task.events.paid_meanwhile'), body: null };
      // The server's line for a notice names the method by its code; the notices are listed in words above.
      case 'notice':
        return { line: t('task.events.notice', { user }), body: null };
      default:
        return { line: t(`task.events.${event.kind}`, { user }), body: event.text };
    }
  };

  return (
    <ol className="notes timeline" data-testid="task-history">
      {sorted.map((event) => {
        const { line, body } = describe(event);
        return (
          <li key={event.id} className="note" data-event-kind={event.kind}>
            <p className="note-meta">{instant(event.at)}</p>
            <p className="timeline-line">{line}</p>
            {body ? <p className="note-body">{body}</p> : null}
          </li>
        );
      })}
      <li className="note" data-event-kind="created">
        <p className="note-meta">{task.runDate}</p>
        <p className="timeline-line">{t('task.events.created')}</p>
      </li>
    </ol>
  );
}

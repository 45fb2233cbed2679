import { planSchedule, rentDueDate, validateRepaymentPlanTerms, type RepaymentPlanTerms } from '@kvarbo/domain';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { followupApi, letterUrls } from '../../api/followup.ts';
import type { RepaymentPlan } from '../../api/types.ts';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { DetailList } from '../../components/DetailList.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { MoneyField, RadioGroup, TextAreaField, TextField } from '../../components/Fields.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { describeError } from '../../components/describeError.ts';
import { ErrorBox, Notice } from '../../components/Page.tsx';
import { isIsoDate, isMonth, money, nextMonth, optionalText, positiveOre, readKronor, today } from '../../format.ts';
import { useForm, type FieldErrors } from '../../hooks/useForm.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { PdfLink } from '../../components/PdfLink.tsx';

type PlanState = 'active' | 'behind' | 'complete' | 'cancelled';
type InstalmentState = 'paid' | 'partly' | 'missed' | 'upcoming';

function planState(plan: RepaymentPlan): PlanState {
  if (plan.cancelled) return 'cancelled';
  if (plan.progress.complete) return 'complete';
  return plan.progress.behindOre > 0 ? 'behind' : 'active';
}

const STATE_TAG: Record<PlanState, string> = {
  active: 'tag-open',
  behind: 'tag-late',
  complete: 'tag-on-time',
  cancelled: 'tag-ended',
};
const STATE_SYMBOL: Record<PlanState, string> = { active: '○', behind: '!', complete: '✓', cancelled: '–' };

interface Props {
  placementId: string;
  /**
   * The arrears open today (due before today), to name the server's default debt; 0 hides "Ny
   * avbetalningsplan" (there is nothing to plan for); null when not known.
   */
  arrearsOre?: number | null;
  /** 3 on the ledger (inside a placement's h2), 2 on a task page. */
  level?: 2 | 3;
  /** Something changed (a plan made or ended): the ledger reloads its figures. */
  onChanged?: () => void;
}

/**
 * A placement's repayment plans (avbetalningsplaner): each with its schedule and how far it has come, the
 * agreement to print, ending a plan, and "Ny avbetalningsplan" when none is running.
 */
export function RepaymentPlans({ placementId, arrearsOre = null, level = 3, onChanged }: Props) {
  const { t } = useTranslation();
  const plans = useLoad((signal) => followupApi.plans(placementId, signal), [placementId]);
  const [formOpen, setFormOpen] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState<RepaymentPlan | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const Heading = level === 2 ? 'h2' : 'h3';
  const headingId = `plans-${placementId}`;
  const formId = `plan-form-${placementId}`;

  const changed = (text: string) => {
    setFormOpen(false);
    setCancelling(null);
    setMessage(text);
    plans.reload();
    onChanged?.();
    requestAnimationFrame(() => noticeRef.current?.focus());
  };

  return (
    <section className="repayment-plans" aria-labelledby={headingId} data-testid="repayment-plans" data-placement-id={placementId}>
      <Heading id={headingId}>{t('plans.title')}</Heading>
      <LoadState {...plans}>
        {(list) => {
          const sorted = [...list].sort((a, b) => b.agreedOn.localeCompare(a.agreedOn) || b.startMonth.localeCompare(a.startMonth));
          const running = sorted.find((p) => !p.cancelled && !p.progress.complete);
          return (
            <>
              {sorted.length === 0 ? <p className="empty">{t('plans.empty')}</p> : null}
              {sorted.map((plan) => (
                <PlanCard key={plan.id} plan={plan} level={level} onCancel={() => setCancelling(plan)} />
              ))}
              <div ref={noticeRef} tabIndex={-1} className="notice-anchor no-print">
                {message ? <Notice>{message}</Notice> : null}
              </div>
              {running ? (
                <p className="muted small no-print">{t('plans.activeExists')}</p>
              ) : arrearsOre === 0 ? null : (
                <div className="no-print">
                  <button
                    type="button"
                    className={formOpen ? 'button button-secondary' : 'button button-primary'}
                    aria-expanded={formOpen}
                    aria-controls={formId}
                    onClick={() => {
                      setMessage(null);
                      setFormOpen((open) => !open);
                    }}
                  >
                    {t('plans.new')}
                  </button>
                  <div id={formId}>
                    {formOpen ? (
                      <NewPlanForm
                        placementId={placementId}
                        arrearsOre={arrearsOre}
                        level={level}
                        onDone={changed}
                        onCancel={() => setFormOpen(false)}
                      />
                    ) : null}
                  </div>
                </div>
              )}
            </>
          );
        }}
      </LoadState>
      <Dialog open={cancelling !== null} title={t('plans.cancelTitle')} onClose={() => setCancelling(null)} testId="cancel-plan-dialog">
        {cancelling ? <CancelPlan plan={cancelling} onClose={() => setCancelling(null)} onDone={changed} /> : null}
      </Dialog>
    </section>
  );
}

function PlanCard({ plan, level, onCancel }: { plan: RepaymentPlan; level: 2 | 3; onCancel: () => void }) {
  const { t } = useTranslation();
  const state = planState(plan);
  const Heading = level === 2 ? 'h3' : 'h4';
  const { progress } = plan;
  const percent = plan.debtOre > 0 ? Math.min(100, Math.round((progress.paidOre / plan.debtOre) * 100)) : 100;
  const count = plan.schedule.length;
  const perMonth = plan.instalmentOre ?? plan.schedule[0]?.amountOre ?? null;

  return (
    <article className={`plan plan-${state}`} data-testid="repayment-plan" data-plan-id={plan.id} data-state={state}>
      <div className="plan-header">
        <Heading className="plan-title">{t('plans.planFrom', { month: plan.startMonth })}</Heading>
        <span className={`tag tag-status ${STATE_TAG[state]}`} data-plan-state={state}>
          <span className="tag-symbol" aria-hidden="true">
            {STATE_SYMBOL[state]}
          </span>
          {t(`plans.states.${state}`)}
        </span>
      </div>
      <div className="plan-body">
        <DetailList
          items={[
            { label: t('plans.debt'), value: money(plan.debtOre), testId: 'plan-debt' },
            {
              label: t('plans.instalment'),
              value: [perMonth !== null ? t('plans.perMonth', { amount: money(perMonth) }) : null, t('plans.instalmentCount', { count })]
                .filter(Boolean)
                .join(', '),
            },
            { label: t('plans.agreedOn'), value: plan.agreedOn },
            {
              label: t('plans.paid'),
              value: (
                <>
                  <span data-testid="plan-paid">{t('plans.paidOf', { paid: money(progress.paidOre), debt: money(plan.debtOre) })}</span>
                  <span className="plan-bar" aria-hidden="true">
                    <span style={{ width: `${percent}%` }} />
                  </span>
                </>
              ),
            },
            ...(progress.behindOre > 0
              ? [{ label: t('plans.behind'), value: <strong data-testid="plan-behind">{money(progress.behindOre)}</strong> }]
              : []),
            ...(progress.nextInstalment && state !== 'cancelled'
              ? [
                  {
                    label: t('plans.next'),
                    value: t('plans.nextValue', {
                      amount: money(progress.nextInstalment.amountOre),
                      date: progress.nextInstalment.dueDate,
                    }),
                  },
                ]
              : []),
            ...(progress.missed.length > 0
              ? [
                  {
                    label: t('plans.missed'),
                    value: (
                      <ul className="plain-list" data-testid="plan-missed">
                        {progress.missed.map((m) => (
                          <li key={m.number}>
                            {t('plans.missedItem', { number: m.number, month: m.month, short: money(m.shortOre) })}
                            {m.caughtUpOn ? <span className="muted"> ({t('plans.caughtUp', { date: m.caughtUpOn })})</span> : null}
                          </li>
                        ))}
                      </ul>
                    ),
                  },
                ]
              : []),
            ...(plan.note ? [{ label: t('plans.note'), value: <span className="pre-line">{plan.note}</span> }] : []),
          ]}
        />
      </div>
      {state === 'active' || state === 'behind' ? (
        <ScheduleTable plan={plan} />
      ) : (
        <details className="plan-schedule-details">
          <summary>{t('plans.showSchedule', { count })}</summary>
          <ScheduleTable plan={plan} showAll />
        </details>
      )}
      <div className="button-row no-print">
        <PdfLink href={letterUrls.planAgreement(plan.id)} label={t('plans.agreement')} testId="plan-agreement-link" />
        {state === 'active' || state === 'behind' ? (
          <button type="button" className="button button-quiet" onClick={onCancel}>
            {t('plans.cancel')}
            <span className="visually-hidden">{t('plans.cancelLabel', { month: plan.startMonth })}</span>
          </button>
        ) : null}
      </div>
    </article>
  );
}

/** Each instalment: paid as far as the payments to the debt reach, missed when the server says so. */
const INSTALMENTS_SHOWN = 12;

function ScheduleTable({ plan, showAll = false }: { plan: RepaymentPlan; showAll?: boolean }) {
  const { t } = useTranslation();
  const [all, setAll] = useState(showAll);
  const missed = new Map(plan.progress.missed.map((m) => [m.number, m]));
  let reached = 0;
  const rows = plan.schedule.map((instalment) => {
    const before = reached;
    reached += instalment.amountOre;
    const state: InstalmentState =
      plan.progress.paidOre >= reached
        ? 'paid'
        : missed.has(instalment.number)
          ? 'missed'
          : plan.progress.paidOre > before
            ? 'partly'
            : 'upcoming';
    return { ...instalment, state };
  });
  const tag: Record<InstalmentState, string> = { paid: 'tag-on-time', partly: 'tag-late', missed: 'tag-unpaid', upcoming: 'tag-neutral' };
  const columns: Column<(typeof rows)[number]>[] = [
    { key: 'number', label: t('plans.number'), render: (r) => String(r.number), className: 'numeric' },
    { key: 'month', label: t('plans.month'), render: (r) => r.month, className: 'nowrap' },
    { key: 'due', label: t('plans.dueDate'), render: (r) => r.dueDate, className: 'nowrap' },
    { key: 'amount', label: t('plans.amount'), render: (r) => money(r.amountOre), className: 'numeric' },
    {
      key: 'state',
      label: t('plans.state'),
      render: (r) => (
        <>
          <span className={`tag ${tag[r.state]}`} data-instalment-state={r.state}>
            {t(`plans.instalmentStates.${r.state}`)}
          </span>
          {r.state === 'missed' ? (
            <span className="cell-sub">
              {t('plans.missedItem', { number: r.number, month: r.month, short: money(missed.get(r.number)!.shortOre) })}
            </span>
          ) : null}
        </>
      ),
    },
  ];
  return (
    <>
      <DataTable
        caption={t('plans.scheduleCaption', { month: plan.startMonth })}
        rows={all ? rows : rows.slice(0, INSTALMENTS_SHOWN)}
        columns={columns}
        rowKey={(r) => `${plan.id}-${r.number}`}
        testId="plan-schedule"
      />
      {!all && rows.length > INSTALMENTS_SHOWN ? (
        <button type="button" className="button button-quiet button-inline show-all" onClick={() => setAll(true)}>
          {t('plans.showSchedule', { count: rows.length })}
        </button>
      ) : null}
    </>
  );
}

function NewPlanForm({
  placementId,
  arrearsOre,
  level,
  onDone,
  onCancel,
}: {
  placementId: string;
  arrearsOre: number | null;
  level: 2 | 3;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const Heading = level === 2 ? 'h3' : 'h4';
  const form = useForm(
    { debtOre: '', startMonth: nextMonth(), size: 'amount', instalmentOre: '', instalments: '', agreedOn: today(), note: '' },
    `plan-${placementId}`,
  );

  const validate = (v: typeof form.values): FieldErrors => {
    const errors: FieldErrors = {};
    const debt = readKronor(v.debtOre);
    if (!debt.ok || debt.ore === 0) errors.debtOre = t('errors.positiveKronor');
    if (!isMonth(v.startMonth)) errors.startMonth = t('errors.invalidMonth');
    if (v.size === 'amount' && positiveOre(v.instalmentOre) === null) errors.instalmentOre = t('errors.positiveKronor');
    if (v.size === 'count') {
      const n = Number(v.instalments.trim());
      if (!/^\d+$/.test(v.instalments.trim()) || n < 1 || n > 60) errors.instalments = t('plans.invalidCount');
    }
    if (!isIsoDate(v.agreedOn)) errors.agreedOn = t('errors.invalidDate');
    return errors;
  };

  const preview = usePlanPreview(form.values, arrearsOre);

  const onSubmit = form.handleSubmit(validate, async (v) => {
    const debt = readKronor(v.debtOre);
    const plan = await followupApi.createPlan(placementId, {
      debtOre: debt.ok ? debt.ore : null,
      startMonth: v.startMonth,
      instalmentOre: v.size === 'amount' ? positiveOre(v.instalmentOre) : null,
      instalments: v.size === 'count' ? Number(v.instalments.trim()) : null,
      agreedOn: v.agreedOn,
      note: optionalText(v.note),
    });
    onDone(t('plans.saved', { count: plan.schedule.length, month: plan.startMonth }));
  });

  return (
    <div className="ledger-form" data-testid="repayment-plan-form">
      <Heading className="ledger-form-title h3">{t('plans.new')}</Heading>
      <p className="field-hint">{t('plans.formIntro')}</p>
      <ErrorSummary {...form.summary} />
      <form onSubmit={onSubmit} noValidate>
        <MoneyField
          {...form.text('debtOre')}
          label={t('plans.debtField')}
          hint={arrearsOre !== null && arrearsOre > 0 ? t('plans.debtHintWith', { amount: money(arrearsOre) }) : t('plans.debtHint')}
          optional
          autoFocus
        />
        <TextField
          {...form.text('startMonth')}
          label={t('plans.startMonth')}
          hint={t('plans.startMonthHint')}
          width="short"
          inputMode="numeric"
        />
        <RadioGroup
          {...form.text('size')}
          label={t('plans.size')}
          inline
          options={[
            { value: 'amount', label: t('plans.byAmount') },
            { value: 'count', label: t('plans.byCount') },
          ]}
        />
        {form.values.size === 'amount' ? (
          <MoneyField {...form.text('instalmentOre')} label={t('plans.instalmentOre')} />
        ) : (
          <TextField
            {...form.text('instalments')}
            label={t('plans.instalments')}
            hint={t('plans.instalmentsHint')}
            width="short"
            inputMode="numeric"
          />
        )}
        <p className="plan-preview" aria-live="polite" data-testid="plan-preview">
          {preview}
        </p>
        <TextField {...form.text('agreedOn')} label={t('plans.agreedOnField')} type="date" width="short" />
        <TextAreaField {...form.text('note')} label={t('plans.noteField')} rows={2} optional />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={form.submitting} aria-disabled={form.submitting}>
            {form.submitting ? t('app.saving') : t('plans.submit')}
          </button>
          <button type="button" className="button button-link" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </div>
  );
}

function CancelPlan({ plan, onClose, onDone }: { plan: RepaymentPlan; onClose: () => void; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await followupApi.cancelPlan(plan.id);
      onDone(t('plans.cancelled', { month: plan.startMonth }));
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <p>{t('plans.cancelIntro', { month: plan.startMonth })}</p>
      {error ? (
        <ErrorBox title={t('errors.title')}>
          <p>{describeError(t, error)}</p>
        </ErrorBox>
      ) : null}
      <div className="form-actions">
        <button type="button" className="button button-danger" disabled={busy} onClick={() => void confirm()}>
          {busy ? t('app.saving') : t('plans.cancelSubmit')}
        </button>
        <button type="button" className="button button-link" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </>
  );
}

/**
 * "Det blir 6 avbetalningar på 500 kr …": the schedule the server will make, worked out with the same rule
 * (@kvarbo/domain planSchedule, due with each month's rent) while the caseworker types. Empty until the
 * terms are complete; a blank debt uses the arrears when they are known.
 */
function usePlanPreview(
  v: { debtOre: string; startMonth: string; size: string; instalmentOre: string; instalments: string },
  arrearsOre: number | null,
): string {
  const { t } = useTranslation();
  const debt = readKronor(v.debtOre);
  const debtOre = debt.ok && debt.ore ? debt.ore : arrearsOre;
  if (!debtOre || !isMonth(v.startMonth)) return '';
  const count = Number(v.instalments.trim());
  const terms: RepaymentPlanTerms =
    v.size === 'amount'
      ? { debtOre, startMonth: v.startMonth, instalmentOre: positiveOre(v.instalmentOre) }
      : { debtOre, startMonth: v.startMonth, instalments: /^\d+$/.test(v.instalments.trim()) ? count : null };
  if (validateRepaymentPlanTerms(terms).length > 0) return '';
  const schedule = planSchedule(terms, (month) => rentDueDate(month));
  const first = schedule[0]!;
  const last = schedule[schedule.length - 1]!;
  const values = {
    count: schedule.length,
    amount: money(first.amountOre),
    lastAmount: money(last.amountOre),
    first: first.dueDate,
    last: last.dueDate,
  };
  return last.amountOre === first.amountOre ? t('plans.previewSame', values) : t('plans.previewMixed', values);
}

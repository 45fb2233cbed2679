import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { adminApi } from '../../api/admin.ts';
import { ledgerApi } from '../../api/ledger.ts';
import { residentsApi } from '../../api/residents.ts';
import { MONTH_STATUSES, type Charge, type LedgerMonth, type Payment, type Placement, type PlacementLedger } from '../../api/types.ts';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { DetailList } from '../../components/DetailList.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { MonthStatusTag } from '../../components/MonthStatusTag.tsx';
import { Notice, Page } from '../../components/Page.tsx';
import { PaymentHow, PaymentParty } from '../../components/PaymentCells.tsx';
import { PlacementStatus } from '../../components/PlacementTable.tsx';
import { money, ordinalDay, today } from '../../format.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useScrollToHash } from '../../hooks/useScrollToHash.ts';
import { useLabels } from '../../labels.ts';
import { AllowanceForm, PlacementRentChangeForm, RecordPaymentForm, ReverseDialog } from './LedgerForms.tsx';
import { RepaymentPlans } from './RepaymentPlans.tsx';
import { useMe } from '../../session/SessionContext.tsx';

/**
 * /residents/:id/ledger – the resident's rent ledger (hyresreskontra), one section per placement: how to pay
 * (OCR number), what is owed, month by month, payments, and the forms to record a payment, pay out rent
 * allowance or change the rent. "Skriv ut" prints one page per placement.
 */
export function ResidentLedgerPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const me = useMe();
  const data = useLoad(
    async (signal) => {
      const [resident, ledger, placements, units] = await Promise.all([
        residentsApi.get(id, signal),
        ledgerApi.ofResident(id, signal),
        residentsApi.placements(id, signal),
        // The unit's bankgiro is only on the admin unit list; others pay with the OCR number they know.
        me.isAdmin ? adminApi.units(signal).catch(() => []) : Promise.resolve([]),
      ]);
      return { resident, ledger, placements, units };
    },
    [id],
  );
  const resident = data.data?.resident;
  useScrollToHash(data.data !== undefined);
  const name = resident ? `${resident.firstName} ${resident.lastName}` : '';

  return (
    <Page
      title={resident ? t('ledger.title', { name }) : t('ledger.titlePlain')}
      kicker={t('ledger.kicker')}
      actions={
        resident ? (
          <>
            <Link className="button button-secondary" to={`/residents/${id}`}>
              {t('ledger.backTo', { name })}
            </Link>
            <button type="button" className="button button-secondary" onClick={() => window.print()}>
              {t('ledger.print')}
            </button>
          </>
        ) : null
      }
    >
      <LoadState {...data}>
        {({ ledger, placements, units }) => {
          // Ongoing and future placements first, then the ended ones, newest first.
          const sorted = [...ledger.placements].sort((a, b) => {
            const aEnded = a.endDate !== null && a.endDate < today();
            const bEnded = b.endDate !== null && b.endDate < today();
            if (aEnded !== bEnded) return aEnded ? 1 : -1;
            return b.startDate.localeCompare(a.startDate);
          });
          if (sorted.length === 0) return <p className="empty ledger-page">{t('ledger.noPlacements')}</p>;
          return (
            <div className="stack ledger-page">
              {sorted.length > 1 ? (
                <section className="card ledger-total" aria-labelledby="ledger-total">
                  <h2 id="ledger-total" className="h3">
                    {t('ledger.totalBalance')}
                  </h2>
                  <Balance balanceOre={ledger.balanceOre} overdueOre={null} testId="ledger-total-balance" />
                </section>
              ) : null}
              {sorted.map((l) => {
                const placement = placements.find((p) => p.id === l.placementId);
                const bankgiro = units.find((u) => u.id === placement?.unitId)?.bankgiro ?? null;
                return (
                  <PlacementLedgerSection
                    key={l.placementId}
                    ledger={l}
                    placement={placement}
                    residentName={name}
                    bankgiro={bankgiro}
                    reload={data.reload}
                  />
                );
              })}
            </div>
          );
        }}
      </LoadState>
    </Page>
  );
}

type Panel = 'payment' | 'allowance' | 'rent' | null;

interface SectionProps {
  ledger: PlacementLedger;
  placement: Placement | undefined;
  residentName: string;
  bankgiro: string | null;
  reload: () => void;
}

function PlacementLedgerSection({ ledger: l, placement, residentName, bankgiro, reload }: SectionProps) {
  const { t } = useTranslation();
  const labels = useLabels();
  const [panel, setPanel] = useState<Panel>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [reversing, setReversing] = useState<Payment | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const headingId = `ledger-${l.placementId}`;
  const now = today();
  const overdueOre = l.months.filter((m) => m.dueDate < now).reduce((sum, m) => sum + m.openOre, 0);
  const paysRent = placement?.residentPaysRent !== false;

  const done = (text: string) => {
    setPanel(null);
    setMessage(text);
    reload();
    // Focus the confirmation so keyboard and screen-reader users land on it, not on a vanished form.
    requestAnimationFrame(() => noticeRef.current?.focus());
  };

  const toggle = (next: Exclude<Panel, null>) => {
    setMessage(null);
    setPanel((current) => (current === next ? null : next));
  };

  const actions: { key: Exclude<Panel, null>; label: string }[] = [{ key: 'payment', label: t('ledger.recordPayment') }];
  if (placement?.rentIncludedInDailyFee) actions.push({ key: 'allowance', label: t('ledger.payAllowance') });
  if (placement) actions.push({ key: 'rent', label: t('ledger.changeRent') });

  return (
    <section
      className="card ledger-placement"
      id={`placement-${l.placementId}`}
      aria-labelledby={headingId}
      data-testid="ledger-placement"
      data-placement-id={l.placementId}
    >
      <p className="print-only ledger-print-head">
        <strong>{residentName}</strong> · {t('ledger.kicker')} · {t('ledger.printedOn', { date: now })}
      </p>
      <div className="section-header ledger-header">
        <div>
          <h2 id={headingId}>{l.apartmentAddress}</h2>
          <p className="muted ledger-period">
            {t('ledger.period', { start: l.startDate, end: l.endDate ?? t('placements.untilFurther') })} <PlacementStatus placement={l} />
          </p>
        </div>
        {placement ? (
          <Link className="button button-quiet no-print" to={`/placements/${l.placementId}`}>
            {t('placements.open')}
          </Link>
        ) : null}
      </div>

      <div className="ledger-summary">
        <div className="ledger-pay">
          <p className="ledger-box-label">{t('ledger.payWith')}</p>
          {l.ocrReference ? (
            <>
              <p className="ledger-ocr">
                <span className="visually-hidden">{t('ledger.ocr')}: </span>
                <span data-testid="ocr-reference">{l.ocrReference}</span>
              </p>
              {bankgiro ? (
                <p className="ledger-bankgiro">
                  {t('ledger.bankgiro')} <strong data-testid="unit-bankgiro">{bankgiro}</strong>
                </p>
              ) : null}
            </>
          ) : (
            <p className="muted">{t('ledger.noOcr')}</p>
          )}
        </div>
        <div className="ledger-balance-box">
          <Balance balanceOre={l.balanceOre} overdueOre={overdueOre} testId="ledger-balance" />
        </div>
        <div className="ledger-facts">
          <DetailList
            items={[
              { label: t('ledger.totalCharged'), value: money(l.totalChargedOre) },
              { label: t('ledger.totalPaid'), value: money(l.totalPaidOre) },
              {
                label: t('ledger.dueDay'),
                value: placement?.agreedDueDay
                  ? t('placements.agreedDueDayValue', { day: ordinalDay(placement.agreedDueDay, labels.locale) })
                  : t('placements.statutoryDueDay'),
              },
            ]}
          />
        </div>
      </div>
      {!paysRent ? <Notice tone="info">{t('ledger.notPaying')}</Notice> : null}

      <div className="button-row no-print ledger-actions" role="group" aria-label={t('ledger.actions')}>
        {actions.map((action) => (
          <button
            key={action.key}
            type="button"
            className={action.key === 'payment' ? 'button button-primary' : 'button button-secondary'}
            aria-expanded={panel === action.key}
            aria-controls={`${headingId}-panel`}
            onClick={() => toggle(action.key)}
          >
            {action.label}
          </button>
        ))}
      </div>
      <div id={`${headingId}-panel`} className="no-print">
        {panel === 'payment' ? (
          <RecordPaymentForm placementId={l.placementId} onDone={done} onCancel={() => setPanel(null)} />
        ) : panel === 'allowance' && placement ? (
          <AllowanceForm placement={placement} onDone={done} onCancel={() => setPanel(null)} />
        ) : panel === 'rent' && placement ? (
          <PlacementRentChangeForm placement={placement} onDone={done} onCancel={() => setPanel(null)} />
        ) : null}
      </div>
      <div ref={noticeRef} tabIndex={-1} className="no-print notice-anchor">
        {message ? <Notice>{message}</Notice> : null}
      </div>

      <h3>{t('ledger.months')}</h3>
      <MonthTable months={l.months} placementId={l.placementId} />
      <StatusLegend />

      {paysRent ? <RepaymentPlans placementId={l.placementId} arrearsOre={overdueOre} onChanged={reload} /> : null}

      <h3>{t('ledger.payments')}</h3>
      <PaymentTable payments={l.payments} onReverse={setReversing} />

      {placement?.rentIncludedInDailyFee || l.allowancePayouts.length > 0 ? (
        <>
          <h3>{t('ledger.allowances')}</h3>
          <DataTable
            caption={t('ledger.allowances')}
            rows={[...l.allowancePayouts].sort((a, b) => b.paidOn.localeCompare(a.paidOn))}
            rowKey={(a) => a.id}
            empty={t('ledger.allowancesEmpty')}
            testId="ledger-allowances"
            columns={[
              { key: 'paidOn', label: t('ledger.paidOn'), render: (a) => a.paidOn, className: 'nowrap' },
              { key: 'amount', label: t('ledger.amount'), render: (a) => money(a.amountOre), className: 'numeric' },
              { key: 'note', label: t('ledger.note'), render: (a) => a.note },
            ]}
          />
        </>
      ) : null}

      <details className="ledger-charges no-print">
        <summary>{t('ledger.chargesShow', { count: l.charges.length })}</summary>
        <ChargeTable charges={l.charges} />
      </details>

      <ReverseDialog
        payment={reversing}
        onClose={() => setReversing(null)}
        onDone={(text) => {
          setReversing(null);
          done(text);
        }}
      />
    </section>
  );
}

/** "Skuld 6 500 kr" / "Tillgodo 1 200 kr" / "Ingen skuld", with how much of a debt is already overdue. */
function Balance({ balanceOre, overdueOre, testId }: { balanceOre: number; overdueOre: number | null; testId: string }) {
  const { t } = useTranslation();
  const kind = balanceOre > 0 ? 'debt' : balanceOre < 0 ? 'credit' : 'settled';
  return (
    <div className={`balance balance-${kind}`} data-testid={testId} data-balance-ore={balanceOre}>
      <p className="ledger-box-label">{t(`ledger.${kind}`)}</p>
      <p className="balance-amount">{kind === 'settled' ? money(0) : money(Math.abs(balanceOre))}</p>
      {kind === 'debt' && overdueOre !== null ? (
        <p className="balance-sub">{overdueOre > 0 ? t('ledger.overdue', { amount: money(overdueOre) }) : t('ledger.notYetDue')}</p>
      ) : null}
      {kind === 'credit' ? <p className="balance-sub">{t('ledger.creditHint')}</p> : null}
    </div>
  );
}

/** Shows the newest rows, and a button for the rest: a long placement has years of months and payments. */
function useShowAll<T>(rows: T[], limit: number) {
  const [all, setAll] = useState(false);
  return { shown: all ? rows : rows.slice(0, limit), hidden: all ? 0 : Math.max(0, rows.length - limit), showAll: () => setAll(true) };
}

function ShowAllButton({ hidden, label, onClick }: { hidden: number; label: string; onClick: () => void }) {
  if (hidden === 0) return null;
  return (
    <button type="button" className="button button-quiet button-inline show-all" onClick={onClick}>
      {label}
    </button>
  );
}

const MONTHS_SHOWN = 12;
const PAYMENTS_SHOWN = 10;

function MonthTable({ months, placementId }: { months: LedgerMonth[]; placementId: string }) {
  const { t } = useTranslation();
  const sorted = [...months].sort((a, b) => b.month.localeCompare(a.month) || b.dueDate.localeCompare(a.dueDate));
  const { shown: rows, hidden, showAll } = useShowAll(sorted, MONTHS_SHOWN);
  const columns: Column<LedgerMonth>[] = [
    { key: 'month', label: t('ledger.month'), render: (m) => m.month, className: 'nowrap' },
    { key: 'due', label: t('ledger.dueDate'), render: (m) => m.dueDate, className: 'nowrap' },
    { key: 'amount', label: t('ledger.rentAmount'), render: (m) => money(m.amountOre), className: 'numeric' },
    { key: 'paid', label: t('ledger.paid'), render: (m) => money(m.paidOre), className: 'numeric' },
    {
      key: 'open',
      label: t('ledger.open'),
      render: (m) => (m.openOre > 0 ? <strong>{money(m.openOre)}</strong> : money(0)),
      className: 'numeric',
    },
    { key: 'paidInFull', label: t('ledger.paidInFullOn'), render: (m) => m.paidInFullOn, className: 'nowrap' },
    {
      key: 'status',
      label: t('ledger.status'),
      render: (m) => (
        <>
          <MonthStatusTag status={m.status} />
          {/* Unpaid on the 15th stays the month's status, even when it has been paid since. */}
          {m.status === 'unpaid' && m.openOre === 0 ? <span className="cell-sub">{t('ledger.paidAfterwards')}</span> : null}
        </>
      ),
    },
  ];
  return (
    <>
      <DataTable
        caption={t('ledger.months')}
        rows={rows}
        columns={columns}
        rowKey={(m) => `${placementId}-${m.chargeId}`}
        empty={t('ledger.monthsEmpty')}
        testId="ledger-months"
      />
      <ShowAllButton hidden={hidden} label={t('ledger.showAllMonths', { count: sorted.length })} onClick={showAll} />
    </>
  );
}

function StatusLegend() {
  const { t } = useTranslation();
  return (
    <details className="legend no-print">
      <summary>{t('ledger.statusLegend')}</summary>
      <dl className="legend-list">
        {MONTH_STATUSES.map((status) => (
          <div key={status}>
            <dt>
              <MonthStatusTag status={status} />
            </dt>
            <dd>{t(`ledger.statusHelp.${status}`)}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

function PaymentTable({ payments, onReverse }: { payments: Payment[]; onReverse: (payment: Payment) => void }) {
  const { t } = useTranslation();
  const reversalOf = new Map(payments.filter((p) => p.reversesPaymentId).map((p) => [p.reversesPaymentId!, p]));
  const byId = new Map(payments.map((p) => [p.id, p]));
  const sorted = [...payments].sort((a, b) => b.bookingDate.localeCompare(a.bookingDate) || b.createdAt.localeCompare(a.createdAt));
  const { shown: rows, hidden, showAll } = useShowAll(sorted, PAYMENTS_SHOWN);

  const columns: Column<Payment>[] = [
    { key: 'date', label: t('ledger.bookingDate'), render: (p) => p.bookingDate, className: 'nowrap' },
    { key: 'amount', label: t('ledger.amount'), render: (p) => money(p.amountOre), className: 'numeric' },
    { key: 'how', label: t('ledger.how'), render: (p) => <PaymentHow payment={p} />, className: 'col-how' },
    { key: 'from', label: t('ledger.from'), render: (p) => <PaymentParty payment={p} showNote={!p.reversesPaymentId} /> },
    {
      key: 'status',
      label: t('ledger.status'),
      render: (p) => {
        const reversal = reversalOf.get(p.id);
        if (p.reversesPaymentId) {
          const original = byId.get(p.reversesPaymentId);
          return (
            <>
              <span className="tag tag-reversal">{t('ledger.reversal')}</span>
              {original ? <span className="cell-sub">{t('ledger.reversalOf', { date: original.bookingDate })}</span> : null}
              {p.note ? <span className="cell-sub">{p.note}</span> : null}
            </>
          );
        }
        if (reversal) return <span className="tag tag-ended">{t('ledger.reversed', { date: reversal.bookingDate })}</span>;
        if (p.amountOre < 0) return <span className="tag tag-reversal">{t('payments.correction')}</span>;
        return (
          <>
            <button type="button" className="button button-quiet button-inline no-print" onClick={() => onReverse(p)}>
              {t('ledger.reverse')}
              <span className="visually-hidden">{t('ledger.reverseLabel', { amount: money(p.amountOre), date: p.bookingDate })}</span>
            </button>
          </>
        );
      },
    },
  ];
  return (
    <>
      <DataTable
        caption={t('ledger.payments')}
        rows={rows}
        columns={columns}
        rowKey={(p) => p.id}
        empty={t('ledger.paymentsEmpty')}
        testId="ledger-payments"
      />
      <ShowAllButton hidden={hidden} label={t('ledger.showAllPayments', { count: sorted.length })} onClick={showAll} />
    </>
  );
}

function ChargeTable({ charges }: { charges: Charge[] }) {
  const { t } = useTranslation();
  const credited = new Set(charges.filter((c) => c.reversesChargeId).map((c) => c.reversesChargeId));
  const rows = [...charges].sort((a, b) => b.month.localeCompare(a.month) || b.createdAt.localeCompare(a.createdAt));
  const columns: Column<Charge>[] = [
    { key: 'month', label: t('ledger.month'), render: (c) => c.month, className: 'nowrap' },
    { key: 'due', label: t('ledger.dueDate'), render: (c) => c.dueDate, className: 'nowrap' },
    { key: 'amount', label: t('ledger.amount'), render: (c) => money(c.amountOre), className: 'numeric' },
    {
      key: 'days',
      label: t('ledger.days'),
      render: (c) =>
        c.days === c.daysInMonth ? t('ledger.wholeMonth') : t('ledger.partOfMonth', { days: c.days, daysInMonth: c.daysInMonth }),
    },
    {
      key: 'kind',
      label: t('ledger.chargeKind'),
      render: (c) =>
        c.amountOre < 0 || c.reversesChargeId ? (
          <span className="tag tag-reversal">{t('ledger.chargeCredit')}</span>
        ) : (
          <>
            <span className="tag tag-neutral">{t('ledger.chargeRent')}</span>
            {credited.has(c.id) ? <span className="cell-sub">{t('ledger.credited')}</span> : null}
          </>
        ),
    },
    { key: 'note', label: t('ledger.note'), render: (c) => c.note },
  ];
  return (
    <DataTable
      caption={t('ledger.charges')}
      rows={rows}
      columns={columns}
      rowKey={(c) => c.id}
      empty={t('ledger.chargesEmpty')}
      testId="ledger-charges"
    />
  );
}

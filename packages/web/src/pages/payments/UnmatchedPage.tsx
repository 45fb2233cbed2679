import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ledgerApi } from '../../api/ledger.ts';
import { residentsApi } from '../../api/residents.ts';
import type { Placement, PaymentSuggestion, UnmatchedPayment } from '../../api/types.ts';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { DetailList } from '../../components/DetailList.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { EntityPicker } from '../../components/EntityPicker.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { RadioGroup } from '../../components/Fields.tsx';
import { Pagination, ResultCount } from '../../components/ListControls.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Notice } from '../../components/Page.tsx';
import { paymentTexts } from '../../components/PaymentCells.tsx';
import { money, personalNumber, sortableName, today } from '../../format.ts';
import { useForm, type FieldErrors } from '../../hooks/useForm.ts';
import { useListParams } from '../../hooks/useListParams.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useSession } from '../../session/SessionContext.tsx';
import { PAGE_SIZE, PICKER_SIZE } from '../constants.ts';
import { PaymentsPage } from './PaymentsPage.tsx';

interface Assigning {
  payment: UnmatchedPayment;
  /** A suggestion to confirm; null = search for the resident. */
  suggestion: PaymentSuggestion | null;
}

/** /payments/unmatched – payments no OCR number matched, to assign to the right resident's ledger by hand. */
export function UnmatchedPage() {
  const { t } = useTranslation();
  const { unit } = useSession();
  const params = useListParams('');
  const list = useLoad(
    (signal) => ledgerApi.unmatched({ unitId: unit?.id, page: params.page, pageSize: PAGE_SIZE }, signal),
    [unit?.id, params.page],
  );
  const [assigning, setAssigning] = useState<Assigning | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);

  const done = (text: string) => {
    setAssigning(null);
    setMessage(text);
    list.reload();
    requestAnimationFrame(() => noticeRef.current?.focus());
  };

  const columns: Column<UnmatchedPayment>[] = [
    { key: 'date', label: t('payments.date'), render: (p) => p.bookingDate, className: 'nowrap' },
    { key: 'amount', label: t('payments.amount'), render: (p) => money(p.amountOre), className: 'numeric' },
    { key: 'payer', label: t('payments.payer'), render: (p) => p.payerName },
    {
      key: 'reference',
      label: t('payments.referenceText'),
      render: (p) => {
        const lines = paymentTexts(p);
        return (
          <>
            {lines.map((line, i) => (
              <span key={i} className={i > 0 ? 'cell-sub' : undefined}>
                {line}
              </span>
            ))}
            {p.amountOre < 0 ? <span className="tag tag-reversal">{t('payments.correction')}</span> : null}
            {p.note ? <span className="cell-sub">{p.note}</span> : null}
          </>
        );
      },
    },
    {
      key: 'import',
      label: t('payments.importFile'),
      render: (p) =>
        p.importId ? (
          <Link to={`/payments/imports/${p.importId}`}>
            {t(`payments.formatShort.${p.source === 'manual' ? 'bgmax' : p.source}`)}
            {p.lineNo ? `, ${t('payments.line').toLowerCase()} ${p.lineNo}` : ''}
          </Link>
        ) : null,
    },
    {
      key: 'assign',
      label: t('payments.assignTo'),
      className: 'assign-cell',
      render: (p) => (
        <div className="assign-actions">
          {p.suggestions.length === 0 ? <span className="muted">{t('payments.noSuggestion')}</span> : null}
          {p.suggestions.map((s) => (
            <div key={s.placementId} className="suggestion">
              <button
                type="button"
                className="button button-secondary button-small"
                data-testid="suggestion"
                onClick={() => setAssigning({ payment: p, suggestion: s })}
              >
                {t('payments.suggestion', { name: s.residentName })}
              </button>
              <span className="cell-sub">{t('payments.suggestionDetail', { rent: money(s.monthlyRentOre), open: money(s.openOre) })}</span>
            </div>
          ))}
          <button
            type="button"
            className="button button-quiet button-inline"
            data-testid="choose-resident"
            onClick={() => setAssigning({ payment: p, suggestion: null })}
          >
            {t('payments.chooseResident')}
            <span className="visually-hidden">{t('payments.chooseResidentFor', { amount: money(p.amountOre), date: p.bookingDate })}</span>
          </button>
        </div>
      ),
    },
  ];

  return (
    <PaymentsPage title={t('payments.unmatchedTitle')}>
      <p className="lead">{t('payments.unmatchedIntro')}</p>
      <Notice tone="info">{t('payments.suggestionWarning')}</Notice>
      <div ref={noticeRef} tabIndex={-1} className="notice-anchor" data-testid="assign-notice">
        {message ? <Notice>{message}</Notice> : null}
      </div>
      <ResultCount total={list.data?.total} loading={list.loading} />
      <LoadState {...list}>
        {(page) => (
          <>
            <DataTable
              caption={t('payments.unmatchedTitle')}
              rows={page.items}
              columns={columns}
              rowKey={(p) => p.id}
              empty={t('payments.unmatchedEmpty')}
              testId="unmatched-table"
            />
            <Pagination
              page={page.page}
              pageSize={page.pageSize}
              total={page.total}
              onPage={(n) => params.set({ page: n }, { resetPage: false })}
            />
          </>
        )}
      </LoadState>
      <Dialog open={assigning !== null} title={t('payments.assignTitle')} onClose={() => setAssigning(null)} testId="assign-dialog">
        {assigning ? (
          assigning.suggestion ? (
            <ConfirmSuggestion
              payment={assigning.payment}
              suggestion={assigning.suggestion}
              onDone={done}
              onCancel={() => setAssigning(null)}
              onStale={list.reload}
            />
          ) : (
            <ChoosePlacement payment={assigning.payment} onDone={done} onCancel={() => setAssigning(null)} onStale={list.reload} />
          )
        ) : null}
      </Dialog>
    </PaymentsPage>
  );
}

interface AssignProps {
  payment: UnmatchedPayment;
  onDone: (message: string) => void;
  onCancel: () => void;
  /** Someone else assigned it meanwhile (409): refresh the list behind the dialog. */
  onStale: () => void;
}

function PaymentSummary({ payment: p }: { payment: UnmatchedPayment }) {
  const { t } = useTranslation();
  return (
    <DetailList
      items={[
        { label: t('payments.amount'), value: <strong>{money(p.amountOre)}</strong> },
        { label: t('payments.date'), value: p.bookingDate },
        { label: t('payments.payer'), value: p.payerName },
        { label: t('payments.referenceText'), value: paymentTexts(p).join(' · ') },
      ]}
    />
  );
}

function ConfirmSuggestion({ payment, suggestion, onDone, onCancel, onStale }: AssignProps & { suggestion: PaymentSuggestion }) {
  const { t } = useTranslation();
  const form = useForm({}, 'assign-confirm');
  const onSubmit = form.handleSubmit(
    () => ({}),
    async () => {
      try {
        await ledgerApi.assign(payment.id, suggestion.placementId);
      } catch (error) {
        onStale();
        throw error;
      }
      onDone(t('payments.assigned', { amount: money(payment.amountOre), name: suggestion.residentName }));
    },
  );
  return (
    <>
      <PaymentSummary payment={payment} />
      <p className="assign-question">
        <strong>{t('payments.assignConfirm', { name: suggestion.residentName })}</strong>
      </p>
      <p className="field-hint">
        {t('payments.suggestionDetail', { rent: money(suggestion.monthlyRentOre), open: money(suggestion.openOre) })}.{' '}
        {t('payments.assignCheck')}
      </p>
      <ErrorSummary {...form.summary} />
      <form onSubmit={onSubmit} noValidate>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={form.submitting}>
            {form.submitting ? t('app.saving') : t('payments.suggestion', { name: suggestion.residentName })}
          </button>
          <button type="button" className="button button-link" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </>
  );
}

function residentLabel(r: { firstName: string; lastName: string; personalNumber: string | null }): string {
  const number = personalNumber(r.personalNumber);
  return number ? `${sortableName(r)} (${number})` : sortableName(r);
}

function ChoosePlacement({ payment, onDone, onCancel, onStale }: AssignProps) {
  const { t } = useTranslation();
  const { unit } = useSession();
  const form = useForm({ residentId: '', placementId: '' }, 'assign');
  const [residentName, setResidentName] = useState('');
  const residentId = form.values.residentId;

  const placements = useLoad(
    async (signal) => {
      if (!residentId) return [] as Placement[];
      const list = await residentsApi.placements(residentId, signal);
      // Newest first; an ongoing placement is chosen for the caseworker, who may pick an earlier one.
      const sorted = [...list].sort((a, b) => b.startDate.localeCompare(a.startDate));
      const now = today();
      const current =
        sorted.find((p) => p.startDate <= now && (p.endDate === null || p.endDate >= now)) ?? (sorted.length === 1 ? sorted[0] : undefined);
      form.setValue('placementId', current?.id ?? '');
      return sorted;
    },
    [residentId],
  );

  const loadResidents = async (q: string, signal: AbortSignal) => {
    const page = await residentsApi.list({ unitId: unit?.id, q, status: 'all', sort: 'lastName', pageSize: PICKER_SIZE }, signal);
    return { options: page.items.map((r) => ({ value: r.id, label: residentLabel(r) })), total: page.total };
  };

  const validate = (v: typeof form.values): FieldErrors => {
    const errors: FieldErrors = {};
    if (!v.residentId) errors.residentId = t('payments.chooseResidentError');
    else if (!v.placementId) errors.placementId = t('payments.choosePlacement');
    return errors;
  };

  const onSubmit = form.handleSubmit(validate, async (v) => {
    try {
      await ledgerApi.assign(payment.id, v.placementId);
    } catch (error) {
      onStale();
      throw error;
    }
    const chosen = placements.data?.find((p) => p.id === v.placementId);
    onDone(t('payments.assigned', { amount: money(payment.amountOre), name: chosen?.residentName ?? residentName }));
  });

  const options = (placements.data ?? []).map((p) => ({
    value: p.id,
    label: `${p.apartmentAddress}, ${p.startDate} – ${p.endDate ?? t('placements.untilFurther')}`,
  }));

  return (
    <>
      <PaymentSummary payment={payment} />
      <p className="field-hint">{t('payments.assignCheck')}</p>
      <ErrorSummary {...form.summary} />
      <form onSubmit={onSubmit} noValidate>
        <EntityPicker
          {...form.text('residentId')}
          onChange={(value) => {
            form.setValue('residentId', value);
            form.setValue('placementId', '');
          }}
          onSelectOption={(option) => setResidentName(option?.label ?? '')}
          label={t('payments.resident')}
          searchLabel={t('payments.searchResident')}
          load={loadResidents}
          minQuery={2}
        />
        {residentId ? (
          <LoadState {...placements}>
            {(list) =>
              list.length === 0 ? (
                <p className="empty">{t('payments.noPlacements')}</p>
              ) : (
                <RadioGroup {...form.text('placementId')} label={t('payments.placement')} options={options} />
              )
            }
          </LoadState>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={form.submitting}>
            {form.submitting ? t('app.saving') : t('payments.assignSubmit')}
          </button>
          <button type="button" className="button button-link" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </>
  );
}

import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { paymentImportsApi } from '../../api/paymentImports.ts';
import type { PaymentImportDetail } from '../../api/types.ts';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { DetailList } from '../../components/DetailList.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { PaymentParty } from '../../components/PaymentCells.tsx';
import { instant, money } from '../../format.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { PaymentsPage } from './PaymentsPage.tsx';
import { PersonName } from '../../components/PersonName.tsx';

type ImportedPayment = PaymentImportDetail['payments'][number];

/** /payments/imports/:id – one file's payments and whose ledger each went to. */
export function ImportDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const result = useLoad((signal) => paymentImportsApi.get(id, signal), [id]);
  const i = result.data;

  const columns: Column<ImportedPayment>[] = [
    { key: 'line', label: t('payments.line'), render: (p) => (p.lineNo === null ? null : String(p.lineNo)), className: 'numeric' },
    { key: 'date', label: t('payments.date'), render: (p) => p.bookingDate, className: 'nowrap' },
    { key: 'amount', label: t('payments.amount'), render: (p) => money(p.amountOre), className: 'numeric' },
    { key: 'payer', label: t('ledger.from'), render: (p) => <PaymentParty payment={p} /> },
    {
      key: 'resident',
      label: t('payments.matchedTo'),
      render: (p) =>
        p.residentId && (p.residentName || p.residentCulled) ? (
          <Link to={`/residents/${p.residentId}/ledger${p.placementId ? `#placement-${p.placementId}` : ''}`}>
            <PersonName name={p.residentName} culled={p.residentCulled} />
          </Link>
        ) : (
          <Link to="/payments/unmatched" className="tag tag-unpaid tag-link">
            {t('payments.notAssigned')}
          </Link>
        ),
    },
    {
      key: 'how',
      label: t('payments.matchedBy'),
      render: (p) => (p.matchedBy === 'ocr' ? t('payments.matchedByOcr') : p.matchedBy === 'staff' ? t('payments.matchedByStaff') : null),
    },
  ];

  return (
    <PaymentsPage title={i ? t('payments.importTitleOf', { file: i.fileName }) : t('payments.imports')} kicker={t('payments.imports')}>
      <LoadState {...result}>
        {(detail) => (
          <div className="stack">
            <section className="card" aria-labelledby="import-details">
              <h2 id="import-details">{t('common.details')}</h2>
              <DetailList
                items={[
                  { label: t('payments.importedAt'), value: instant(detail.importedAt) },
                  { label: t('payments.importedBy'), value: detail.importedBy },
                  { label: t('payments.format'), value: t(`payments.formatShort.${detail.format}`) },
                  { label: t('payments.resultPayments'), value: String(detail.payments.length) },
                  { label: t('payments.resultMatched'), value: String(detail.matched) },
                  { label: t('payments.resultUnmatched'), value: String(detail.unmatched) },
                  { label: t('payments.resultDuplicates'), value: String(detail.duplicates) },
                  { label: t('payments.resultTotal'), value: money(detail.totalOre) },
                ]}
              />
            </section>
            <section className="card" aria-labelledby="import-payments">
              <h2 id="import-payments">{t('payments.importPayments')}</h2>
              <DataTable
                caption={t('payments.importPayments')}
                rows={[...detail.payments].sort((a, b) => (a.lineNo ?? 0) - (b.lineNo ?? 0))}
                columns={columns}
                rowKey={(p) => p.id}
                testId="import-payment-table"
              />
            </section>
          </div>
        )}
      </LoadState>
    </PaymentsPage>
  );
}

import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { paymentImportsApi } from '../../api/paymentImports.ts';
import type { PaymentImport } from '../../api/types.ts';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { Pagination, ResultCount } from '../../components/ListControls.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { instant, money } from '../../format.ts';
import { useListParams } from '../../hooks/useListParams.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useSession } from '../../session/SessionContext.tsx';
import { PAGE_SIZE } from '../constants.ts';
import { PaymentsPage } from './PaymentsPage.tsx';

/** /payments/imports – every bank file read into the unit: who, when, and what came of it. */
export function ImportListPage() {
  const { t } = useTranslation();
  const { unit } = useSession();
  const params = useListParams('');
  const list = useLoad(
    (signal) => paymentImportsApi.list({ unitId: unit?.id, page: params.page, pageSize: PAGE_SIZE }, signal),
    [unit?.id, params.page],
  );

  const columns: Column<PaymentImport>[] = [
    { key: 'at', label: t('payments.importedAt'), render: (i) => instant(i.importedAt), className: 'nowrap' },
    { key: 'by', label: t('payments.importedBy'), render: (i) => i.importedBy },
    {
      key: 'file',
      label: t('payments.importFile'),
      render: (i) => (
        <>
          <Link to={`/payments/imports/${i.id}`}>{i.fileName}</Link>
          <span className="cell-sub">{t(`payments.formatShort.${i.format}`)}</span>
        </>
      ),
    },
    { key: 'payments', label: t('payments.payments'), render: (i) => String(i.payments), className: 'numeric' },
    { key: 'matched', label: t('payments.matched'), render: (i) => String(i.matched), className: 'numeric' },
    {
      key: 'unmatched',
      label: t('payments.unmatched'),
      render: (i) => (i.unmatched > 0 ? <strong>{i.unmatched}</strong> : '0'),
      className: 'numeric',
    },
    { key: 'duplicates', label: t('payments.duplicates'), render: (i) => String(i.duplicates), className: 'numeric' },
    { key: 'total', label: t('payments.total'), render: (i) => money(i.totalOre), className: 'numeric' },
  ];

  return (
    <PaymentsPage title={t('payments.importsTitle')}>
      <ResultCount total={list.data?.total} loading={list.loading} />
      <LoadState {...list}>
        {(page) => (
          <>
            <DataTable
              caption={t('payments.importsTitle')}
              rows={page.items}
              columns={columns}
              rowKey={(i) => i.id}
              empty={t('payments.importsEmpty')}
              testId="import-table"
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
    </PaymentsPage>
  );
}

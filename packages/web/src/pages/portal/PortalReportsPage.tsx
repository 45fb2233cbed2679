import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { landlordPortalApi, type PortalReport } from '../../api/landlordPortal.ts';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { Pagination, ResultCount } from '../../components/ListControls.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Notice, Page } from '../../components/Page.tsx';
import { useFlash } from '../../hooks/useFlash.ts';
import { useListParams } from '../../hooks/useListParams.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { ReportStatusTag, usePortalLabels } from './PortalShared.tsx';

export const PORTAL_PAGE_SIZE = 20;

/** "Mina anmälningar": the landlord's own reports, newest first, with receipt number and status only. */
export function PortalReportsPage() {
  const { t } = useTranslation();
  const labels = usePortalLabels();
  const params = useListParams('');
  const flashMessage = useFlash();
  const reports = useLoad((signal) => landlordPortalApi.list(params.page, PORTAL_PAGE_SIZE, signal), [params.page]);

  const columns: Column<PortalReport>[] = [
    {
      key: 'receiptNumber',
      label: t('portal.list.receiptNumber'),
      render: (r) => (
        <span className="portal-receipt-cell" data-testid="report-receipt-number">
          {r.receiptNumber}
        </span>
      ),
    },
    { key: 'receivedOn', label: t('portal.list.receivedOn'), render: (r) => r.receivedOn, className: 'nowrap' },
    {
      key: 'tenant',
      label: t('portal.list.tenant'),
      render: (r) => (
        <>
          {r.tenantName}
          <span className="cell-sub">{r.tenantAddress}</span>
        </>
      ),
    },
    {
      key: 'kind',
      label: t('portal.list.kind'),
      render: (r) => (
        <>
          {labels.kind(r.kind)}
          {r.reasons.length > 0 ? <span className="cell-sub">{r.reasons.map((x) => labels.reason(x)).join(', ')}</span> : null}
        </>
      ),
    },
    { key: 'status', label: t('portal.list.status'), render: (r) => <ReportStatusTag status={r.status} /> },
  ];

  return (
    <Page
      title={t('portal.list.title')}
      actions={
        <Link to="/portal/new" className="button button-primary" data-testid="portal-new-report">
          {t('portal.nav.newReport')}
        </Link>
      }
    >
      {flashMessage ? <Notice>{flashMessage}</Notice> : null}
      <div className="portal-secrecy" data-testid="portal-secrecy">
        <h2 className="portal-secrecy-title">{t('portal.secrecy.title')}</h2>
        <p>{t('portal.secrecy.body')}</p>
        <p>{t('portal.secrecy.statuses')}</p>
      </div>
      <ResultCount total={reports.data?.total} loading={reports.loading} />
      <LoadState {...reports}>
        {(data) => (
          <>
            <DataTable
              caption={t('portal.list.caption')}
              rows={data.items}
              columns={columns}
              rowKey={(r) => r.id}
              empty={t('portal.list.empty')}
              testId="portal-reports"
              rowProps={(r) => ({ 'data-report-id': r.id, 'data-receipt-number': r.receiptNumber })}
            />
            <Pagination page={data.page} pageSize={data.pageSize} total={data.total} onPage={(page) => params.set({ page })} />
          </>
        )}
      </LoadState>
    </Page>
  );
}

import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { commissionersApi } from '../../api/commissioners.ts';
import type { Commissioner } from '../../api/types.ts';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { Pagination, ResultCount, SearchBar } from '../../components/ListControls.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Page } from '../../components/Page.tsx';
import { useListParams } from '../../hooks/useListParams.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useLabels } from '../../labels.ts';
import { PAGE_SIZE } from '../constants.ts';

export function CommissionerListPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const list = useListParams('name');
  const result = useLoad(
    (signal) => commissionersApi.list({ q: list.q, sort: list.sort, page: list.page, pageSize: PAGE_SIZE }, signal),
    [list.q, list.sort, list.page],
  );

  const columns: Column<Commissioner>[] = [
    {
      key: 'name',
      label: t('commissioners.name'),
      sortField: 'name',
      render: (c) => <Link to={`/commissioners/${c.id}`}>{c.name}</Link>,
    },
    { key: 'kind', label: t('commissioners.kind'), sortField: 'kind', render: (c) => labels.commissionerKind(c.kind) },
    { key: 'contactName', label: t('commissioners.contactName'), render: (c) => c.contactName },
    { key: 'phone', label: t('commissioners.phone'), render: (c) => c.phone },
  ];

  return (
    <Page
      title={t('commissioners.title')}
      actions={
        <Link className="button button-primary" to="/commissioners/new">
          {t('commissioners.new')}
        </Link>
      }
    >
      <SearchBar id="commissioner-search" label={t('commissioners.searchLabel')} value={list.q} onSearch={(q) => list.set({ q })} />
      <ResultCount total={result.data?.total} loading={result.loading} />
      <LoadState {...result}>
        {(page) => (
          <>
            <DataTable
              caption={t('commissioners.title')}
              rows={page.items}
              columns={columns}
              rowKey={(c) => c.id}
              sort={list.sort}
              onSort={(sort) => list.set({ sort })}
              testId="commissioner-table"
            />
            <Pagination page={page.page} pageSize={page.pageSize} total={page.total} onPage={(p) => list.set({ page: p })} />
          </>
        )}
      </LoadState>
    </Page>
  );
}

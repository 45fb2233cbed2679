import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { landlordsApi } from '../../api/landlords.ts';
import type { Landlord } from '../../api/types.ts';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { Pagination, ResultCount, SearchBar } from '../../components/ListControls.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Page } from '../../components/Page.tsx';
import { useListParams } from '../../hooks/useListParams.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { PAGE_SIZE } from '../constants.ts';

export function LandlordListPage() {
  const { t } = useTranslation();
  const list = useListParams('name');
  const result = useLoad(
    (signal) => landlordsApi.list({ q: list.q, sort: list.sort, page: list.page, pageSize: PAGE_SIZE }, signal),
    [list.q, list.sort, list.page],
  );

  const columns: Column<Landlord>[] = [
    {
      key: 'name',
      label: t('landlords.name'),
      sortField: 'name',
      render: (l) => <Link to={`/landlords/${l.id}`}>{l.name}</Link>,
    },
    { key: 'organisationNumber', label: t('landlords.organisationNumber'), render: (l) => l.organisationNumber },
    { key: 'phone', label: t('landlords.phone'), render: (l) => l.phone },
    { key: 'email', label: t('landlords.email'), render: (l) => l.email },
  ];

  return (
    <Page
      title={t('landlords.title')}
      actions={
        <Link className="button button-primary" to="/landlords/new">
          {t('landlords.new')}
        </Link>
      }
    >
      <SearchBar id="landlord-search" label={t('landlords.searchLabel')} value={list.q} onSearch={(q) => list.set({ q })} />
      <ResultCount total={result.data?.total} loading={result.loading} />
      <LoadState {...result}>
        {(page) => (
          <>
            <DataTable
              caption={t('landlords.title')}
              rows={page.items}
              columns={columns}
              rowKey={(l) => l.id}
              sort={list.sort}
              onSort={(sort) => list.set({ sort })}
              testId="landlord-table"
            />
            <Pagination page={page.page} pageSize={page.pageSize} total={page.total} onPage={(p) => list.set({ page: p })} />
          </>
        )}
      </LoadState>
    </Page>
  );
}

import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { apartmentsApi } from '../../api/apartments.ts';
import type { Apartment, ApartmentType } from '../../api/types.ts';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { SelectField } from '../../components/Fields.tsx';
import { Pagination, ResultCount, SearchBar } from '../../components/ListControls.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Page } from '../../components/Page.tsx';
import { money } from '../../format.ts';
import { useListParams } from '../../hooks/useListParams.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useLabels } from '../../labels.ts';
import { useSession } from '../../session/SessionContext.tsx';
import { PAGE_SIZE } from '../constants.ts';

export function ApartmentListPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const { unit } = useSession();
  const list = useListParams('address');
  const type = list.get('type') as ApartmentType | '';
  const result = useLoad(
    (signal) => apartmentsApi.list({ unitId: unit?.id, q: list.q, type, sort: list.sort, page: list.page, pageSize: PAGE_SIZE }, signal),
    [unit?.id, list.q, type, list.sort, list.page],
  );

  const columns: Column<Apartment>[] = [
    {
      key: 'address',
      label: t('apartments.address'),
      sortField: 'address',
      render: (a) => (
        <>
          <Link to={`/apartments/${a.id}`}>{a.address}</Link>
          <span className="cell-sub">
            {a.postcode} {a.city}
          </span>
        </>
      ),
    },
    { key: 'district', label: t('apartments.district'), sortField: 'district', render: (a) => a.district },
    { key: 'type', label: t('apartments.type'), sortField: 'type', render: (a) => labels.apartmentType(a.type) },
    { key: 'rooms', label: t('apartments.roomsShort'), render: (a) => labels.rooms(a.rooms, a.kitchen) },
    {
      key: 'rent',
      label: t('apartments.monthlyRent'),
      sortField: 'monthlyRentOre',
      className: 'numeric',
      render: (a) => money(a.monthlyRentOre),
    },
    {
      key: 'resident',
      label: t('apartments.currentResident'),
      render: (a) =>
        a.currentResident ? (
          <Link to={`/residents/${a.currentResident.id}`}>{a.currentResident.name}</Link>
        ) : (
          <span className="tag tag-vacant">{t('apartments.vacant')}</span>
        ),
    },
  ];

  return (
    <Page
      title={t('apartments.title')}
      kicker={unit?.name}
      actions={
        <Link className="button button-primary" to="/apartments/new">
          {t('apartments.new')}
        </Link>
      }
    >
      <SearchBar
        id="apartment-search"
        label={t('apartments.searchLabel')}
        hint={t('apartments.searchHint')}
        value={list.q}
        onSearch={(q) => list.set({ q })}
      >
        <SelectField
          id="apartment-type-filter"
          label={t('apartments.typeFilter')}
          value={type}
          onChange={(value) => list.set({ type: value })}
          options={labels.apartmentTypeOptions}
          placeholder={t('common.all')}
          filter
          width="medium"
        />
      </SearchBar>
      <ResultCount total={result.data?.total} loading={result.loading} />
      <LoadState {...result}>
        {(page) => (
          <>
            <DataTable
              caption={t('apartments.title')}
              rows={page.items}
              columns={columns}
              rowKey={(a) => a.id}
              sort={list.sort}
              onSort={(sort) => list.set({ sort })}
              testId="apartment-table"
            />
            <Pagination page={page.page} pageSize={page.pageSize} total={page.total} onPage={(p) => list.set({ page: p })} />
          </>
        )}
      </LoadState>
    </Page>
  );
}

import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { residentsApi, type ResidentStatus } from '../../api/residents.ts';
import type { Resident } from '../../api/types.ts';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { SelectField } from '../../components/Fields.tsx';
import { Pagination, ResultCount, SearchBar } from '../../components/ListControls.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Page } from '../../components/Page.tsx';
import { personalNumber, sortableName } from '../../format.ts';
import { useListParams } from '../../hooks/useListParams.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useSession } from '../../session/SessionContext.tsx';
import { PAGE_SIZE } from '../constants.ts';

const STATUSES: ResidentStatus[] = ['current', 'former', 'all'];

export function ResidentListPage() {
  const { t } = useTranslation();
  const { unit } = useSession();
  const list = useListParams('lastName');
  const statusParam = list.get('status', 'current');
  const status: ResidentStatus = STATUSES.includes(statusParam as ResidentStatus) ? (statusParam as ResidentStatus) : 'current';
  const result = useLoad(
    (signal) => residentsApi.list({ unitId: unit?.id, q: list.q, status, sort: list.sort, page: list.page, pageSize: PAGE_SIZE }, signal),
    [unit?.id, list.q, status, list.sort, list.page],
  );

  const columns: Column<Resident>[] = [
    {
      key: 'name',
      label: t('residents.name'),
      sortField: 'lastName',
      render: (r) => <Link to={`/residents/${r.id}`}>{sortableName(r)}</Link>,
    },
    {
      key: 'personalNumber',
      label: t('residents.personalNumber'),
      className: 'nowrap',
      render: (r) => personalNumber(r.personalNumber) || <span className="muted">{t('residents.noNumber')}</span>,
    },
    {
      key: 'apartment',
      label: t('residents.apartment'),
      render: (r) =>
        r.currentPlacement ? <Link to={`/apartments/${r.currentPlacement.apartmentId}`}>{r.currentPlacement.apartmentAddress}</Link> : null,
    },
    { key: 'contactPerson', label: t('residents.contactPerson'), render: (r) => r.contactPersonName },
    { key: 'commissioner', label: t('residents.commissioner'), render: (r) => r.commissionerName },
    {
      key: 'household',
      label: t('residents.household'),
      render: (r) =>
        [
          t('residents.adults', { count: r.householdAdults }),
          r.householdChildren > 0 ? t('residents.children', { count: r.householdChildren }) : null,
        ]
          .filter(Boolean)
          .join(', '),
    },
  ];

  return (
    <Page
      title={t('residents.title')}
      kicker={unit?.name}
      actions={
        <Link className="button button-primary" to="/residents/new">
          {t('residents.new')}
        </Link>
      }
    >
      <SearchBar
        id="resident-search"
        label={t('residents.searchLabel')}
        hint={t('residents.searchHint')}
        value={list.q}
        onSearch={(q) => list.set({ q })}
      >
        <SelectField
          id="resident-status-filter"
          label={t('residents.status')}
          value={status}
          onChange={(value) => list.set({ status: value === 'current' ? null : value })}
          options={[
            { value: 'current', label: t('residents.statusCurrent') },
            { value: 'former', label: t('residents.statusFormer') },
            { value: 'all', label: t('residents.statusAll') },
          ]}
          filter
          width="medium"
        />
      </SearchBar>
      <ResultCount total={result.data?.total} loading={result.loading} />
      <LoadState {...result}>
        {(page) => (
          <>
            <DataTable
              caption={t('residents.title')}
              rows={page.items}
              columns={columns}
              rowKey={(r) => r.id}
              sort={list.sort}
              onSort={(sort) => list.set({ sort })}
              testId="resident-table"
            />
            <Pagination page={page.page} pageSize={page.pageSize} total={page.total} onPage={(p) => list.set({ page: p })} />
          </>
        )}
      </LoadState>
    </Page>
  );
}

import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { placementsApi } from '../../api/placements.ts';
import { SelectField } from '../../components/Fields.tsx';
import { Pagination, ResultCount, SearchBar } from '../../components/ListControls.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Page } from '../../components/Page.tsx';
import { PlacementTable } from '../../components/PlacementTable.tsx';
import { useListParams } from '../../hooks/useListParams.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useSession } from '../../session/SessionContext.tsx';
import { PAGE_SIZE } from '../constants.ts';

type Show = 'active' | 'ended' | 'all';

export function PlacementListPage() {
  const { t } = useTranslation();
  const { unit } = useSession();
  const list = useListParams('-startDate');
  const showParam = list.get('show', 'active');
  const show: Show = showParam === 'ended' || showParam === 'all' ? showParam : 'active';
  const active = show === 'all' ? undefined : show === 'active';
  const result = useLoad(
    (signal) => placementsApi.list({ unitId: unit?.id, q: list.q, active, sort: list.sort, page: list.page, pageSize: PAGE_SIZE }, signal),
    [unit?.id, list.q, active, list.sort, list.page],
  );

  return (
    <Page
      title={t('placements.title')}
      kicker={unit?.name}
      actions={
        <Link className="button button-primary" to="/placements/new">
          {t('placements.new')}
        </Link>
      }
    >
      <SearchBar
        id="placement-search"
        label={t('placements.searchLabel')}
        hint={t('placements.searchHint')}
        value={list.q}
        onSearch={(q) => list.set({ q })}
      >
        <SelectField
          id="placement-show-filter"
          label={t('placements.show')}
          value={show}
          onChange={(value) => list.set({ show: value === 'active' ? null : value })}
          options={[
            { value: 'active', label: t('placements.activeOnly') },
            { value: 'ended', label: t('placements.endedOnly') },
            { value: 'all', label: t('placements.all') },
          ]}
          filter
          width="medium"
        />
      </SearchBar>
      <ResultCount total={result.data?.total} loading={result.loading} />
      <LoadState {...result}>
        {(page) => (
          <>
            <PlacementTable
              caption={t('placements.title')}
              placements={page.items}
              show="both"
              empty={t('placements.noneFound')}
              testId="placement-table"
              sort={list.sort}
              onSort={(sort) => list.set({ sort })}
            />
            <Pagination page={page.page} pageSize={page.pageSize} total={page.total} onPage={(p) => list.set({ page: p })} />
          </>
        )}
      </LoadState>
    </Page>
  );
}

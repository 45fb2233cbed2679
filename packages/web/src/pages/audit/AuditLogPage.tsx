import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { auditApi, type AuditQuery } from '../../api/audit.ts';
import { residentsApi } from '../../api/residents.ts';
import type { AuditEntry } from '../../api/types.ts';
import { unitsApi } from '../../api/units.ts';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { EntityPicker } from '../../components/EntityPicker.tsx';
import { SelectField, TextField, type Option } from '../../components/Fields.tsx';
import { Pagination, ResultCount } from '../../components/ListControls.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Notice, Page } from '../../components/Page.tsx';
import { instant, sortableName } from '../../format.ts';
import { useListParams } from '../../hooks/useListParams.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useLabels } from '../../labels.ts';
import { useMe, useSession } from '../../session/SessionContext.tsx';
import { PAGE_SIZE, PICKER_SIZE } from '../constants.ts';
import { PersonName } from '../../components/PersonName.tsx';

const FILTERS = ['userId', 'residentId', 'from', 'to'] as const;
type Filter = (typeof FILTERS)[number];

export function AuditLogPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { unit } = useSession();
  const managed = me.units.filter((u) => u.role === 'manager');
  const list = useListParams('');
  const defaultUnit = managed.find((u) => u.id === unit?.id) ?? managed[0];
  // The chosen resident's name, remembered here: the picker does not list everyone (see EntityPicker).
  const [residentOption, setResidentOption] = useState<Option | null>(null);
  const unitId = list.get('unitId', defaultUnit?.id ?? '');

  if (managed.length === 0 || !defaultUnit) {
    return (
      <Page title={t('audit.title')}>
        <Notice tone="info">{t('audit.notManager')}</Notice>
      </Page>
    );
  }

  const applied: Omit<AuditQuery, 'page'> = { unitId };
  for (const f of FILTERS) {
    const value = list.get(f);
    if (value) applied[f] = value;
  }

  return (
    <Page title={t('audit.title')} kicker={managed.find((u) => u.id === unitId)?.name}>
      <p className="lead">{t('audit.intro')}</p>
      <p>
        <Link to="/audit/review">{t('audit.review.link')}</Link>
      </p>
      <AuditFilters
        key={JSON.stringify(applied)}
        applied={applied}
        units={managed.map((u) => ({ value: u.id, label: u.name }))}
        onApply={(filters) => list.set({ ...filters })}
        residentOption={
          applied.residentId
            ? residentOption?.value === applied.residentId
              ? residentOption
              : { value: applied.residentId, label: t('audit.chosenResident') }
            : null
        }
        onResidentOption={setResidentOption}
      />
      <AuditTable query={{ ...applied, page: list.page }} onPage={(page) => list.set({ page })} />
    </Page>
  );
}

interface FiltersProps {
  applied: Omit<AuditQuery, 'page'>;
  units: { value: string; label: string }[];
  onApply: (filters: Record<string, string | null>) => void;
  residentOption: Option | null;
  onResidentOption: (option: Option | null) => void;
}

function AuditFilters({ applied, units, onApply, residentOption, onResidentOption }: FiltersProps) {
  const { t } = useTranslation();
  const labels = useLabels();
  const [values, setValues] = useState<Record<'unitId' | Filter, string>>({
    unitId: applied.unitId,
    userId: applied.userId ?? '',
    residentId: applied.residentId ?? '',
    from: applied.from ?? '',
    to: applied.to ?? '',
  });
  const set = (name: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [name]: value }));
  const staff = useLoad((signal) => unitsApi.staff(values.unitId, signal), [values.unitId]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({
      unitId: values.unitId,
      userId: values.userId || null,
      residentId: values.residentId || null,
      from: values.from || null,
      to: values.to || null,
    });
  };

  const loadResidents = async (q: string, signal: AbortSignal) => {
    const page = await residentsApi.list({ unitId: values.unitId, q, status: 'all', sort: 'lastName', pageSize: PICKER_SIZE }, signal);
    return { options: page.items.map((r) => ({ value: r.id, label: sortableName(r) })), total: page.total };
  };

  return (
    <form className="card filters" onSubmit={submit} aria-labelledby="audit-filters">
      <h2 id="audit-filters" className="h3">
        {t('audit.filters')}
      </h2>
      <div className="filters-grid">
        {units.length > 1 ? (
          <SelectField
            id="audit-unit"
            label={t('audit.unit')}
            value={values.unitId}
            onChange={set('unitId')}
            options={units}
            filter
            width="medium"
          />
        ) : null}
        <SelectField
          id="audit-user"
          label={t('audit.staff')}
          value={values.userId}
          onChange={set('userId')}
          options={(staff.data ?? []).map((s) => ({ value: s.id, label: `${s.displayName} (${labels.role(s.role)})` }))}
          placeholder={t('audit.anyStaff')}
          filter
          width="medium"
        />
        <EntityPicker
          key={values.unitId}
          id="audit-resident"
          label={t('audit.resident')}
          searchLabel={t('placements.searchResident')}
          value={values.residentId}
          onChange={set('residentId')}
          load={loadResidents}
          placeholder={t('audit.anyResident')}
          filter
          minQuery={2}
          selected={residentOption}
          onSelectOption={onResidentOption}
        />
        <div className="field-row">
          <TextField
            id="audit-from"
            label={t('audit.from')}
            type="date"
            value={values.from}
            onChange={set('from')}
            optional
            width="short"
          />
          <TextField id="audit-to" label={t('audit.to')} type="date" value={values.to} onChange={set('to')} optional width="short" />
        </div>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary">
          {t('audit.apply')}
        </button>
        <a className="button button-secondary" href={auditApi.exportUrl(applied)} download data-testid="audit-export">
          {t('audit.export')}
        </a>
      </div>
      <p className="field-hint">{t('audit.exportHint')}</p>
    </form>
  );
}

function AuditTable({ query, onPage }: { query: AuditQuery; onPage: (page: number) => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const key = JSON.stringify(query);
  const result = useLoad((signal) => auditApi.list({ ...query, pageSize: PAGE_SIZE } as AuditQuery, signal), [key]);

  const actionLabel = (action: string) => {
    const actions = t('audit.actions', { returnObjects: true }) as Record<string, string>;
    return actions[action] ?? action;
  };
  const entityLabel = (entity: string) => {
    const entities = t('audit.entities', { returnObjects: true }) as Record<string, string>;
    return entities[entity] ?? entity;
  };

  const columns: Column<AuditEntry>[] = [
    { key: 'at', label: t('audit.at'), className: 'nowrap', render: (e) => instant(e.at, labels.locale) },
    { key: 'user', label: t('audit.user'), render: (e) => e.userName },
    { key: 'action', label: t('audit.action'), render: (e) => actionLabel(e.action) },
    { key: 'entity', label: t('audit.entity'), render: (e) => entityLabel(e.entity) },
    { key: 'resident', label: t('audit.resident'), render: (e) => <PersonName name={e.residentName} culled={e.residentCulled} /> },
    { key: 'ip', label: t('audit.ip'), render: (e) => <span className="muted">{e.ip}</span> },
  ];

  return (
    <section aria-labelledby="audit-results">
      <h2 id="audit-results" className="visually-hidden">
        {t('audit.title')}
      </h2>
      <ResultCount total={result.data?.total} loading={result.loading} />
      <LoadState {...result}>
        {(page) => (
          <>
            <DataTable
              caption={t('audit.title')}
              rows={page.items}
              columns={columns}
              rowKey={(e) => String(e.id)}
              empty={t('audit.empty')}
              testId="audit-table"
            />
            <Pagination page={page.page} pageSize={page.pageSize} total={page.total} onPage={onPage} />
          </>
        )}
      </LoadState>
    </section>
  );
}

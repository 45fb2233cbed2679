import { addMonths, monthOf } from '@kvarbo/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { housingFirstApi, type ComplianceSummary } from '../../api/housingFirst.ts';
import type { UnitMembership } from '../../api/types.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { RadioGroup } from '../../components/Fields.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Page } from '../../components/Page.tsx';
import { today } from '../../format.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useLabels } from '../../labels.ts';
import { useMe } from '../../session/SessionContext.tsx';
import { useCaseUnit } from '../eviction/shared.ts';
import { TakeoverSection, TakeoverSettingsSection } from './TakeoverSection.tsx';
import { WeekStatusTag } from './WeekStrip.tsx';
import { PersonName } from '../../components/PersonName.tsx';

/** "Bostad först": who can take over the lease, the unit's thresholds, weeks without the agreed visit, figures. */
export function HousingFirstPage() {
  const { t } = useTranslation();
  const unit = useCaseUnit();
  return (
    <Page title={t('housingFirst.title')}>
      {unit ? (
        <div className="stack">
          <TakeoverSection unit={unit} />
          <MissingVisitsSection unit={unit} />
          <ComplianceReport unit={unit} />
          <IncidentReport unit={unit} />
          <TakeoverSettingsSection unit={unit} />
        </div>
      ) : (
        <p className="empty">{t('housingFirst.noUnit')}</p>
      )}
    </Page>
  );
}

function MissingVisitsSection({ unit }: { unit: UnitMembership }) {
  const { t } = useTranslation();
  const me = useMe();
  const [scope, setScope] = useState<'mine' | 'all'>(unit.role === 'manager' ? 'all' : 'mine');
  const list = useLoad(
    (signal) => housingFirstApi.missingVisits(unit.id, scope === 'mine' ? me.id : undefined, signal),
    [unit.id, scope, me.id],
  );
  return (
    <section className="card" aria-labelledby="hf-missing" data-testid="missing-visits">
      <h2 id="hf-missing">{t('housingFirst.missing.heading')}</h2>
      <p className="muted">{t('housingFirst.missing.intro')}</p>
      <RadioGroup
        id="missing-scope"
        inline
        label={t('housingFirst.missing.scope')}
        value={scope}
        onChange={(v) => setScope(v === 'all' ? 'all' : 'mine')}
        options={[
          { value: 'mine', label: t('housingFirst.missing.mine') },
          { value: 'all', label: t('housingFirst.missing.all') },
        ]}
      />
      <LoadState {...list}>
        {(data) => (
          <>
            <p className="small muted">{t('housingFirst.missing.period', { from: data.from, to: data.to })}</p>
            <DataTable
              caption={t('housingFirst.missing.heading')}
              rows={data.items}
              rowKey={(r) => r.placementId}
              testId="missing-visits-table"
              empty={scope === 'mine' ? t('housingFirst.missing.noneMine') : t('housingFirst.missing.none')}
              columns={[
                {
                  key: 'name',
                  label: t('housingFirst.resident'),
                  render: (r) => (
                    <>
                      <Link to={`/residents/${r.residentId}`}>{r.name}</Link>
                      <span className="cell-sub">{r.address}</span>
                    </>
                  ),
                },
                { key: 'contact', label: t('housingFirst.contactPerson'), render: (r) => r.contactPersonName ?? '–' },
                {
                  key: 'agreement',
                  label: t('housingFirst.missing.agreement'),
                  render: (r) => t('housingFirst.missing.perWeek', { count: r.visitsPerWeek }),
                },
                {
                  key: 'weeks',
                  label: t('housingFirst.missing.weeks'),
                  render: (r) => (
                    <ul className="hf-week-list">
                      {r.weeks.map((w) => (
                        <li key={w.isoWeek}>
                          {t('housingFirst.weeks.week', { week: w.week })} <WeekStatusTag status={w.status} />
                        </li>
                      ))}
                    </ul>
                  ),
                },
              ]}
            />
          </>
        )}
      </LoadState>
    </section>
  );
}

function share(s: ComplianceSummary): string {
  return s.shareMet === null ? '–' : `${Math.round(s.shareMet * 100)} %`;
}

function ComplianceReport({ unit }: { unit: UnitMembership }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const to = today();
  const from = `${addMonths(monthOf(to), -2)}-01`;
  const stats = useLoad((signal) => housingFirstApi.complianceStats(unit.id, from, to, signal), [unit.id, from, to]);
  const columns = <R extends ComplianceSummary>(first: { key: string; label: string; render: (r: R) => React.ReactNode }) => [
    first,
    { key: 'weeks', label: t('housingFirst.report.weeks'), render: (r: R) => String(r.weeks), className: 'numeric' },
    { key: 'met', label: t('housingFirst.report.met'), render: (r: R) => String(r.met), className: 'numeric' },
    { key: 'partial', label: t('housingFirst.report.partial'), render: (r: R) => String(r.partial), className: 'numeric' },
    { key: 'missed', label: t('housingFirst.report.missed'), render: (r: R) => String(r.missed), className: 'numeric' },
    { key: 'declined', label: t('housingFirst.report.declined'), render: (r: R) => String(r.declined), className: 'numeric' },
    { key: 'share', label: t('housingFirst.report.share'), render: (r: R) => share(r), className: 'numeric' },
  ];
  return (
    <section className="card" aria-labelledby="hf-compliance" data-testid="compliance-report">
      <h2 id="hf-compliance">{t('housingFirst.report.heading')}</h2>
      <LoadState {...stats}>
        {(s) => (
          <>
            <p className="muted">{t('housingFirst.report.period', { from: s.from, to: s.to })}</p>
            <p data-testid="compliance-total">
              {t('housingFirst.weeks.summary', {
                weeks: s.total.weeks,
                met: s.total.met,
                declined: s.total.declined,
                partial: s.total.partial,
                missed: s.total.missed,
                share: share(s.total),
              })}
            </p>
            <h3>{t('housingFirst.report.perResident')}</h3>
            <DataTable
              caption={t('housingFirst.report.perResident')}
              rows={s.residents}
              rowKey={(r) => r.residentId}
              testId="compliance-residents"
              empty={t('housingFirst.report.none')}
              columns={columns<(typeof s.residents)[number]>({
                key: 'name',
                label: t('housingFirst.resident'),
                render: (r) => (
                  <Link to={`/residents/${r.residentId}`}>
                    <PersonName name={r.name} culled={r.culled} />
                  </Link>
                ),
              })}
            />
            <h3>{t('housingFirst.report.perStaff')}</h3>
            <DataTable
              caption={t('housingFirst.report.perStaff')}
              rows={s.staff}
              rowKey={(r) => r.staffId ?? '-'}
              testId="compliance-staff"
              empty={t('housingFirst.report.none')}
              columns={columns<(typeof s.staff)[number]>({
                key: 'name',
                label: t('housingFirst.contactPerson'),
                render: (r) => r.name ?? t('housingFirst.report.noContactPerson'),
              })}
            />
            <details className="hf-details">
              <summary>{t('housingFirst.weeks.howCounted')}</summary>
              <p className="small">{s.definitions[labels.locale]}</p>
            </details>
          </>
        )}
      </LoadState>
    </section>
  );
}

function IncidentReport({ unit }: { unit: UnitMembership }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const toMonth = monthOf(today());
  const fromMonth = addMonths(toMonth, -11);
  const stats = useLoad((signal) => housingFirstApi.incidentStats(unit.id, fromMonth, toMonth, signal), [unit.id, fromMonth, toMonth]);
  const rate = (n: number | null) =>
    n === null ? '–' : n.toLocaleString(labels.locale === 'sv' ? 'sv-SE' : 'en-GB', { maximumFractionDigits: 1 });
  const months = (n: number) => n.toLocaleString(labels.locale === 'sv' ? 'sv-SE' : 'en-GB', { maximumFractionDigits: 1 });
  return (
    <section className="card" aria-labelledby="hf-incident-rate" data-testid="incident-report">
      <h2 id="hf-incident-rate">{t('housingFirst.incidentRate.heading')}</h2>
      <LoadState {...stats}>
        {(s) => (
          <>
            <p className="muted">{t('housingFirst.report.period', { from: s.from, to: s.to })}</p>
            <p className="hf-big-figure" data-testid="incident-rate-total">
              <strong>{rate(s.total.per100)}</strong> {t('housingFirst.incidentRate.per100')}
              <span className="cell-sub">
                {t('housingFirst.incidentRate.basis', {
                  count: typeof s.total.incidents === 'number' ? s.total.incidents : 5,
                  incidents: String(s.total.incidents),
                  months: months(s.total.tenancyMonths),
                })}
              </span>
            </p>
            <DataTable
              caption={t('housingFirst.incidentRate.perMonth')}
              rows={s.months}
              rowKey={(m) => m.month}
              testId="incident-rate-months"
              columns={[
                { key: 'month', label: t('housingFirst.incidentRate.month'), render: (m) => m.month },
                {
                  key: 'incidents',
                  label: t('housingFirst.incidentRate.incidents'),
                  render: (m) => String(m.incidents),
                  className: 'numeric',
                },
                {
                  key: 'months',
                  label: t('housingFirst.incidentRate.tenancyMonths'),
                  render: (m) => months(m.tenancyMonths),
                  className: 'numeric',
                },
                { key: 'rate', label: t('housingFirst.incidentRate.rate'), render: (m) => rate(m.per100), className: 'numeric' },
              ]}
            />
            <details className="hf-details">
              <summary>{t('housingFirst.weeks.howCounted')}</summary>
              <p className="small">{s.definitions[labels.locale]}</p>
            </details>
          </>
        )}
      </LoadState>
    </section>
  );
}

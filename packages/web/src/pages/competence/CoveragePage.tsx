import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { competenceApi, type Coverage, type CoverageRow } from '../../api/competence.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { SelectField } from '../../components/Fields.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Page } from '../../components/Page.tsx';
import { useLoad } from '../../hooks/useLoad.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { shareText } from './labels.ts';
import './competence.css';

/** Coverage per unit: required courses × share, who is missing what, certificates expiring within 90 days. */
export function CoveragePage() {
  const { t } = useTranslation();
  const [unitId, setUnitId] = useState('');
  const coverage = useLoad((signal) => competenceApi.coverage(unitId || undefined, signal), [unitId]);
  // The unit choices are the units the first answer (all visible units) listed.
  const [units, setUnits] = useState<Coverage['units']>([]);
  if (coverage.data && !unitId && units.length !== coverage.data.units.length) setUnits(coverage.data.units);
  const lang = currentLanguage();
  return (
    <Page
      title={t('competence.coverage.title')}
      actions={
        <span className="button-row">
          <Link className="button button-secondary" to="/competence">
            {t('competence.toCatalogue')}
          </Link>
          <a className="button button-secondary" href={competenceApi.exportUrl(unitId || undefined)} download>
            {t('competence.coverage.export')}
          </a>
        </span>
      }
    >
      <div className="stack">
        {units.length > 1 ? (
          <SelectField
            id="coverage-unit"
            label={t('competence.coverage.unit')}
            value={unitId}
            onChange={setUnitId}
            placeholder={t('competence.coverage.allUnits')}
            options={units.map((u) => ({ value: u.id, label: u.name }))}
            filter
          />
        ) : null}
        <LoadState {...coverage}>
          {(c) => (
            <div className="stack">
              {c.units.some((u) => !u.withNames) ? <p className="muted">{t('competence.coverage.namesHidden')}</p> : null}
              <section className="card" aria-labelledby="coverage-table">
                <h2 id="coverage-table">{t('competence.coverage.title')}</h2>
                <DataTable<CoverageRow>
                  caption={t('competence.coverage.title')}
                  rows={c.rows}
                  rowKey={(r) => `${r.unitId}|${r.courseId}`}
                  testId="coverage-table"
                  rowProps={(r) => ({ 'data-course': r.course })}
                  empty={t('competence.coverage.none')}
                  columns={[
                    ...(c.units.length > 1
                      ? [{ key: 'unit', label: t('competence.coverage.unit'), render: (r: CoverageRow) => r.unitName }]
                      : []),
                    { key: 'course', label: t('competence.coverage.course'), render: (r) => r.course },
                    { key: 'staff', label: t('competence.coverage.staff'), render: (r) => r.staff, className: 'numeric' },
                    { key: 'completed', label: t('competence.coverage.completed'), render: (r) => r.completed, className: 'numeric' },
                    {
                      key: 'share',
                      label: t('competence.coverage.share'),
                      render: (r) => (
                        <span className="share">
                          <span className="share-bar" aria-hidden="true">
                            <span style={{ width: `${Math.round((r.share ?? 0) * 100)}%` }} />
                          </span>
                          {shareText(r.share, lang)}
                        </span>
                      ),
                    },
                    { key: 'expiring', label: t('competence.coverage.expiring'), render: (r) => r.expiring, className: 'numeric' },
                    {
                      key: 'missing',
                      label: t('competence.coverage.missing'),
                      render: (r) =>
                        r.missing === null
                          ? '–'
                          : r.missing
                              .map((m) => (m.status === 'expired' ? `${m.name} (${t('competence.coverage.expired')})` : m.name))
                              .join(', ') || '–',
                    },
                  ]}
                />
              </section>
              {c.units.some((u) => u.withNames) ? (
                <section className="card" aria-labelledby="coverage-expiring">
                  <h2 id="coverage-expiring">{t('competence.coverage.expiringHeading')}</h2>
                  <DataTable<Coverage['expiring'][number]>
                    caption={t('competence.coverage.expiringHeading')}
                    rows={c.expiring}
                    rowKey={(e) => `${e.unitId}|${e.userId}|${e.courseId}`}
                    testId="coverage-expiring"
                    empty={t('competence.coverage.noExpiring')}
                    columns={[
                      { key: 'person', label: t('competence.coverage.person'), render: (e) => e.name },
                      { key: 'course', label: t('competence.coverage.course'), render: (e) => e.course },
                      { key: 'expiresOn', label: t('competence.coverage.expiresOn'), render: (e) => e.expiresOn },
                    ]}
                  />
                </section>
              ) : null}
              <details>
                <summary>{t('competence.coverage.definitions')}</summary>
                <p>{c.definitions[lang]}</p>
              </details>
            </div>
          )}
        </LoadState>
      </div>
    </Page>
  );
}

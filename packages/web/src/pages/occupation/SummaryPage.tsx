import { addMonths, OCCUPATION_KINDS } from '@kvarbo/domain';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import type { Column } from '../../components/DataTable.tsx';
import { SelectField, TextField } from '../../components/Fields.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Page } from '../../components/Page.tsx';
import { StatsTabs, useStatsUnit } from '../statistics/StatsShared.tsx';
import { currentMonth, isMonth } from '../../format.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useMe, useSession } from '../../session/SessionContext.tsx';
import { occupationApi, type SummaryActivityMonth, type SummaryMonth, type SummaryQuery } from './api.ts';
import { useOccupationLabels } from './labels.ts';
import './occupation.css';

/**
 * "Sysselsättning och aktiviteter per månad" for one unit: residents, with occupation, per kind, planned hours and
 * activity attendance; per activity below. Case staff see exact figures, analysts small counts as "<5". The same
 * figures as an Excel workbook from the server.
 */
export function SummaryPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { unit } = useSession();
  const { locale } = useOccupationLabels();
  // Managers and analysts come here from the Statistik tabs; they keep the tabs to go back.
  const fromStatistics = useStatsUnit().unit !== null;
  const units = me.units;
  const to = currentMonth();
  const start: SummaryQuery = { unitId: unit?.id ?? units[0]?.id ?? '', from: addMonths(to, -5), to };
  const [query, setQuery] = useState<SummaryQuery>(start);
  const [draft, setDraft] = useState({ from: start.from, to: start.to });
  const [draftErrors, setDraftErrors] = useState<{ from?: string; to?: string }>({});
  const summary = useLoad(
    (signal) => (query.unitId ? occupationApi.summary(query, signal) : Promise.resolve(undefined)),
    [query.unitId, query.from, query.to],
  );

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const errors: { from?: string; to?: string } = {};
    if (!isMonth(draft.from)) errors.from = t('errors.invalidMonth');
    if (!isMonth(draft.to)) errors.to = t('errors.invalidMonth');
    setDraftErrors(errors);
    if (Object.keys(errors).length === 0) setQuery({ ...query, from: draft.from, to: draft.to });
  };
  // The server's complaints about the months (the last before the first, too many months) go beside the fields.
  const serverField = (f: 'from' | 'to') => (summary.error instanceof ApiError ? summary.error.fieldMessage(f) : undefined);
  const fieldProblem = Boolean(serverField('from') || serverField('to'));

  return (
    <Page
      title={t('occupation.summary.title')}
      kicker={fromStatistics ? t('stats.title') : undefined}
      actions={
        <span className="button-row">
          {me.units.some((u) => u.role !== 'analyst') ? (
            <Link className="button button-secondary" to="/activities">
              {t('occupation.summary.toActivities')}
            </Link>
          ) : null}
          {query.unitId ? (
            <a className="button button-secondary" href={occupationApi.exportUrl(query)} download data-testid="occupation-export">
              {t('occupation.summary.export')}
            </a>
          ) : null}
        </span>
      }
    >
      {fromStatistics ? <StatsTabs /> : null}
      <div className="stack">
        {units.length === 0 ? <p className="empty">{t('occupation.summary.noUnit')}</p> : null}
        <form className="filters" onSubmit={apply} noValidate aria-labelledby="occupation-summary-choice">
          <h2 id="occupation-summary-choice" className="visually-hidden">
            {t('occupation.summary.choose')}
          </h2>
          <div className="grid-3">
            {units.length > 1 ? (
              <SelectField
                id="occupation-summary-unit"
                label={t('occupation.summary.unit')}
                value={query.unitId}
                onChange={(unitId) => setQuery({ ...query, unitId })}
                options={units.map((u) => ({ value: u.id, label: u.name }))}
                filter
              />
            ) : null}
            <TextField
              id="occupation-summary-from"
              label={t('occupation.summary.from')}
              type="month"
              width="short"
              placeholder={t('occupation.summary.monthHint')}
              value={draft.from}
              onChange={(from) => setDraft({ ...draft, from })}
              error={draftErrors.from ?? serverField('from')}
              filter
            />
            <TextField
              id="occupation-summary-to"
              label={t('occupation.summary.to')}
              type="month"
              width="short"
              placeholder={t('occupation.summary.monthHint')}
              value={draft.to}
              onChange={(v) => setDraft({ ...draft, to: v })}
              error={draftErrors.to ?? serverField('to')}
              filter
            />
          </div>
          <div className="form-actions">
            <button type="submit" className="button button-secondary">
              {t('occupation.summary.show')}
            </button>
          </div>
        </form>
        {fieldProblem ? null : (
          <LoadState {...summary}>
            {(s) => (s ? <SummaryTables months={s.months} byActivity={s.byActivity} mode={s.mode} /> : null)}
          </LoadState>
        )}
        {summary.data ? (
          <section className="card occupation-definitions" aria-labelledby="occupation-definitions">
            <h2 id="occupation-definitions">{t('occupation.summary.definitions')}</h2>
            <p data-testid="occupation-definitions-text">{summary.data.definitions[locale]}</p>
          </section>
        ) : null}
      </div>
    </Page>
  );
}

function SummaryTables(props: { months: SummaryMonth[]; byActivity: SummaryActivityMonth[]; mode: 'exact' | 'suppressed' }) {
  const { t } = useTranslation();
  const labels = useOccupationLabels();
  const { months, byActivity, mode } = props;
  const n = (key: string, label: string, render: (m: SummaryMonth) => string): Column<SummaryMonth> => ({
    key,
    label,
    render,
    className: 'numeric',
  });
  return (
    <>
      {mode === 'suppressed' ? <p className="muted">{t('occupation.summary.suppressed')}</p> : null}
      <section className="card occupation-summary" aria-labelledby="occupation-per-month">
        <h2 id="occupation-per-month">{t('occupation.summary.perMonth')}</h2>
        <WideTable<SummaryMonth>
          labelledBy="occupation-per-month"
          caption={t('occupation.summary.perMonth')}
          rows={months}
          rowKey={(m) => m.month}
          testId="occupation-months"
          rowProps={(m) => ({ 'data-month': m.month })}
          columns={[
            { key: 'month', label: t('occupation.summary.month'), render: (m) => m.month },
            n('residents', t('occupation.summary.residents'), (m) => labels.count(m.residents)),
            n('withOccupation', t('occupation.summary.withOccupation'), (m) => labels.count(m.withOccupation)),
            ...OCCUPATION_KINDS.map((k) => n(k, labels.kind(k), (m) => labels.count(m.byKind[k]))),
            n('plannedHours', t('occupation.summary.plannedHours'), (m) => labels.hours(m.plannedHours)),
            n('sessions', t('occupation.summary.sessions'), (m) => labels.count(m.activities.sessions)),
            n('attendances', t('occupation.summary.attendances'), (m) => labels.count(m.activities.attendances)),
            n('guests', t('occupation.summary.guests'), (m) => labels.count(m.activities.guests)),
            n('distinct', t('occupation.summary.distinctResidents'), (m) => labels.count(m.activities.distinctResidents)),
          ]}
        />
      </section>
      <section className="card occupation-summary" aria-labelledby="occupation-per-activity">
        <h2 id="occupation-per-activity">{t('occupation.summary.perActivity')}</h2>
        <WideTable<SummaryActivityMonth>
          labelledBy="occupation-per-activity"
          caption={t('occupation.summary.perActivity')}
          rows={byActivity}
          rowKey={(r) => `${r.month}|${r.activityId}`}
          testId="occupation-activities"
          empty={t('occupation.summary.noSessions')}
          rowProps={(r) => ({ 'data-month': r.month, 'data-activity': r.name })}
          columns={[
            { key: 'month', label: t('occupation.summary.month'), render: (r) => r.month },
            { key: 'name', label: t('occupation.activity.name'), render: (r) => r.name },
            { key: 'kind', label: t('occupation.activity.kind'), render: (r) => labels.activityKind(r.kind) },
            { key: 'organiser', label: t('occupation.activity.organiser'), render: (r) => labels.organiser(r.organiser) },
            { key: 'sessions', label: t('occupation.summary.sessions'), render: (r) => labels.count(r.sessions), className: 'numeric' },
            {
              key: 'attendances',
              label: t('occupation.summary.attendances'),
              render: (r) => labels.count(r.attendances),
              className: 'numeric',
            },
            { key: 'guests', label: t('occupation.summary.guests'), render: (r) => labels.count(r.guests), className: 'numeric' },
            {
              key: 'distinct',
              label: t('occupation.summary.distinctResidents'),
              render: (r) => labels.count(r.distinctResidents),
              className: 'numeric',
            },
          ]}
        />
      </section>
    </>
  );
}

interface WideTableProps<T> {
  caption: string;
  labelledBy: string;
  rows: T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  rowProps: (row: T) => Record<`data-${string}`, string>;
  testId: string;
  empty?: string;
}

/**
 * DataTable's markup, in a region one can reach with the keyboard: the per-month table has more columns than fit,
 * and a region that scrolls sideways must take focus so that it can be scrolled without a mouse.
 */
function WideTable<T>({ caption, labelledBy, rows, columns, rowKey, rowProps, testId, empty }: WideTableProps<T>) {
  const { t } = useTranslation();
  if (rows.length === 0) return <p className="empty">{empty ?? t('common.noResults')}</p>;
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-labelledby={labelledBy}>
      <table className="table table-stack" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={c.className}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} {...rowProps(row)}>
              {columns.map((c) => (
                <td key={c.key} data-label={c.label} className={c.className}>
                  <div className="cell">{c.render(row)}</div>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

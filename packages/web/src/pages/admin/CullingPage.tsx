import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { cullingApi, type CullingItem, type CullingPreview, type CullingRun, type RetentionRule } from '../../api/culling.ts';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { describeError } from '../../components/describeError.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { TextField } from '../../components/Fields.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { ErrorBox, Notice, Page } from '../../components/Page.tsx';
import { instant, isIsoDate, today } from '../../format.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useLabels } from '../../labels.ts';

/**
 * "Gallring" for admins (docs/culling.md): what `kvarbo cull` would do on a date — who is culled and when, who is under
 * a legal hold, who is kept for research — with the rules and the latest runs. Ids only: an admin sees no case data.
 * Culling normally runs from the command line (kvarbo cull), on a schedule; "Gallra nu" runs it for today, after a
 * confirmation naming the count (the server refuses if the count has changed meanwhile).
 */
export function CullingPage() {
  const { t } = useTranslation();
  const [input, setInput] = useState(today());
  const [date, setDate] = useState(today());
  const [error, setError] = useState<string | undefined>();
  const preview = useLoad((signal) => cullingApi.preview(date, signal), [date]);
  const [done, setDone] = useState<string | null>(null);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!isIsoDate(input)) {
      setError(t('culling.dateInvalid'));
      return;
    }
    setError(undefined);
    setDate(input);
  };

  return (
    <Page title={t('culling.title')} kicker={t('admin.title')}>
      <div className="stack">
        <section className="card" aria-labelledby="culling-about">
          <h2 id="culling-about">{t('culling.aboutTitle')}</h2>
          <p>{t('culling.intro')}</p>
          <p className="muted" data-testid="culling-how">
            {t('culling.howToRun')} <code>npx kvarbo cull --dry-run --date {date}</code>, <code>npx kvarbo cull</code>
          </p>
          <form onSubmit={onSubmit} noValidate className="inline-form">
            <TextField
              id="culling-date"
              label={t('culling.date')}
              hint={t('culling.dateHint')}
              value={input}
              onChange={setInput}
              error={error}
              width="short"
            />
            <div className="form-actions">
              <button type="submit" className="button button-secondary">
                {t('culling.show')}
              </button>
            </div>
          </form>
        </section>
        {done ? <Notice>{done}</Notice> : null}
        <LoadState {...preview}>
          {(p) => (
            <>
              <RunNow
                preview={p}
                onDone={(summary) => {
                  setDone(summary);
                  preview.reload();
                }}
              />
              <Preview preview={p} />
            </>
          )}
        </LoadState>
        <p>
          <Link to="/admin">{t('culling.backToAdmin')}</Link>
        </p>
      </div>
    </Page>
  );
}

/** "Gallra nu": only for today, only when something is due; the dialog names the count the server checks again. */
function RunNow({ preview: p, onDone }: { preview: CullingPreview; onDone: (summary: string) => void }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const count = p.due.length;
  if (count === 0) return null;

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await cullingApi.run(count);
      const c = result.counts;
      setConfirming(false);
      onDone(
        t('culling.runDone', {
          summary:
            t('culling.countDue', {
              residents: c.residents,
              cases: c.eviction_cases,
              reports: c.eviction_reports,
              payments: c.unmatched_payments,
            }) +
            ', ' +
            t('culling.countSessions', { count: c.activity_sessions }),
        }),
      );
    } catch (e) {
      setConfirming(false);
      setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="culling-run" data-testid="culling-run">
      <h2 id="culling-run">{t('culling.runNow')}</h2>
      {error ? <ErrorBox title={t('culling.runFailed')}>{error}</ErrorBox> : null}
      {p.date === today() ? (
        <>
          <p className="muted">{t('culling.runHint')}</p>
          <button type="button" className="button button-danger" onClick={() => setConfirming(true)}>
            {t('culling.runNow')}
          </button>
        </>
      ) : (
        <p className="muted">{t('culling.runOnlyToday')}</p>
      )}
      <Dialog open={confirming} title={t('culling.runConfirmTitle')} onClose={() => setConfirming(false)} testId="culling-run-dialog">
        <p>{t('culling.runConfirm', { count })}</p>
        <div className="form-actions">
          <button type="button" className="button button-danger" onClick={run} disabled={busy}>
            {t('culling.runYes', { count })}
          </button>
          <button type="button" className="button button-secondary" onClick={() => setConfirming(false)}>
            {t('common.cancel')}
          </button>
        </div>
      </Dialog>
    </section>
  );
}

function Preview({ preview: p }: { preview: CullingPreview }) {
  const { t } = useTranslation();
  const unitName = (id: string) => p.units.find((u) => u.id === id)?.name ?? id;
  const kind = (k: string) => t(`culling.kinds.${k}` as 'culling.kinds.resident');

  const base: Column<CullingItem>[] = [
    { key: 'kind', label: t('culling.kind'), render: (s) => kind(s.kind) },
    { key: 'id', label: t('culling.id'), render: (s) => <code style={{ wordBreak: 'break-all' }}>{s.subjectId}</code> },
    { key: 'unit', label: t('culling.unit'), render: (s) => unitName(s.unitId) },
    { key: 'lastEntry', label: t('culling.lastEntry'), className: 'nowrap', render: (s) => s.lastEntry },
    { key: 'dueSince', label: t('culling.dueSince'), className: 'nowrap', render: (s) => s.dueSince ?? t('culling.whenClosed') },
  ];
  const withCullBy = [
    ...base,
    { key: 'cullBy', label: t('culling.cullBy'), className: 'nowrap', render: (s: CullingItem) => s.cullBy ?? '' },
  ];
  const held = [
    ...base,
    {
      key: 'heldSince',
      label: t('culling.heldSince'),
      className: 'nowrap',
      render: (s: CullingItem) => (s.heldSince ? instant(s.heldSince) : ''),
    },
  ];

  const c = p.counts;
  const sections: { id: string; title: string; rows: CullingItem[]; columns: Column<CullingItem>[]; empty: string }[] = [
    { id: 'due', title: t('culling.due', { date: p.date }), rows: p.due, columns: withCullBy, empty: t('culling.noneDue') },
    { id: 'held', title: t('culling.held'), rows: p.held, columns: held, empty: t('culling.noneHeld') },
    { id: 'research', title: t('culling.research'), rows: p.researchExempt, columns: base, empty: t('culling.noneResearch') },
    { id: 'upcoming', title: t('culling.upcoming'), rows: p.upcoming, columns: withCullBy, empty: t('culling.noneUpcoming') },
  ];

  return (
    <>
      <section className="card" aria-labelledby="culling-summary">
        <h2 id="culling-summary">{t('culling.summary', { date: p.date })}</h2>
        <ul className="plain-list" data-testid="culling-counts">
          <li>
            {t('culling.countDue', {
              residents: c.residents,
              cases: c.eviction_cases,
              reports: c.eviction_reports,
              payments: c.unmatched_payments,
            })}
          </li>
          <li>{t('culling.countSessions', { count: c.activity_sessions })}</li>
          <li>{t('culling.countHeld', { count: c.held })}</li>
          <li>{t('culling.countResearch', { count: c.research_exempt })}</li>
          <li>{t('culling.countOpen', { open: c.open, notDue: c.notDue })}</li>
        </ul>
      </section>
      {sections.map((s) => (
        <section key={s.id} className="card" aria-labelledby={`culling-${s.id}`}>
          <h2 id={`culling-${s.id}`}>
            {s.title} ({s.rows.length})
          </h2>
          <DataTable
            caption={s.title}
            rows={s.rows}
            columns={s.columns}
            rowKey={(x) => `${x.kind}-${x.subjectId}`}
            empty={s.empty}
            testId={`culling-${s.id}`}
          />
        </section>
      ))}
      <Rules rules={p.rules} researchDays={p.policy.researchBirthDays} />
      <Runs runs={p.runs} />
    </>
  );
}

function Rules({ rules, researchDays }: { rules: RetentionRule[]; researchDays: number[] | 'all' }) {
  const { t } = useTranslation();
  const { locale } = useLabels();
  const columns: Column<RetentionRule>[] = [
    { key: 'kind', label: t('culling.kind'), render: (r) => t(`culling.kinds.${r.kind}` as 'culling.kinds.resident') },
    {
      key: 'years',
      label: t('culling.years'),
      render: (r) => (r.years === null ? t('culling.never') : t('culling.yearsAfter', { count: r.years })),
    },
    { key: 'closed', label: t('culling.closedWhen'), render: (r) => r.closedWhen[locale] },
    { key: 'last', label: t('culling.lastEntryRule'), render: (r) => r.lastEntry[locale] },
    { key: 'source', label: t('culling.source'), render: (r) => r.source },
  ];
  const days =
    researchDays === 'all'
      ? t('culling.researchAll')
      : researchDays.length
        ? t('culling.researchDaysList', { days: researchDays.join(', ') })
        : t('culling.researchNone');
  return (
    <section className="card" aria-labelledby="culling-rules">
      <h2 id="culling-rules">{t('culling.rules')}</h2>
      <DataTable caption={t('culling.rules')} rows={rules} columns={columns} rowKey={(r) => r.kind} testId="culling-rules" />
      <p className="field-hint">{t('culling.researchDays', { days })}</p>
      <p className="field-hint">{t('culling.signInLogRule')}</p>
    </section>
  );
}

function Runs({ runs }: { runs: CullingRun[] }) {
  const { t } = useTranslation();
  const columns: Column<CullingRun>[] = [
    { key: 'runAt', label: t('culling.runAt'), className: 'nowrap', render: (r) => instant(r.runAt) },
    { key: 'date', label: t('culling.runDate'), className: 'nowrap', render: (r) => r.date },
    { key: 'kind', label: t('culling.runKind'), render: (r) => (r.dryRun ? t('culling.dryRun') : t('culling.realRun')) },
    {
      key: 'counts',
      label: t('culling.runCounts'),
      render: (r) =>
        t('culling.countDue', {
          residents: r.counts.residents,
          cases: r.counts.evictionCases,
          reports: r.counts.evictionReports,
          payments: r.counts.unmatchedPayments,
        }) +
        '; ' +
        t('culling.countSessions', { count: r.counts.activitySessions }),
    },
  ];
  return (
    <section className="card" aria-labelledby="culling-runs">
      <h2 id="culling-runs">{t('culling.runs')}</h2>
      <DataTable
        caption={t('culling.runs')}
        rows={runs}
        columns={columns}
        rowKey={(r) => r.id}
        empty={t('culling.noRuns')}
        testId="culling-runs"
      />
    </section>
  );
}

import { addDays } from '@kvarbo/domain';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { SelectField, TextAreaField, TextField } from '../../components/Fields.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Notice, Page } from '../../components/Page.tsx';
import { instant, optionalText, today } from '../../format.ts';
import { useForm } from '../../hooks/useForm.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useLabels } from '../../labels.ts';
import { useMe, useSession } from '../../session/SessionContext.tsx';
import {
  logReviewApi,
  type FailedSignInsFinding,
  type LogReview,
  type LogReviewSignOff,
  type ManyReadsFinding,
  type OutsideCaseloadFinding,
  type ReviewPeriod,
  type UnusualHourFinding,
} from './logReviewApi.ts';
import { PersonName } from '../../components/PersonName.tsx';

/** Loggkontroll: the manager reviews the unit's log for a period (at most 93 days) and signs the review. */
export function LogReviewPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { unit } = useSession();
  const managed = me.units.filter((u) => u.role === 'manager');
  const defaultUnit = managed.find((u) => u.id === unit?.id) ?? managed[0];
  const yesterday = addDays(today(), -1);
  const [period, setPeriod] = useState<ReviewPeriod>({ unitId: defaultUnit?.id ?? '', from: addDays(yesterday, -29), to: yesterday });
  const [signedGeneration, setSignedGeneration] = useState(0);

  if (managed.length === 0 || !defaultUnit) {
    return (
      <Page title={t('audit.review.title')}>
        <Notice tone="info">{t('audit.notManager')}</Notice>
      </Page>
    );
  }

  return (
    <Page title={t('audit.review.title')} kicker={managed.find((u) => u.id === period.unitId)?.name}>
      <p className="lead">{t('audit.review.intro')}</p>
      <p>
        <Link to="/audit">{t('audit.review.backToLog')}</Link>
      </p>
      <PeriodForm
        key={JSON.stringify(period)}
        period={period}
        units={managed.map((u) => ({ value: u.id, label: u.name }))}
        onApply={setPeriod}
      />
      <ReviewResult
        key={`${JSON.stringify(period)}-${signedGeneration}`}
        period={period}
        onSigned={() => setSignedGeneration((g) => g + 1)}
      />
      <SignOffList key={`${period.unitId}-${signedGeneration}`} unitId={period.unitId} />
    </Page>
  );
}

function PeriodForm({
  period,
  units,
  onApply,
}: {
  period: ReviewPeriod;
  units: { value: string; label: string }[];
  onApply: (p: ReviewPeriod) => void;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState(period);
  const set = (name: keyof ReviewPeriod) => (value: string) => setValues((v) => ({ ...v, [name]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(values);
  };
  return (
    <form className="card filters" onSubmit={submit} aria-labelledby="review-period">
      <h2 id="review-period" className="h3">
        {t('audit.review.period')}
      </h2>
      <div className="filters-grid">
        {units.length > 1 ? (
          <SelectField
            id="review-unit"
            label={t('audit.unit')}
            value={values.unitId}
            onChange={set('unitId')}
            options={units}
            width="medium"
          />
        ) : null}
        <div className="field-row">
          <TextField id="review-from" label={t('audit.from')} type="date" value={values.from} onChange={set('from')} width="short" />
          <TextField id="review-to" label={t('audit.to')} type="date" value={values.to} onChange={set('to')} width="short" />
        </div>
      </div>
      <p className="field-hint">{t('audit.review.periodHint')}</p>
      <div className="form-actions">
        <button type="submit" className="button button-primary">
          {t('audit.review.show')}
        </button>
      </div>
    </form>
  );
}

function ReviewResult({ period, onSigned }: { period: ReviewPeriod; onSigned: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const result = useLoad((signal) => logReviewApi.review(period, signal), [JSON.stringify(period)]);

  const actionLabel = (action: string) => (t('audit.actions', { returnObjects: true }) as Record<string, string>)[action] ?? action;
  const entityLabel = (entity: string) => (t('audit.entities', { returnObjects: true }) as Record<string, string>)[entity] ?? entity;
  const when = (iso: string) => instant(iso, labels.locale);

  const outsideColumns: Column<OutsideCaseloadFinding>[] = [
    { key: 'user', label: t('audit.user'), render: (f) => f.userName },
    {
      key: 'resident',
      label: t('audit.resident'),
      render: (f) => <PersonName name={f.residentName ?? f.residentId} culled={f.residentCulled} />,
    },
    { key: 'reads', label: t('audit.review.reads'), className: 'numeric', render: (f) => f.reads },
    { key: 'firstAt', label: t('audit.review.firstAt'), className: 'nowrap', render: (f) => when(f.firstAt) },
    { key: 'lastAt', label: t('audit.review.lastAt'), className: 'nowrap', render: (f) => when(f.lastAt) },
  ];
  const unusualColumns: Column<UnusualHourFinding>[] = [
    { key: 'at', label: t('audit.at'), className: 'nowrap', render: (f) => when(f.at) },
    { key: 'reason', label: t('audit.review.reason'), render: (f) => t(`audit.review.reasons.${f.reason}`) },
    { key: 'user', label: t('audit.user'), render: (f) => f.userName },
    { key: 'action', label: t('audit.action'), render: (f) => `${actionLabel(f.action)}: ${entityLabel(f.entity)}` },
    {
      key: 'resident',
      label: t('audit.resident'),
      render: (f) => <PersonName name={f.residentName ?? f.residentId} culled={f.residentCulled} />,
    },
  ];
  const manyColumns: Column<ManyReadsFinding>[] = [
    { key: 'day', label: t('audit.review.day'), className: 'nowrap', render: (f) => f.day },
    { key: 'user', label: t('audit.user'), render: (f) => f.userName },
    { key: 'reads', label: t('audit.review.reads'), className: 'numeric', render: (f) => f.reads },
    { key: 'threshold', label: t('audit.review.threshold'), className: 'numeric', render: (f) => f.threshold },
  ];
  const signInColumns: Column<FailedSignInsFinding>[] = [
    { key: 'day', label: t('audit.review.day'), className: 'nowrap', render: (f) => f.day },
    { key: 'user', label: t('audit.user'), render: (f) => f.userName },
    { key: 'failures', label: t('audit.review.failures'), className: 'numeric', render: (f) => f.failures },
    {
      key: 'locked',
      label: t('audit.review.locked'),
      render: (f) => (f.locked ? t('audit.review.lockedYes') : t('audit.review.lockedNo')),
    },
    { key: 'ips', label: t('audit.review.ips'), render: (f) => f.ips.join(', ') },
  ];

  return (
    <LoadState {...result}>
      {(review: LogReview) => {
        const definitions = labels.locale === 'en' ? review.definitions.en : review.definitions.sv;
        return (
          <>
            <p>{t('audit.review.summary', { count: review.totals.all })}</p>
            <p className="muted">{definitions.scope}</p>
            <section className="card" aria-labelledby="review-outside">
              <h2 id="review-outside" className="h3">
                {t('audit.review.outsideCaseload')} ({review.totals.outsideCaseload})
              </h2>
              <p className="field-hint">{definitions.outsideCaseload}</p>
              <DataTable
                caption={t('audit.review.outsideCaseload')}
                rows={review.findings.outsideCaseload}
                columns={outsideColumns}
                rowKey={(f) => `${f.userId ?? f.userName}-${f.residentId}`}
                empty={t('audit.review.none')}
                testId="review-outside"
              />
            </section>
            <section className="card" aria-labelledby="review-unusual">
              <h2 id="review-unusual" className="h3">
                {t('audit.review.unusualHours')} ({review.totals.unusualHours})
              </h2>
              <p className="field-hint">{definitions.unusualHours}</p>
              {review.unusualHoursTruncated ? (
                <Notice tone="info">{t('audit.review.truncated', { shown: review.findings.unusualHours.length })}</Notice>
              ) : null}
              <DataTable
                caption={t('audit.review.unusualHours')}
                rows={review.findings.unusualHours}
                columns={unusualColumns}
                rowKey={(f) => `${f.at}-${f.userId ?? f.userName}-${f.residentId}-${f.entity}`}
                empty={t('audit.review.none')}
                testId="review-unusual"
              />
            </section>
            <section className="card" aria-labelledby="review-many">
              <h2 id="review-many" className="h3">
                {t('audit.review.manyReads')} ({review.totals.manyReads})
              </h2>
              <p className="field-hint">{definitions.manyReads}</p>
              <DataTable
                caption={t('audit.review.manyReads')}
                rows={review.findings.manyReads}
                columns={manyColumns}
                rowKey={(f) => `${f.userId ?? f.userName}-${f.day}`}
                empty={t('audit.review.none')}
                testId="review-many"
              />
            </section>
            <section className="card" aria-labelledby="review-sign-ins">
              <h2 id="review-sign-ins" className="h3">
                {t('audit.review.failedSignIns')} ({review.totals.failedSignIns})
              </h2>
              <p className="field-hint">{definitions.failedSignIns}</p>
              <DataTable
                caption={t('audit.review.failedSignIns')}
                rows={review.findings.failedSignIns}
                columns={signInColumns}
                rowKey={(f) => `${f.userId}-${f.day}`}
                empty={t('audit.review.none')}
                testId="review-sign-ins"
              />
            </section>
            <SignOffForm period={period} signOffs={review.signOffs} onSigned={onSigned} />
          </>
        );
      }}
    </LoadState>
  );
}

function SignOffForm({ period, signOffs, onSigned }: { period: ReviewPeriod; signOffs: LogReviewSignOff[]; onSigned: () => void }) {
  const { t } = useTranslation();
  const form = useForm({ note: '' }, 'review-signoff');
  const submit = form.handleSubmit(
    () => ({}),
    async (values) => {
      await logReviewApi.signOff({ ...period, note: optionalText(values.note) });
      onSigned();
    },
  );
  return (
    <form className="card form-card" onSubmit={submit} aria-labelledby="review-signoff" noValidate>
      <h2 id="review-signoff" className="h3">
        {t('audit.review.signOff')}
      </h2>
      {signOffs.length > 0 ? <Notice tone="info">{t('audit.review.alreadySigned', { count: signOffs.length })}</Notice> : null}
      <ErrorSummary {...form.summary} />
      <TextAreaField label={t('audit.review.note')} hint={t('audit.review.noteHint')} optional {...form.text('note')} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={form.submitting}>
          {t('audit.review.signOff')}
        </button>
      </div>
    </form>
  );
}

function SignOffList({ unitId }: { unitId: string }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const result = useLoad((signal) => logReviewApi.signOffs(unitId, signal), [unitId]);
  const columns: Column<LogReviewSignOff>[] = [
    { key: 'period', label: t('audit.review.period'), className: 'nowrap', render: (s) => `${s.from} – ${s.to}` },
    { key: 'signedAt', label: t('audit.review.signedAt'), className: 'nowrap', render: (s) => instant(s.signedAt, labels.locale) },
    { key: 'signedBy', label: t('audit.review.signedBy'), render: (s) => s.signedByName },
    { key: 'findings', label: t('audit.review.findings'), className: 'numeric', render: (s) => s.findingsCount },
    { key: 'note', label: t('audit.review.note'), render: (s) => s.note },
  ];
  return (
    <section className="card" aria-labelledby="review-signoffs">
      <h2 id="review-signoffs" className="h3">
        {t('audit.review.earlier')}
      </h2>
      <LoadState {...result}>
        {(page) => (
          <DataTable
            caption={t('audit.review.earlier')}
            rows={page.items}
            columns={columns}
            rowKey={(s) => s.id}
            empty={t('audit.review.noSignOffs')}
            testId="review-signoffs"
          />
        )}
      </LoadState>
    </section>
  );
}

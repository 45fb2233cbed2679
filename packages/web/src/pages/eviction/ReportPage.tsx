import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { evictionApi, type ReportDetail } from '../../api/eviction.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { DetailList } from '../../components/DetailList.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { RadioGroup, TextField } from '../../components/Fields.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Notice, Page } from '../../components/Page.tsx';
import { fileSize, money, personalNumber } from '../../format.ts';
import { flash, useFlash } from '../../hooks/useFlash.ts';
import { useForm, type FieldErrors } from '../../hooks/useForm.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useEvictionLabels } from './labels.ts';
import { readCount } from './ReportFormPage.tsx';

const NO_PERSON = 'none';

/**
 * /eviction/reports/:reportId – a landlord's report as it came: the facts, its attachments, the persons it may
 * concern (staff choose; Kvarbo never links on its own), and opening a case with the household.
 */
export function ReportPage() {
  const { t } = useTranslation();
  const { reportId = '' } = useParams();
  const message = useFlash();
  const report = useLoad((signal) => evictionApi.report(reportId, signal), [reportId]);
  const data = report.data;
  return (
    <Page
      title={data ? t('eviction.report.title', { receipt: data.receiptNumber }) : t('eviction.report.titlePlain')}
      kicker={t('eviction.report.kicker')}
      actions={
        <Link to="/eviction" className="button button-link">
          {t('eviction.backToList')}
        </Link>
      }
    >
      {message ? <Notice>{message}</Notice> : null}
      <LoadState {...report}>
        {(r) => (
          <div className="stack">
            <ReportFacts report={r} />
            <Attachments report={r} />
            {r.caseId ? (
              <section className="card" aria-labelledby="report-case-heading">
                <h2 id="report-case-heading">{t('eviction.report.openCaseHeading')}</h2>
                <p>{t('eviction.report.hasCase')}</p>
                <Link to={`/eviction/cases/${r.caseId}`} className="button button-secondary" data-testid="report-case-link">
                  {t('eviction.report.goToCase')}
                </Link>
              </section>
            ) : (
              <OpenCaseForm report={r} />
            )}
          </div>
        )}
      </LoadState>
    </Page>
  );
}

function ReportFacts({ report: r }: { report: ReportDetail }) {
  const { t } = useTranslation();
  const labels = useEvictionLabels();
  const channel = (['phone', 'letter', 'email', 'kronofogden', 'portal', 'api'] as const).find((c) => c === r.channel);
  return (
    <section className="card" aria-labelledby="report-facts-heading" data-testid="report-facts">
      <h2 id="report-facts-heading">{t('eviction.report.facts')}</h2>
      <div className="grid-2">
        <DetailList
          items={[
            { label: t('eviction.report.kind'), value: labels.kind(r.kind) },
            { label: t('eviction.report.reasons'), value: r.reasons.map((x) => labels.reason(x)).join(', ') },
            { label: t('eviction.report.arrears'), value: money(r.arrearsOre) },
            { label: t('eviction.report.arrearsMonths'), value: r.arrearsMonths ?? '' },
            { label: t('eviction.report.servedOn'), value: r.servedOn, testId: 'report-served-on' },
            { label: t('eviction.report.evictionDate'), value: r.evictionDate },
            { label: t('eviction.report.description'), value: r.description ? <span className="pre-line">{r.description}</span> : '' },
          ]}
        />
        <DetailList
          items={[
            { label: t('eviction.report.tenantName'), value: r.tenantName },
            { label: t('eviction.report.tenantAddress'), value: r.tenantAddress },
            { label: t('eviction.report.personalNumber'), value: personalNumber(r.tenantPersonalNumber) },
            { label: t('eviction.report.householdChildren'), value: r.householdChildren ?? '' },
            { label: t('eviction.report.receipt'), value: <span className="ocr-inline">{r.receiptNumber}</span> },
            { label: t('eviction.report.channel'), value: channel ? t(`eviction.channels.${channel}`) : r.channel },
            { label: t('eviction.report.receivedOn'), value: r.receivedOn },
            { label: t('eviction.report.status'), value: t(`eviction.reportStatus.${r.status}`) },
          ]}
        />
      </div>
    </section>
  );
}

function Attachments({ report }: { report: ReportDetail }) {
  const { t } = useTranslation();
  const labels = useEvictionLabels();
  return (
    <section className="card" aria-labelledby="report-attachments-heading">
      <h2 id="report-attachments-heading">{t('eviction.report.attachments')}</h2>
      <DataTable
        caption={t('eviction.report.attachmentsCaption')}
        testId="report-attachments"
        rows={report.attachments}
        rowKey={(a) => a.id}
        empty={t('eviction.report.noAttachments')}
        columns={[
          {
            key: 'file',
            label: t('eviction.report.file'),
            render: (a) => (
              <a href={evictionApi.attachmentUrl(a.id)} download={a.filename}>
                {a.filename}
              </a>
            ),
          },
          { key: 'type', label: t('eviction.report.type'), render: (a) => a.contentType },
          { key: 'size', label: t('eviction.report.size'), render: (a) => fileSize(a.sizeBytes, labels.locale) },
        ]}
      />
    </section>
  );
}

function OpenCaseForm({ report }: { report: ReportDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const people = [
    ...report.match.byPersonalNumber.map((p) => ({ value: p.residentId, label: `${p.name} (${t('eviction.report.samePersonalNumber')})` })),
    ...report.match.suggestions.map((p) => ({ value: p.residentId, label: `${p.name} (${t(`eviction.report.strength.${p.strength}`)})` })),
    { value: NO_PERSON, label: t('eviction.report.noPerson') },
  ];
  const form = useForm(
    {
      residentId: report.match.byPersonalNumber.length === 1 ? report.match.byPersonalNumber[0]!.residentId : '',
      householdAdults: '1',
      householdChildren: report.householdChildren === null ? '' : String(report.householdChildren),
    },
    'open-case',
  );

  const validate = (v: typeof form.values): FieldErrors => {
    const errors: FieldErrors = {};
    if (!v.residentId) errors.residentId = t('errors.chooseRequired', { field: t('eviction.report.matchLegend').toLowerCase() });
    const adults = readCount(v.householdAdults, 1, 30);
    if (adults === null || adults === undefined) errors.householdAdults = t('eviction.report.countRange', { min: 1, max: 30 });
    const children = readCount(v.householdChildren, 0, 30);
    if (children === null || children === undefined) errors.householdChildren = t('eviction.report.countRange', { min: 0, max: 30 });
    return errors;
  };

  const onSubmit = form.handleSubmit(validate, async (v) => {
    const opened = await evictionApi.open({
      unitId: report.unitId,
      reportId: report.id,
      residentId: v.residentId === NO_PERSON ? null : v.residentId,
      householdAdults: Number(v.householdAdults),
      householdChildren: Number(v.householdChildren),
    });
    navigate(`/eviction/cases/${opened.id}`, flash(t('eviction.report.caseOpened')));
  });

  return (
    <section className="card" aria-labelledby="open-case-heading">
      <h2 id="open-case-heading">{t('eviction.report.openCaseHeading')}</h2>
      <ErrorSummary {...form.summary} />
      <form onSubmit={onSubmit} noValidate data-testid="open-case-form">
        <h3>{t('eviction.report.matchHeading')}</h3>
        <p className="muted">{t('eviction.report.matchIntro')}</p>
        <RadioGroup {...form.text('residentId')} label={t('eviction.report.matchLegend')} options={people} />
        <h3>{t('eviction.report.householdHeading')}</h3>
        <div className="field-row">
          <TextField {...form.text('householdAdults')} label={t('eviction.report.adults')} inputMode="numeric" width="short" />
          <TextField
            {...form.text('householdChildren')}
            label={t('eviction.report.children')}
            hint={t('eviction.report.childrenHint')}
            inputMode="numeric"
            width="short"
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={form.submitting} aria-disabled={form.submitting}>
            {form.submitting ? t('app.saving') : t('eviction.report.openCase')}
          </button>
        </div>
      </form>
    </section>
  );
}

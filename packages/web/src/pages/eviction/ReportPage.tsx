import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { evictionApi, type ReportAttachment, type ReportDetail } from '../../api/eviction.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { DetailList } from '../../components/DetailList.tsx';
import { describeError } from '../../components/describeError.ts';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { RadioGroup, TextField } from '../../components/Fields.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { ErrorBox, Notice, Page } from '../../components/Page.tsx';
import { fileSize, money, personalNumber } from '../../format.ts';
import { flash, useFlash } from '../../hooks/useFlash.ts';
import { useForm, type FieldErrors } from '../../hooks/useForm.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { FilePicker } from '../portal/FilePicker.tsx';
import { fileProblem, type FailedAttachment } from '../portal/attachments.ts';
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
              <>
                {r.match.openCases.length > 0 ? <OpenCases report={r} /> : null}
                <OpenCaseForm report={r} />
              </>
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

/** The household's open cases: the report is linked to one of them (a person confirms) rather than opening another. */
function OpenCases({ report }: { report: ReportDetail }) {
  const { t } = useTranslation();
  const labels = useEvictionLabels();
  const navigate = useNavigate();
  const [linking, setLinking] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const link = async (caseId: string) => {
    setLinking(caseId);
    setError(null);
    try {
      await evictionApi.linkReport(caseId, report.id);
      navigate(`/eviction/cases/${caseId}`, flash(t('eviction.report.linked')));
    } catch (cause) {
      setError(cause);
      setLinking(null);
    }
  };
  return (
    <section className="card eviction-open-cases" aria-labelledby="report-open-cases-heading" data-testid="report-open-cases">
      <h2 id="report-open-cases-heading">{t('eviction.report.openCasesHeading')}</h2>
      <p>{t('eviction.report.openCasesIntro')}</p>
      {error ? (
        <ErrorBox title={t('errors.title')}>
          <p>{describeError(t, error)}</p>
        </ErrorBox>
      ) : null}
      <DataTable
        caption={t('eviction.report.openCasesCaption')}
        testId="report-open-case-table"
        rows={report.match.openCases}
        rowKey={(c) => c.caseId}
        rowProps={(c) => ({ 'data-case-id': c.caseId })}
        columns={[
          {
            key: 'tenant',
            label: t('eviction.col.tenant'),
            render: (c) => <Link to={`/eviction/cases/${c.caseId}`}>{c.tenantName}</Link>,
          },
          { key: 'address', label: t('eviction.case.address'), render: (c) => c.tenantAddress },
          { key: 'by', label: t('eviction.report.openCaseMatchedBy'), render: (c) => t(`eviction.report.openCaseBy.${c.by}`) },
          { key: 'step', label: t('eviction.col.step'), render: (c) => labels.step(c.step) },
          { key: 'opened', label: t('eviction.case.openedOn'), render: (c) => c.openedOn },
          {
            key: 'action',
            label: t('eviction.col.action'),
            render: (c) => (
              <button
                type="button"
                className="button button-primary button-small"
                disabled={linking !== null}
                aria-disabled={linking !== null}
                onClick={() => void link(c.caseId)}
                data-testid="link-to-case"
              >
                {linking === c.caseId ? t('eviction.report.linking') : t('eviction.report.linkToCase')}
                <span className="visually-hidden"> {t('eviction.report.linkToCaseFor', { name: c.tenantName })}</span>
              </button>
            ),
          },
        ]}
      />
      <p className="muted">{t('eviction.report.orOpenNew')}</p>
    </section>
  );
}

/** Sends the files one by one; a file the server refuses is reported, the others still go. */
async function attachAll(t: TFunction, reportId: string, files: readonly File[]) {
  const attached: ReportAttachment[] = [];
  const failed: FailedAttachment[] = [];
  for (const file of files) {
    try {
      attached.push(await evictionApi.attach(reportId, file));
    } catch (error) {
      let message: string;
      if (error instanceof ApiError && error.status === 413) message = t('portal.attachments.tooLarge', { name: file.name });
      else if (error instanceof ApiError && error.fieldMessage('file')) message = error.fieldMessage('file')!;
      else message = describeError(t, error);
      failed.push({ filename: file.name, message });
    }
  }
  return { attached, failed };
}

function Attachments({ report }: { report: ReportDetail }) {
  const { t } = useTranslation();
  const labels = useEvictionLabels();
  const [added, setAdded] = useState<ReportAttachment[]>([]);
  const [failed, setFailed] = useState<FailedAttachment[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [savedCount, setSavedCount] = useState(0);

  const send = async (files: File[]) => {
    if (files.length === 0) return;
    const problems = files.map((f) => fileProblem(t, f)).filter((p): p is string => p !== null);
    setSavedCount(0);
    setFailed([]);
    if (problems.length) {
      setProblem(problems.join(' '));
      return;
    }
    setProblem(null);
    setSending(true);
    try {
      const result = await attachAll(t, report.id, files);
      setAdded((previous) => [...previous, ...result.attached]);
      setSavedCount(result.attached.length);
      setFailed(result.failed);
    } finally {
      setSending(false);
    }
  };

  return (
    <section className="card eviction-attachments" aria-labelledby="report-attachments-heading">
      <h2 id="report-attachments-heading">{t('eviction.report.attachments')}</h2>
      <DataTable
        caption={t('eviction.report.attachmentsCaption')}
        testId="report-attachments"
        rows={[...report.attachments, ...added.filter((a) => !report.attachments.some((b) => b.id === a.id))]}
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
      {failed.length > 0 ? (
        <div className="notice notice-error" role="alert" data-testid="report-attachment-errors">
          <p className="notice-title">{t('eviction.report.attachFailedTitle')}</p>
          <ul>
            {failed.map((f) => (
              <li key={f.filename}>
                {f.filename}: {f.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {sending ? <Notice tone="info">{t('eviction.report.attaching')}</Notice> : null}
      {!sending && savedCount > 0 ? <Notice>{t('eviction.report.attached', { count: savedCount })}</Notice> : null}
      <FilePicker
        id="report-file"
        label={t('eviction.report.addAttachments')}
        hint={t('eviction.report.attachHint')}
        error={problem ?? undefined}
        disabled={sending}
        testId="report-file-input"
        onFiles={(files) => void send(files)}
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

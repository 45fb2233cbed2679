import type { CaseStep } from '@kvarbo/domain';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { evictionApi, type CaseDetail } from '../../api/eviction.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { DetailList } from '../../components/DetailList.tsx';
import { describeError } from '../../components/describeError.ts';
import { LoadState } from '../../components/LoadState.tsx';
import { ErrorBox, Notice, Page } from '../../components/Page.tsx';
import { money } from '../../format.ts';
import { useFlash } from '../../hooks/useFlash.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { BudgetSection } from './BudgetEditor.tsx';
import { LegalHoldPanel } from '../residents/LegalHoldPanel.tsx';
import {
  AttemptForm,
  CaseDetailsForm,
  CloseForm,
  ConsentForm,
  ReferralForm,
  ReferralStatusForm,
  StaleVersion,
  SupportForm,
  WithdrawConsentForm,
  isStale,
  type CaseFormProps,
} from './CaseForms.tsx';
import { CountdownBadge, householdText } from './Countdown.tsx';
import { CaseFlags } from './EvictionListPage.tsx';
import { useEvictionLabels } from './labels.ts';

/**
 * /eviction/cases/:caseId – one household's case: the countdowns (the reinstatement deadline large), the facts,
 * the next steps, outreach, consents, support, referrals, the budget and closing. Every write answers the whole
 * case, which replaces the one shown; a stale version (409) is explained with a way to reload.
 */
export function CasePage() {
  const { t } = useTranslation();
  const { caseId = '' } = useParams();
  const flash = useFlash();
  const loaded = useLoad((signal) => evictionApi.get(caseId, signal), [caseId]);
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [message, setMessage] = useState<string | null>(flash);
  const noticeRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (loaded.data) setDetail(loaded.data);
  }, [loaded.data]);

  const onSaved = (next: CaseDetail, text: string) => {
    setDetail(next);
    setMessage(text);
    requestAnimationFrame(() => noticeRef.current?.scrollIntoView({ block: 'nearest' }));
  };
  const current = detail && detail.id === caseId ? detail : null;

  return (
    <Page
      title={current ? current.tenantName : t('eviction.case.titlePlain')}
      kicker={t('eviction.case.kicker')}
      actions={
        <Link to="/eviction" className="button button-link">
          {t('eviction.backToList')}
        </Link>
      }
    >
      <div ref={noticeRef}>{message ? <Notice>{message}</Notice> : null}</div>
      <LoadState data={current ?? undefined} error={loaded.error} loading={loaded.loading} reload={loaded.reload}>
        {(c) => <CaseBody detail={c} onSaved={onSaved} reload={loaded.reload} clearMessage={() => setMessage(null)} />}
      </LoadState>
    </Page>
  );
}

function CaseBody({
  detail: c,
  onSaved,
  reload,
  clearMessage,
}: {
  detail: CaseDetail;
  onSaved: CaseFormProps['onSaved'];
  reload: () => void;
  /** The last save's message no longer applies once the details form is opened again. */
  clearMessage: () => void;
}) {
  const { t } = useTranslation();
  const labels = useEvictionLabels();
  const closed = c.step === 'closed';
  const [editing, setEditing] = useState(false);
  return (
    <div className="stack">
      {closed ? (
        <p className="notice notice-info" data-testid="case-closed">
          {t('eviction.case.closedNotice', { date: c.closedOn ?? '', outcome: labels.outcome(c.outcome) })}
        </p>
      ) : null}
      {/* A closed case counts down to nothing: the dates stay in the facts and the reports. */}
      {closed ? null : <Countdowns detail={c} />}
      {!closed && !c.landlordContactAllowed && c.landlordContactNote ? (
        <div className="notice notice-warning" data-testid="landlord-contact-note">
          <p className="notice-title">{t('eviction.case.noConsentTitle')}</p>
          <p>{labels.localized(c.landlordContactNote)}</p>
        </div>
      ) : null}
      <section className="card" aria-labelledby="case-facts-heading" data-testid="case-facts">
        <div className="section-header">
          <h2 id="case-facts-heading">{t('eviction.case.facts')}</h2>
          {!closed && !editing ? (
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setEditing(true);
                clearMessage();
              }}
              data-testid="case-edit"
            >
              {t('eviction.case.edit')}
            </button>
          ) : null}
        </div>
        {editing && !closed ? (
          <CaseDetailsForm
            detail={c}
            reload={reload}
            onCancel={() => setEditing(false)}
            onSaved={(d, m) => {
              setEditing(false);
              onSaved(d, m);
            }}
          />
        ) : null}
        <div className="grid-2">
          <DetailList
            items={[
              {
                label: t('eviction.case.step'),
                value: <span className={`tag tag-step tag-step-${c.step}`}>{labels.step(c.step)}</span>,
                testId: 'case-step',
              },
              { label: t('eviction.case.household'), value: householdText(t, c.household), testId: 'case-household' },
              { label: t('eviction.case.address'), value: c.tenantAddress },
              { label: t('eviction.case.landlord'), value: c.landlordName },
              { label: t('eviction.col.flags'), value: <CaseFlags flags={c.flags} /> },
            ]}
          />
          <DetailList
            items={[
              { label: t('eviction.case.receivedOn'), value: c.receivedOn },
              { label: t('eviction.case.openedOn'), value: c.openedOn },
              { label: t('eviction.case.servedOn'), value: c.servedOn, testId: 'case-served-on' },
              ...(c.evictionDate
                ? [{ label: t('eviction.report.evictionDate'), value: c.evictionDate, testId: 'case-eviction-date' }]
                : []),
              { label: t('eviction.case.firstContact'), value: c.firstContactOn, testId: 'case-first-contact' },
              { label: t('eviction.case.assignee'), value: c.assigneeName, testId: 'case-assignee' },
              ...(closed
                ? [
                    { label: t('eviction.case.closedOn'), value: c.closedOn },
                    { label: t('eviction.case.outcome'), value: labels.outcome(c.outcome), testId: 'case-outcome' },
                  ]
                : []),
            ]}
          />
        </div>
        <NextSteps detail={c} onSaved={onSaved} reload={reload} />
      </section>
      <Attempts detail={c} onSaved={onSaved} />
      <Consents detail={c} onSaved={onSaved} />
      <Support detail={c} onSaved={onSaved} />
      <Referrals detail={c} onSaved={onSaved} reload={reload} />
      <BudgetSection detail={c} onSaved={onSaved} reload={reload} />
      <Reports detail={c} />
      {closed ? null : <Close detail={c} onSaved={onSaved} />}
      <LegalHoldPanel subject={{ caseId: c.id }} />
    </div>
  );
}

function Countdowns({ detail: c }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const deadline = c.countdowns.reinstatementDeadline;
  const eviction = c.countdowns.evictionDate;
  return (
    <div className="eviction-countdowns">
      <section
        className={`card eviction-deadline ${deadline ? `eviction-deadline-${deadline.urgency}` : ''}`}
        aria-labelledby="deadline-heading"
      >
        <h2 id="deadline-heading">{t('eviction.case.deadlineHeading')}</h2>
        {deadline ? (
          <>
            <p className="eviction-deadline-badge">
              <CountdownBadge countdown={deadline} large />
            </p>
            <p className="eviction-deadline-date" data-testid="deadline-date">
              {t('eviction.deadlineOn', { date: deadline.deadline })}
            </p>
          </>
        ) : (
          <p className="muted">{t('eviction.case.noServedOn')}</p>
        )}
        <p className="muted eviction-rule">{t('eviction.case.deadlineRule')}</p>
      </section>
      {eviction ? (
        <section className="card eviction-deadline" aria-labelledby="eviction-date-heading">
          <h2 id="eviction-date-heading">{t('eviction.case.evictionHeading')}</h2>
          <p className="eviction-deadline-badge">
            <CountdownBadge countdown={eviction} kind="eviction" large />
          </p>
          <p className="eviction-deadline-date">{t('eviction.evictionOn', { date: eviction.deadline })}</p>
          <p className="muted eviction-rule">{t('eviction.case.evictionRule')}</p>
        </section>
      ) : null}
    </div>
  );
}

function NextSteps({ detail: c, onSaved, reload }: { detail: CaseDetail; onSaved: CaseFormProps['onSaved']; reload: () => void }) {
  const { t } = useTranslation();
  const labels = useEvictionLabels();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const steps = c.nextSteps.filter((s) => s !== 'closed');
  if (steps.length === 0 && !error) return null;
  const move = async (step: CaseStep) => {
    setBusy(true);
    setError(null);
    try {
      onSaved(await evictionApi.update(c.id, { version: c.version, step }), t('eviction.case.stepMoved', { step: labels.step(step) }));
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="eviction-steps" data-testid="next-steps">
      <h3>{t('eviction.case.stepHeading')}</h3>
      {error && isStale(error) ? (
        <StaleVersion
          error={error}
          onReload={() => {
            setError(null);
            reload();
          }}
        />
      ) : error ? (
        <ErrorBox title={t('errors.title')}>
          <p>{describeError(t, error)}</p>
        </ErrorBox>
      ) : null}
      <div className="button-row">
        {steps.map((step) => (
          <button
            key={step}
            type="button"
            className="button button-secondary"
            disabled={busy}
            onClick={() => void move(step)}
            data-testid={`move-to-${step}`}
          >
            {t('eviction.case.moveTo', { step: labels.step(step) })}
          </button>
        ))}
      </div>
    </div>
  );
}

/** A section with its heading, an "add" button that opens the form in place, and the list. */
function Section({
  id,
  title,
  addLabel,
  closed,
  form,
  children,
  testId,
}: {
  id: string;
  title: string;
  addLabel: string;
  closed: boolean;
  form: (close: () => void) => ReactNode;
  children: ReactNode;
  testId: string;
}) {
  const [open, setOpen] = useState(false);
  return (
    <section className="card" aria-labelledby={`${id}-heading`} data-testid={testId}>
      <div className="section-header">
        <h2 id={`${id}-heading`}>{title}</h2>
        {!open && !closed ? (
          <button type="button" className="button button-secondary" onClick={() => setOpen(true)} data-testid={`${id}-add`}>
            {addLabel}
          </button>
        ) : null}
      </div>
      {open ? form(() => setOpen(false)) : null}
      {children}
    </section>
  );
}

function Attempts({ detail: c, onSaved }: { detail: CaseDetail; onSaved: CaseFormProps['onSaved'] }) {
  const { t } = useTranslation();
  const labels = useEvictionLabels();
  const rows = [...c.attempts].sort((a, b) => b.occurredOn.localeCompare(a.occurredOn) || b.createdAt.localeCompare(a.createdAt));
  return (
    <Section
      id="attempts"
      testId="attempts-section"
      title={t('eviction.attempts.heading')}
      addLabel={t('eviction.attempts.add')}
      closed={c.step === 'closed'}
      form={(close) => <AttemptForm detail={c} onCancel={close} onSaved={(d, m) => (close(), onSaved(d, m))} />}
    >
      <DataTable
        caption={t('eviction.attempts.caption')}
        testId="attempt-table"
        rows={rows}
        rowKey={(r) => r.id}
        empty={t('eviction.attempts.empty')}
        columns={[
          { key: 'date', label: t('eviction.attempts.occurredOn'), render: (r) => r.occurredOn },
          { key: 'kind', label: t('eviction.attempts.kind'), render: (r) => labels.outreachKind(r.kind) },
          { key: 'outcome', label: t('eviction.attempts.outcome'), render: (r) => labels.outreachOutcome(r.outcome) },
          { key: 'note', label: t('eviction.attempts.note'), render: (r) => r.note ?? '' },
        ]}
      />
    </Section>
  );
}

function Consents({ detail: c, onSaved }: { detail: CaseDetail; onSaved: CaseFormProps['onSaved'] }) {
  const { t } = useTranslation();
  const labels = useEvictionLabels();
  const [withdrawing, setWithdrawing] = useState<string | null>(null);
  const closed = c.step === 'closed';
  return (
    <Section
      id="consents"
      testId="consents-section"
      title={t('eviction.consents.heading')}
      addLabel={t('eviction.consents.add')}
      closed={closed}
      form={(close) => <ConsentForm detail={c} onCancel={close} onSaved={(d, m) => (close(), onSaved(d, m))} />}
    >
      {withdrawing ? (
        <WithdrawConsentForm
          detail={c}
          consentId={withdrawing}
          onCancel={() => setWithdrawing(null)}
          onSaved={(d, m) => {
            setWithdrawing(null);
            onSaved(d, m);
          }}
        />
      ) : null}
      <DataTable
        caption={t('eviction.consents.caption')}
        testId="consent-table"
        rows={c.consents}
        rowKey={(r) => r.id}
        empty={t('eviction.consents.empty')}
        columns={[
          { key: 'party', label: t('eviction.consents.party'), render: (r) => labels.party(r.party) },
          { key: 'scope', label: t('eviction.consents.scope'), render: (r) => r.scope },
          { key: 'given', label: t('eviction.consents.givenOn'), render: (r) => r.givenOn },
          {
            key: 'state',
            label: t('eviction.consents.state'),
            render: (r) =>
              r.active ? (
                <span className="tag tag-active">{t('eviction.consents.active')}</span>
              ) : (
                <span className="tag tag-ended">
                  {r.withdrawnOn ? t('eviction.consents.withdrawn', { date: r.withdrawnOn }) : t('eviction.consents.inactive')}
                </span>
              ),
          },
          ...(closed
            ? []
            : [
                {
                  key: 'action',
                  label: t('eviction.col.action'),
                  render: (r: CaseDetail['consents'][number]) =>
                    r.withdrawnOn ? null : (
                      <button type="button" className="button button-secondary button-small" onClick={() => setWithdrawing(r.id)}>
                        {t('eviction.consents.withdraw')}
                        <span className="visually-hidden"> {labels.party(r.party)}</span>
                      </button>
                    ),
                },
              ]),
        ]}
      />
    </Section>
  );
}

function Support({ detail: c, onSaved }: { detail: CaseDetail; onSaved: CaseFormProps['onSaved'] }) {
  const { t } = useTranslation();
  const labels = useEvictionLabels();
  return (
    <Section
      id="support"
      testId="support-section"
      title={t('eviction.support.heading')}
      addLabel={t('eviction.support.add')}
      closed={c.step === 'closed'}
      form={(close) => <SupportForm detail={c} onCancel={close} onSaved={(d, m) => (close(), onSaved(d, m))} />}
    >
      <DataTable
        caption={t('eviction.support.caption')}
        testId="support-table"
        rows={c.support}
        rowKey={(r) => r.id}
        empty={t('eviction.support.empty')}
        columns={[
          { key: 'date', label: t('eviction.support.occurredOn'), render: (r) => r.occurredOn },
          {
            key: 'kind',
            label: t('eviction.support.kind'),
            render: (r) => (
              <>
                {labels.supportKind(r.kind)}
                {r.groupSession ? <span className="tag tag-neutral eviction-inline-tag">{t('eviction.support.groupTag')}</span> : null}
              </>
            ),
          },
          { key: 'note', label: t('eviction.support.note'), render: (r) => r.note ?? '' },
        ]}
      />
    </Section>
  );
}

function Referrals({ detail: c, onSaved, reload }: { detail: CaseDetail; onSaved: CaseFormProps['onSaved']; reload: () => void }) {
  const { t } = useTranslation();
  const labels = useEvictionLabels();
  const [changing, setChanging] = useState<string | null>(null);
  const closed = c.step === 'closed';
  const referral = c.referrals.find((r) => r.id === changing);
  return (
    <Section
      id="referrals"
      testId="referrals-section"
      title={t('eviction.referrals.heading')}
      addLabel={t('eviction.referrals.add')}
      closed={closed}
      form={(close) => <ReferralForm detail={c} onCancel={close} onSaved={(d, m) => (close(), onSaved(d, m))} />}
    >
      {referral ? (
        <div>
          <h3>{t('eviction.referrals.changeFor', { service: labels.service(referral.service) })}</h3>
          <ReferralStatusForm
            detail={c}
            referral={referral}
            reload={reload}
            onCancel={() => setChanging(null)}
            onSaved={(d, m) => {
              setChanging(null);
              onSaved(d, m);
            }}
          />
        </div>
      ) : null}
      <DataTable
        caption={t('eviction.referrals.caption')}
        testId="referral-table"
        rows={c.referrals}
        rowKey={(r) => r.id}
        empty={t('eviction.referrals.empty')}
        rowProps={(r) => ({ 'data-service': r.service, 'data-status': r.status })}
        columns={[
          { key: 'service', label: t('eviction.referrals.service'), render: (r) => labels.service(r.service) },
          { key: 'status', label: t('eviction.referrals.status'), render: (r) => labels.referralStatus(r.status) },
          { key: 'date', label: t('eviction.referrals.statusOn'), render: (r) => r.statusOn },
          { key: 'note', label: t('eviction.referrals.note'), render: (r) => r.note ?? '' },
          ...(closed
            ? []
            : [
                {
                  key: 'action',
                  label: t('eviction.col.action'),
                  render: (r: CaseDetail['referrals'][number]) => (
                    <button type="button" className="button button-secondary button-small" onClick={() => setChanging(r.id)}>
                      {t('eviction.referrals.change')}
                      <span className="visually-hidden"> {labels.service(r.service)}</span>
                    </button>
                  ),
                },
              ]),
        ]}
      />
    </Section>
  );
}

function Reports({ detail: c }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const labels = useEvictionLabels();
  return (
    <section className="card" aria-labelledby="case-reports-heading">
      <h2 id="case-reports-heading">{t('eviction.case.reportsHeading')}</h2>
      <DataTable
        caption={t('eviction.case.reportsCaption')}
        testId="case-report-table"
        rows={c.reports}
        rowKey={(r) => r.id}
        columns={[
          {
            key: 'receipt',
            label: t('eviction.col.receipt'),
            render: (r) => (
              <Link to={`/eviction/reports/${r.id}`} className="ocr-inline">
                {r.receiptNumber}
              </Link>
            ),
          },
          { key: 'kind', label: t('eviction.col.kind'), render: (r) => labels.kind(r.kind) },
          { key: 'reasons', label: t('eviction.report.reasons'), render: (r) => r.reasons.map((x) => labels.reason(x)).join(', ') },
          { key: 'arrears', label: t('eviction.report.arrears'), render: (r) => money(r.arrearsOre) },
          { key: 'served', label: t('eviction.report.servedOn'), render: (r) => r.servedOn ?? '' },
          { key: 'received', label: t('eviction.col.received'), render: (r) => r.receivedOn },
        ]}
      />
    </section>
  );
}

function Close({ detail: c, onSaved }: { detail: CaseDetail; onSaved: CaseFormProps['onSaved'] }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <section className="card" aria-labelledby="close-heading" data-testid="close-section">
      <div className="section-header">
        <h2 id="close-heading">{t('eviction.close.heading')}</h2>
        {!open ? (
          <button type="button" className="button button-secondary" onClick={() => setOpen(true)} data-testid="close-open">
            {t('eviction.close.open')}
          </button>
        ) : null}
      </div>
      {open ? (
        <CloseForm
          detail={c}
          onCancel={() => setOpen(false)}
          onSaved={(d, m) => {
            setOpen(false);
            onSaved(d, m);
          }}
        />
      ) : null}
    </section>
  );
}

import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { evictionApi, type CaseSummary, type ReportSummary } from '../../api/eviction.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { SelectField } from '../../components/Fields.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Notice, Page } from '../../components/Page.tsx';
import { useFlash } from '../../hooks/useFlash.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useSession } from '../../session/SessionContext.tsx';
import { CaseDeadline, householdText } from './Countdown.tsx';
import { useEvictionLabels } from './labels.ts';
import { useCaseUnit } from './shared.ts';

const STATUSES = ['open', 'closed', 'all'] as const;
type Status = (typeof STATUSES)[number];

/**
 * /eviction – the team's list: the cases in the server's priority order (no contact and a deadline near at the
 * top), each with its countdown, household and step; below, the new reports from landlords that have no case yet.
 */
export function EvictionListPage() {
  const { t } = useTranslation();
  const unit = useCaseUnit();
  const { roleIn, unit: chosen } = useSession();
  const flash = useFlash();
  const [params, setParams] = useSearchParams();
  const status: Status = STATUSES.find((s) => s === params.get('status')) ?? 'open';
  const seesFigures = chosen ? ['manager', 'analyst'].includes(roleIn(chosen.id) ?? '') : false;

  return (
    <Page
      title={t('eviction.title')}
      actions={
        unit ? (
          <>
            <Link to="/eviction/reports/new" className="button button-primary" data-testid="register-report-link">
              {t('eviction.registerReport')}
            </Link>
            {seesFigures ? (
              <Link to="/eviction/figures" className="button button-secondary">
                {t('eviction.figuresLink')}
              </Link>
            ) : null}
          </>
        ) : seesFigures ? (
          <Link to="/eviction/figures" className="button button-secondary">
            {t('eviction.figuresLink')}
          </Link>
        ) : null
      }
    >
      {flash ? <Notice>{flash}</Notice> : null}
      {!unit ? (
        <p className="empty">{t('eviction.noUnit')}</p>
      ) : (
        <>
          <p className="muted">
            {t('eviction.unitLabel', { name: unit.name })}. {t('eviction.intro')}
          </p>
          <CasesSection
            unitId={unit.id}
            status={status}
            onStatus={(next) => setParams(next === 'open' ? {} : { status: next }, { replace: true })}
          />
          <ReportsSection unitId={unit.id} />
        </>
      )}
    </Page>
  );
}

function CasesSection({ unitId, status, onStatus }: { unitId: string; status: Status; onStatus: (s: Status) => void }) {
  const { t } = useTranslation();
  const labels = useEvictionLabels();
  const cases = useLoad((signal) => evictionApi.cases(unitId, status, signal), [unitId, status]);
  return (
    <section className="card eviction-section" aria-labelledby="eviction-cases-heading">
      <div className="section-header">
        <h2 id="eviction-cases-heading">{t('eviction.casesHeading')}</h2>
        <SelectField
          id="eviction-case-status"
          label={t('eviction.showCases')}
          filter
          width="short"
          className="eviction-status-filter"
          value={status}
          onChange={(value) => onStatus(value as Status)}
          options={STATUSES.map((s) => ({ value: s, label: t(`eviction.caseStatus.${s}`) }))}
        />
      </div>
      <LoadState {...cases}>
        {(rows) => (
          <DataTable<CaseSummary>
            caption={t('eviction.casesCaption')}
            testId="eviction-case-table"
            rows={rows}
            rowKey={(row) => row.id}
            empty={t('eviction.noCases')}
            rowProps={(row) => ({
              'data-case-id': row.id,
              'data-step': row.step,
              className: row.flags.includes('deadline_near_no_contact') ? 'eviction-row-urgent' : undefined,
            })}
            columns={[
              {
                key: 'tenant',
                label: t('eviction.col.tenant'),
                render: (row) => (
                  <>
                    <Link to={`/eviction/cases/${row.id}`} className="task-link">
                      {row.tenantName}
                    </Link>
                    <span className="cell-sub">{row.tenantAddress}</span>
                  </>
                ),
              },
              {
                key: 'deadline',
                label: t('eviction.col.deadline'),
                // A closed case shows its closing day instead of a countdown.
                render: (row) => (row.step === 'closed' ? <span className="muted">{row.closedOn}</span> : <CaseDeadline item={row} />),
              },
              {
                key: 'household',
                label: t('eviction.col.household'),
                render: (row) => <span data-testid="case-household">{householdText(t, row.household)}</span>,
              },
              {
                key: 'step',
                label: t('eviction.col.step'),
                render: (row) => (
                  <span className={`tag tag-step tag-step-${row.step}`} data-testid="case-step">
                    {labels.step(row.step)}
                  </span>
                ),
              },
              {
                key: 'flags',
                label: t('eviction.col.flags'),
                render: (row) => <CaseFlags flags={row.flags.filter((f) => f !== 'children_in_household')} />,
              },
              { key: 'assignee', label: t('eviction.col.assignee'), render: (row) => row.assigneeName ?? '' },
            ]}
          />
        )}
      </LoadState>
    </section>
  );
}

export function CaseFlags({ flags }: { flags: CaseSummary['flags'] }) {
  const { t } = useTranslation();
  // "Ingen kontakt" always shows in words; a near deadline without contact adds its own flag (it tops the list).
  const order: CaseSummary['flags'] = ['no_contact', 'deadline_near_no_contact', 'overdue', 'children_in_household'];
  const shown = order.filter((f) => flags.includes(f));
  if (shown.length === 0) return null;
  return (
    <span className="eviction-flags">
      {shown.map((flag) => (
        <span key={flag} className={`tag eviction-flag eviction-flag-${flag}`} data-testid={`flag-${flag}`}>
          {t(`eviction.flags.${flag}`)}
        </span>
      ))}
    </span>
  );
}

function ReportsSection({ unitId }: { unitId: string }) {
  const { t } = useTranslation();
  const labels = useEvictionLabels();
  const reports = useLoad((signal) => evictionApi.reports(unitId, 'received', signal), [unitId]);
  return (
    <section className="card eviction-section" aria-labelledby="eviction-reports-heading">
      <div className="section-header">
        <h2 id="eviction-reports-heading">{t('eviction.reportsHeading')}</h2>
      </div>
      <LoadState {...reports}>
        {(rows) => (
          <DataTable<ReportSummary>
            caption={t('eviction.reportsCaption')}
            testId="eviction-report-table"
            rows={rows}
            rowKey={(row) => row.id}
            empty={t('eviction.noReports')}
            rowProps={(row) => ({ 'data-report-id': row.id })}
            columns={[
              {
                key: 'receipt',
                label: t('eviction.col.receipt'),
                render: (row) => <span className="ocr-inline">{row.receiptNumber}</span>,
              },
              { key: 'landlord', label: t('eviction.col.landlord'), render: (row) => row.landlordName ?? t('eviction.noLandlord') },
              {
                key: 'kind',
                label: t('eviction.col.kind'),
                render: (row) => (
                  <>
                    {labels.kind(row.kind)}
                    <span className="cell-sub">{row.tenantName}</span>
                  </>
                ),
              },
              { key: 'received', label: t('eviction.col.received'), render: (row) => row.receivedOn },
              {
                key: 'action',
                label: t('eviction.col.action'),
                render: (row) => (
                  <Link to={`/eviction/reports/${row.id}`} className="button button-secondary button-small" data-testid="open-report">
                    {t('eviction.openReport')}
                    <span className="visually-hidden"> {row.receiptNumber}</span>
                  </Link>
                ),
              },
            ]}
          />
        )}
      </LoadState>
    </section>
  );
}

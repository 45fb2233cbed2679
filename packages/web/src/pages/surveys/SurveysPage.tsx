import { addMonths, type SurveyPeriodKind } from '@kvarbo/domain';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { residentsApi } from '../../api/residents.ts';
import { surveysApi, type AnswerValue, type AnswerValues, type NewInvitation, type Survey } from '../../api/surveys.ts';
import type { UnitMembership } from '../../api/types.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { EntityPicker } from '../../components/EntityPicker.tsx';
import { CheckboxField, RadioGroup, TextField } from '../../components/Fields.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { ErrorBox, Notice, Page } from '../../components/Page.tsx';
import { describeError } from '../../components/describeError.ts';
import { currentMonth, instant } from '../../format.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { useSession } from '../../session/SessionContext.tsx';
import { PICKER_SIZE } from '../constants.ts';
import { answerErrors, QuestionFields } from './QuestionFields.tsx';
import './surveys.css';

/** "Enkäter": the unit's resident surveys, invitations with a link and QR code, paper answers, results over time. */
export function SurveysPage() {
  const { t } = useTranslation();
  const { unit, roleIn } = useSession();
  const role = unit ? roleIn(unit.id) : null;
  const [params, setParams] = useSearchParams();
  const selected = params.get('survey');
  // Bumped after an invitation or a paper answer, so the list's counts follow.
  const [changes, setChanges] = useState(0);
  if (!unit || !role) {
    return (
      <Page title={t('surveys.title')}>
        <p className="empty">{t('surveys.noUnit')}</p>
      </Page>
    );
  }
  const caseStaff = role !== 'analyst';
  return (
    <Page title={t('surveys.title')}>
      <div className="stack">
        <SurveyList
          unit={unit}
          caseStaff={caseStaff}
          selected={selected}
          changes={changes}
          onSelect={(id) => setParams(id ? { survey: id } : {})}
        />
        {selected ? (
          <SurveyDetail key={selected} surveyId={selected} caseStaff={caseStaff} onChanged={() => setChanges((n) => n + 1)} />
        ) : null}
      </div>
    </Page>
  );
}

function SurveyList(props: {
  unit: UnitMembership;
  caseStaff: boolean;
  selected: string | null;
  changes: number;
  onSelect: (id: string | null) => void;
}) {
  const { t } = useTranslation();
  const { unit, caseStaff, selected, changes, onSelect } = props;
  const list = useLoad((signal) => surveysApi.list(unit.id, signal), [unit.id, changes]);
  const [anonymous, setAnonymous] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const create = async () => {
    setError(null);
    try {
      const s = await surveysApi.create(unit.id, anonymous);
      list.reload();
      onSelect(s.id);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section className="card" aria-labelledby="surveys-list">
      <h2 id="surveys-list">{t('surveys.list.heading')}</h2>
      <p className="muted">{t('surveys.list.intro')}</p>
      <LoadState {...list}>
        {(data) => (
          <DataTable<Survey>
            caption={t('surveys.list.heading')}
            rows={data.items}
            rowKey={(s) => s.id}
            testId="surveys-table"
            empty={t('surveys.list.none')}
            columns={[
              {
                key: 'title',
                label: t('surveys.list.survey'),
                render: (s) => (
                  <button
                    type="button"
                    className="button button-link"
                    aria-current={s.id === selected ? 'true' : undefined}
                    onClick={() => onSelect(s.id)}
                  >
                    {s.definition.title[currentLanguage()]}
                  </button>
                ),
              },
              { key: 'kind', label: t('surveys.list.kind'), render: (s) => (s.anonymous ? t('surveys.anonymous') : t('surveys.named')) },
              {
                key: 'status',
                label: t('surveys.list.status'),
                render: (s) => (s.status === 'open' ? t('surveys.open') : t('surveys.closed')),
              },
              { key: 'invited', label: t('surveys.list.invited'), render: (s) => s.invited ?? 0 },
              { key: 'started', label: t('surveys.list.started'), render: (s) => instant(s.createdAt).slice(0, 10) },
            ]}
          />
        )}
      </LoadState>
      {caseStaff ? (
        <div className="stack">
          <CheckboxField
            id="survey-anonymous"
            label={t('surveys.list.anonymousLabel')}
            hint={t('surveys.list.anonymousHint')}
            checked={anonymous}
            onChange={setAnonymous}
          />
          {error ? <ErrorBox>{describeError(t, error)}</ErrorBox> : null}
          <div>
            <button type="button" className="button button-secondary" onClick={() => void create()}>
              {t('surveys.list.create')}
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}

function SurveyDetail({ surveyId, caseStaff, onChanged }: { surveyId: string; caseStaff: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const survey = useLoad((signal) => surveysApi.get(surveyId, signal), [surveyId]);
  return (
    <LoadState {...survey}>
      {(s) => (
        <div className="stack" data-testid="survey-detail">
          <h2>
            {s.definition.title[currentLanguage()]} – {s.anonymous ? t('surveys.anonymous') : t('surveys.named')}
          </h2>
          {s.anonymous ? <p className="muted">{t('surveys.anonymousExplained')}</p> : null}
          {caseStaff && s.status === 'open' ? <InviteSection survey={s} onInvited={onChanged} /> : null}
          {caseStaff && s.status === 'open' ? <PaperSection survey={s} /> : null}
          <ResultsSection survey={s} />
          {caseStaff ? (
            <StatusSection
              survey={s}
              onChanged={() => {
                survey.reload();
                onChanged();
              }}
            />
          ) : null}
        </div>
      )}
    </LoadState>
  );
}

const loadResidents = (unitId: string) => async (q: string, signal: AbortSignal) => {
  const page = await residentsApi.list({ unitId, q, status: 'all', sort: 'lastName', pageSize: PICKER_SIZE }, signal);
  return { options: page.items.map((r) => ({ value: r.id, label: `${r.lastName}, ${r.firstName}` })), total: page.total };
};

function InviteSection({ survey, onInvited }: { survey: Survey; onInvited: () => void }) {
  const { t } = useTranslation();
  const [residentId, setResidentId] = useState('');
  const [link, setLink] = useState<NewInvitation | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [copied, setCopied] = useState(false);
  const invitations = useLoad((signal) => surveysApi.invitations(survey.id, signal), [survey.id]);

  const invite = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setCopied(false);
    try {
      setLink(await surveysApi.invite(survey.id, residentId));
      invitations.reload();
      onInvited();
    } catch (e) {
      setError(e);
    }
  };
  const fieldError = error instanceof ApiError ? error.fieldMessage('residentId') : undefined;

  return (
    <section className="card" aria-labelledby="survey-invite">
      <h3 id="survey-invite">{t('surveys.invite.heading')}</h3>
      <p className="muted">{t('surveys.invite.intro')}</p>
      <form onSubmit={(e) => void invite(e)} className="stack">
        <EntityPicker
          id="invite-resident"
          label={t('surveys.resident')}
          searchLabel={t('surveys.searchResident')}
          value={residentId}
          onChange={setResidentId}
          error={fieldError ?? (error && !fieldError ? describeError(t, error) : undefined)}
          load={loadResidents(survey.unitId)}
          minQuery={2}
        />
        <div>
          <button type="submit" className="button button-primary" disabled={!residentId}>
            {t('surveys.invite.create')}
          </button>
        </div>
      </form>
      {link ? (
        <div className="survey-link-box" data-testid="survey-link">
          <Notice>{t('surveys.invite.once', { date: instant(link.expiresAt).slice(0, 10) })}</Notice>
          <p className="survey-url" data-testid="survey-link-url">
            {link.url}
          </p>
          {/* The SVG is drawn by the server's qrcode package from the link alone. */}
          <div className="survey-qr" role="img" aria-label={t('surveys.invite.qr')} dangerouslySetInnerHTML={{ __html: link.qrSvg }} />
          <div className="survey-print-hide">
            <button
              type="button"
              className="button button-secondary"
              onClick={() =>
                void navigator.clipboard?.writeText(link.url).then(
                  () => setCopied(true),
                  () => undefined,
                )
              }
            >
              {copied ? t('surveys.invite.copied') : t('surveys.invite.copy')}
            </button>{' '}
            <button type="button" className="button button-secondary" onClick={() => window.print()}>
              {t('surveys.invite.print')}
            </button>
          </div>
        </div>
      ) : null}
      <h4>{t('surveys.invite.list')}</h4>
      <LoadState {...invitations}>
        {(data) => (
          <DataTable
            caption={t('surveys.invite.list')}
            rows={data.items}
            rowKey={(i) => i.id}
            testId="survey-invitations"
            empty={t('surveys.invite.none')}
            columns={[
              { key: 'name', label: t('surveys.resident'), render: (i) => i.residentName },
              { key: 'created', label: t('surveys.invite.created'), render: (i) => instant(i.createdAt) },
              { key: 'status', label: t('surveys.list.status'), render: (i) => t(`surveys.invite.status.${i.status}`) },
            ]}
          />
        )}
      </LoadState>
    </section>
  );
}

function PaperSection({ survey }: { survey: Survey }) {
  const { t } = useTranslation();
  const [values, setValues] = useState<AnswerValues>({});
  const [month, setMonth] = useState(currentMonth());
  const [residentId, setResidentId] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [other, setOther] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    setProblem(null);
    try {
      await surveysApi.paperAnswer(survey.id, { answers: values, month, ...(survey.anonymous ? {} : { residentId }) });
      setValues({});
      setResidentId('');
      setErrors({});
      setOther({});
      setSaved(true);
    } catch (e) {
      if (e instanceof ApiError && e.fields.length > 0) {
        setErrors(answerErrors(e.fields));
        setOther(Object.fromEntries(e.fields.filter((f) => !f.field.startsWith('answers.')).map((f) => [f.field, f.message])));
      } else setProblem(e);
    }
  };

  return (
    <section className="card" aria-labelledby="survey-paper">
      <h3 id="survey-paper">{t('surveys.paper.heading')}</h3>
      <p className="muted">{t('surveys.paper.intro')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        {survey.anonymous ? null : (
          <EntityPicker
            id="paper-resident"
            label={t('surveys.resident')}
            searchLabel={t('surveys.searchResident')}
            value={residentId}
            onChange={setResidentId}
            error={other.residentId}
            load={loadResidents(survey.unitId)}
            minQuery={2}
          />
        )}
        <TextField
          id="paper-month"
          label={t('surveys.paper.month')}
          type="month"
          width="short"
          value={month}
          onChange={setMonth}
          error={other.month}
        />
        <QuestionFields
          idPrefix="paper"
          questions={survey.definition.questions}
          values={values}
          onChange={(id: string, v: AnswerValue) => setValues((old) => ({ ...old, [id]: v }))}
          errors={errors}
        />
        {problem ? <ErrorBox>{describeError(t, problem)}</ErrorBox> : null}
        {saved ? <Notice>{t('surveys.paper.saved')}</Notice> : null}
        <button type="submit" className="button button-primary">
          {t('surveys.paper.save')}
        </button>
      </form>
    </section>
  );
}

function ResultsSection({ survey }: { survey: Survey }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const [by, setBy] = useState<SurveyPeriodKind>('month');
  const to = currentMonth();
  const from = addMonths(to, -11);
  const query = { by, from, to };
  const results = useLoad((signal) => surveysApi.results(survey.id, query, signal), [survey.id, by, from, to]);
  const scales = survey.definition.questions.filter((q) => q.kind === 'scale');
  return (
    <section className="card" aria-labelledby="survey-results">
      <h3 id="survey-results">{t('surveys.results.heading')}</h3>
      <RadioGroup
        id="survey-by"
        inline
        label={t('surveys.results.by')}
        value={by}
        onChange={(v) => setBy(v === 'quarter' ? 'quarter' : 'month')}
        options={[
          { value: 'month', label: t('surveys.results.month') },
          { value: 'quarter', label: t('surveys.results.quarter') },
        ]}
      />
      <LoadState {...results}>
        {(data) => (
          <>
            <p className="small muted">{data.definitions[lang]}</p>
            <ol className="small">
              {scales.map((q) => (
                <li key={q.id}>{q.text[lang]}</li>
              ))}
            </ol>
            <DataTable
              caption={t('surveys.results.heading')}
              rows={[...data.periods].reverse()}
              rowKey={(p) => p.period}
              testId="survey-results"
              rowProps={(p) => ({ 'data-period': p.period })}
              columns={[
                {
                  key: 'period',
                  label: by === 'month' ? t('surveys.results.month') : t('surveys.results.quarter'),
                  render: (p) => p.period,
                },
                { key: 'answers', label: t('surveys.results.answers'), render: (p) => String(p.answers) },
                ...scales.map((q, i) => ({
                  key: q.id,
                  label: t('surveys.results.meanOf', { n: i + 1 }),
                  render: (p: (typeof data.periods)[number]) => {
                    const s = p.scales.find((x) => x.questionId === q.id);
                    return s?.mean != null ? s.mean.toLocaleString(lang === 'sv' ? 'sv-SE' : 'en-GB') : '–';
                  },
                })),
              ]}
            />
            <p>
              <a className="button button-secondary" href={surveysApi.exportUrl(survey.id, query)} download>
                {t('surveys.results.export')}
              </a>
            </p>
          </>
        )}
      </LoadState>
    </section>
  );
}

function StatusSection({ survey, onChanged }: { survey: Survey; onChanged: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const toggle = async () => {
    try {
      await surveysApi.setStatus(survey.id, survey.status === 'open' ? 'closed' : 'open');
      onChanged();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div>
      {error ? <ErrorBox>{describeError(t, error)}</ErrorBox> : null}
      <button type="button" className="button button-link" onClick={() => void toggle()}>
        {survey.status === 'open' ? t('surveys.close') : t('surveys.reopen')}
      </button>
    </div>
  );
}

import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { publicSurveyApi, type AnswerValue, type AnswerValues, type PublicSurvey } from '../../api/surveys.ts';
import { Loading } from '../../components/LoadState.tsx';
import { LanguageSwitch, SkipLink } from '../../components/Layout.tsx';
import { describeError } from '../../components/describeError.ts';
import { useDocumentTitle } from '../../hooks/useDocumentTitle.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { answerErrors, QuestionFields } from './QuestionFields.tsx';
import './surveys.css';

/**
 * The resident's page behind a one-time link (/s/:token), made for a phone: no account, no staff menu, only the
 * survey's questions, then "Tack!". Nothing on it names the resident or anyone else.
 */
export function SurveyAnswerPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const lang = currentLanguage();
  const survey = useLoad((signal) => publicSurveyApi.get(token, signal), [token, lang]);
  const [done, setDone] = useState(false);
  useDocumentTitle(done ? t('surveys.public.thanksTitle') : (survey.data?.title[lang] ?? t('surveys.public.title')));

  return (
    <div className="survey-shell">
      <SkipLink />
      <header className="survey-top">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true" />
          {t('app.name')}
        </span>
        <LanguageSwitch />
      </header>
      <main id="main" tabIndex={-1} className="survey-main">
        {done ? (
          <Thanks />
        ) : survey.error ? (
          <LinkProblem error={survey.error} />
        ) : survey.data ? (
          <AnswerForm token={token} survey={survey.data} onDone={() => setDone(true)} />
        ) : (
          <Loading />
        )}
      </main>
    </div>
  );
}

function Thanks() {
  const { t } = useTranslation();
  return (
    <div className="survey-thanks" data-testid="survey-thanks">
      <h1>{t('surveys.public.thanksTitle')}</h1>
      <p className="survey-intro">{t('surveys.public.thanksText')}</p>
    </div>
  );
}

function LinkProblem({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const known = error instanceof ApiError && (error.status === 404 || error.status === 410);
  return (
    <div className="survey-thanks" data-testid="survey-link-problem">
      <h1>{known && error.code === 'SURVEY_LINK_USED' ? t('surveys.public.usedTitle') : t('surveys.public.problemTitle')}</h1>
      <p className="survey-intro">{known ? error.message : describeError(t, error)}</p>
    </div>
  );
}

function AnswerForm({ token, survey, onDone }: { token: string; survey: PublicSurvey; onDone: () => void }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const [values, setValues] = useState<AnswerValues>({});
  // Questions left unanswered (messages drawn at render time, so they follow the language switch) and the server's
  // messages per question.
  const [missing, setMissing] = useState<string[]>([]);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  // 'fixBelow': some questions need an answer; any other string: the server's or network's message.
  const [problem, setProblem] = useState<string | null>(null);
  const errors: Record<string, string> = { ...serverErrors };
  for (const id of missing) errors[id] = t('surveys.public.required');
  const [sending, setSending] = useState(false);
  const problemRef = useRef<HTMLDivElement>(null);

  const change = (id: string, value: AnswerValue) => {
    setValues((v) => ({ ...v, [id]: value }));
    setMissing((m) => m.filter((x) => x !== id));
    setServerErrors((e) => {
      if (!(id in e)) return e;
      const next = { ...e };
      delete next[id];
      return next;
    });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sending) return;
    // The required questions left out, checked here first so the answer is not sent half done.
    const unanswered = survey.questions
      .filter((q) => q.required && (values[q.id] === undefined || values[q.id] === null || values[q.id] === ''))
      .map((q) => q.id);
    setMissing(unanswered);
    setServerErrors({});
    if (unanswered.length > 0) {
      setProblem('fixBelow');
      requestAnimationFrame(() => problemRef.current?.focus());
      return;
    }
    setSending(true);
    setProblem(null);
    try {
      await publicSurveyApi.answer(token, values);
      window.scrollTo(0, 0);
      onDone();
    } catch (error) {
      if (error instanceof ApiError && error.fields.length > 0) {
        setServerErrors(answerErrors(error.fields));
        setProblem('fixBelow');
      } else {
        setProblem(error instanceof ApiError && error.status === 410 ? error.message : describeError(t, error));
      }
      requestAnimationFrame(() => problemRef.current?.focus());
    } finally {
      setSending(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <h1>{survey.title[lang]}</h1>
      <p className="survey-intro">{survey.intro[lang]}</p>
      <p className="muted">{survey.anonymous ? t('surveys.public.anonymous') : t('surveys.public.named')}</p>
      {problem ? (
        <div className="error-summary" ref={problemRef} tabIndex={-1} role="alert">
          <p>{problem === 'fixBelow' ? t('surveys.public.fixBelow') : problem}</p>
          {Object.keys(errors).length > 0 ? (
            <ul className="error-summary-list">
              {survey.questions
                .filter((q) => errors[q.id])
                .map((q) => (
                  <li key={q.id}>
                    <a href={`#q-${q.id}`}>{q.text[lang]}</a>
                  </li>
                ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <QuestionFields idPrefix="q" questions={survey.questions} values={values} onChange={change} errors={errors} />
      <button type="submit" className="button button-primary survey-submit" disabled={sending}>
        {sending ? t('surveys.public.sending') : t('surveys.public.send')}
      </button>
    </form>
  );
}

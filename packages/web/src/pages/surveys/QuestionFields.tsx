import type { SurveyQuestion } from '@kvarbo/domain';
import { useTranslation } from 'react-i18next';
import type { AnswerValue, AnswerValues } from '../../api/surveys.ts';
import { currentLanguage } from '../../i18n/index.ts';
import './surveys.css';

interface Props {
  idPrefix: string;
  questions: SurveyQuestion[];
  values: AnswerValues;
  onChange: (questionId: string, value: AnswerValue) => void;
  /** Messages per question id (the server's `answers.<id>` fields). */
  errors: Record<string, string>;
}

/** The survey's questions as large, touch-friendly choices: one fieldset per question, native radios. */
export function QuestionFields({ idPrefix, questions, values, onChange, errors }: Props) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  return (
    <div className="survey-questions">
      {questions.map((q, index) => {
        const id = `${idPrefix}-${q.id}`;
        const error = errors[q.id];
        const errorId = `${id}-error`;
        const legend = (
          <>
            <span className="survey-number">{t('surveys.questionNumber', { n: index + 1, total: questions.length })}</span>
            {q.text[lang]}
            {!q.required && q.kind !== 'text' ? <span className="survey-optional"> {t('surveys.optional')}</span> : null}
          </>
        );
        if (q.kind === 'text') {
          return (
            <div key={q.id} className={`survey-question ${error ? 'field-invalid' : ''}`}>
              <label htmlFor={id} className="survey-legend">
                {legend}
              </label>
              {error ? (
                <p id={errorId} className="field-error">
                  {error}
                </p>
              ) : null}
              <textarea
                id={id}
                className="input survey-textarea"
                rows={4}
                maxLength={q.maxLength}
                value={typeof values[q.id] === 'string' ? (values[q.id] as string) : ''}
                onChange={(e) => onChange(q.id, e.target.value)}
                aria-invalid={error ? true : undefined}
                aria-describedby={error ? errorId : undefined}
              />
            </div>
          );
        }
        const options =
          q.kind === 'scale'
            ? q.labels.map((label, i) => ({ value: i + 1, key: String(i + 1), label: `${i + 1} – ${label[lang]}` }))
            : [
                { value: true, key: 'yes', label: t('surveys.yes') },
                { value: false, key: 'no', label: t('surveys.no') },
              ];
        return (
          <fieldset
            key={q.id}
            id={id}
            tabIndex={-1}
            className={`survey-question ${error ? 'field-invalid' : ''}`}
            aria-describedby={error ? errorId : undefined}
          >
            <legend className="survey-legend">{legend}</legend>
            {error ? (
              <p id={errorId} className="field-error">
                {error}
              </p>
            ) : null}
            <div className={q.kind === 'scale' ? 'survey-choices' : 'survey-choices survey-choices-two'}>
              {options.map((o) => {
                const optionId = `${id}-${o.key}`;
                return (
                  <div className="survey-choice" key={o.key}>
                    <input
                      id={optionId}
                      type="radio"
                      name={id}
                      checked={values[q.id] === o.value}
                      onChange={() => onChange(q.id, o.value)}
                    />
                    <label htmlFor={optionId}>{o.label}</label>
                  </div>
                );
              })}
            </div>
          </fieldset>
        );
      })}
    </div>
  );
}

/** The server's field errors (`answers.life`) as messages per question id. */
export function answerErrors(fields: { field: string; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) if (f.field.startsWith('answers.') && !out[f.field.slice(8)]) out[f.field.slice(8)] = f.message;
  return out;
}

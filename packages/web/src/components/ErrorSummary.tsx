import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../api/client.ts';
import type { FieldErrors, FormProblem } from '../hooks/useForm.ts';
import { describeError } from './describeError.ts';

interface Props {
  errors: FieldErrors;
  problem: FormProblem | null;
  summaryRef: RefObject<HTMLDivElement | null>;
  fieldId: (name: string) => string;
}

/**
 * The box at the top of a form after a failed submit: it takes focus, so a screen reader hears what to fix,
 * and each line links to its field.
 */
export function ErrorSummary({ errors, problem, summaryRef, fieldId }: Props) {
  const { t } = useTranslation();
  const fieldEntries = Object.entries(errors);
  const hasProblem = problem && (problem.messages.length > 0 || problem.conflict || problem.error);
  if (fieldEntries.length === 0 && !hasProblem) return null;
  // Someone else saved the record since the form was loaded (409 STALE_VERSION, docs/concurrency.md).
  const stale = problem?.error instanceof ApiError && problem.error.status === 409 && problem.error.code === 'STALE_VERSION';

  const focusField = (name: string) => (event: React.MouseEvent) => {
    event.preventDefault();
    const element = document.getElementById(fieldId(name));
    element?.focus();
    element?.scrollIntoView({ block: 'center' });
  };

  return (
    <div className="error-summary" ref={summaryRef} tabIndex={-1} role="group" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title" className="error-summary-title">
        {problem?.conflict
          ? t('errors.conflictTitle')
          : stale
            ? t('concurrency.staleTitle')
            : fieldEntries.length
              ? t('errors.summaryTitle')
              : t('errors.title')}
      </h2>
      {problem?.conflict ? <ConflictMessage conflict={problem.conflict} /> : null}
      {problem?.error ? <p data-testid={stale ? 'stale-message' : undefined}>{describeError(t, problem.error)}</p> : null}
      {stale ? (
        <button type="button" className="button button-secondary" onClick={() => window.location.reload()} data-testid="stale-reload">
          {t('concurrency.reload')}
        </button>
      ) : null}
      {fieldEntries.length > 0 || (problem?.messages.length ?? 0) > 0 ? (
        <ul className="error-summary-list">
          {fieldEntries.map(([name, message]) => (
            <li key={name}>
              <a href={`#${fieldId(name)}`} onClick={focusField(name)}>
                {withLabel(fieldId(name), message)}
              </a>
            </li>
          ))}
          {problem?.messages.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/**
 * A summary line must make sense on its own: "Hyra per månad: Skriv beloppet i kronor …". The label is
 * read from the rendered form unless the message already names the field.
 */
function withLabel(id: string, message: string): string {
  const field = document.getElementById(id);
  // A group of radios or checkboxes is named by its legend ("Blev besöket av?"), not by its first option ("Ja").
  const inGroup = field instanceof HTMLInputElement && (field.type === 'radio' || field.type === 'checkbox');
  const legend = inGroup ? field.closest('fieldset')?.querySelector('legend')?.textContent?.trim() : undefined;
  const label = legend ?? document.querySelector(`label[for="${CSS.escape(id)}"]`)?.textContent?.trim();
  if (!label || message.toLocaleLowerCase('sv').includes(label.toLocaleLowerCase('sv'))) return message;
  // A question as label ("Blev besöket av?") reads "Blev besöket av: Välj Ja eller Nej."
  return `${label.replace(/[?:]\s*$/, '')}: ${message}`;
}

function ConflictMessage({ conflict }: { conflict: NonNullable<FormProblem['conflict']> }) {
  const { t } = useTranslation();
  const p = conflict.placement;
  const intro = conflict.code === 'PLACEMENT_OVERLAP_RESIDENT' ? t('errors.overlapResident') : t('errors.overlapApartment');
  const parts = [p?.residentName, p?.apartmentAddress].filter(Boolean).join(', ');
  const period = p?.startDate ? `${p.startDate} – ${p.endDate ?? t('errors.conflictOpen')}` : '';
  return (
    <div data-testid="placement-conflict">
      <p>{intro}</p>
      {p ? (
        <p className="conflict-placement">
          <strong>{[parts, period].filter(Boolean).join(', ')}</strong>
          {p.id ? (
            <>
              {' '}
              <Link to={`/placements/${p.id}`} target="_blank" rel="noopener">
                {t('errors.showConflict')} <span className="muted">{t('errors.newTab')}</span>
              </Link>
            </>
          ) : null}
        </p>
      ) : null}
      {conflict.message ? <p>{conflict.message}</p> : null}
    </div>
  );
}

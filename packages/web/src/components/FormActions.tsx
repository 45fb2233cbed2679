import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

/** Primary submit plus a quiet way back; the button says what is saved, and "Sparar …" while it works. */
export function FormActions({ submitLabel, submitting, cancelTo }: { submitLabel: string; submitting: boolean; cancelTo: string }) {
  const { t } = useTranslation();
  return (
    <div className="form-actions">
      <button type="submit" className="button button-primary" disabled={submitting} aria-disabled={submitting}>
        {submitting ? t('app.saving') : submitLabel}
      </button>
      <Link to={cancelTo} className="button button-link">
        {t('common.cancel')}
      </Link>
    </div>
  );
}

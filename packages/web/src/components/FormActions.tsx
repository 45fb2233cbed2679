import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

/**
 * Primary submit plus a quiet way back; the button says what is saved, and "Sparar …" while it works. The way
 * back is a link for a form page (`cancelTo`) or a button for a form inside a page (`onCancel`).
 */
export function FormActions({
  submitLabel,
  submitting,
  ...back
}: { submitLabel: string; submitting: boolean } & ({ cancelTo: string } | { onCancel: () => void })) {
  const { t } = useTranslation();
  return (
    <div className="form-actions">
      <button type="submit" className="button button-primary" disabled={submitting} aria-disabled={submitting}>
        {submitting ? t('app.saving') : submitLabel}
      </button>
      {'cancelTo' in back ? (
        <Link to={back.cancelTo} className="button button-link">
          {t('common.cancel')}
        </Link>
      ) : (
        <button type="button" className="button button-link" onClick={back.onCancel}>
          {t('common.cancel')}
        </button>
      )}
    </div>
  );
}

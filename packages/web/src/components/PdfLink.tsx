import { useTranslation } from 'react-i18next';

/** A link, looking like a button, that opens a PDF the server makes, in a new tab (the session cookie goes along). */
export function PdfLink({ href, label, testId, primary = false }: { href: string; label: string; testId?: string; primary?: boolean }) {
  const { t } = useTranslation();
  return (
    <a
      className={primary ? 'button button-primary pdf-link' : 'button button-secondary pdf-link'}
      href={href}
      target="_blank"
      rel="noopener"
      data-testid={testId}
    >
      <span className="pdf-icon" aria-hidden="true" />
      <span>
        {label} <span className="new-tab">{t('errors.newTab')}</span>
      </span>
    </a>
  );
}

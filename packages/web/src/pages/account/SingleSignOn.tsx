import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { request } from '../../api/client.ts';
import { ErrorBox } from '../../components/Page.tsx';

/** GET /api/auth/config: whether passwords are accepted, and the single sign-on button if configured. */
export interface LoginOptions {
  localLogin: boolean;
  sso: { label: string } | null;
}

const REASONS = [
  'cancelled',
  'state',
  'failed',
  'missing-claim',
  'unknown-user',
  'ambiguous',
  'disabled',
  'not-staff',
  'unavailable',
] as const;
type Reason = (typeof REASONS)[number];

/**
 * The login options from the server; null until they have arrived. If asking fails the page offers the password form,
 * as it did before single sign-on: the server still decides whether a password is accepted.
 */
export function useLoginOptions(): LoginOptions | null {
  const [options, setOptions] = useState<LoginOptions | null>(null);
  useEffect(() => {
    let live = true;
    request<LoginOptions>('GET', '/auth/config', { allowUnauthenticated: true })
      .then((o) => {
        if (live) setOptions(o);
      })
      .catch(() => {
        if (live) setOptions({ localLogin: true, sso: null });
      });
    return () => {
      live = false;
    };
  }, []);
  return options;
}

/**
 * The single sign-on part of the login page (docs/single-sign-on.md): why a single sign-on login was refused
 * (/login?sso=<reason>) and the "Logga in med …" button. The login page hides its password form when
 * options.localLogin is false.
 */
export function SingleSignOn({ options, returnTo }: { options: LoginOptions | null; returnTo: string }) {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const raw = searchParams.get('sso');
  const reason: Reason | null = raw ? ((REASONS as readonly string[]).includes(raw) ? (raw as Reason) : 'failed') : null;
  const start = `/api/auth/oidc/start?returnTo=${encodeURIComponent(returnTo)}`;

  return (
    <>
      {reason ? (
        <ErrorBox title={t('sso.refusedTitle')}>
          <p data-testid="sso-error">{t(`sso.reasons.${reason}`)}</p>
        </ErrorBox>
      ) : null}
      {options?.sso ? (
        <div className="form-actions">
          {/* A full navigation, not a client route: the server redirects on to the identity provider. */}
          <a className="button button-primary" href={start} data-testid="sso-start">
            {t('sso.button', { label: options.sso.label })}
          </a>
        </div>
      ) : null}
      {options && !options.localLogin && !options.sso ? <p>{t('sso.noWayIn')}</p> : null}
    </>
  );
}

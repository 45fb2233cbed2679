import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { describeError } from '../../components/describeError.ts';
import { TextField } from '../../components/Fields.tsx';
import { ErrorBox, Notice, Page } from '../../components/Page.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import { useSession } from '../../session/SessionContext.tsx';
import { SingleSignOn, useLoginOptions } from './SingleSignOn.tsx';
import type { TwoFactorStep } from '../../api/twoFactor.ts';
import { TwoFactorLoginStep } from './TwoFactor.tsx';

interface FromState {
  from?: { pathname: string; search?: string };
}

export function LoginPage() {
  const { t } = useTranslation();
  const { status, login, finishLogin, signedOutReason } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const loginOptions = useLoginOptions();
  const from = (location.state as FromState | null)?.from;
  const target = from && from.pathname !== '/login' ? `${from.pathname}${from.search ?? ''}` : '/';

  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<{ username?: string; password?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [step, setStep] = useState<TwoFactorStep | null>(null);

  if (status === 'authenticated') return <Navigate to={target} replace />;

  if (step) {
    return (
      <Page title={t('login.title')} focusHeading={false}>
        <div className="card login-card">
          <TwoFactorLoginStep
            step={step}
            onSession={(answer) => {
              finishLogin(answer);
              navigate(target, { replace: true });
            }}
            onRestart={() => {
              setStep(null);
              setPassword('');
            }}
          />
        </div>
      </Page>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const errors: typeof fieldErrors = {};
    if (!username.trim()) errors.username = t('errors.required', { field: t('login.username').toLowerCase() });
    if (!password) errors.password = t('errors.required', { field: t('login.password').toLowerCase() });
    setFieldErrors(errors);
    if (errors.username || errors.password) {
      document.getElementById(errors.username ? 'login-username' : 'login-password')?.focus();
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      const next = await login(username, password);
      if (next) {
        setStep(next);
        setPassword('');
      } else navigate(target, { replace: true });
    } catch (cause) {
      setError(loginError(cause));
      setPassword('');
      document.getElementById('login-password')?.focus();
    } finally {
      setSubmitting(false);
    }
  };

  function loginError(cause: unknown): string {
    if (cause instanceof ApiError) {
      if (cause.code === 'INVALID_CREDENTIALS' || cause.code === 'UNAUTHENTICATED') return t('login.invalid');
      if (cause.code === 'LOCKED') {
        if (!cause.lockedUntil) return t('login.lockedNoTime');
        const time = new Intl.DateTimeFormat(currentLanguage() === 'en' ? 'en-GB' : 'sv-SE', {
          timeZone: 'Europe/Stockholm',
          hour: '2-digit',
          minute: '2-digit',
        }).format(new Date(cause.lockedUntil));
        return t('login.locked', { time });
      }
    }
    return describeError(t, cause);
  }

  return (
    <Page title={t('login.title')} focusHeading={false}>
      <div className="card login-card">
        {!error && signedOutReason === 'loggedOut' ? <Notice tone="info">{t('login.loggedOut')}</Notice> : null}
        {!error && signedOutReason === 'expired' ? <Notice tone="info">{t('login.sessionExpired')}</Notice> : null}
        {error ? (
          <ErrorBox>
            <p data-testid="login-error">{error}</p>
          </ErrorBox>
        ) : null}
        <SingleSignOn options={loginOptions} returnTo={target} />
        {/* Rendered once the options are known, so a password form never flashes up where passwords are off (and
            the username field's autofocus happens when it is actually shown). */}
        {loginOptions?.localLogin ? <p className="lead">{t('login.intro')}</p> : null}
        {loginOptions?.localLogin ? (
          <form onSubmit={submit} noValidate>
            <TextField
              id="login-username"
              label={t('login.username')}
              value={username}
              onChange={setUsername}
              error={fieldErrors.username}
              autoComplete="username"
              autoFocus
              width="medium"
            />
            <TextField
              id="login-password"
              label={t('login.password')}
              type="password"
              value={password}
              onChange={setPassword}
              error={fieldErrors.password}
              autoComplete="current-password"
              width="medium"
            />
            <div className="form-actions">
              <button type="submit" className="button button-primary" disabled={submitting}>
                {submitting ? t('login.submitting') : t('login.submit')}
              </button>
            </div>
          </form>
        ) : null}
      </div>
    </Page>
  );
}

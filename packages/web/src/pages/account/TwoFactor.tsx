import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { groupSecret, twoFactorApi, type EnrolmentOffer, type TwoFactorStep } from '../../api/twoFactor.ts';
import type { SessionAnswer } from '../../api/types.ts';
import { describeError } from '../../components/describeError.ts';
import { CheckboxField, TextField } from '../../components/Fields.tsx';
import { ErrorBox } from '../../components/Page.tsx';

/** The error for the code field, or for the whole step (expired challenge, locked account...). */
function useStepErrors() {
  const { t } = useTranslation();
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  return {
    fieldError,
    error,
    clear() {
      setFieldError(undefined);
      setError(null);
    },
    setField(message: string, field: string) {
      setFieldError(message);
      document.getElementById(`two-factor-${field}`)?.focus();
    },
    show(cause: unknown, field: string) {
      if (cause instanceof ApiError && cause.fieldMessage(field)) setFieldError(cause.fieldMessage(field));
      else if (cause instanceof ApiError && cause.code === 'LOCKED') setError(t('twoFactor.locked'));
      else if (cause instanceof ApiError && cause.fieldMessage('challenge')) setError(cause.fieldMessage('challenge')!);
      else setError(describeError(t, cause));
      document.getElementById(`two-factor-${field}`)?.focus();
    },
  };
}

/** A six-digit code from the authenticator app: numeric keyboard, and the browser may fill it from an SMS/app. */
function CodeField({
  value,
  onChange,
  error,
  id = 'two-factor-code',
}: {
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
  id?: string;
}) {
  const { t } = useTranslation();
  return (
    <TextField
      id={id}
      label={t('twoFactor.code')}
      hint={t('twoFactor.codeHint')}
      value={value}
      onChange={onChange}
      error={error}
      inputMode="numeric"
      autoComplete="one-time-code"
      autoFocus
      width="short"
    />
  );
}

/** The second login step: a code, or a recovery code; or the enrolment when a unit requires it. */
export function TwoFactorLoginStep({
  step,
  onSession,
  onRestart,
}: {
  step: TwoFactorStep;
  onSession: (a: SessionAnswer) => void;
  onRestart: () => void;
}) {
  if (step.twoFactor === 'enrol') {
    return (
      <Enrolment
        offer={step}
        intro="login"
        confirm={(code) => twoFactorApi.enrol(step.challenge, code)}
        onDone={(answer) => onSession(answer as SessionAnswer & { recoveryCodes: string[] })}
        onRestart={onRestart}
      />
    );
  }
  return <VerifyStep challenge={step.challenge} onSession={onSession} onRestart={onRestart} />;
}

function VerifyStep({
  challenge,
  onSession,
  onRestart,
}: {
  challenge: string;
  onSession: (a: SessionAnswer) => void;
  onRestart: () => void;
}) {
  const { t } = useTranslation();
  const [recovery, setRecovery] = useState(false);
  const [value, setValue] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const errors = useStepErrors();
  const field = recovery ? 'recoveryCode' : 'code';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    if (!value.trim()) {
      errors.setField(t('twoFactor.codeRequired'), field);
      return;
    }
    setSubmitting(true);
    try {
      onSession(await twoFactorApi.verify(challenge, recovery ? { recoveryCode: value.trim() } : { code: value.replace(/\s/g, '') }));
    } catch (cause) {
      setValue('');
      errors.show(cause, field);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div data-testid="two-factor-verify">
      <h2>{t('twoFactor.verifyTitle')}</h2>
      {errors.error ? (
        <ErrorBox>
          <p data-testid="two-factor-error">{errors.error}</p>
          <button type="button" className="button button-link" onClick={onRestart}>
            {t('twoFactor.restart')}
          </button>
        </ErrorBox>
      ) : null}
      <p className="lead">{recovery ? t('twoFactor.recoveryIntro') : t('twoFactor.verifyIntro')}</p>
      <form onSubmit={submit} noValidate>
        {recovery ? (
          <TextField
            id="two-factor-recoveryCode"
            label={t('twoFactor.recoveryCode')}
            value={value}
            onChange={setValue}
            error={errors.fieldError}
            autoComplete="off"
            autoFocus
            width="medium"
          />
        ) : (
          <CodeField value={value} onChange={setValue} error={errors.fieldError} />
        )}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={submitting}>
            {t('twoFactor.verifySubmit')}
          </button>
          <button
            type="button"
            className="button button-link"
            onClick={() => {
              setRecovery(!recovery);
              setValue('');
              errors.clear();
            }}
          >
            {recovery ? t('twoFactor.useCode') : t('twoFactor.useRecoveryCode')}
          </button>
        </div>
      </form>
    </div>
  );
}

/** QR code, the secret for manual entry, the first code; then the recovery codes shown once. */
export function Enrolment<T extends { recoveryCodes: string[] }>({
  offer,
  intro,
  confirm,
  onDone,
  onRestart,
}: {
  offer: EnrolmentOffer;
  intro: 'login' | 'account';
  confirm: (code: string) => Promise<T>;
  onDone: (answer: T) => void;
  onRestart?: () => void;
}) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [answer, setAnswer] = useState<T | null>(null);
  const errors = useStepErrors();

  if (answer) return <RecoveryCodes codes={answer.recoveryCodes} onConfirmed={() => onDone(answer)} />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    errors.clear();
    setSubmitting(true);
    try {
      setAnswer(await confirm(code.replace(/\s/g, '')));
    } catch (cause) {
      setCode('');
      errors.show(cause, 'code');
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div data-testid="two-factor-enrol">
      <h2>{t('twoFactor.enrolTitle')}</h2>
      {errors.error ? (
        <ErrorBox>
          <p data-testid="two-factor-error">{errors.error}</p>
          {onRestart ? (
            <button type="button" className="button button-link" onClick={onRestart}>
              {t('twoFactor.restart')}
            </button>
          ) : null}
        </ErrorBox>
      ) : null}
      <p className="lead">{intro === 'login' ? t('twoFactor.enrolIntroLogin') : t('twoFactor.enrolIntro')}</p>
      <ol className="two-factor-steps">
        <li>{t('twoFactor.enrolStep1')}</li>
        <li>
          {t('twoFactor.enrolStep2')}
          <div className="two-factor-qr">
            <img
              src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(offer.qrSvg)}`}
              alt={t('twoFactor.qrAlt')}
              width={200}
              height={200}
            />
          </div>
          <p>
            {t('twoFactor.manualEntry')}{' '}
            <code className="two-factor-secret" data-testid="two-factor-secret">
              {groupSecret(offer.secret)}
            </code>
          </p>
        </li>
        <li>{t('twoFactor.enrolStep3')}</li>
      </ol>
      <form onSubmit={submit} noValidate>
        <CodeField value={code} onChange={setCode} error={errors.fieldError} />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={submitting}>
            {t('twoFactor.enrolSubmit')}
          </button>
        </div>
      </form>
    </div>
  );
}

export function RecoveryCodes({ codes, onConfirmed }: { codes: string[]; onConfirmed: () => void }) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | undefined>();
  return (
    <div data-testid="two-factor-recovery-codes">
      <h2>{t('twoFactor.recoveryTitle')}</h2>
      <p className="lead">{t('twoFactor.recoveryCodesIntro')}</p>
      <ul className="two-factor-codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <CheckboxField
        id="two-factor-saved"
        label={t('twoFactor.saved')}
        checked={saved}
        onChange={(v) => {
          setSaved(v);
          setError(undefined);
        }}
        error={error}
      />
      <div className="form-actions">
        <button
          type="button"
          className="button button-primary"
          onClick={() => (saved ? onConfirmed() : setError(t('twoFactor.savedRequired')))}
        >
          {t('twoFactor.continue')}
        </button>
      </div>
    </div>
  );
}

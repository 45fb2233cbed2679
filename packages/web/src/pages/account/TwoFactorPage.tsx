import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { twoFactorApi, type EnrolmentOffer } from '../../api/twoFactor.ts';
import { describeError } from '../../components/describeError.ts';
import { TextField } from '../../components/Fields.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { ErrorBox, Notice, Page } from '../../components/Page.tsx';
import { useLoad } from '../../hooks/useLoad.ts';
import { Enrolment, RecoveryCodes } from './TwoFactor.tsx';

/** "Tvåstegsverifiering" on the account: status, enrol, new recovery codes, switch off. */
export function TwoFactorPage() {
  const { t } = useTranslation();
  const data = useLoad((signal) => twoFactorApi.status(signal), []);
  const [offer, setOffer] = useState<EnrolmentOffer | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const done = (message: string) => {
    setOffer(null);
    setCodes(null);
    setNotice(message);
    data.reload();
  };

  return (
    <Page title={t('twoFactor.title')}>
      <div className="card form-card" data-testid="two-factor-page">
        {notice ? <Notice>{notice}</Notice> : null}
        {error ? (
          <ErrorBox>
            <p>{error}</p>
          </ErrorBox>
        ) : null}
        {codes ? (
          <RecoveryCodes codes={codes} onConfirmed={() => done(t('twoFactor.newCodesSaved'))} />
        ) : offer ? (
          <Enrolment
            offer={offer}
            intro="account"
            confirm={(code) => twoFactorApi.confirmEnrolment(offer.challenge, code)}
            onDone={() => done(t('twoFactor.enrolled'))}
          />
        ) : (
          <LoadState {...data}>
            {(status) => (
              <>
                <p data-testid="two-factor-status">
                  {status.enrolled ? t('twoFactor.statusOn', { count: status.recoveryCodesLeft }) : t('twoFactor.statusOff')}
                </p>
                {status.required ? <p className="muted">{t('twoFactor.requiredByUnit')}</p> : null}
                {!status.enrolled ? (
                  <div className="form-actions">
                    <button
                      type="button"
                      className="button button-primary"
                      onClick={async () => {
                        setNotice(null);
                        setError(null);
                        try {
                          setOffer(await twoFactorApi.startEnrolment());
                        } catch (cause) {
                          setError(describeError(t, cause));
                        }
                      }}
                    >
                      {t('twoFactor.enrolButton')}
                    </button>
                  </div>
                ) : (
                  <>
                    <CodeAction
                      id="two-factor-new-codes"
                      title={t('twoFactor.newCodesTitle')}
                      intro={t('twoFactor.newCodesIntro')}
                      submit={t('twoFactor.newCodesSubmit')}
                      run={async (code) => setCodes((await twoFactorApi.newRecoveryCodes(code)).recoveryCodes)}
                    />
                    {!status.required ? (
                      <CodeAction
                        id="two-factor-off"
                        title={t('twoFactor.offTitle')}
                        intro={t('twoFactor.offIntro')}
                        submit={t('twoFactor.offSubmit')}
                        run={async (code) => {
                          await twoFactorApi.switchOff(code);
                          done(t('twoFactor.switchedOff'));
                        }}
                      />
                    ) : null}
                  </>
                )}
              </>
            )}
          </LoadState>
        )}
      </div>
    </Page>
  );
}

function CodeAction({
  id,
  title,
  intro,
  submit,
  run,
}: {
  id: string;
  title: string;
  intro: string;
  submit: string;
  run: (code: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    if (!code.trim()) {
      setError(t('twoFactor.codeRequired'));
      return;
    }
    setBusy(true);
    try {
      await run(code.replace(/\s/g, ''));
    } catch (cause) {
      setError(cause instanceof ApiError && cause.fieldMessage('code') ? cause.fieldMessage('code') : describeError(t, cause));
      setCode('');
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <p>{intro}</p>
      <form onSubmit={onSubmit} noValidate>
        <TextField
          id={`${id}-code`}
          label={t('twoFactor.code')}
          value={code}
          onChange={setCode}
          error={error}
          inputMode="numeric"
          autoComplete="one-time-code"
          width="short"
        />
        <div className="form-actions">
          <button type="submit" className="button button-secondary" disabled={busy}>
            {submit}
          </button>
        </div>
      </form>
    </section>
  );
}

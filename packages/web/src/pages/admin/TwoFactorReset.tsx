import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminUser } from '../../api/types.ts';
import { signInsApi } from '../../api/signIns.ts';
import { describeError } from '../../components/describeError.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { ErrorBox, Notice } from '../../components/Page.tsx';
import { instant } from '../../format.ts';
import { useLoad } from '../../hooks/useLoad.ts';

/**
 * Lost phone: the admin removes a user's two-factor sign-in (docs/two-factor.md). Shown only while the user has it;
 * the reset is written to the sign-in log with the admin's name.
 */
export function TwoFactorReset({ user }: { user: AdminUser }) {
  const { t } = useTranslation();
  const status = useLoad((signal) => signInsApi.twoFactorStatus(user.id, signal), [user.id]);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const reset = async () => {
    setBusy(true);
    setError(null);
    try {
      await signInsApi.resetTwoFactor(user.id);
      setDone(true);
      setConfirming(false);
      status.reload();
    } catch (e) {
      setConfirming(false);
      setError(describeError(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card form-card" aria-labelledby="two-factor-reset" data-testid="two-factor-reset">
      <h2 id="two-factor-reset">{t('signIns.reset.title')}</h2>
      {done ? <Notice>{t('signIns.reset.done', { name: user.displayName })}</Notice> : null}
      {error ? <ErrorBox title={t('signIns.reset.failed')}>{error}</ErrorBox> : null}
      <LoadState {...status}>
        {(s) =>
          s.enrolled ? (
            <>
              <p>{t('signIns.reset.enrolled', { date: s.enrolledAt ? instant(s.enrolledAt) : '' })}</p>
              <button type="button" className="button button-secondary" onClick={() => setConfirming(true)}>
                {t('signIns.reset.button')}
              </button>
            </>
          ) : (
            <p className="muted">{t('signIns.reset.notEnrolled')}</p>
          )
        }
      </LoadState>
      <Dialog open={confirming} title={t('signIns.reset.button')} onClose={() => setConfirming(false)} testId="two-factor-reset-dialog">
        <p>{t('signIns.reset.confirm', { name: user.displayName })}</p>
        <div className="form-actions">
          <button type="button" className="button button-primary" onClick={reset} disabled={busy}>
            {t('signIns.reset.yes')}
          </button>
          <button type="button" className="button button-secondary" onClick={() => setConfirming(false)}>
            {t('common.cancel')}
          </button>
        </div>
      </Dialog>
    </section>
  );
}

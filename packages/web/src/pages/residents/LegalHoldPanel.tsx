import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { cullingApi, type LegalHold } from '../../api/culling.ts';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { TextAreaField } from '../../components/Fields.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Notice } from '../../components/Page.tsx';
import { instant } from '../../format.ts';
import { useForm, type FieldErrors } from '../../hooks/useForm.ts';
import { useLoad } from '../../hooks/useLoad.ts';

/**
 * Gallringsstopp (docs/culling.md): while a hold is in force the person's records are not culled. The unit's managers
 * place it with a reason and lift it; everyone who may see the person sees it.
 */
export function LegalHoldPanel({ residentId }: { residentId: string }) {
  const { t } = useTranslation();
  const state = useLoad((signal) => cullingApi.residentHold(residentId, signal), [residentId]);
  const [done, setDone] = useState<'placed' | 'lifted' | null>(null);
  const form = useForm({ reason: '' }, 'legal-hold');
  const [lifting, setLifting] = useState(false);
  const [liftError, setLiftError] = useState<string | null>(null);

  const validate = (v: typeof form.values): FieldErrors => (v.reason.trim() ? {} : { reason: t('legalHold.reasonRequired') });

  const onPlace = form.handleSubmit(validate, async (v) => {
    setDone(null);
    await cullingApi.placeResidentHold(residentId, v.reason.trim());
    form.setValues({ reason: '' });
    setDone('placed');
    state.reload();
  });

  const onLift = async () => {
    if (!window.confirm(t('legalHold.liftConfirm'))) return;
    setLifting(true);
    setLiftError(null);
    setDone(null);
    try {
      await cullingApi.liftResidentHold(residentId);
      setDone('lifted');
      state.reload();
    } catch (e) {
      setLiftError(e instanceof Error ? e.message : String(e));
    } finally {
      setLifting(false);
    }
  };

  return (
    <section className="card" aria-labelledby="resident-legal-hold" data-testid="legal-hold">
      <h2 id="resident-legal-hold">{t('legalHold.title')}</h2>
      {done ? <Notice>{t(done === 'placed' ? 'legalHold.placed' : 'legalHold.lifted')}</Notice> : null}
      <LoadState {...state}>
        {(s) => (
          <>
            {s.current ? (
              <div data-testid="legal-hold-current">
                <p>
                  <strong>{t('legalHold.active', { date: instant(s.current.placedAt), name: s.current.placedBy })}</strong>
                </p>
                <p className="note-body">
                  {t('legalHold.reason')}: {s.current.reason}
                </p>
                {s.canManage ? (
                  <div className="button-row">
                    <button type="button" className="button button-secondary" disabled={lifting} onClick={() => void onLift()}>
                      {lifting ? t('app.saving') : t('legalHold.lift')}
                    </button>
                  </div>
                ) : null}
                {liftError ? (
                  <p className="field-error" role="alert">
                    {liftError}
                  </p>
                ) : null}
              </div>
            ) : (
              <p className="muted" data-testid="legal-hold-none">
                {t('legalHold.none')}
              </p>
            )}
            {!s.current && s.canManage ? (
              <>
                <ErrorSummary {...form.summary} />
                <form onSubmit={onPlace} noValidate className="note-form">
                  <TextAreaField {...form.text('reason')} label={t('legalHold.reason')} hint={t('legalHold.reasonHint')} rows={2} />
                  <div className="form-actions">
                    <button type="submit" className="button button-secondary" disabled={form.submitting}>
                      {form.submitting ? t('app.saving') : t('legalHold.place')}
                    </button>
                  </div>
                </form>
              </>
            ) : null}
            {!s.canManage ? <p className="field-hint">{t('legalHold.managersOnly')}</p> : null}
            {s.history.length > 0 ? <History holds={s.history} /> : null}
          </>
        )}
      </LoadState>
    </section>
  );
}

function History({ holds }: { holds: LegalHold[] }) {
  const { t } = useTranslation();
  return (
    <>
      <h3>{t('legalHold.history')}</h3>
      <ul className="plain-list" data-testid="legal-hold-history">
        {holds.map((h) => (
          <li key={h.id}>
            {t('legalHold.historyItem', {
              from: instant(h.placedAt),
              to: h.liftedAt ? instant(h.liftedAt) : '',
              placedBy: h.placedBy,
              liftedBy: h.liftedBy ?? '',
              reason: h.reason,
            })}
          </li>
        ))}
      </ul>
    </>
  );
}

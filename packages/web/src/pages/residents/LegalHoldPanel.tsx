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

/** A resident's records, or an eviction-prevention case (whose tenant may not be a resident). */
export type HoldSubject = { residentId: string } | { caseId: string };

function holdApi(subject: HoldSubject) {
  if ('residentId' in subject) {
    const id = subject.residentId;
    return {
      key: `resident:${id}`,
      load: (signal: AbortSignal) => cullingApi.residentHold(id, signal),
      place: (reason: string) => cullingApi.placeResidentHold(id, reason),
      lift: () => cullingApi.liftResidentHold(id),
    };
  }
  const id = subject.caseId;
  return {
    key: `case:${id}`,
    load: (signal: AbortSignal) => cullingApi.caseHold(id, signal),
    place: (reason: string) => cullingApi.placeCaseHold(id, reason),
    lift: () => cullingApi.liftCaseHold(id),
  };
}

/**
 * Gallringsstopp (docs/culling.md): while a hold is in force the records are not culled. The unit's managers
 * place it with a reason and lift it; everyone who may see the person or case sees it.
 */
export function LegalHoldPanel({ subject }: { subject: HoldSubject }) {
  const { t } = useTranslation();
  const hold = holdApi(subject);
  const state = useLoad((signal) => hold.load(signal), [hold.key]);
  const [done, setDone] = useState<'placed' | 'lifted' | null>(null);
  const form = useForm({ reason: '' }, 'legal-hold');
  const [lifting, setLifting] = useState(false);
  const [liftError, setLiftError] = useState<string | null>(null);

  const validate = (v: typeof form.values): FieldErrors => (v.reason.trim() ? {} : { reason: t('legalHold.reasonRequired') });

  const onPlace = form.handleSubmit(validate, async (v) => {
    setDone(null);
    await hold.place(v.reason.trim());
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
      await hold.lift();
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

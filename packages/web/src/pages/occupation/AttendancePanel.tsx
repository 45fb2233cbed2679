import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { CheckboxGroup, TextField } from '../../components/Fields.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { ErrorBox, Notice } from '../../components/Page.tsx';
import { describeError } from '../../components/describeError.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { occupationApi, type Attendance } from './api.ts';
import { isStale, readWhole } from './labels.ts';
import { personNameText } from '../../components/PersonName.tsx';

const MAX_GUESTS = 500;

/**
 * A session's attendance: one checkbox per resident placed in the unit that day (and anyone already ticked), and
 * the number of unnamed guests. Saved with the session's version; when someone else saved in between (409) the
 * panel says so and shows what they saved.
 */
export function AttendancePanel({ sessionId, onSaved, onClose }: { sessionId: string; onSaved: () => void; onClose: () => void }) {
  const { t } = useTranslation();
  const state = useLoad((signal) => occupationApi.attendance(sessionId, signal), [sessionId]);
  const [stale, setStale] = useState(false);
  const [saved, setSaved] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [sessionId]);
  const s = state.data?.session;
  const when = s ? [s.date, s.startTime && s.endTime ? `${s.startTime}–${s.endTime}` : s.startTime].filter(Boolean).join(' ') : '';

  return (
    <section className="card" aria-labelledby="attendance-heading" data-testid="attendance">
      <h2 id="attendance-heading" ref={heading} tabIndex={-1}>
        {s ? t('occupation.attendance.heading', { when }) : t('occupation.attendance.title')}
      </h2>
      {stale ? (
        <ErrorBox title={t('occupation.staleTitle')}>
          <p data-testid="stale-message">{t('occupation.attendance.stale')}</p>
        </ErrorBox>
      ) : null}
      {saved ? <Notice>{t('occupation.attendance.saved')}</Notice> : null}
      <LoadState {...state}>
        {(a) => (
          <AttendanceForm
            key={`${a.session.id}-${a.version}`}
            attendance={a}
            onSaved={() => {
              setStale(false);
              setSaved(true);
              state.reload();
              onSaved();
            }}
            onStale={() => {
              setSaved(false);
              setStale(true);
              state.reload();
              // Someone else's save changed the counts in the session list too.
              onSaved();
            }}
            onClose={onClose}
            onEdit={() => setSaved(false)}
          />
        )}
      </LoadState>
    </section>
  );
}

interface FormProps {
  attendance: Attendance;
  onSaved: () => void;
  onStale: () => void;
  onClose: () => void;
  onEdit: () => void;
}

function AttendanceForm({ attendance: a, onSaved, onStale, onClose, onEdit }: FormProps) {
  const { t } = useTranslation();
  const [present, setPresent] = useState<string[]>(() => a.residents.filter((r) => r.present).map((r) => r.id));
  const [guests, setGuests] = useState(String(a.guests));
  const [guestsError, setGuestsError] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (submitting) return;
    setError(null);
    const count = readWhole(guests, 0, MAX_GUESTS);
    if (count === null) {
      setGuestsError(t('errors.invalidInteger', { min: 0, max: MAX_GUESTS }));
      return;
    }
    setGuestsError(undefined);
    setSubmitting(true);
    try {
      await occupationApi.setAttendance(a.session.id, { version: a.version, residentIds: present, guests: count });
      onSaved();
    } catch (e) {
      if (isStale(e)) onStale();
      else {
        if (e instanceof ApiError) setGuestsError(e.fieldMessage('guests'));
        setError(e);
      }
    } finally {
      setSubmitting(false);
    }
  };
  // Errors about one ticked resident (residentIds.N) or anything else not about the guests field.
  const otherErrors =
    error instanceof ApiError && error.fields.length > 0
      ? error.fields.filter((f) => f.field !== 'guests').map((f) => f.message)
      : error
        ? [describeError(t, error)]
        : [];
  const named = present.length;
  return (
    <form className="stack" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="attendance-heading" data-testid="attendance-form">
      {otherErrors.length > 0 ? (
        <ErrorBox title={t('errors.title')}>
          {otherErrors.map((m) => (
            <p key={m}>{m}</p>
          ))}
        </ErrorBox>
      ) : null}
      {a.residents.length === 0 ? (
        <p className="empty">{t('occupation.attendance.noResidents')}</p>
      ) : (
        <CheckboxGroup
          id="attendance-residents"
          label={t('occupation.attendance.residents')}
          hint={t('occupation.attendance.residentsHint')}
          value={present}
          onChange={(v) => {
            setPresent(v);
            onEdit();
          }}
          options={a.residents.map((r) => ({ value: r.id, label: personNameText(t, r.name, r.culled) }))}
        />
      )}
      <TextField
        id="attendance-guests"
        label={t('occupation.attendance.guests')}
        hint={t('occupation.attendance.guestsHint')}
        type="number"
        inputMode="numeric"
        min={0}
        max={MAX_GUESTS}
        width="short"
        value={guests}
        onChange={(v) => {
          setGuests(v);
          onEdit();
        }}
        error={guestsError}
      />
      <p className="muted" data-testid="attendance-total" aria-live="polite">
        {t('occupation.attendance.total', { named, guests: readWhole(guests, 0, MAX_GUESTS) ?? 0 })}
      </p>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submitting}>
          {submitting ? t('app.saving') : t('occupation.attendance.save')}
        </button>
        <button type="button" className="button button-link" onClick={onClose}>
          {t('occupation.attendance.close')}
        </button>
      </div>
    </form>
  );
}

import type { ActivityKind, ActivityOrganiser } from '@kvarbo/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { DataTable } from '../../components/DataTable.tsx';
import { DetailList } from '../../components/DetailList.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { CheckboxField, TextAreaField, TextField } from '../../components/Fields.tsx';
import { FormActions } from '../../components/FormActions.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { ErrorBox, Notice, Page } from '../../components/Page.tsx';
import { isIsoDate, optionalText, today } from '../../format.ts';
import { useFlash } from '../../hooks/useFlash.ts';
import { useForm, type FieldErrors } from '../../hooks/useForm.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { ActivityFields } from './ActivityFields.tsx';
import { AttendancePanel } from './AttendancePanel.tsx';
import { occupationApi, type Activity, type ActivitySession } from './api.ts';
import { isStale, isTime, useOccupationLabels } from './labels.ts';
import './occupation.css';

/** One activity: its details (editable), its sessions with attendance counts, a new session, attendance. */
export function ActivityPage() {
  const { t } = useTranslation();
  const { activityId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const sessionId = params.get('session');
  const flashMessage = useFlash();
  const state = useLoad((signal) => occupationApi.sessions(activityId, signal), [activityId]);
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <Page
      title={state.data ? state.data.activity.name : t('occupation.activity.title')}
      kicker={t('occupation.activity.title')}
      actions={
        <Link className="button button-secondary" to="/activities">
          {t('occupation.activity.back')}
        </Link>
      }
    >
      {flashMessage && !notice ? <Notice>{flashMessage}</Notice> : null}
      {notice ? <Notice>{notice}</Notice> : null}
      <LoadState {...state}>
        {(data) => (
          <div className="stack" data-testid="activity">
            <ActivityDetails key={`${data.activity.id}-${data.activity.version}`} activity={data.activity} reload={state.reload} />
            <section className="card" aria-labelledby="activity-sessions">
              <h2 id="activity-sessions">{t('occupation.session.heading')}</h2>
              <Sessions sessions={data.items} selected={sessionId} />
              {data.activity.active ? (
                <NewSession
                  activityId={data.activity.id}
                  onCreated={(s) => {
                    setNotice(t('occupation.session.created', { date: s.date }));
                    state.reload();
                    setParams({ session: s.id });
                  }}
                />
              ) : (
                <p className="muted">{t('occupation.session.inactive')}</p>
              )}
            </section>
            {sessionId ? (
              <AttendancePanel key={sessionId} sessionId={sessionId} onSaved={() => state.reload()} onClose={() => setParams({})} />
            ) : null}
          </div>
        )}
      </LoadState>
    </Page>
  );
}

function ActivityDetails({ activity: a, reload }: { activity: Activity; reload: () => void }) {
  const { t } = useTranslation();
  const labels = useOccupationLabels();
  const [editing, setEditing] = useState(false);
  const [stale, setStale] = useState(false);
  return (
    <section className="card" aria-labelledby="activity-details">
      <h2 id="activity-details">{t('occupation.activity.details')}</h2>
      {stale ? (
        <ErrorBox title={t('occupation.staleTitle')}>
          <p data-testid="stale-message">{t('occupation.activity.stale')}</p>
        </ErrorBox>
      ) : null}
      <DetailList
        items={[
          { label: t('occupation.activity.kind'), value: labels.activityKind(a.kind) },
          { label: t('occupation.activity.organiser'), value: labels.organiser(a.organiser) },
          { label: t('occupation.activity.place'), value: a.place },
          { label: t('occupation.activity.description'), value: a.description },
          {
            label: t('occupation.activity.status'),
            value: a.active ? t('occupation.activity.active') : t('occupation.activity.inactive'),
            testId: 'activity-status',
          },
        ]}
      />
      {editing ? (
        <EditActivity
          activity={a}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            setStale(false);
            reload();
          }}
          onStale={() => {
            setEditing(false);
            setStale(true);
            reload();
          }}
        />
      ) : (
        <div className="button-row">
          <button type="button" className="button button-secondary" onClick={() => setEditing(true)}>
            {t('occupation.activity.edit')}
          </button>
        </div>
      )}
    </section>
  );
}

function EditActivity(props: { activity: Activity; onCancel: () => void; onSaved: () => void; onStale: () => void }) {
  const { t } = useTranslation();
  const { activity: a, onCancel, onSaved, onStale } = props;
  const form = useForm(
    {
      name: a.name,
      kind: a.kind as string,
      organiser: a.organiser as string,
      place: a.place ?? '',
      description: a.description ?? '',
      active: a.active,
    },
    'activity-edit',
  );
  const validate = (v: typeof form.values): FieldErrors =>
    v.name.trim() ? {} : { name: t('errors.required', { field: t('occupation.activity.name').toLowerCase() }) };
  const onSubmit = form.handleSubmit(validate, async (v) => {
    try {
      await occupationApi.updateActivity(a.id, {
        name: v.name.trim(),
        kind: v.kind as ActivityKind,
        organiser: v.organiser as ActivityOrganiser,
        place: optionalText(v.place),
        description: optionalText(v.description),
        active: v.active,
        version: a.version,
      });
    } catch (error) {
      if (!isStale(error)) throw error;
      onStale();
      return;
    }
    onSaved();
  });
  return (
    <form className="stack occupation-form" onSubmit={onSubmit} noValidate aria-labelledby="activity-edit-heading">
      <h3 id="activity-edit-heading">{t('occupation.activity.editHeading')}</h3>
      <ErrorSummary {...form.summary} />
      <ActivityFields bind={form.text} />
      <CheckboxField {...form.checkbox('active')} label={t('occupation.activity.activeLabel')} hint={t('occupation.activity.activeHint')} />
      <FormActions submitLabel={t('common.saveChanges')} submitting={form.submitting} onCancel={onCancel} />
    </form>
  );
}

function Sessions({ sessions, selected }: { sessions: ActivitySession[]; selected: string | null }) {
  const { t } = useTranslation();
  return (
    <DataTable<ActivitySession>
      caption={t('occupation.session.heading')}
      rows={sessions}
      rowKey={(s) => s.id}
      testId="activity-sessions"
      empty={t('occupation.session.none')}
      rowProps={(s) => ({ 'data-date': s.date, 'data-session-id': s.id })}
      columns={[
        { key: 'date', label: t('occupation.session.date'), render: (s) => s.date },
        {
          key: 'time',
          label: t('occupation.session.time'),
          render: (s) => (s.startTime ? `${s.startTime}${s.endTime ? `–${s.endTime}` : ''}` : '–'),
        },
        { key: 'place', label: t('occupation.session.place'), render: (s) => s.place ?? '–' },
        { key: 'named', label: t('occupation.session.named'), render: (s) => s.namedAttendances, className: 'numeric' },
        { key: 'guests', label: t('occupation.session.guests'), render: (s) => s.guests, className: 'numeric' },
        { key: 'total', label: t('occupation.session.total'), render: (s) => s.attendances, className: 'numeric' },
        {
          key: 'attendance',
          label: t('occupation.session.attendance'),
          render: (s) => (
            <Link
              to={{ search: `?session=${s.id}` }}
              aria-label={t('occupation.session.registerLabel', { date: s.date })}
              aria-current={s.id === selected ? 'true' : undefined}
            >
              {t('occupation.session.register')}
            </Link>
          ),
        },
      ]}
    />
  );
}

function NewSession({ activityId, onCreated }: { activityId: string; onCreated: (s: ActivitySession) => void }) {
  const { t } = useTranslation();
  const form = useForm({ date: today(), startTime: '', endTime: '', place: '', note: '' }, 'session-new');
  const validate = (v: typeof form.values): FieldErrors => {
    const errors: FieldErrors = {};
    if (!isIsoDate(v.date.trim())) errors.date = t('errors.invalidDate');
    if (v.startTime.trim() && !isTime(v.startTime.trim())) errors.startTime = t('occupation.session.invalidTime');
    if (v.endTime.trim() && !isTime(v.endTime.trim())) errors.endTime = t('occupation.session.invalidTime');
    return errors;
  };
  const onSubmit = form.handleSubmit(validate, async (v) => {
    const s = await occupationApi.createSession(activityId, {
      date: v.date.trim(),
      startTime: v.startTime.trim() || null,
      endTime: v.endTime.trim() || null,
      place: optionalText(v.place),
      note: optionalText(v.note),
    });
    form.setValues({ date: v.date, startTime: '', endTime: '', place: '', note: '' });
    onCreated(s);
  });
  return (
    <form className="stack occupation-form" onSubmit={onSubmit} noValidate aria-labelledby="session-new-heading">
      <h3 id="session-new-heading">{t('occupation.session.newHeading')}</h3>
      <ErrorSummary {...form.summary} />
      <div className="grid-3">
        <TextField {...form.text('date')} label={t('occupation.session.date')} type="date" width="medium" />
        <TextField
          {...form.text('startTime')}
          label={t('occupation.session.startTime')}
          hint={t('occupation.session.timeHint')}
          optional
          inputMode="numeric"
          width="short"
        />
        <TextField
          {...form.text('endTime')}
          label={t('occupation.session.endTime')}
          hint={t('occupation.session.timeHint')}
          optional
          inputMode="numeric"
          width="short"
        />
      </div>
      <TextField {...form.text('place')} label={t('occupation.session.placeOfSession')} hint={t('occupation.session.placeHint')} optional />
      <TextAreaField
        {...form.text('note')}
        label={t('occupation.session.note')}
        hint={t('occupation.session.noteHint')}
        optional
        rows={2}
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={form.submitting}>
          {form.submitting ? t('app.saving') : t('occupation.session.add')}
        </button>
      </div>
    </form>
  );
}

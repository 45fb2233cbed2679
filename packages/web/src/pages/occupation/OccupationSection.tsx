import type { OccupationKind } from '@kvarbo/domain';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { SelectField, TextAreaField, TextField } from '../../components/Fields.tsx';
import { FormActions } from '../../components/FormActions.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { ErrorBox, Notice } from '../../components/Page.tsx';
import { isIsoDate, optionalText, today } from '../../format.ts';
import { useForm, type FieldErrors } from '../../hooks/useForm.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { occupationApi, type AttendedSession, type Occupation } from './api.ts';
import { isStale, readWhole, useOccupationLabels } from './labels.ts';
import './occupation.css';

const MAX_HOURS = 60;

type Mode = { kind: 'add' } | { kind: 'edit' | 'end'; occupation: Occupation };

/**
 * "Sysselsättning" on the resident's page: what the resident does in the day (work practice, studies, day
 * activity …), adding, editing and ending one (ending = giving the last day), and the activity sessions they came
 * to. An edit made from an old version is refused (409); the section then says so and shows the current figures.
 */
export function OccupationSection({ residentId }: { residentId: string }) {
  const { t } = useTranslation();
  const labels = useOccupationLabels();
  const state = useLoad((signal) => occupationApi.forResident(residentId, signal), [residentId]);
  const [mode, setMode] = useState<Mode>({ kind: 'add' });
  const [notice, setNotice] = useState<string | null>(null);
  const [stale, setStale] = useState(false);

  const open = (next: Mode) => {
    setNotice(null);
    setStale(false);
    setMode(next);
  };
  const done = (message: string) => {
    setMode({ kind: 'add' });
    setStale(false);
    setNotice(message);
    state.reload();
  };
  const onStale = () => {
    setMode({ kind: 'add' });
    setNotice(null);
    setStale(true);
    state.reload();
  };

  return (
    <section className="card" aria-labelledby="resident-occupation" data-testid="occupation-section">
      <h2 id="resident-occupation">{t('occupation.section.heading')}</h2>
      {stale ? (
        <ErrorBox title={t('occupation.staleTitle')}>
          <p data-testid="stale-message">{t('occupation.section.stale')}</p>
        </ErrorBox>
      ) : null}
      {notice ? <Notice>{notice}</Notice> : null}
      <LoadState {...state}>
        {(data) => (
          <div className="stack">
            <DataTable<Occupation>
              caption={t('occupation.section.table')}
              rows={data.items}
              rowKey={(o) => o.id}
              testId="occupations"
              empty={t('occupation.section.none')}
              rowProps={(o) => ({ 'data-kind': o.kind, 'data-current': String(o.current) })}
              columns={[
                { key: 'kind', label: t('occupation.fields.kind'), render: (o) => labels.kind(o.kind) },
                {
                  key: 'provider',
                  label: t('occupation.fields.provider'),
                  render: (o) => (
                    <>
                      {o.provider}
                      {o.note ? <span className="cell-sub">{o.note}</span> : null}
                    </>
                  ),
                },
                {
                  key: 'period',
                  label: t('occupation.section.period'),
                  render: (o) => `${o.fromDate} – ${o.toDate ?? t('occupation.section.untilFurther')}`,
                },
                { key: 'hours', label: t('occupation.fields.hoursPerWeek'), render: (o) => o.hoursPerWeek, className: 'numeric' },
                {
                  key: 'status',
                  label: t('occupation.section.status'),
                  render: (o) =>
                    o.current ? (
                      <span className="tag tag-active">{t('occupation.section.current')}</span>
                    ) : o.toDate !== null && o.toDate < data.asOf ? (
                      <span className="tag tag-ended">{t('occupation.section.ended')}</span>
                    ) : (
                      <span className="tag tag-upcoming">{t('occupation.section.upcoming')}</span>
                    ),
                },
                {
                  key: 'actions',
                  label: t('occupation.section.actions'),
                  render: (o) => {
                    const name = `${labels.kind(o.kind)}, ${o.provider}`;
                    return (
                      <span className="button-row">
                        <button
                          type="button"
                          className="button button-secondary button-small"
                          aria-label={t('occupation.section.editLabel', { name })}
                          onClick={() => open({ kind: 'edit', occupation: o })}
                        >
                          {t('common.edit')}
                        </button>
                        {o.toDate === null || o.toDate >= data.asOf ? (
                          <button
                            type="button"
                            className="button button-secondary button-small"
                            aria-label={t('occupation.section.endLabel', { name })}
                            onClick={() => open({ kind: 'end', occupation: o })}
                          >
                            {t('occupation.section.end')}
                          </button>
                        ) : null}
                      </span>
                    );
                  },
                },
              ]}
            />
            {mode.kind === 'add' ? (
              <OccupationForm
                key="add"
                residentId={residentId}
                mode={mode}
                onDone={() => done(t('occupation.section.added'))}
                onStale={onStale}
                onCancel={() => undefined}
              />
            ) : (
              <OccupationForm
                key={`${mode.kind}-${mode.occupation.id}`}
                residentId={residentId}
                mode={mode}
                onDone={() => done(mode.kind === 'end' ? t('occupation.section.endedNotice') : t('occupation.section.saved'))}
                onStale={onStale}
                onCancel={() => open({ kind: 'add' })}
              />
            )}
            <Attended sessions={data.attended} />
          </div>
        )}
      </LoadState>
    </section>
  );
}

interface FormProps {
  residentId: string;
  mode: Mode;
  onDone: () => void;
  onStale: () => void;
  onCancel: () => void;
}

/** Adding, editing or ending an occupation; the field names are the API's, so its errors land beside them. */
function OccupationForm({ residentId, mode, onDone, onStale, onCancel }: FormProps) {
  const { t } = useTranslation();
  const labels = useOccupationLabels();
  const o = mode.kind === 'add' ? null : mode.occupation;
  const initial = {
    kind: o?.kind ?? '',
    provider: o?.provider ?? '',
    fromDate: o?.fromDate ?? '',
    toDate: mode.kind === 'end' ? (o?.toDate ?? today()) : (o?.toDate ?? ''),
    hoursPerWeek: o ? String(o.hoursPerWeek) : '',
    note: o?.note ?? '',
  };
  const prefix = mode.kind === 'add' ? 'occupation-new' : mode.kind === 'edit' ? 'occupation-edit' : 'occupation-end';
  const form = useForm(initial, prefix);
  const heading = useRef<HTMLHeadingElement>(null);
  // Editing or ending starts below the table: take the user there.
  useEffect(() => {
    if (mode.kind !== 'add') heading.current?.focus();
  }, [mode.kind]);

  const validate = (v: typeof initial): FieldErrors => {
    const errors: FieldErrors = {};
    if (!v.kind) errors.kind = t('errors.chooseRequired', { field: t('occupation.fields.kind').toLowerCase() });
    if (!v.provider.trim()) errors.provider = t('errors.required', { field: t('occupation.fields.provider').toLowerCase() });
    if (!isIsoDate(v.fromDate.trim())) errors.fromDate = t('errors.invalidDate');
    if (v.toDate.trim() && !isIsoDate(v.toDate.trim())) errors.toDate = t('errors.invalidDate');
    if (mode.kind === 'end' && !v.toDate.trim()) errors.toDate = t('errors.invalidDate');
    if (readWhole(v.hoursPerWeek, 0, MAX_HOURS) === null) errors.hoursPerWeek = t('errors.invalidInteger', { min: 0, max: MAX_HOURS });
    return errors;
  };

  const onSubmit = form.handleSubmit(validate, async (v) => {
    const body = {
      kind: v.kind as OccupationKind,
      provider: v.provider.trim(),
      fromDate: v.fromDate.trim(),
      toDate: v.toDate.trim() || null,
      hoursPerWeek: Number(v.hoursPerWeek.trim()),
      note: optionalText(v.note),
    };
    try {
      if (o) await occupationApi.update(o.id, { ...body, version: o.version });
      else await occupationApi.add(residentId, body);
    } catch (error) {
      if (!isStale(error)) throw error;
      onStale();
      return;
    }
    if (mode.kind === 'add') form.setValues(initial);
    onDone();
  });

  const headingId = `${prefix}-heading`;
  const title =
    mode.kind === 'add'
      ? t('occupation.section.add')
      : mode.kind === 'edit'
        ? t('occupation.section.editHeading', { name: `${labels.kind(o!.kind)}, ${o!.provider}` })
        : t('occupation.section.endHeading', { name: `${labels.kind(o!.kind)}, ${o!.provider}` });
  return (
    <form className="stack occupation-form" onSubmit={onSubmit} noValidate aria-labelledby={headingId} data-testid={`${prefix}-form`}>
      <h3 id={headingId} ref={heading} tabIndex={-1}>
        {title}
      </h3>
      <ErrorSummary {...form.summary} />
      {mode.kind === 'end' ? (
        <>
          <p className="muted">{t('occupation.section.endIntro', { from: o!.fromDate })}</p>
          <TextField {...form.text('toDate')} label={t('occupation.fields.endDate')} type="date" width="medium" />
          {/* The server also checks the other fields; a complaint about them is shown in the summary above. */}
          <FormActions submitLabel={t('occupation.section.endSubmit')} submitting={form.submitting} onCancel={onCancel} />
        </>
      ) : (
        <>
          <div className="grid-2">
            <SelectField
              {...form.text('kind')}
              label={t('occupation.fields.kind')}
              placeholder={t('occupation.fields.chooseKind')}
              options={labels.kindOptions}
            />
            <TextField {...form.text('provider')} label={t('occupation.fields.provider')} hint={t('occupation.fields.providerHint')} />
          </div>
          <div className="grid-3">
            <TextField {...form.text('fromDate')} label={t('occupation.fields.fromDate')} type="date" width="medium" />
            <TextField
              {...form.text('toDate')}
              label={t('occupation.fields.toDate')}
              hint={t('occupation.fields.toDateHint')}
              optional
              type="date"
              width="medium"
            />
            <TextField
              {...form.text('hoursPerWeek')}
              label={t('occupation.fields.hoursPerWeek')}
              hint={t('occupation.fields.hoursHint', { max: MAX_HOURS })}
              type="number"
              inputMode="numeric"
              min={0}
              max={MAX_HOURS}
              width="short"
            />
          </div>
          <TextAreaField {...form.text('note')} label={t('occupation.fields.note')} optional rows={2} />
          {mode.kind === 'add' ? (
            <div className="form-actions">
              <button type="submit" className="button button-secondary" disabled={form.submitting}>
                {form.submitting ? t('app.saving') : t('occupation.section.add')}
              </button>
            </div>
          ) : (
            <FormActions submitLabel={t('common.saveChanges')} submitting={form.submitting} onCancel={onCancel} />
          )}
        </>
      )}
    </form>
  );
}

function Attended({ sessions }: { sessions: AttendedSession[] }) {
  const { t } = useTranslation();
  const labels = useOccupationLabels();
  return (
    <div>
      <h3 id="resident-attended">{t('occupation.section.attendedHeading')}</h3>
      <DataTable<AttendedSession>
        caption={t('occupation.section.attendedHeading')}
        rows={sessions}
        rowKey={(s) => s.sessionId}
        testId="attended-sessions"
        empty={t('occupation.section.attendedNone')}
        columns={[
          { key: 'date', label: t('occupation.session.date'), render: (s) => (s.startTime ? `${s.date} ${s.startTime}` : s.date) },
          {
            key: 'activity',
            label: t('occupation.activity.name'),
            render: (s) => <Link to={`/activities/${s.activityId}`}>{s.activityName}</Link>,
          },
          { key: 'kind', label: t('occupation.activity.kind'), render: (s) => labels.activityKind(s.activityKind) },
        ]}
      />
    </div>
  );
}

import type { ActivityKind, ActivityOrganiser } from '@kvarbo/domain';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { SelectField } from '../../components/Fields.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Page } from '../../components/Page.tsx';
import { optionalText } from '../../format.ts';
import { flash } from '../../hooks/useFlash.ts';
import { useForm, type FieldErrors } from '../../hooks/useForm.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useMe, useSession } from '../../session/SessionContext.tsx';
import { ActivityFields } from './ActivityFields.tsx';
import { occupationApi, type ActivityListItem } from './api.ts';
import { useOccupationLabels } from './labels.ts';
import './occupation.css';

/**
 * "Aktiviteter": the meeting places, courses, peer association events and camps of the user's units, and a form
 * for a new one. Attendance is registered per session on the activity's own page.
 */
export function ActivitiesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const labels = useOccupationLabels();
  const caseUnits = me.units.filter((u) => u.role !== 'analyst');
  const list = useLoad((signal) => occupationApi.activities(signal), []);
  const summaryLink = (
    <Link className="button button-secondary" to="/activities/summary">
      {t('occupation.summary.title')}
    </Link>
  );
  if (caseUnits.length === 0) {
    return (
      <Page title={t('occupation.activities.title')} actions={summaryLink}>
        <p className="empty">{t('occupation.activities.noCaseUnit')}</p>
      </Page>
    );
  }
  return (
    <Page title={t('occupation.activities.title')} actions={summaryLink}>
      <div className="stack">
        <p className="muted">{t('occupation.activities.intro')}</p>
        <section className="card" aria-labelledby="activities-list">
          <h2 id="activities-list">{t('occupation.activities.listHeading')}</h2>
          <LoadState {...list}>
            {(data) => (
              <DataTable<ActivityListItem>
                caption={t('occupation.activities.listHeading')}
                rows={data.items}
                rowKey={(a) => a.id}
                testId="activities"
                empty={t('occupation.activities.none')}
                rowProps={(a) => ({ 'data-name': a.name, 'data-active': String(a.active) })}
                columns={[
                  { key: 'name', label: t('occupation.activity.name'), render: (a) => <Link to={`/activities/${a.id}`}>{a.name}</Link> },
                  { key: 'kind', label: t('occupation.activity.kind'), render: (a) => labels.activityKind(a.kind) },
                  { key: 'organiser', label: t('occupation.activity.organiser'), render: (a) => labels.organiser(a.organiser) },
                  { key: 'place', label: t('occupation.activity.place'), render: (a) => a.place ?? '–' },
                  ...(caseUnits.length > 1
                    ? [{ key: 'unit', label: t('occupation.activity.unit'), render: (a: ActivityListItem) => a.unitName }]
                    : []),
                  { key: 'sessions', label: t('occupation.activities.sessions'), render: (a) => a.sessions, className: 'numeric' },
                  { key: 'last', label: t('occupation.activities.lastSession'), render: (a) => a.lastSessionDate ?? '–' },
                  {
                    key: 'status',
                    label: t('occupation.activity.status'),
                    render: (a) =>
                      a.active ? (
                        <span className="tag tag-active">{t('occupation.activity.active')}</span>
                      ) : (
                        <span className="tag tag-ended">{t('occupation.activity.inactive')}</span>
                      ),
                  },
                ]}
              />
            )}
          </LoadState>
        </section>
        <NewActivity units={caseUnits} />
      </div>
    </Page>
  );
}

function NewActivity({ units }: { units: { id: string; name: string }[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { unit } = useSession();
  const startUnit = units.some((u) => u.id === unit?.id) ? (unit?.id ?? '') : (units[0]?.id ?? '');
  const form = useForm({ unitId: startUnit, name: '', kind: '', organiser: 'staff', place: '', description: '' }, 'activity-new');

  const validate = (v: typeof form.values): FieldErrors => {
    const errors: FieldErrors = {};
    if (!v.unitId) errors.unitId = t('errors.chooseRequired', { field: t('occupation.activity.unit').toLowerCase() });
    if (!v.name.trim()) errors.name = t('errors.required', { field: t('occupation.activity.name').toLowerCase() });
    if (!v.kind) errors.kind = t('errors.chooseRequired', { field: t('occupation.activity.kind').toLowerCase() });
    return errors;
  };
  const onSubmit = form.handleSubmit(validate, async (v) => {
    const a = await occupationApi.createActivity({
      unitId: v.unitId,
      name: v.name.trim(),
      kind: v.kind as ActivityKind,
      organiser: v.organiser as ActivityOrganiser,
      place: optionalText(v.place),
      description: optionalText(v.description),
    });
    navigate(`/activities/${a.id}`, flash(t('occupation.activities.created', { name: a.name })));
  });

  return (
    <section className="card" aria-labelledby="activity-new-heading">
      <h2 id="activity-new-heading">{t('occupation.activities.newHeading')}</h2>
      <ErrorSummary {...form.summary} />
      <form className="stack" onSubmit={onSubmit} noValidate aria-labelledby="activity-new-heading" data-testid="activity-new-form">
        {units.length > 1 ? (
          <SelectField
            {...form.text('unitId')}
            label={t('occupation.activity.unit')}
            options={units.map((u) => ({ value: u.id, label: u.name }))}
          />
        ) : null}
        <ActivityFields bind={form.text} />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={form.submitting}>
            {form.submitting ? t('app.saving') : t('occupation.activities.create')}
          </button>
        </div>
      </form>
    </section>
  );
}

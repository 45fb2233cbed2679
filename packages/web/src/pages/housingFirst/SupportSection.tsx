import {
  INCIDENT_KIND_LABELS,
  INCIDENT_KINDS,
  INCIDENT_SEVERITIES,
  INCIDENT_SEVERITY_LABELS,
  INCIDENT_SOURCE_LABELS,
  INCIDENT_SOURCES,
  MOVE_OUT_STATUS_LABELS,
  VISIT_OUTCOME_LABELS,
  VISIT_OUTCOMES,
  VISIT_PLACE_LABELS,
  VISIT_PLACES,
  type IncidentKind,
  type IncidentSeverity,
  type IncidentSource,
  type VisitOutcome,
  type VisitPlace,
} from '@kvarbo/domain';
import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  housingFirstApi,
  LANDLORD_CONTACT_CHANNELS,
  LINK_KINDS,
  type LandlordContactChannel,
  type LinkKind,
  type MoveOut,
  type VisitAgreement,
} from '../../api/housingFirst.ts';
import type { Placement } from '../../api/types.ts';
import { unitsApi } from '../../api/units.ts';
import { DataTable } from '../../components/DataTable.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { CheckboxGroup, RadioGroup, SelectField, TextAreaField, TextField } from '../../components/Fields.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Notice } from '../../components/Page.tsx';
import { isIsoDate, optionalText, today } from '../../format.ts';
import { useForm, type FieldErrors } from '../../hooks/useForm.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useLabels } from '../../labels.ts';
import { useMe } from '../../session/SessionContext.tsx';
import { WeekStrip } from './WeekStrip.tsx';

/**
 * "Stöd och boende" on the resident's page, for the current placement: the visit agreement, the weeks, visits,
 * incidents, landlord contacts, respite stays, move-out dates and the link to a previous placement.
 */
export function SupportSection({ placement, placements }: { placement: Placement; placements: Placement[] }) {
  const { t } = useTranslation();
  const [generation, setGeneration] = useState(0);
  const changed = () => setGeneration((g) => g + 1);
  return (
    <section className="card hf-support" aria-labelledby="hf-support" data-testid="support-section">
      <h2 id="hf-support">{t('housingFirst.support.heading')}</h2>
      <p className="muted">{t('housingFirst.support.intro', { address: placement.apartmentAddress })}</p>
      <AgreementAndWeeks placementId={placement.id} generation={generation} onChanged={changed} />
      <Visits placement={placement} onChanged={changed} />
      <Incidents placementId={placement.id} />
      <div className="grid-2">
        <LandlordContacts placementId={placement.id} />
        <RespiteStays placementId={placement.id} />
      </div>
      <div className="grid-2">
        <MoveOutDates placementId={placement.id} />
        <PreviousPlacement placement={placement} placements={placements} />
      </div>
    </section>
  );
}

function Subsection({ id, title, action, children }: { id: string; title: string; action?: ReactNode; children: ReactNode }) {
  return (
    <div className="hf-subsection" aria-labelledby={id} role="group">
      <div className="hf-subsection-head">
        <h3 id={id}>{title}</h3>
        {action}
      </div>
      {children}
    </div>
  );
}

// ---- Agreement and weeks ------------------------------------------------------------------------------------

function AgreementAndWeeks({ placementId, generation, onChanged }: { placementId: string; generation: number; onChanged: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const compliance = useLoad((signal) => housingFirstApi.compliance(placementId, signal), [placementId, generation]);
  const [editing, setEditing] = useState(false);
  return (
    <Subsection
      id="hf-agreement"
      title={t('housingFirst.agreement.heading')}
      action={
        !editing ? (
          <button type="button" className="button button-secondary" onClick={() => setEditing(true)} data-testid="agreement-edit">
            {t('housingFirst.agreement.edit')}
          </button>
        ) : null
      }
    >
      <LoadState {...compliance}>
        {(c) => (
          <>
            {editing ? (
              <AgreementForm
                placementId={placementId}
                agreement={c.agreement}
                onCancel={() => setEditing(false)}
                onSaved={() => {
                  setEditing(false);
                  onChanged();
                }}
              />
            ) : (
              <p data-testid="agreement-text">
                {c.agreement
                  ? t(c.agreement.source === 'set' ? 'housingFirst.agreement.set' : 'housingFirst.agreement.default', {
                      count: c.agreement.visitsPerWeek,
                      from: c.agreement.fromDate,
                      to: c.agreement.toDate ?? t('housingFirst.agreement.untilFurther'),
                      places: c.agreement.places
                        .map((p) => VISIT_PLACE_LABELS[p][labels.locale].toLocaleLowerCase(labels.locale))
                        .join(', '),
                    })
                  : t('housingFirst.agreement.none')}
              </p>
            )}
            <p className="hf-voluntary" data-testid="voluntary-note">
              {t('housingFirst.voluntary')}
            </p>
            {c.agreement ? (
              <>
                <h4>{t('housingFirst.weeks.heading')}</h4>
                <WeekStrip weeks={c.weeks.slice(0, 16)} testId="week-strip" />
                <p className="small" data-testid="compliance-summary">
                  {t('housingFirst.weeks.summary', {
                    weeks: c.summary.weeks,
                    met: c.summary.met,
                    declined: c.summary.declined,
                    partial: c.summary.partial,
                    missed: c.summary.missed,
                    share: c.summary.shareMet === null ? '–' : `${Math.round(c.summary.shareMet * 100)} %`,
                  })}
                  {c.summary.noShowVisits ? ` ${t('housingFirst.weeks.noShows', { count: c.summary.noShowVisits })}` : ''}
                </p>
                <details className="hf-details">
                  <summary>{t('housingFirst.weeks.howCounted')}</summary>
                  <p className="small">{c.definitions[labels.locale]}</p>
                </details>
              </>
            ) : null}
          </>
        )}
      </LoadState>
    </Subsection>
  );
}

function AgreementForm(props: { placementId: string; agreement: VisitAgreement | null; onCancel: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const a = props.agreement;
  // The placement's version as the form opens: saving from it is refused if someone changed the placement since.
  const opened = useLoad((signal) => housingFirstApi.agreement(props.placementId, signal), [props.placementId]);
  const form = useForm(
    { visitsPerWeek: String(a?.visitsPerWeek ?? 1), fromDate: a?.fromDate ?? today(), toDate: a?.toDate ?? '' },
    'agreement',
  );
  const validate = (v: typeof form.values): FieldErrors => {
    const errors: FieldErrors = {};
    if (!/^[1-7]$/.test(v.visitsPerWeek.trim())) errors.visitsPerWeek = t('housingFirst.agreement.perWeekError');
    if (!isIsoDate(v.fromDate)) errors.fromDate = t('housingFirst.errors.date');
    if (v.toDate.trim() && !isIsoDate(v.toDate.trim())) errors.toDate = t('housingFirst.errors.date');
    return errors;
  };
  const onSubmit = form.handleSubmit(validate, async (v) => {
    const version = opened.data?.version ?? (await housingFirstApi.agreement(props.placementId)).version;
    await housingFirstApi.setAgreement(props.placementId, version, {
      visitsPerWeek: Number(v.visitsPerWeek.trim()),
      fromDate: v.fromDate,
      toDate: v.toDate.trim() || null,
    });
    props.onSaved();
  });
  return (
    <form onSubmit={onSubmit} noValidate data-testid="agreement-form" className="hf-inline-form">
      <ErrorSummary {...form.summary} />
      <div className="form-grid">
        <TextField
          {...form.text('visitsPerWeek')}
          inputMode="numeric"
          width="short"
          label={t('housingFirst.agreement.visitsPerWeek')}
          hint={t('housingFirst.agreement.visitsPerWeekHint')}
        />
        <TextField {...form.text('fromDate')} type="date" width="medium" label={t('housingFirst.agreement.from')} />
        <TextField {...form.text('toDate')} type="date" width="medium" optional label={t('housingFirst.agreement.to')} />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={form.submitting}>
          {form.submitting ? t('app.saving') : t('housingFirst.agreement.save')}
        </button>
        <button type="button" className="button button-secondary" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

// ---- Visits -------------------------------------------------------------------------------------------------

function Visits({ placement, onChanged }: { placement: Placement; onChanged: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const visits = useLoad((signal) => housingFirstApi.visits(placement.id, signal), [placement.id]);
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  return (
    <Subsection
      id="hf-visits"
      title={t('housingFirst.visits.heading')}
      action={
        <button type="button" className="button button-primary" onClick={() => setOpen(true)} data-testid="visit-add">
          {t('housingFirst.visits.add')}
        </button>
      }
    >
      {message ? <Notice>{message}</Notice> : null}
      <LoadState {...visits}>
        {(rows) => (
          <DataTable
            caption={t('housingFirst.visits.heading')}
            rows={rows}
            rowKey={(v) => v.id}
            testId="visit-table"
            empty={t('housingFirst.visits.none')}
            rowProps={(v) => ({ 'data-outcome': v.outcome })}
            columns={[
              { key: 'date', label: t('housingFirst.date'), render: (v) => v.date },
              {
                key: 'place',
                label: t('housingFirst.visits.place'),
                render: (v) => (
                  <>
                    {VISIT_PLACE_LABELS[v.place][labels.locale]}
                    <span className="cell-sub">{v.planned ? t('housingFirst.visits.planned') : t('housingFirst.visits.unplanned')}</span>
                  </>
                ),
              },
              {
                key: 'outcome',
                label: t('housingFirst.visits.outcome'),
                render: (v) => <span className={`tag tag-outcome-${v.outcome}`}>{VISIT_OUTCOME_LABELS[v.outcome][labels.locale]}</span>,
              },
              { key: 'staff', label: t('housingFirst.visits.staff'), render: (v) => v.staff.map((s) => s.name).join(', ') },
              {
                key: 'note',
                label: t('housingFirst.note'),
                render: (v) => (
                  <>
                    {v.note}
                    {v.goals.length ? (
                      <span className="cell-sub">{t('housingFirst.visits.goalsList', { goals: v.goals.join(', ') })}</span>
                    ) : null}
                  </>
                ),
              },
            ]}
          />
        )}
      </LoadState>
      <Dialog
        open={open}
        title={t('housingFirst.visits.dialogTitle')}
        onClose={() => setOpen(false)}
        testId="visit-dialog"
        className="dialog-wide"
      >
        <VisitForm
          placement={placement}
          onCancel={() => setOpen(false)}
          onSaved={(declined) => {
            setOpen(false);
            setMessage(declined ? t('housingFirst.visits.savedDeclined') : t('housingFirst.visits.saved'));
            visits.reload();
            onChanged();
          }}
        />
      </Dialog>
    </Subsection>
  );
}

function VisitForm({ placement, onCancel, onSaved }: { placement: Placement; onCancel: () => void; onSaved: (declined: boolean) => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const me = useMe();
  const unitId = placement.unitId;
  const staff = useLoad((signal) => unitsApi.staff(unitId, signal), [unitId]);
  const [staffIds, setStaffIds] = useState<string[]>([me.id]);
  const [staffError, setStaffError] = useState<string | undefined>(undefined);
  const form = useForm({ date: today(), place: 'apartment', planned: 'planned', outcome: 'held', note: '', goals: '' }, 'visit');
  const validate = (v: typeof form.values): FieldErrors => {
    const errors: FieldErrors = {};
    if (!isIsoDate(v.date)) errors.date = t('housingFirst.errors.date');
    if (staffIds.length === 0) errors.staffIds = t('housingFirst.visits.staffError');
    setStaffError(errors.staffIds);
    return errors;
  };
  const onSubmit = form.handleSubmit(validate, async (v) => {
    await housingFirstApi.recordVisit(placement.id, {
      date: v.date,
      place: v.place as VisitPlace,
      planned: v.planned === 'planned',
      outcome: v.outcome as VisitOutcome,
      staffIds,
      note: optionalText(v.note),
      goals: v.goals
        .split(/[\n,;]/)
        .map((g) => g.trim())
        .filter(Boolean),
    });
    onSaved(v.outcome !== 'held');
  });
  const staffOptions = (staff.data ?? []).filter((s) => s.role !== 'analyst').map((s) => ({ value: s.id, label: s.displayName }));
  if (!staffOptions.some((o) => o.value === me.id)) staffOptions.unshift({ value: me.id, label: me.displayName });
  return (
    <form onSubmit={onSubmit} noValidate data-testid="visit-form">
      <ErrorSummary {...form.summary} errors={{ ...form.errors, ...(staffError ? { staffIds: staffError } : {}) }} />
      <p className="hf-voluntary">{t('housingFirst.voluntary')}</p>
      <div className="form-grid">
        <TextField {...form.text('date')} type="date" width="medium" label={t('housingFirst.visits.date')} />
        <SelectField
          {...form.text('place')}
          width="medium"
          label={t('housingFirst.visits.place')}
          options={VISIT_PLACES.map((p) => ({ value: p, label: VISIT_PLACE_LABELS[p][labels.locale] }))}
        />
      </div>
      <RadioGroup
        {...form.text('planned')}
        inline
        label={t('housingFirst.visits.plannedQuestion')}
        options={[
          { value: 'planned', label: t('housingFirst.visits.planned') },
          { value: 'unplanned', label: t('housingFirst.visits.unplanned') },
        ]}
      />
      <RadioGroup
        {...form.text('outcome')}
        label={t('housingFirst.visits.outcome')}
        hint={t('housingFirst.visits.outcomeHint')}
        options={VISIT_OUTCOMES.map((o) => ({ value: o, label: VISIT_OUTCOME_LABELS[o][labels.locale] }))}
      />
      <CheckboxGroup
        id="visit-staffIds"
        label={t('housingFirst.visits.staff')}
        hint={t('housingFirst.visits.staffHint')}
        error={staffError}
        value={staffIds}
        onChange={(v) => {
          setStaffIds(v);
          setStaffError(undefined);
        }}
        options={staffOptions}
      />
      <TextAreaField {...form.text('note')} optional rows={3} label={t('housingFirst.note')} />
      <TextField {...form.text('goals')} optional label={t('housingFirst.visits.goals')} hint={t('housingFirst.visits.goalsHint')} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={form.submitting}>
          {form.submitting ? t('app.saving') : t('housingFirst.visits.save')}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

// ---- Incidents ----------------------------------------------------------------------------------------------

function Incidents({ placementId }: { placementId: string }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const incidents = useLoad((signal) => housingFirstApi.incidents(placementId, signal), [placementId]);
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const sorted = [...(incidents.data ?? [])].sort((a, b) => (a.occurredOn < b.occurredOn ? 1 : a.occurredOn > b.occurredOn ? -1 : 0));
  return (
    <Subsection
      id="hf-incidents"
      title={t('housingFirst.incidents.heading')}
      action={
        <button type="button" className="button button-secondary" onClick={() => setOpen(true)} data-testid="incident-add">
          {t('housingFirst.incidents.add')}
        </button>
      }
    >
      {message ? <Notice>{message}</Notice> : null}
      <LoadState {...incidents}>
        {() => (
          <DataTable
            caption={t('housingFirst.incidents.heading')}
            rows={sorted}
            rowKey={(i) => i.id}
            testId="incident-table"
            empty={t('housingFirst.incidents.none')}
            rowProps={(i) => ({ 'data-severity': i.severity })}
            columns={[
              { key: 'date', label: t('housingFirst.date'), render: (i) => i.occurredOn },
              {
                key: 'kind',
                label: t('housingFirst.incidents.kind'),
                render: (i) => (
                  <>
                    {INCIDENT_KIND_LABELS[i.kind][labels.locale]}
                    {i.description ? <span className="cell-sub">{i.description}</span> : null}
                  </>
                ),
              },
              { key: 'source', label: t('housingFirst.incidents.source'), render: (i) => INCIDENT_SOURCE_LABELS[i.source][labels.locale] },
              {
                key: 'severity',
                label: t('housingFirst.incidents.severity'),
                render: (i) => (
                  <span className={`tag tag-severity-${i.severity}`}>{INCIDENT_SEVERITY_LABELS[i.severity][labels.locale]}</span>
                ),
              },
              { key: 'action', label: t('housingFirst.incidents.actionTaken'), render: (i) => i.actionTaken },
            ]}
          />
        )}
      </LoadState>
      <Dialog
        open={open}
        title={t('housingFirst.incidents.dialogTitle')}
        onClose={() => setOpen(false)}
        testId="incident-dialog"
        className="dialog-wide"
      >
        <IncidentForm
          placementId={placementId}
          onCancel={() => setOpen(false)}
          onSaved={() => {
            setOpen(false);
            setMessage(t('housingFirst.incidents.saved'));
            incidents.reload();
          }}
        />
      </Dialog>
    </Subsection>
  );
}

function IncidentForm({ placementId, onCancel, onSaved }: { placementId: string; onCancel: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const form = useForm({ occurredOn: today(), kind: '', source: '', severity: '', description: '', actionTaken: '' }, 'incident');
  const validate = (v: typeof form.values): FieldErrors => {
    const errors: FieldErrors = {};
    if (!isIsoDate(v.occurredOn)) errors.occurredOn = t('housingFirst.errors.date');
    if (!v.kind) errors.kind = t('housingFirst.incidents.kindError');
    if (!v.source) errors.source = t('housingFirst.incidents.sourceError');
    if (!v.severity) errors.severity = t('housingFirst.incidents.severityError');
    return errors;
  };
  const onSubmit = form.handleSubmit(validate, async (v) => {
    await housingFirstApi.recordIncident(placementId, {
      occurredOn: v.occurredOn,
      kind: v.kind as IncidentKind,
      source: v.source as IncidentSource,
      severity: v.severity as IncidentSeverity,
      description: optionalText(v.description),
      actionTaken: optionalText(v.actionTaken),
    });
    onSaved();
  });
  return (
    <form onSubmit={onSubmit} noValidate data-testid="incident-form">
      <ErrorSummary {...form.summary} />
      <div className="form-grid">
        <TextField {...form.text('occurredOn')} type="date" width="medium" label={t('housingFirst.date')} />
        <SelectField
          {...form.text('kind')}
          label={t('housingFirst.incidents.kind')}
          placeholder={t('housingFirst.choose')}
          options={INCIDENT_KINDS.map((k) => ({ value: k, label: INCIDENT_KIND_LABELS[k][labels.locale] }))}
        />
        <SelectField
          {...form.text('source')}
          width="medium"
          label={t('housingFirst.incidents.source')}
          placeholder={t('housingFirst.choose')}
          options={INCIDENT_SOURCES.map((k) => ({ value: k, label: INCIDENT_SOURCE_LABELS[k][labels.locale] }))}
        />
      </div>
      <RadioGroup
        {...form.text('severity')}
        label={t('housingFirst.incidents.severity')}
        hint={t('housingFirst.incidents.severityHint')}
        options={INCIDENT_SEVERITIES.map((k) => ({ value: k, label: INCIDENT_SEVERITY_LABELS[k][labels.locale] }))}
      />
      <TextAreaField {...form.text('description')} optional rows={2} label={t('housingFirst.incidents.description')} />
      <TextAreaField {...form.text('actionTaken')} optional rows={2} label={t('housingFirst.incidents.actionTaken')} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={form.submitting}>
          {form.submitting ? t('app.saving') : t('housingFirst.incidents.save')}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

// ---- Landlord contacts and respite stays -----------------------------------------------------------------

function LandlordContacts({ placementId }: { placementId: string }) {
  const { t } = useTranslation();
  const contacts = useLoad((signal) => housingFirstApi.landlordContacts(placementId, signal), [placementId]);
  const [adding, setAdding] = useState(false);
  const form = useForm({ occurredOn: today(), channel: 'phone', summary: '' }, 'landlord-contact');
  const validate = (v: typeof form.values): FieldErrors => {
    const errors: FieldErrors = {};
    if (!isIsoDate(v.occurredOn)) errors.occurredOn = t('housingFirst.errors.date');
    if (!v.summary.trim()) errors.summary = t('housingFirst.landlord.summaryError');
    return errors;
  };
  const onSubmit = form.handleSubmit(validate, async (v) => {
    await housingFirstApi.recordLandlordContact(placementId, {
      occurredOn: v.occurredOn,
      channel: v.channel as LandlordContactChannel,
      summary: v.summary.trim(),
    });
    form.setValues({ occurredOn: today(), channel: 'phone', summary: '' });
    setAdding(false);
    contacts.reload();
  });
  return (
    <Subsection
      id="hf-landlord"
      title={t('housingFirst.landlord.heading')}
      action={
        !adding ? (
          <button type="button" className="button button-secondary" onClick={() => setAdding(true)}>
            {t('housingFirst.landlord.add')}
          </button>
        ) : null
      }
    >
      {adding ? (
        <form onSubmit={onSubmit} noValidate className="hf-inline-form" data-testid="landlord-contact-form">
          <ErrorSummary {...form.summary} />
          <TextField {...form.text('occurredOn')} type="date" width="medium" label={t('housingFirst.date')} />
          <SelectField
            {...form.text('channel')}
            width="medium"
            label={t('housingFirst.landlord.channel')}
            options={LANDLORD_CONTACT_CHANNELS.map((c) => ({ value: c, label: t(`housingFirst.landlord.channels.${c}`) }))}
          />
          <TextAreaField {...form.text('summary')} rows={2} label={t('housingFirst.landlord.summary')} />
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={form.submitting}>
              {form.submitting ? t('app.saving') : t('housingFirst.landlord.save')}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setAdding(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
      <LoadState {...contacts}>
        {(rows) =>
          rows.length === 0 ? (
            <p className="empty">{t('housingFirst.landlord.none')}</p>
          ) : (
            <ul className="hf-log" data-testid="landlord-contact-list">
              {rows.map((c) => (
                <li key={c.id}>
                  <span className="hf-log-meta">
                    {c.occurredOn} · {t(`housingFirst.landlord.channels.${c.channel}`)}
                  </span>
                  {c.summary}
                </li>
              ))}
            </ul>
          )
        }
      </LoadState>
    </Subsection>
  );
}

function RespiteStays({ placementId }: { placementId: string }) {
  const { t } = useTranslation();
  const stays = useLoad((signal) => housingFirstApi.respiteStays(placementId, signal), [placementId]);
  const [adding, setAdding] = useState(false);
  const form = useForm({ fromDate: today(), toDate: '', place: '', note: '' }, 'respite');
  const validate = (v: typeof form.values): FieldErrors => {
    const errors: FieldErrors = {};
    if (!isIsoDate(v.fromDate)) errors.fromDate = t('housingFirst.errors.date');
    if (v.toDate.trim() && !isIsoDate(v.toDate.trim())) errors.toDate = t('housingFirst.errors.date');
    if (!v.place.trim()) errors.place = t('housingFirst.respite.placeError');
    return errors;
  };
  const onSubmit = form.handleSubmit(validate, async (v) => {
    await housingFirstApi.recordRespiteStay(placementId, {
      fromDate: v.fromDate,
      toDate: v.toDate.trim() || null,
      place: v.place.trim(),
      note: optionalText(v.note),
    });
    form.setValues({ fromDate: today(), toDate: '', place: '', note: '' });
    setAdding(false);
    stays.reload();
  });
  return (
    <Subsection
      id="hf-respite"
      title={t('housingFirst.respite.heading')}
      action={
        !adding ? (
          <button type="button" className="button button-secondary" onClick={() => setAdding(true)}>
            {t('housingFirst.respite.add')}
          </button>
        ) : null
      }
    >
      <p className="small muted">{t('housingFirst.respite.intro')}</p>
      {adding ? (
        <form onSubmit={onSubmit} noValidate className="hf-inline-form" data-testid="respite-form">
          <ErrorSummary {...form.summary} />
          <TextField {...form.text('place')} label={t('housingFirst.respite.place')} />
          <div className="form-grid">
            <TextField {...form.text('fromDate')} type="date" width="medium" label={t('housingFirst.respite.from')} />
            <TextField {...form.text('toDate')} type="date" width="medium" optional label={t('housingFirst.respite.to')} />
          </div>
          <TextAreaField {...form.text('note')} optional rows={2} label={t('housingFirst.note')} />
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={form.submitting}>
              {form.submitting ? t('app.saving') : t('housingFirst.respite.save')}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setAdding(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
      <LoadState {...stays}>
        {(rows) =>
          rows.length === 0 ? (
            <p className="empty">{t('housingFirst.respite.none')}</p>
          ) : (
            <ul className="hf-log" data-testid="respite-list">
              {rows.map((s) => (
                <li key={s.id}>
                  <span className="hf-log-meta">
                    {s.fromDate} – {s.toDate ?? t('housingFirst.respite.ongoing')}
                  </span>
                  {s.place}
                  {s.note ? <span className="cell-sub">{s.note}</span> : null}
                </li>
              ))}
            </ul>
          )
        }
      </LoadState>
    </Subsection>
  );
}

// ---- Move-out and previous placement ---------------------------------------------------------------------

function MoveOutDates({ placementId }: { placementId: string }) {
  const { t } = useTranslation();
  const moveOut = useLoad((signal) => housingFirstApi.moveOut(placementId, signal), [placementId]);
  return (
    <Subsection id="hf-move-out" title={t('housingFirst.moveOut.heading')}>
      <LoadState {...moveOut}>{(m) => <MoveOutForm placementId={placementId} moveOut={m} onSaved={moveOut.reload} />}</LoadState>
    </Subsection>
  );
}

function MoveOutForm({ placementId, moveOut, onSaved }: { placementId: string; moveOut: MoveOut; onSaved: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const [saved, setSaved] = useState(false);
  const form = useForm({ moveOutGivenOn: moveOut.moveOutGivenOn ?? '', movedOutOn: moveOut.movedOutOn ?? '' }, 'move-out');
  const validate = (v: typeof form.values): FieldErrors => {
    const errors: FieldErrors = {};
    if (v.moveOutGivenOn.trim() && !isIsoDate(v.moveOutGivenOn.trim())) errors.moveOutGivenOn = t('housingFirst.errors.date');
    if (v.movedOutOn.trim() && !isIsoDate(v.movedOutOn.trim())) errors.movedOutOn = t('housingFirst.errors.date');
    return errors;
  };
  const onSubmit = form.handleSubmit(validate, async (v) => {
    setSaved(false);
    await housingFirstApi.setMoveOut(placementId, {
      version: moveOut.version,
      moveOutGivenOn: v.moveOutGivenOn.trim() || null,
      movedOutOn: v.movedOutOn.trim() || null,
    });
    setSaved(true);
    onSaved();
  });
  return (
    <form onSubmit={onSubmit} noValidate data-testid="move-out-form">
      <ErrorSummary {...form.summary} />
      {moveOut.status ? (
        <p data-testid="move-out-status">
          <strong>{MOVE_OUT_STATUS_LABELS[moveOut.status][labels.locale]}</strong>
          {moveOut.reasonableBy ? ` – ${t('housingFirst.moveOut.reasonableBy', { date: moveOut.reasonableBy })}` : ''}
          {moveOut.days !== null ? ` (${t('housingFirst.moveOut.days', { count: moveOut.days })})` : ''}
        </p>
      ) : (
        <p className="small muted">{t('housingFirst.moveOut.intro')}</p>
      )}
      <div className="form-grid">
        <TextField {...form.text('moveOutGivenOn')} type="date" width="medium" optional label={t('housingFirst.moveOut.givenOn')} />
        <TextField {...form.text('movedOutOn')} type="date" width="medium" optional label={t('housingFirst.moveOut.movedOn')} />
      </div>
      {saved ? <Notice>{t('housingFirst.moveOut.saved')}</Notice> : null}
      <div className="form-actions">
        <button type="submit" className="button button-secondary" disabled={form.submitting}>
          {form.submitting ? t('app.saving') : t('housingFirst.moveOut.save')}
        </button>
      </div>
    </form>
  );
}

function PreviousPlacement({ placement, placements }: { placement: Placement; placements: Placement[] }) {
  const { t } = useTranslation();
  const chain = useLoad((signal) => housingFirstApi.chain(placement.residentId, signal), [placement.residentId]);
  const [message, setMessage] = useState<string | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const candidates = placements.filter((p) => p.id !== placement.id && p.endDate !== null && p.endDate < placement.startDate);
  const form = useForm({ previousPlacementId: '', kind: 'second_chance' }, 'link');
  // The placement's version: each link moves it on, so the next one is sent from the version the last one left.
  const [version, setVersion] = useState(placement.version);
  const validate = (v: typeof form.values): FieldErrors =>
    v.previousPlacementId ? {} : { previousPlacementId: t('housingFirst.link.choose') };
  const onSubmit = form.handleSubmit(validate, async (v) => {
    const linked = await housingFirstApi.link(placement.id, {
      version,
      previousPlacementId: v.previousPlacementId,
      kind: v.kind as LinkKind,
    });
    setVersion(linked.version);
    setMessage(t('housingFirst.link.saved'));
    chain.reload();
    requestAnimationFrame(() => noticeRef.current?.focus());
  });
  return (
    <Subsection id="hf-link" title={t('housingFirst.link.heading')}>
      <div ref={noticeRef} tabIndex={-1} className="notice-anchor">
        {message ? <Notice>{message}</Notice> : null}
      </div>
      <LoadState {...chain}>
        {(c) => {
          const mine = c.chains.find((ch) => ch.some((x) => x.placementId === placement.id)) ?? [];
          const linked = Boolean(mine.find((x) => x.placementId === placement.id)?.previousPlacementId);
          return (
            <>
              {mine.length > 1 ? (
                <ol className="hf-chain" data-testid="placement-chain">
                  {mine.map((x) => (
                    <li key={x.placementId}>
                      {x.address} ({x.startDate} – {x.endDate ?? t('placements.untilFurther')})
                      {x.linkKind ? <span className="cell-sub">{t(`housingFirst.link.kinds.${x.linkKind}`)}</span> : null}
                    </li>
                  ))}
                </ol>
              ) : (
                <p className="small muted">{t('housingFirst.link.none')}</p>
              )}
              {candidates.length > 0 && !linked ? (
                <form onSubmit={onSubmit} noValidate data-testid="link-form">
                  <ErrorSummary {...form.summary} />
                  <SelectField
                    {...form.text('previousPlacementId')}
                    label={t('housingFirst.link.previous')}
                    placeholder={t('housingFirst.choose')}
                    options={candidates.map((p) => ({ value: p.id, label: `${p.apartmentAddress} (${p.startDate} – ${p.endDate})` }))}
                  />
                  <SelectField
                    {...form.text('kind')}
                    width="medium"
                    label={t('housingFirst.link.kind')}
                    options={LINK_KINDS.map((k) => ({ value: k, label: t(`housingFirst.link.kinds.${k}`) }))}
                  />
                  <div className="form-actions">
                    <button type="submit" className="button button-secondary" disabled={form.submitting}>
                      {form.submitting ? t('app.saving') : t('housingFirst.link.save')}
                    </button>
                  </div>
                </form>
              ) : null}
            </>
          );
        }}
      </LoadState>
    </Subsection>
  );
}

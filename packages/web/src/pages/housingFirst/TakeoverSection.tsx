import { INCIDENT_SEVERITY_LABELS, TAKEOVER_CRITERION_LABELS, type IncidentSeverity, type TakeoverCriterion } from '@kvarbo/domain';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { takeoverApi, type TakeoverItem, type TakeoverSettings } from '../../api/housingFirst.ts';
import type { UnitMembership } from '../../api/types.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { SelectField, TextAreaField, TextField } from '../../components/Fields.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Notice } from '../../components/Page.tsx';
import { isIsoDate, money, optionalText, today } from '../../format.ts';
import { useForm, type FieldErrors } from '../../hooks/useForm.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useLabels } from '../../labels.ts';

/**
 * "Kan ta över kontraktet": every ongoing second-hand placement of the unit with the four criteria, each as ✓/✗
 * and words (never colour alone); eligible first, then close (one criterion missing, named), then the others.
 */
export function TakeoverSection({ unit }: { unit: UnitMembership }) {
  const { t } = useTranslation();
  const list = useLoad((signal) => takeoverApi.list(unit.id, signal), [unit.id]);
  const [recording, setRecording] = useState<TakeoverItem | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);

  return (
    <section className="card" aria-labelledby="hf-takeover" data-testid="takeover-section">
      <h2 id="hf-takeover">{t('housingFirst.takeover.heading')}</h2>
      <p className="muted">{t('housingFirst.takeover.intro')}</p>
      <div ref={noticeRef} tabIndex={-1} className="notice-anchor">
        {message ? <Notice>{message}</Notice> : null}
      </div>
      <LoadState {...list}>
        {(data) => {
          const eligible = data.items.filter((i) => i.eligible);
          const close = data.items.filter((i) => !i.eligible && i.close);
          const others = data.items.filter((i) => !i.eligible && !i.close);
          return (
            <>
              <p className="small muted" data-testid="takeover-rules">
                {t('housingFirst.takeover.rules', {
                  date: data.asOf,
                  months: data.settings.minMonths,
                  rent: data.settings.rentWindowMonths,
                  complaints: data.settings.complaintWindowMonths,
                })}
              </p>
              <TakeoverGroup
                heading={t('housingFirst.takeover.eligible')}
                empty={t('housingFirst.takeover.noneEligible')}
                items={eligible}
                settings={data.settings}
                testId="takeover-eligible"
                onRecord={setRecording}
              />
              <TakeoverGroup
                heading={t('housingFirst.takeover.close')}
                empty={t('housingFirst.takeover.noneClose')}
                items={close}
                settings={data.settings}
                testId="takeover-close"
              />
              {others.length > 0 ? (
                <details className="hf-details">
                  <summary>{t('housingFirst.takeover.others', { count: others.length })}</summary>
                  <TakeoverGroup heading={null} empty="" items={others} settings={data.settings} testId="takeover-others" />
                </details>
              ) : null}
            </>
          );
        }}
      </LoadState>
      <Dialog
        open={recording !== null}
        title={t('housingFirst.takeover.dialogTitle', { name: recording?.name ?? '' })}
        onClose={() => setRecording(null)}
        testId="takeover-dialog"
      >
        {recording ? (
          <RecordTakeoverForm
            item={recording}
            onCancel={() => setRecording(null)}
            onDone={() => {
              setMessage(t('housingFirst.takeover.recorded', { name: recording.name }));
              setRecording(null);
              list.reload();
              requestAnimationFrame(() => noticeRef.current?.focus());
            }}
          />
        ) : null}
      </Dialog>
    </section>
  );
}

function TakeoverGroup(props: {
  heading: string | null;
  empty: string;
  items: TakeoverItem[];
  settings: TakeoverSettings;
  testId: string;
  onRecord?: (item: TakeoverItem) => void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { heading, empty, items, settings, testId, onRecord } = props;
  return (
    <div className="hf-group">
      {heading ? <h3>{heading}</h3> : null}
      {items.length === 0 ? (
        <p className="empty">{empty}</p>
      ) : (
        <ul className="hf-takeover-list" data-testid={testId}>
          {items.map((item) => (
            <li key={item.placementId} className="hf-takeover-item" data-resident-id={item.residentId} data-placement-id={item.placementId}>
              <div className="hf-takeover-head">
                <div>
                  <Link to={`/residents/${item.residentId}`} className="hf-takeover-name">
                    {item.name}
                  </Link>
                  <span className="cell-sub">{item.address}</span>
                </div>
                {item.eligible ? (
                  <span className="tag tag-status tag-on-time" data-testid="takeover-status">
                    <span className="tag-symbol" aria-hidden="true">
                      ✓
                    </span>
                    {t('housingFirst.takeover.statusEligible')}
                  </span>
                ) : item.close ? (
                  <span className="tag tag-status tag-late" data-testid="takeover-status">
                    {t('housingFirst.takeover.statusClose', {
                      criterion: item.missing[0] ? TAKEOVER_CRITERION_LABELS[item.missing[0]][labels.locale] : '',
                    })}
                  </span>
                ) : (
                  <span className="tag tag-neutral" data-testid="takeover-status">
                    {t('housingFirst.takeover.statusMissing', { count: item.missing.length })}
                  </span>
                )}
              </div>
              <CriteriaList item={item} settings={settings} />
              {onRecord && item.eligible ? (
                <div className="button-row">
                  <button type="button" className="button button-primary" onClick={() => onRecord(item)}>
                    {t('housingFirst.takeover.record')}
                    <span className="visually-hidden">: {item.name}</span>
                  </button>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function CriteriaList({ item, settings }: { item: TakeoverItem; settings: TakeoverSettings }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const name = (c: TakeoverCriterion) => TAKEOVER_CRITERION_LABELS[c][labels.locale];
  const rows: { key: TakeoverCriterion; ok: boolean; detail: string }[] = [
    {
      key: 'months',
      ok: !item.missing.includes('months'),
      detail: t(item.missing.includes('months') ? 'housingFirst.takeover.monthsNotYet' : 'housingFirst.takeover.monthsOk', {
        months: item.months,
        min: settings.minMonths,
        date: item.monthsCompleteOn,
      }),
    },
    {
      key: 'rent',
      ok: item.rentOk,
      detail: t(item.rentOk ? 'housingFirst.takeover.rentOk' : 'housingFirst.takeover.rentNot', { months: settings.rentWindowMonths }),
    },
    {
      key: 'complaints',
      ok: item.noComplaints,
      detail: t(item.noComplaints ? 'housingFirst.takeover.complaintsOk' : 'housingFirst.takeover.complaintsNot', {
        months: settings.complaintWindowMonths,
        severity: INCIDENT_SEVERITY_LABELS[settings.complaintMinSeverity][labels.locale].toLocaleLowerCase(labels.locale),
      }),
    },
    {
      key: 'debts',
      ok: item.debtsHandled,
      detail:
        item.arrearsOre > 0
          ? t(item.debtsHandled ? 'housingFirst.takeover.debtsHandled' : 'housingFirst.takeover.debtsNot', {
              amount: money(item.arrearsOre),
            })
          : t('housingFirst.takeover.noDebts'),
    },
  ];
  return (
    <ul className="hf-criteria" aria-label={t('housingFirst.takeover.criteria')}>
      {rows.map((r) => (
        <li
          key={r.key}
          className={r.ok ? 'hf-criterion hf-criterion-ok' : 'hf-criterion hf-criterion-no'}
          data-criterion={r.key}
          data-ok={String(r.ok)}
        >
          <span className="hf-criterion-symbol" aria-hidden="true">
            {r.ok ? '✓' : '✗'}
          </span>
          <span>
            <strong>{name(r.key)}</strong>
            <span className="visually-hidden">: {r.ok ? t('housingFirst.takeover.met') : t('housingFirst.takeover.notMet')}</span>
            {' – '}
            {r.detail}
          </span>
        </li>
      ))}
    </ul>
  );
}

function RecordTakeoverForm({ item, onCancel, onDone }: { item: TakeoverItem; onCancel: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const form = useForm({ takenOverOn: today(), note: '' }, 'takeover');
  const validate = (v: typeof form.values): FieldErrors => (isIsoDate(v.takenOverOn) ? {} : { takenOverOn: t('housingFirst.errors.date') });
  const onSubmit = form.handleSubmit(validate, async (v) => {
    await takeoverApi.record(item.placementId, { version: item.version, takenOverOn: v.takenOverOn, note: optionalText(v.note) });
    onDone();
  });
  return (
    <form onSubmit={onSubmit} noValidate data-testid="takeover-form">
      <ErrorSummary {...form.summary} />
      <p>{t('housingFirst.takeover.confirm', { name: item.name, address: item.address })}</p>
      <TextField
        {...form.text('takenOverOn')}
        type="date"
        width="medium"
        label={t('housingFirst.takeover.takenOverOn')}
        hint={t('housingFirst.takeover.takenOverOnHint')}
      />
      <TextAreaField {...form.text('note')} optional rows={2} label={t('housingFirst.note')} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={form.submitting}>
          {form.submitting ? t('app.saving') : t('housingFirst.takeover.confirmButton')}
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** The unit's thresholds: everyone reads them, managers change them (the server names the wrong field). */
export function TakeoverSettingsSection({ unit }: { unit: UnitMembership }) {
  const { t } = useTranslation();
  const settings = useLoad((signal) => takeoverApi.settings(unit.id, signal), [unit.id]);
  return (
    <section className="card" aria-labelledby="hf-settings" data-testid="takeover-settings">
      <h2 id="hf-settings">{t('housingFirst.settings.heading')}</h2>
      <LoadState {...settings}>
        {(s) =>
          unit.role === 'manager' ? (
            <SettingsForm unitId={unit.id} settings={s} onSaved={settings.reload} />
          ) : (
            <>
              <p>
                {t('housingFirst.takeover.rules', {
                  date: today(),
                  months: s.minMonths,
                  rent: s.rentWindowMonths,
                  complaints: s.complaintWindowMonths,
                })}
              </p>
              <p className="muted small">{t('housingFirst.settings.onlyManagers')}</p>
            </>
          )
        }
      </LoadState>
    </section>
  );
}

function SettingsForm({
  unitId,
  settings,
  onSaved,
}: {
  unitId: string;
  settings: TakeoverSettings & { version: number };
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const [saved, setSaved] = useState(false);
  const form = useForm(
    {
      minMonths: String(settings.minMonths),
      rentWindowMonths: String(settings.rentWindowMonths),
      complaintWindowMonths: String(settings.complaintWindowMonths),
      complaintMinSeverity: settings.complaintMinSeverity as string,
    },
    'takeover-settings',
  );
  const whole = (text: string) => (/^\d{1,3}$/.test(text.trim()) ? Number(text.trim()) : null);
  const validate = (v: typeof form.values): FieldErrors => {
    const errors: FieldErrors = {};
    for (const key of ['minMonths', 'rentWindowMonths', 'complaintWindowMonths'] as const) {
      const n = whole(v[key]);
      if (n === null || n < 1 || n > 60) errors[key] = t('housingFirst.settings.monthsError');
    }
    return errors;
  };
  const onSubmit = form.handleSubmit(validate, async (v) => {
    setSaved(false);
    await takeoverApi.saveSettings(unitId, {
      version: settings.version,
      minMonths: whole(v.minMonths)!,
      rentWindowMonths: whole(v.rentWindowMonths)!,
      complaintWindowMonths: whole(v.complaintWindowMonths)!,
      complaintMinSeverity: v.complaintMinSeverity as IncidentSeverity,
    });
    setSaved(true);
    onSaved();
  });
  const severityOptions = (['complaint', 'serious'] as const).map((s) => ({ value: s, label: INCIDENT_SEVERITY_LABELS[s][labels.locale] }));
  return (
    <form onSubmit={onSubmit} noValidate data-testid="takeover-settings-form">
      <ErrorSummary {...form.summary} />
      <div className="form-grid">
        <TextField
          {...form.text('minMonths')}
          inputMode="numeric"
          width="short"
          suffix={t('housingFirst.settings.monthsSuffix')}
          label={t('housingFirst.settings.minMonths')}
        />
        <TextField
          {...form.text('rentWindowMonths')}
          inputMode="numeric"
          width="short"
          suffix={t('housingFirst.settings.monthsSuffix')}
          label={t('housingFirst.settings.rentWindowMonths')}
        />
        <TextField
          {...form.text('complaintWindowMonths')}
          inputMode="numeric"
          width="short"
          suffix={t('housingFirst.settings.monthsSuffix')}
          label={t('housingFirst.settings.complaintWindowMonths')}
        />
        <SelectField
          {...form.text('complaintMinSeverity')}
          options={severityOptions}
          width="medium"
          label={t('housingFirst.settings.complaintMinSeverity')}
        />
      </div>
      <p className="small muted">{t('housingFirst.settings.complaintMinSeverityHint')}</p>
      {saved ? <Notice>{t('housingFirst.settings.saved')}</Notice> : null}
      <div className="form-actions">
        <button type="submit" className="button button-secondary" disabled={form.submitting}>
          {form.submitting ? t('app.saving') : t('housingFirst.settings.save')}
        </button>
      </div>
    </form>
  );
}

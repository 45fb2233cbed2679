import { checkpointKinds, MAX_CHECKPOINT_DAY, MAX_CHECKPOINTS } from '@kvarbo/domain';
import { UnitSecuritySettings } from '../account/UnitSecuritySettings.tsx';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { followupApi } from '../../api/followup.ts';
import type { OnTimeRule, RentSettings, UnitMembership } from '../../api/types.ts';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { DetailList } from '../../components/DetailList.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { CheckboxField, RadioGroup, SelectField, TextField } from '../../components/Fields.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Notice, Page } from '../../components/Page.tsx';
import { isMonth, nextMonth, ordinalDay } from '../../format.ts';
import { useForm, type FieldErrors } from '../../hooks/useForm.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useLabels } from '../../labels.ts';
import { useMe, useSession } from '../../session/SessionContext.tsx';
import { MonthLetters } from '../tasks/MonthLetters.tsx';

const RULES: OnTimeRule[] = ['last_vardag', 'last_calendar_day'];

/**
 * /followup – "Uppföljning": the month's reminder letters in one PDF, and the unit's checkpoint days and
 * on-time rule (managers change them from a month onwards; others read them).
 */
export function FollowupPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { unit } = useSession();
  const staffUnits = me.units.filter((u) => u.role !== 'analyst');
  const [unitId, setUnitId] = useState((staffUnits.find((u) => u.id === unit?.id) ?? staffUnits[0])?.id ?? '');
  const chosen = staffUnits.find((u) => u.id === unitId) ?? null;

  return (
    <Page title={t('followup.title')} kicker={chosen?.name ?? t('tasks.kicker')}>
      {staffUnits.length === 0 || !chosen ? (
        <p className="empty">{t('followup.noUnit')}</p>
      ) : (
        <div className="stack">
          <section className="card" aria-labelledby="letters-title">
            <h2 id="letters-title">{t('followup.letters')}</h2>
            <MonthLetters units={staffUnits} />
          </section>
          <section className="card" aria-labelledby="settings-title" data-testid="rent-settings">
            <div className="section-header">
              <h2 id="settings-title">{t('followup.settings')}</h2>
              {staffUnits.length > 1 ? (
                <SelectField
                  id="settings-unit"
                  label={t('followup.lettersUnit')}
                  value={unitId}
                  onChange={setUnitId}
                  options={staffUnits.map((u) => ({ value: u.id, label: u.name }))}
                  width="medium"
                  filter
                />
              ) : null}
            </div>
            <p className="muted">{t('followup.settingsIntro')}</p>
            <UnitSettings key={chosen.id} unit={chosen} />
          </section>
          <UnitSecuritySettings unitId={chosen.id} />
        </div>
      )}
    </Page>
  );
}

function UnitSettings({ unit }: { unit: UnitMembership }) {
  const { t } = useTranslation();
  const settings = useLoad((signal) => followupApi.settings(unit.id, signal), [unit.id]);
  const [message, setMessage] = useState<string | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);

  return (
    <LoadState {...settings}>
      {(s) => (
        <>
          <h3>{t('followup.current')}</h3>
          <CurrentRules settings={s} />
          <div ref={noticeRef} tabIndex={-1} className="notice-anchor">
            {message ? <Notice>{message}</Notice> : null}
          </div>
          {unit.role === 'manager' ? (
            <SettingsForm
              unitId={unit.id}
              settings={s}
              onSaved={(month) => {
                setMessage(t('followup.saved', { month }));
                settings.reload();
                requestAnimationFrame(() => noticeRef.current?.focus());
              }}
            />
          ) : (
            <p className="muted small">{t('followup.onlyManagers')}</p>
          )}
          <h3>{t('followup.history')}</h3>
          <RulesHistory settings={s} />
        </>
      )}
    </LoadState>
  );
}

function useDayText() {
  const labels = useLabels();
  const { t } = useTranslation();
  return (day: number) => t('followup.dayValue', { day: ordinalDay(day, labels.locale) });
}

/**
 * "Dag 2: hembesök": which step of the routine each checkpoint day is. The first is the reminder and the last
 * the manager meeting; days in between are home visits (checkpointKinds in @kvarbo/domain).
 */
function useDayLabel() {
  const { t } = useTranslation();
  return (index: number, count: number): string => {
    const step = checkpointKinds(count)[index] ?? 'home_visit';
    return t('followup.dayN', { n: index + 1, step: t(`followup.steps.${step}`) });
  };
}

function CurrentRules({ settings }: { settings: RentSettings }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const dayText = useDayText();
  const dayLabel = useDayLabel();
  const c = settings.current;
  return (
    <div data-testid="current-rules">
      <DetailList
        items={[
          ...c.checkpointDays.map((day, index) => ({ label: dayLabel(index, c.checkpointDays.length), value: dayText(day) })),
          { label: t('followup.onTimeRule'), value: t(`followup.onTimeRules.${c.onTimeRule}`) },
          { label: t('followup.moveToNextVardag'), value: c.moveToNextVardag ? t('common.yes') : t('common.no') },
          { label: t('followup.lastDay'), value: t('followup.lastDayValue', { day: ordinalDay(c.lastDay, labels.locale) }) },
        ]}
      />
    </div>
  );
}

function RulesHistory({ settings }: { settings: RentSettings }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const rows = [...settings.history].sort((a, b) => b.fromMonth.localeCompare(a.fromMonth));
  const columns: Column<(typeof rows)[number]>[] = [
    { key: 'from', label: t('followup.from'), render: (h) => h.fromMonth, className: 'nowrap' },
    {
      key: 'days',
      label: t('followup.checkpointDays'),
      render: (h) => h.checkpointDays.map((d) => ordinalDay(d, labels.locale)).join(', '),
    },
    { key: 'rule', label: t('followup.onTimeRule'), render: (h) => t(`followup.onTimeRules.${h.onTimeRule}`) },
    { key: 'move', label: t('followup.moveToNextVardag'), render: (h) => (h.moveToNextVardag ? t('common.yes') : t('common.no')) },
  ];
  return (
    <DataTable
      caption={t('followup.historyCaption')}
      rows={rows}
      columns={columns}
      rowKey={(h) => h.fromMonth}
      empty={t('followup.historyEmpty')}
      testId="rent-settings-history"
    />
  );
}

const DAY_KEYS = Array.from({ length: MAX_CHECKPOINTS }, (_, i) => `day${i}`);

function SettingsForm({ unitId, settings, onSaved }: { unitId: string; settings: RentSettings; onSaved: (month: string) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const dayLabel = useDayLabel();
  const c = settings.current;
  const [count, setCount] = useState(c.checkpointDays.length);
  const initial: Record<string, string | boolean> = {
    fromMonth: nextMonth(),
    onTimeRule: c.onTimeRule,
    moveToNextVardag: c.moveToNextVardag,
    ...Object.fromEntries(DAY_KEYS.map((k, i) => [k, c.checkpointDays[i] !== undefined ? String(c.checkpointDays[i]) : ''])),
  };
  const form = useForm(initial, 'settings');
  const dayKeys = DAY_KEYS.slice(0, count);

  const validate = (v: typeof form.values): FieldErrors => {
    const errors: FieldErrors = {};
    if (!isMonth(String(v.fromMonth))) errors.fromMonth = t('errors.invalidMonth');
    const days = dayKeys.map((k) => String(v[k] ?? '').trim());
    days.forEach((d, i) => {
      const n = Number(d);
      if (!/^\d+$/.test(d) || n < 1 || n > MAX_CHECKPOINT_DAY) errors[dayKeys[i]!] = t('followup.dayInvalid');
    });
    // In order, earliest first: each day after the one before it (both readable).
    days.forEach((d, i) => {
      const key = dayKeys[i]!;
      const before = dayKeys[i - 1];
      if (i === 0 || errors[key] || (before && errors[before])) return;
      if (Number(d) <= Number(days[i - 1])) errors[key] = t('followup.daysOrder');
    });
    return errors;
  };

  const onSubmit = form.handleSubmit(validate, async (v) => {
    const fromMonth = String(v.fromMonth);
    await followupApi.changeSettings(unitId, {
      version: settings.version,
      fromMonth,
      checkpointDays: dayKeys.map((k) => Number(String(v[k]).trim())),
      onTimeRule: v.onTimeRule as OnTimeRule,
      moveToNextVardag: Boolean(v.moveToNextVardag),
    });
    setOpen(false);
    onSaved(fromMonth);
  });

  return (
    <div className="no-print">
      <button
        type="button"
        className="button button-secondary"
        aria-expanded={open}
        aria-controls="settings-form"
        onClick={() => setOpen((o) => !o)}
      >
        {t('followup.change')}
      </button>
      <div id="settings-form">
        {open ? (
          <div className="ledger-form" data-testid="rent-settings-form">
            <h3 className="ledger-form-title">{t('followup.change')}</h3>
            <ErrorSummary {...form.summary} />
            <form onSubmit={onSubmit} noValidate>
              <TextField
                {...form.text('fromMonth')}
                label={t('followup.fromMonth')}
                hint={t('followup.fromMonthHint')}
                width="short"
                inputMode="numeric"
                autoFocus
              />
              <fieldset className="fieldset" aria-describedby="settings-days-hint">
                <legend className="field-label">{t('followup.checkpointDays')}</legend>
                <p className="field-hint" id="settings-days-hint">
                  {t('followup.daysHint')}
                </p>
                <div className="field-row checkpoint-days">
                  {dayKeys.map((k, i) => (
                    <TextField key={k} {...form.text(k)} label={dayLabel(i, count)} width="short" inputMode="numeric" />
                  ))}
                </div>
                <div className="button-row checkpoint-day-buttons">
                  {count < MAX_CHECKPOINTS ? (
                    <button type="button" className="button button-quiet button-small" onClick={() => setCount(count + 1)}>
                      {t('followup.addDay')}
                    </button>
                  ) : null}
                  {count > 1 ? (
                    <button type="button" className="button button-quiet button-small" onClick={() => setCount(count - 1)}>
                      {t('followup.removeDay')}
                    </button>
                  ) : null}
                </div>
              </fieldset>
              <RadioGroup
                {...form.text('onTimeRule')}
                label={t('followup.onTimeRule')}
                hint={t('followup.onTimeHint')}
                options={RULES.map((r) => ({ value: r, label: t(`followup.onTimeRules.${r}`) }))}
              />
              <CheckboxField
                {...form.checkbox('moveToNextVardag')}
                label={t('followup.moveToNextVardag')}
                hint={t('followup.moveToNextVardagHint')}
              />
              <div className="form-actions">
                <button type="submit" className="button button-primary" disabled={form.submitting} aria-disabled={form.submitting}>
                  {form.submitting ? t('app.saving') : t('followup.submit')}
                </button>
                <button type="button" className="button button-link" onClick={() => setOpen(false)}>
                  {t('common.cancel')}
                </button>
              </div>
            </form>
          </div>
        ) : null}
      </div>
    </div>
  );
}

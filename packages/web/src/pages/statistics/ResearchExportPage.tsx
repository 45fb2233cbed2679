import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router-dom';
import { statsApi } from '../../api/stats.ts';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { SelectField, TextField } from '../../components/Fields.tsx';
import { Notice, Page } from '../../components/Page.tsx';
import { useForm, type FieldErrors } from '../../hooks/useForm.ts';
import { useSession } from '../../session/SessionContext.tsx';
import { downloadBlob } from './exports.ts';
import { MONTH, periodOf, StatsTabs } from './StatsShared.tsx';

const PROJECT_MAX = 100;

/**
 * /statistics/research-export – "Forskningsuttag": a de-identified Excel file for an evaluation or a study
 * (`POST /api/stats/research-export`). Managers only: analysts and other roles are sent back to /statistics.
 * The page says what the file holds and what it leaves out, and that every person in it is audit-logged.
 */
export function ResearchExportPage() {
  const { t } = useTranslation();
  const { me, unit } = useSession();
  const units = (me?.units ?? []).filter((u) => u.role === 'manager');
  if (units.length === 0) return <Navigate to="/statistics" replace />;
  const initialUnit = units.find((u) => u.id === unit?.id) ?? units[0]!;

  return (
    <Page title={t('research.title')}>
      <StatsTabs />
      <p className="muted">{t('research.intro')}</p>
      <ResearchContents />
      <ResearchForm units={units} initialUnitId={initialUnit.id} />
    </Page>
  );
}

function ResearchContents() {
  const { t } = useTranslation();
  return (
    <section className="card stats-section" aria-labelledby="research-contents-heading" data-testid="research-contents">
      <h2 id="research-contents-heading">{t('research.contentsHeading')}</h2>
      <div className="research-columns">
        <div>
          <h3>{t('research.includedHeading')}</h3>
          <ul>
            <li>{t('research.includedPersons')}</li>
            <li>{t('research.includedPlacements')}</li>
            <li>{t('research.includedRent')}</li>
          </ul>
        </div>
        <div>
          <h3>{t('research.excludedHeading')}</h3>
          <ul>
            <li>{t('research.excludedNames')}</li>
            <li>{t('research.excludedPnr')}</li>
            <li>{t('research.excludedAddress')}</li>
            <li>{t('research.excludedNotes')}</li>
          </ul>
        </div>
      </div>
      <p className="notice notice-info" data-testid="research-audit-note">
        {t('research.auditNote')}
      </p>
    </section>
  );
}

/** "Hyresstöd utvärdering 2026" → "hyresstod-utvardering-2026": safe in every file system. */
function slug(text: string): string {
  return text
    .toLocaleLowerCase('sv')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

function researchFilename(project: string, from: string, to: string): string {
  const name = slug(project);
  return `kvarbo-forskningsuttag-${name ? `${name}-` : ''}${from}-${to}.xlsx`;
}

function ResearchForm({ units, initialUnitId }: { units: { id: string; name: string }[]; initialUnitId: string }) {
  const { t } = useTranslation();
  const period = periodOf(new URLSearchParams());
  const form = useForm({ unitId: initialUnitId, project: '', from: period.from, to: period.to }, 'research');
  const [done, setDone] = useState<string | null>(null);

  const validate = (v: typeof form.values): FieldErrors => {
    const errors: FieldErrors = {};
    if (!v.unitId) errors.unitId = t('errors.chooseRequired', { field: t('research.unit').toLowerCase() });
    if (!v.project.trim()) errors.project = t('errors.required', { field: t('research.project').toLowerCase() });
    if (!MONTH.test(v.from)) errors.from = t('errors.invalidMonth');
    if (!MONTH.test(v.to)) errors.to = t('errors.invalidMonth');
    else if (MONTH.test(v.from) && v.from > v.to) errors.to = t('research.toBeforeFrom');
    return errors;
  };

  const onSubmit = form.handleSubmit(validate, async (v) => {
    setDone(null);
    const project = v.project.trim();
    const file = await statsApi.researchExport({ unitId: v.unitId, project, from: v.from, to: v.to });
    const filename = researchFilename(project, v.from, v.to);
    downloadBlob(file.blob, filename);
    setDone(filename);
  });

  return (
    <section className="card stats-section form-card" aria-labelledby="research-form-heading">
      <h2 id="research-form-heading">{t('research.formHeading')}</h2>
      <ErrorSummary {...form.summary} />
      <form onSubmit={onSubmit} noValidate data-testid="research-export-form">
        {units.length > 1 ? (
          <SelectField
            {...form.text('unitId')}
            label={t('research.unit')}
            width="medium"
            options={units.map((u) => ({ value: u.id, label: u.name }))}
          />
        ) : (
          <p className="muted">{t('stats.unitLabel', { name: units[0]?.name ?? '' })}</p>
        )}
        <TextField
          {...form.text('project')}
          label={t('research.project')}
          hint={t('research.projectHint', { max: PROJECT_MAX })}
          width="long"
        />
        <fieldset className="fieldset research-period">
          <legend>{t('research.period')}</legend>
          <div className="research-period-fields">
            <TextField {...form.text('from')} label={t('stats.from')} type="month" width="short" placeholder={t('stats.monthHint')} />
            <TextField {...form.text('to')} label={t('stats.to')} type="month" width="short" placeholder={t('stats.monthHint')} />
          </div>
          <p className="field-hint">{t('research.periodHint')}</p>
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={form.submitting} aria-disabled={form.submitting}>
            {form.submitting ? t('research.working') : t('research.submit')}
          </button>
        </div>
      </form>
      <div className="research-result" data-testid="research-export-result">
        {done ? <Notice>{t('research.done', { file: done })}</Notice> : null}
      </div>
    </section>
  );
}

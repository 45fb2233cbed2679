import type { ReportKind, ReportReason } from '@kvarbo/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { landlordPortalApi } from '../../api/landlordPortal.ts';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { CheckboxGroup, FieldError, MoneyField, TextAreaField, TextField } from '../../components/Fields.tsx';
import { FilePicker } from './FilePicker.tsx';
import { Page } from '../../components/Page.tsx';
import { fileSize, isIsoDate, optionalText, positiveOre, today } from '../../format.ts';
import { useForm, type FieldErrors } from '../../hooks/useForm.ts';
import { attachFiles, fileProblem } from './attachments.ts';
import { usePortalLabels } from './PortalShared.tsx';
import type { ReceiptState } from './PortalReceiptPage.tsx';

const KIND_HINT = {
  early_warning: 'portal.form.kindHint.early_warning',
  termination_notice: 'portal.form.kindHint.termination_notice',
  eviction_notice: 'portal.form.kindHint.eviction_notice',
} as const satisfies Record<ReportKind, string>;

function wholeNumber(text: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return n >= min && n <= max ? n : null;
}

/** "Ny anmälan": a landlord's early warning, notice of termination or notice of eviction, with attachments. */
export function PortalNewReportPage() {
  const { t } = useTranslation();
  const labels = usePortalLabels();
  const navigate = useNavigate();
  const [files, setFiles] = useState<File[]>([]);
  const form = useForm(
    {
      kind: '',
      reasons: '',
      arrearsOre: '',
      arrearsMonths: '',
      servedOn: '',
      evictionDate: '',
      tenantName: '',
      tenantAddress: '',
      tenantPersonalNumber: '',
      householdChildren: '',
      description: '',
      file: '',
    },
    'report',
  );
  const v = form.values;
  const kind = v.kind as ReportKind | '';
  const reasons = (v.reasons ? v.reasons.split(',') : []) as ReportReason[];
  const asksArrears = reasons.includes('rent_arrears');

  const chooseKind = (next: ReportKind) => {
    form.setValue('kind', next);
    // A termination notice is always for unpaid rent.
    if (next === 'termination_notice' && !reasons.includes('rent_arrears')) {
      form.setValue('reasons', ['rent_arrears', ...reasons].join(','));
    }
  };

  const validate = (values: typeof v): FieldErrors => {
    const errors: FieldErrors = {};
    const chosen = values.reasons ? values.reasons.split(',') : [];
    if (!values.kind) errors.kind = t('portal.form.errors.kind');
    if (chosen.length === 0) errors.reasons = t('portal.form.errors.reasons');
    else if (values.kind === 'termination_notice' && !chosen.includes('rent_arrears'))
      errors.reasons = t('portal.form.errors.noticeIsRent');
    if (chosen.includes('rent_arrears')) {
      if (positiveOre(values.arrearsOre) === null) errors.arrearsOre = t('portal.form.errors.arrears');
      if (wholeNumber(values.arrearsMonths, 1, 120) === null) errors.arrearsMonths = t('portal.form.errors.months');
    }
    if (values.kind === 'termination_notice') {
      if (!values.servedOn) errors.servedOn = t('portal.form.errors.servedOn');
      else if (!isIsoDate(values.servedOn)) errors.servedOn = t('errors.invalidDate');
      else if (values.servedOn > today()) errors.servedOn = t('portal.form.errors.servedInFuture');
    }
    if (values.kind === 'eviction_notice') {
      if (!values.evictionDate) errors.evictionDate = t('portal.form.errors.evictionDate');
      else if (!isIsoDate(values.evictionDate)) errors.evictionDate = t('errors.invalidDate');
    }
    if (!values.tenantName.trim()) errors.tenantName = t('portal.form.errors.tenantName');
    if (!values.tenantAddress.trim()) errors.tenantAddress = t('portal.form.errors.tenantAddress');
    if (values.householdChildren.trim() && wholeNumber(values.householdChildren, 0, 30) === null) {
      errors.householdChildren = t('errors.invalidInteger', { min: 0, max: 30 });
    }
    const problems = files.map((f) => fileProblem(t, f)).filter((p): p is string => p !== null);
    if (problems.length) errors.file = problems.join(' ');
    return errors;
  };

  const onSubmit = form.handleSubmit(validate, async (values) => {
    const chosen = values.reasons.split(',') as ReportReason[];
    const rent = chosen.includes('rent_arrears');
    const receipt = await landlordPortalApi.submit({
      kind: values.kind as ReportKind,
      reasons: chosen,
      arrearsOre: rent ? positiveOre(values.arrearsOre) : null,
      arrearsMonths: rent ? wholeNumber(values.arrearsMonths, 1, 120) : null,
      servedOn: values.kind === 'termination_notice' ? values.servedOn : null,
      evictionDate: values.kind === 'eviction_notice' ? values.evictionDate : null,
      tenantName: values.tenantName.trim(),
      tenantAddress: values.tenantAddress.trim(),
      tenantPersonalNumber: optionalText(values.tenantPersonalNumber),
      householdChildren: values.householdChildren.trim() ? wholeNumber(values.householdChildren, 0, 30) : null,
      description: optionalText(values.description),
    });
    // The report is stored: the files go afterwards, and a refused file does not undo the report.
    const result = files.length ? await attachFiles(t, receipt.id, files) : { attached: [], failed: [] };
    const state: ReceiptState = { receipt, ...result };
    navigate('/portal/sent', { state, replace: true });
  });

  const onFiles = (chosen: File[]) => {
    setFiles((previous) => [...previous, ...chosen.filter((f) => !previous.some((p) => p.name === f.name && p.size === f.size))]);
    form.setValue('file', '');
  };
  const removeFile = (file: File) => {
    setFiles((previous) => previous.filter((f) => f !== file));
    form.setValue('file', '');
  };

  const kindError = form.errors.kind;
  const fileError = form.errors.file;

  return (
    <Page title={t('portal.form.title')}>
      <p className="portal-lead">{t('portal.form.lead')}</p>
      <div className="card form-card portal-form">
        <ErrorSummary {...form.summary} />
        <form onSubmit={onSubmit} noValidate data-testid="portal-report-form">
          <fieldset
            className={`field fieldset ${kindError ? 'field-invalid' : ''}`}
            aria-describedby={kindError ? `${form.id('kind')}-error` : undefined}
          >
            <legend className="field-label">{t('portal.form.kind')}</legend>
            {kindError ? <FieldError id={`${form.id('kind')}-error`} message={kindError} /> : null}
            <div className="portal-kinds">
              {labels.kindOptions.map((option, index) => {
                const optionId = index === 0 ? form.id('kind') : `${form.id('kind')}-${option.value}`;
                return (
                  <div className={`portal-kind ${kind === option.value ? 'portal-kind-chosen' : ''}`} key={option.value}>
                    <input
                      id={optionId}
                      type="radio"
                      name="report-kind"
                      value={option.value}
                      checked={kind === option.value}
                      onChange={() => chooseKind(option.value)}
                      aria-describedby={`${optionId}-hint`}
                      aria-invalid={kindError ? true : undefined}
                    />
                    <div>
                      <label htmlFor={optionId} className="portal-kind-label">
                        {option.label}
                      </label>
                      <p id={`${optionId}-hint`} className="field-hint portal-kind-hint">
                        {t(KIND_HINT[option.value])}
                      </p>
                    </div>
                  </div>
                );
              })}
            </div>
          </fieldset>

          <CheckboxGroup
            id={form.id('reasons')}
            label={t('portal.form.reasons')}
            hint={kind === 'termination_notice' ? t('portal.form.reasonsHintNotice') : t('portal.form.reasonsHint')}
            error={form.errors.reasons}
            value={reasons}
            onChange={(next) => form.setValue('reasons', next.join(','))}
            options={labels.reasonOptions}
          />

          {asksArrears ? (
            <div className="portal-field-row">
              <MoneyField {...form.text('arrearsOre')} label={t('portal.form.arrears')} hint={t('portal.form.arrearsHint')} />
              <TextField
                {...form.text('arrearsMonths')}
                label={t('portal.form.arrearsMonths')}
                hint={t('portal.form.arrearsMonthsHint')}
                inputMode="numeric"
                width="short"
              />
            </div>
          ) : null}

          {kind === 'termination_notice' ? (
            <TextField
              {...form.text('servedOn')}
              label={t('portal.form.servedOn')}
              hint={t('portal.form.servedOnHint')}
              type="date"
              width="medium"
            />
          ) : null}
          {kind === 'eviction_notice' ? (
            <TextField
              {...form.text('evictionDate')}
              label={t('portal.form.evictionDate')}
              hint={t('portal.form.evictionDateHint')}
              type="date"
              width="medium"
            />
          ) : null}

          <h2 className="portal-form-section">{t('portal.form.tenantHeading')}</h2>
          <TextField {...form.text('tenantName')} label={t('portal.form.tenantName')} autoComplete="off" />
          <TextField {...form.text('tenantAddress')} label={t('portal.form.tenantAddress')} hint={t('portal.form.tenantAddressHint')} />
          <TextField
            {...form.text('tenantPersonalNumber')}
            label={t('portal.form.tenantPersonalNumber')}
            hint={t('portal.form.tenantPersonalNumberHint')}
            optional
            width="medium"
          />
          <TextField
            {...form.text('householdChildren')}
            label={t('portal.form.householdChildren')}
            hint={t('portal.form.householdChildrenHint')}
            optional
            inputMode="numeric"
            width="short"
          />
          <TextAreaField
            {...form.text('description')}
            label={t('portal.form.description')}
            hint={t('portal.form.descriptionHint')}
            optional
          />

          <h2 className="portal-form-section">
            {t('portal.attachments.heading')}
            <span className="field-optional"> {t('common.optional')}</span>
          </h2>
          <FilePicker
            id={form.id('file')}
            label={t('portal.attachments.choose')}
            hint={t('portal.attachments.hint')}
            error={fileError}
            testId="portal-file-input"
            onFiles={onFiles}
          />
          {files.length > 0 ? (
            <ul className="portal-file-list" data-testid="portal-chosen-files" aria-label={t('portal.attachments.chosen')}>
              {files.map((file) => (
                <li key={`${file.name}-${file.size}`}>
                  <span className="portal-file-name">{file.name}</span>
                  <span className="muted"> {fileSize(file.size, labels.locale)}</span>
                  <button type="button" className="button button-link portal-file-remove" onClick={() => removeFile(file)}>
                    {t('portal.attachments.remove')}
                    <span className="visually-hidden"> {file.name}</span>
                  </button>
                </li>
              ))}
            </ul>
          ) : null}

          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={form.submitting} aria-disabled={form.submitting}>
              {form.submitting ? t('portal.form.sending') : t('portal.form.submit')}
            </button>
            <Link to="/portal" className="button button-link">
              {t('common.cancel')}
            </Link>
          </div>
        </form>
      </div>
    </Page>
  );
}

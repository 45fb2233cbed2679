import type { ReportKind, ReportReason } from '@kvarbo/domain';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { evictionApi, REPORT_CHANNELS, type StaffReportChannel } from '../../api/eviction.ts';
import { landlordsApi } from '../../api/landlords.ts';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { CheckboxGroup, MoneyField, RadioGroup, SelectField, TextAreaField, TextField } from '../../components/Fields.tsx';
import { FormActions } from '../../components/FormActions.tsx';
import { Page } from '../../components/Page.tsx';
import { isIsoDate, optionalText, readKronor, today } from '../../format.ts';
import { flash } from '../../hooks/useFlash.ts';
import { useForm, type FieldErrors } from '../../hooks/useForm.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { PICKER_SIZE } from '../constants.ts';
import { useEvictionLabels } from './labels.ts';
import { useCaseUnit } from './shared.ts';

/** A whole number in [min, max], null for blank, undefined when it is not one. */
export function readCount(text: string, min: number, max: number): number | null | undefined {
  if (text.trim() === '') return null;
  if (!/^\d+$/.test(text.trim())) return undefined;
  const n = Number(text.trim());
  return n >= min && n <= max ? n : undefined;
}

/**
 * /eviction/reports/new – staff register a report that came by phone, letter, e-mail or from Kronofogden; it then
 * stands among the new reports like one from the landlord portal.
 */
export function ReportFormPage() {
  const { t } = useTranslation();
  const labels = useEvictionLabels();
  const navigate = useNavigate();
  const unit = useCaseUnit();
  const landlords = useLoad((signal) => landlordsApi.list({ sort: 'name', pageSize: PICKER_SIZE }, signal).then((p) => p.items), []);
  const form = useForm(
    {
      channel: '',
      receivedOn: today(),
      landlordId: '',
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
    },
    'report',
  );
  const reasons = form.values.reasons ? form.values.reasons.split(',') : [];

  const validate = (v: typeof form.values): FieldErrors => {
    const errors: FieldErrors = {};
    if (!v.channel) errors.channel = t('eviction.intake.chooseChannel');
    if (!isIsoDate(v.receivedOn)) errors.receivedOn = t('errors.invalidDate');
    if (!v.kind) errors.kind = t('eviction.intake.chooseKind');
    if (!v.reasons) errors.reasons = t('eviction.intake.chooseReasons');
    if (!readKronor(v.arrearsOre).ok) errors.arrearsOre = t('errors.invalidKronor');
    if (readCount(v.arrearsMonths, 0, 120) === undefined) errors.arrearsMonths = t('errors.invalidInteger', { min: 0, max: 120 });
    if (v.servedOn && !isIsoDate(v.servedOn)) errors.servedOn = t('errors.invalidDate');
    if (v.evictionDate && !isIsoDate(v.evictionDate)) errors.evictionDate = t('errors.invalidDate');
    if (!v.tenantName.trim()) errors.tenantName = t('errors.required', { field: t('eviction.intake.tenantName').toLowerCase() });
    if (!v.tenantAddress.trim()) errors.tenantAddress = t('errors.required', { field: t('eviction.intake.tenantAddress').toLowerCase() });
    if (readCount(v.householdChildren, 0, 30) === undefined) errors.householdChildren = t('errors.invalidInteger', { min: 0, max: 30 });
    return errors;
  };

  const onSubmit = form.handleSubmit(validate, async (v) => {
    if (!unit) return;
    const arrears = readKronor(v.arrearsOre);
    const receipt = await evictionApi.registerReport({
      unitId: unit.id,
      channel: v.channel as StaffReportChannel,
      receivedOn: v.receivedOn,
      landlordId: v.landlordId || null,
      kind: v.kind as ReportKind,
      reasons: v.reasons.split(',') as ReportReason[],
      arrearsOre: arrears.ok ? arrears.ore : null,
      arrearsMonths: readCount(v.arrearsMonths, 0, 120) ?? null,
      servedOn: v.servedOn || null,
      evictionDate: v.evictionDate || null,
      tenantName: v.tenantName.trim(),
      tenantAddress: v.tenantAddress.trim(),
      tenantPersonalNumber: optionalText(v.tenantPersonalNumber),
      householdChildren: readCount(v.householdChildren, 0, 30) ?? null,
      description: optionalText(v.description),
    });
    navigate(`/eviction/reports/${receipt.id}`, flash(t('eviction.intake.saved', { receipt: receipt.receiptNumber })));
  });

  return (
    <Page title={t('eviction.intake.title')} kicker={t('eviction.kicker')}>
      {!unit ? (
        <p className="empty">{t('eviction.noUnit')}</p>
      ) : (
        <div className="card form-card">
          <p className="muted">{t('eviction.intake.intro')}</p>
          <ErrorSummary {...form.summary} />
          <form onSubmit={onSubmit} noValidate data-testid="report-form">
            <RadioGroup
              {...form.text('channel')}
              label={t('eviction.intake.channel')}
              inline
              options={REPORT_CHANNELS.map((c) => ({ value: c, label: t(`eviction.channels.${c}`) }))}
            />
            <div className="field-row">
              <TextField {...form.text('receivedOn')} label={t('eviction.intake.receivedOn')} type="date" width="short" />
              <SelectField
                {...form.text('landlordId')}
                label={t('eviction.intake.landlord')}
                optional
                placeholder={t('common.choose')}
                options={(landlords.data ?? []).map((l) => ({ value: l.id, label: l.name }))}
              />
            </div>
            <RadioGroup {...form.text('kind')} label={t('eviction.intake.kind')} options={labels.kindOptions} />
            <CheckboxGroup
              id={form.id('reasons')}
              label={t('eviction.intake.reasons')}
              error={form.errors.reasons}
              value={reasons}
              onChange={(next) => form.setValue('reasons', next.join(','))}
              options={labels.reasonOptions}
            />
            <div className="field-row">
              <MoneyField {...form.text('arrearsOre')} label={t('eviction.intake.arrears')} optional />
              <TextField
                {...form.text('arrearsMonths')}
                label={t('eviction.intake.arrearsMonths')}
                inputMode="numeric"
                width="short"
                optional
              />
            </div>
            <div className="field-row">
              <TextField
                {...form.text('servedOn')}
                label={t('eviction.intake.servedOn')}
                hint={t('eviction.intake.servedOnHint')}
                type="date"
                width="short"
                optional
              />
              <TextField {...form.text('evictionDate')} label={t('eviction.intake.evictionDate')} type="date" width="short" optional />
            </div>
            <TextField {...form.text('tenantName')} label={t('eviction.intake.tenantName')} />
            <TextField {...form.text('tenantAddress')} label={t('eviction.intake.tenantAddress')} />
            <div className="field-row">
              <TextField {...form.text('tenantPersonalNumber')} label={t('eviction.intake.personalNumber')} width="medium" optional />
              <TextField
                {...form.text('householdChildren')}
                label={t('eviction.intake.householdChildren')}
                inputMode="numeric"
                width="short"
                optional
              />
            </div>
            <TextAreaField {...form.text('description')} label={t('eviction.intake.description')} optional />
            <FormActions submitLabel={t('eviction.intake.submit')} submitting={form.submitting} cancelTo="/eviction" />
          </form>
        </div>
      )}
    </Page>
  );
}

import { parsePersonalNumber, PERSONAL_NUMBER_MESSAGES } from '@kvarbo/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { commissionersApi } from '../../api/commissioners.ts';
import { residentsApi } from '../../api/residents.ts';
import type { Commissioner, IdKind, Resident } from '../../api/types.ts';
import { unitsApi } from '../../api/units.ts';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../../components/Fields.tsx';
import { FormActions } from '../../components/FormActions.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Page } from '../../components/Page.tsx';
import { looksLikeEmail, optionalText, personalNumber, today } from '../../format.ts';
import { flash } from '../../hooks/useFlash.ts';
import { useForm, type FieldErrors } from '../../hooks/useForm.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useLabels } from '../../labels.ts';
import { useMe, useSession } from '../../session/SessionContext.tsx';
import { PICKER_SIZE } from '../constants.ts';

export function ResidentFormPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const existing = useLoad(
    async (signal) => {
      const [resident, commissioners] = await Promise.all([
        id ? residentsApi.get(id, signal) : Promise.resolve(null),
        commissionersApi.list({ sort: 'name', pageSize: PICKER_SIZE }, signal),
      ]);
      return { resident, commissioners: commissioners.items };
    },
    [id],
  );
  const r = existing.data?.resident;
  return (
    <Page title={id ? t('residents.editTitle') : t('residents.new')} kicker={r ? `${r.firstName} ${r.lastName}` : undefined}>
      <LoadState {...existing}>
        {({ resident, commissioners }) => <ResidentForm resident={resident} commissioners={commissioners} />}
      </LoadState>
    </Page>
  );
}

function ResidentForm({ resident, commissioners }: { resident: Resident | null; commissioners: Commissioner[] }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const navigate = useNavigate();
  const me = useMe();
  const { unit } = useSession();
  const [duplicateId, setDuplicateId] = useState<string | null>(null);
  const form = useForm(
    {
      unitId: resident?.unitId ?? unit?.id ?? '',
      firstName: resident?.firstName ?? '',
      lastName: resident?.lastName ?? '',
      noId: resident?.idKind === 'none',
      personalNumber: personalNumber(resident?.personalNumber),
      noIdReason: resident?.noIdReason ?? '',
      householdAdults: String(resident?.householdAdults ?? 1),
      householdChildren: String(resident?.householdChildren ?? 0),
      phone: resident?.phone ?? '',
      email: resident?.email ?? '',
      contactPersonId: resident?.contactPersonId ?? '',
      commissionerId: resident?.commissionerId ?? '',
      commissionerContact: resident?.commissionerContact ?? '',
    },
    'resident',
  );
  const v = form.values;
  const staff = useLoad((signal) => (v.unitId ? unitsApi.staff(v.unitId, signal) : Promise.resolve([])), [v.unitId]);

  const required = (label: string) => t('errors.required', { field: label.toLowerCase() });

  const validate = (values: typeof v): FieldErrors => {
    const errors: FieldErrors = {};
    if (!values.unitId) errors.unitId = t('errors.chooseRequired', { field: t('residents.unit').toLowerCase() });
    if (!values.firstName.trim()) errors.firstName = required(t('residents.firstName'));
    if (!values.lastName.trim()) errors.lastName = required(t('residents.lastName'));
    if (values.noId) {
      if (!values.noIdReason.trim()) errors.noIdReason = required(t('residents.noIdReason'));
    } else {
      const parsed = parsePersonalNumber(values.personalNumber, today());
      if (!parsed.ok) errors.personalNumber = PERSONAL_NUMBER_MESSAGES[parsed.code][labels.locale];
    }
    for (const [field, min] of [
      ['householdAdults', 1],
      ['householdChildren', 0],
    ] as const) {
      const n = Number(values[field]);
      if (values[field].trim() === '' || !Number.isInteger(n) || n < min || n > 20) {
        errors[field] = t('errors.invalidInteger', { min, max: 20 });
      }
    }
    if (values.email.trim() && !looksLikeEmail(values.email)) errors.email = t('errors.invalidEmail');
    return errors;
  };

  const onSubmit = form.handleSubmit(validate, async (values) => {
    setDuplicateId(null);
    const hasNumber = !values.noId;
    const parsed = hasNumber ? parsePersonalNumber(values.personalNumber, today()) : null;
    const input = {
      unitId: values.unitId,
      firstName: values.firstName.trim(),
      lastName: values.lastName.trim(),
      // The number itself decides personnummer or samordningsnummer (day + 60).
      idKind: (parsed?.ok ? parsed.kind : 'none') as IdKind,
      personalNumber: hasNumber ? values.personalNumber.trim() : null,
      noIdReason: hasNumber ? null : values.noIdReason.trim(),
      householdAdults: Number(values.householdAdults),
      householdChildren: Number(values.householdChildren),
      phone: optionalText(values.phone),
      email: optionalText(values.email),
      contactPersonId: values.contactPersonId || null,
      commissionerId: values.commissionerId || null,
      commissionerContact: optionalText(values.commissionerContact),
    };
    try {
      const saved = resident ? await residentsApi.update(resident.id, resident.version, input) : await residentsApi.create(input);
      const name = `${saved.firstName} ${saved.lastName}`;
      navigate(`/residents/${saved.id}`, flash(resident ? t('common.saved') : t('common.created', { name })));
    } catch (error) {
      // A person already registered: say so at the number, with a way to the existing record.
      if (error instanceof ApiError && error.code === 'DUPLICATE_PERSONAL_NUMBER') {
        setDuplicateId(typeof error.body.existingId === 'string' ? error.body.existingId : null);
        throw new ApiError(409, {
          code: 'VALIDATION',
          message: error.message,
          fields: [{ field: 'personalNumber', code: 'duplicate', message: error.message }],
        });
      }
      throw error;
    }
  });

  const unitOptions = me.units.filter((u) => u.role !== 'analyst').map((u) => ({ value: u.id, label: u.name }));
  const staffOptions = (staff.data ?? [])
    .filter((s) => s.role !== 'analyst')
    .map((s) => ({ value: s.id, label: `${s.displayName} (${labels.role(s.role)})` }));
  const commissionerOptions = commissioners.map((c) => ({ value: c.id, label: c.name }));

  return (
    <div className="card form-card">
      <ErrorSummary {...form.summary} />
      <form onSubmit={onSubmit} noValidate>
        {unitOptions.length > 1 && !resident ? (
          <SelectField
            {...form.text('unitId')}
            label={t('residents.unit')}
            options={unitOptions}
            placeholder={t('common.choose')}
            width="medium"
          />
        ) : null}

        <fieldset className="fieldset-group">
          <legend>{t('residents.personal')}</legend>
          <div className="field-row">
            <TextField {...form.text('firstName')} label={t('residents.firstName')} width="medium" autoComplete="off" />
            <TextField {...form.text('lastName')} label={t('residents.lastName')} width="medium" autoComplete="off" />
          </div>
          {v.noId ? null : (
            <TextField
              {...form.text('personalNumber')}
              label={t('residents.personalNumber')}
              hint={
                duplicateId ? (
                  <Link to={`/residents/${duplicateId}`}>{t('residents.openExisting')}</Link>
                ) : (
                  t('residents.personalNumberHint')
                )
              }
              inputMode="numeric"
              width="medium"
            />
          )}
          <CheckboxField {...form.checkbox('noId')} label={t('residents.noId')} />
          {v.noId ? <TextAreaField {...form.text('noIdReason')} label={t('residents.noIdReason')} rows={2} /> : null}
        </fieldset>

        <fieldset className="fieldset-group">
          <legend>{t('residents.household')}</legend>
          <div className="field-row">
            <TextField
              {...form.text('householdAdults')}
              label={t('residents.householdAdults')}
              type="number"
              min={1}
              max={20}
              width="short"
              inputMode="numeric"
            />
            <TextField
              {...form.text('householdChildren')}
              label={t('residents.householdChildren')}
              type="number"
              min={0}
              max={20}
              width="short"
              inputMode="numeric"
            />
          </div>
        </fieldset>

        <fieldset className="fieldset-group">
          <legend>{t('residents.contact')}</legend>
          <div className="field-row">
            <TextField {...form.text('phone')} label={t('residents.phone')} type="tel" optional width="medium" />
            <TextField {...form.text('email')} label={t('residents.email')} type="email" optional width="medium" />
          </div>
        </fieldset>

        <fieldset className="fieldset-group">
          <legend>{t('residents.support')}</legend>
          <SelectField
            {...form.text('contactPersonId')}
            label={t('residents.contactPerson')}
            options={staffOptions}
            placeholder={t('residents.contactPersonNone')}
            optional
            width="medium"
          />
          <SelectField
            {...form.text('commissionerId')}
            label={t('residents.commissioner')}
            options={commissionerOptions}
            placeholder={t('residents.commissionerNone')}
            optional
            width="medium"
          />
          <TextField {...form.text('commissionerContact')} label={t('residents.commissionerContact')} optional width="medium" />
        </fieldset>

        <FormActions
          submitLabel={resident ? t('common.saveChanges') : t('common.save')}
          submitting={form.submitting}
          cancelTo={resident ? `/residents/${resident.id}` : '/residents'}
        />
      </form>
    </div>
  );
}

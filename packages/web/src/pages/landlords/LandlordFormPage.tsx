import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { landlordsApi } from '../../api/landlords.ts';
import type { Landlord } from '../../api/types.ts';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { FormActions } from '../../components/FormActions.tsx';
import { TextAreaField, TextField } from '../../components/Fields.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Page } from '../../components/Page.tsx';
import { flash } from '../../hooks/useFlash.ts';
import { useForm, type FieldErrors } from '../../hooks/useForm.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { looksLikeEmail, optionalText } from '../../format.ts';

export function LandlordFormPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const existing = useLoad((signal) => (id ? landlordsApi.get(id, signal) : Promise.resolve(null)), [id]);
  return (
    <Page title={id ? t('landlords.editTitle') : t('landlords.new')} kicker={existing.data?.name}>
      <LoadState {...existing}>{(landlord) => <LandlordForm landlord={landlord} />}</LoadState>
    </Page>
  );
}

function LandlordForm({ landlord }: { landlord: Landlord | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const form = useForm(
    {
      name: landlord?.name ?? '',
      organisationNumber: landlord?.organisationNumber ?? '',
      phone: landlord?.phone ?? '',
      email: landlord?.email ?? '',
      address: landlord?.address ?? '',
      notes: landlord?.notes ?? '',
    },
    'landlord',
  );

  const validate = (v: typeof form.values): FieldErrors => {
    const errors: FieldErrors = {};
    if (!v.name.trim()) errors.name = t('errors.required', { field: t('landlords.name').toLowerCase() });
    if (v.email.trim() && !looksLikeEmail(v.email)) errors.email = t('errors.invalidEmail');
    return errors;
  };

  const onSubmit = form.handleSubmit(validate, async (v) => {
    const input = {
      name: v.name.trim(),
      organisationNumber: optionalText(v.organisationNumber),
      phone: optionalText(v.phone),
      email: optionalText(v.email),
      address: optionalText(v.address),
      notes: optionalText(v.notes),
    };
    const saved = landlord ? await landlordsApi.update(landlord.id, landlord.version, input) : await landlordsApi.create(input);
    navigate(`/landlords/${saved.id}`, flash(landlord ? t('common.saved') : t('common.created', { name: saved.name })));
  });

  return (
    <div className="card form-card">
      <ErrorSummary {...form.summary} />
      <form onSubmit={onSubmit} noValidate>
        <TextField {...form.text('name')} label={t('landlords.name')} autoComplete="organization" />
        <TextField {...form.text('organisationNumber')} label={t('landlords.organisationNumber')} optional width="medium" />
        <TextField {...form.text('phone')} label={t('landlords.phone')} type="tel" optional width="medium" />
        <TextField {...form.text('email')} label={t('landlords.email')} type="email" optional />
        <TextField {...form.text('address')} label={t('landlords.address')} optional />
        <TextAreaField {...form.text('notes')} label={t('landlords.notes')} optional />
        <FormActions
          submitLabel={landlord ? t('common.saveChanges') : t('common.save')}
          submitting={form.submitting}
          cancelTo={landlord ? `/landlords/${landlord.id}` : '/landlords'}
        />
      </form>
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { commissionersApi } from '../../api/commissioners.ts';
import type { Commissioner, CommissionerKind } from '../../api/types.ts';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { RadioGroup, TextField } from '../../components/Fields.tsx';
import { FormActions } from '../../components/FormActions.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Page } from '../../components/Page.tsx';
import { looksLikeEmail, optionalText } from '../../format.ts';
import { flash } from '../../hooks/useFlash.ts';
import { useForm, type FieldErrors } from '../../hooks/useForm.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useLabels } from '../../labels.ts';

export function CommissionerFormPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const existing = useLoad((signal) => (id ? commissionersApi.get(id, signal) : Promise.resolve(null)), [id]);
  return (
    <Page title={id ? t('commissioners.editTitle') : t('commissioners.new')} kicker={existing.data?.name}>
      <LoadState {...existing}>{(commissioner) => <CommissionerForm commissioner={commissioner} />}</LoadState>
    </Page>
  );
}

function CommissionerForm({ commissioner }: { commissioner: Commissioner | null }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const navigate = useNavigate();
  const form = useForm(
    {
      name: commissioner?.name ?? '',
      kind: (commissioner?.kind ?? 'district_social_services') as string,
      contactName: commissioner?.contactName ?? '',
      phone: commissioner?.phone ?? '',
      email: commissioner?.email ?? '',
      address: commissioner?.address ?? '',
    },
    'commissioner',
  );

  const validate = (v: typeof form.values): FieldErrors => {
    const errors: FieldErrors = {};
    if (!v.name.trim()) errors.name = t('errors.required', { field: t('commissioners.name').toLowerCase() });
    if (v.email.trim() && !looksLikeEmail(v.email)) errors.email = t('errors.invalidEmail');
    return errors;
  };

  const onSubmit = form.handleSubmit(validate, async (v) => {
    const input = {
      name: v.name.trim(),
      kind: v.kind as CommissionerKind,
      contactName: optionalText(v.contactName),
      phone: optionalText(v.phone),
      email: optionalText(v.email),
      address: optionalText(v.address),
    };
    const saved = commissioner
      ? await commissionersApi.update(commissioner.id, commissioner.version, input)
      : await commissionersApi.create(input);
    navigate(`/commissioners/${saved.id}`, flash(commissioner ? t('common.saved') : t('common.created', { name: saved.name })));
  });

  return (
    <div className="card form-card">
      <ErrorSummary {...form.summary} />
      <form onSubmit={onSubmit} noValidate>
        <TextField {...form.text('name')} label={t('commissioners.name')} />
        <RadioGroup {...form.text('kind')} label={t('commissioners.kind')} options={labels.commissionerKindOptions} />
        <TextField {...form.text('contactName')} label={t('commissioners.contactName')} optional />
        <TextField {...form.text('phone')} label={t('commissioners.phone')} type="tel" optional width="medium" />
        <TextField {...form.text('email')} label={t('commissioners.email')} type="email" optional />
        <TextField {...form.text('address')} label={t('commissioners.address')} optional />
        <FormActions
          submitLabel={commissioner ? t('common.saveChanges') : t('common.save')}
          submitting={form.submitting}
          cancelTo={commissioner ? `/commissioners/${commissioner.id}` : '/commissioners'}
        />
      </form>
    </div>
  );
}

import { validatePostcode } from '@kvarbo/domain';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { apartmentsApi } from '../../api/apartments.ts';
import { landlordsApi } from '../../api/landlords.ts';
import type { Apartment, ApartmentType, KitchenKind, Landlord } from '../../api/types.ts';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { CheckboxField, MoneyField, SelectField, TextField } from '../../components/Fields.tsx';
import { FormActions } from '../../components/FormActions.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Page } from '../../components/Page.tsx';
import { kronorInput, optionalText, readKronor } from '../../format.ts';
import { flash } from '../../hooks/useFlash.ts';
import { useForm, type FieldErrors } from '../../hooks/useForm.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useLabels } from '../../labels.ts';
import { useMe, useSession } from '../../session/SessionContext.tsx';
import { PICKER_SIZE } from '../constants.ts';

export function ApartmentFormPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const existing = useLoad(
    async (signal) => {
      const [apartment, landlords] = await Promise.all([
        id ? apartmentsApi.get(id, signal) : Promise.resolve(null),
        landlordsApi.list({ sort: 'name', pageSize: PICKER_SIZE }, signal),
      ]);
      return { apartment, landlords: landlords.items };
    },
    [id],
  );
  return (
    <Page title={id ? t('apartments.editTitle') : t('apartments.new')} kicker={existing.data?.apartment?.address}>
      <LoadState {...existing}>{({ apartment, landlords }) => <ApartmentForm apartment={apartment} landlords={landlords} />}</LoadState>
    </Page>
  );
}

function ApartmentForm({ apartment, landlords }: { apartment: Apartment | null; landlords: Landlord[] }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const navigate = useNavigate();
  const me = useMe();
  const { unit } = useSession();
  const form = useForm(
    {
      unitId: apartment?.unitId ?? unit?.id ?? '',
      landlordId: apartment?.landlordId ?? '',
      address: apartment?.address ?? '',
      postcode: apartment?.postcode ?? '',
      city: apartment?.city ?? 'Stockholm',
      district: apartment?.district ?? '',
      type: (apartment?.type ?? '') as string,
      rooms: apartment ? String(apartment.rooms) : '',
      kitchen: (apartment?.kitchen ?? 'kok') as string,
      areaSqm: apartment ? String(apartment.areaSqm).replace('.', ',') : '',
      monthlyRentOre: kronorInput(apartment?.monthlyRentOre),
      unitHoldsFirstHandLease: apartment?.unitHoldsFirstHandLease ?? true,
      landlordObjectNumber: apartment?.landlordObjectNumber ?? '',
    },
    'apartment',
  );

  const required = (label: string) => t('errors.required', { field: label.toLowerCase() });
  const choose = (label: string) => t('errors.chooseRequired', { field: label.toLowerCase() });

  const validate = (v: typeof form.values): FieldErrors => {
    const errors: FieldErrors = {};
    if (!v.unitId) errors.unitId = choose(t('apartments.unit'));
    if (!v.landlordId) errors.landlordId = choose(t('apartments.landlord'));
    if (!v.address.trim()) errors.address = required(t('apartments.address'));
    if (!v.postcode.trim()) errors.postcode = required(t('apartments.postcode'));
    else if (!validatePostcode(v.postcode)) errors.postcode = t('errors.invalidPostcode');
    if (!v.city.trim()) errors.city = required(t('apartments.city'));
    if (!v.type) errors.type = choose(t('apartments.type'));
    const rooms = Number(v.rooms);
    if (!v.rooms.trim()) errors.rooms = required(t('apartments.rooms'));
    else if (!Number.isInteger(rooms) || rooms < 1 || rooms > 10) errors.rooms = t('errors.invalidInteger', { min: 1, max: 10 });
    const area = Number(v.areaSqm.replace(',', '.').trim());
    if (!v.areaSqm.trim()) errors.areaSqm = required(t('apartments.areaSqm'));
    else if (!Number.isFinite(area) || area <= 0) errors.areaSqm = t('errors.invalidNumber');
    const rent = readKronor(v.monthlyRentOre);
    if (!v.monthlyRentOre.trim()) errors.monthlyRentOre = required(t('apartments.monthlyRent'));
    else if (!rent.ok) errors.monthlyRentOre = t('errors.invalidKronor');
    return errors;
  };

  const onSubmit = form.handleSubmit(validate, async (v) => {
    const rent = readKronor(v.monthlyRentOre);
    const input = {
      unitId: v.unitId,
      landlordId: v.landlordId,
      address: v.address.trim(),
      postcode: validatePostcode(v.postcode) ?? v.postcode.trim(),
      city: v.city.trim(),
      district: optionalText(v.district),
      type: v.type as ApartmentType,
      rooms: Number(v.rooms),
      kitchen: v.kitchen as KitchenKind,
      areaSqm: Number(v.areaSqm.replace(',', '.').trim()),
      monthlyRentOre: rent.ok && rent.ore !== null ? rent.ore : 0,
      unitHoldsFirstHandLease: v.unitHoldsFirstHandLease,
      landlordObjectNumber: optionalText(v.landlordObjectNumber),
    };
    const saved = apartment ? await apartmentsApi.update(apartment.id, apartment.version, input) : await apartmentsApi.create(input);
    navigate(`/apartments/${saved.id}`, flash(apartment ? t('common.saved') : t('common.created', { name: saved.address })));
  });

  const unitOptions = me.units.map((u) => ({ value: u.id, label: u.name }));
  const landlordOptions = landlords.map((l) => ({ value: l.id, label: l.name }));

  return (
    <div className="card form-card">
      <ErrorSummary {...form.summary} />
      <form onSubmit={onSubmit} noValidate>
        {me.units.length > 1 && !apartment ? (
          <SelectField
            {...form.text('unitId')}
            label={t('apartments.unit')}
            options={unitOptions}
            placeholder={t('common.choose')}
            width="medium"
          />
        ) : null}
        <SelectField
          {...form.text('landlordId')}
          label={t('apartments.landlord')}
          options={landlordOptions}
          placeholder={t('common.choose')}
          hint={
            landlords.length === 0 ? (
              <>
                {t('apartments.noLandlords')} <Link to="/landlords/new">{t('landlords.new')}</Link>
              </>
            ) : undefined
          }
          width="medium"
        />
        <TextField {...form.text('address')} label={t('apartments.address')} autoComplete="street-address" />
        <div className="field-row">
          <TextField
            {...form.text('postcode')}
            label={t('apartments.postcode')}
            width="short"
            inputMode="numeric"
            autoComplete="postal-code"
          />
          <TextField {...form.text('city')} label={t('apartments.city')} width="medium" />
        </div>
        <TextField {...form.text('district')} label={t('apartments.district')} optional width="medium" />
        <SelectField
          {...form.text('type')}
          label={t('apartments.type')}
          options={labels.apartmentTypeOptions}
          placeholder={t('common.choose')}
          width="medium"
        />
        <div className="field-row">
          <TextField
            {...form.text('rooms')}
            label={t('apartments.rooms')}
            type="number"
            min={1}
            max={10}
            width="short"
            inputMode="numeric"
          />
          <SelectField {...form.text('kitchen')} label={t('apartments.kitchen')} options={labels.kitchenOptions} width="medium" />
          <TextField {...form.text('areaSqm')} label={t('apartments.areaSqm')} inputMode="decimal" width="short" />
        </div>
        <MoneyField {...form.text('monthlyRentOre')} label={t('apartments.monthlyRent')} />
        <CheckboxField {...form.checkbox('unitHoldsFirstHandLease')} label={t('apartments.unitHoldsFirstHandLease')} />
        <TextField {...form.text('landlordObjectNumber')} label={t('apartments.landlordObjectNumber')} optional width="medium" />
        <FormActions
          submitLabel={apartment ? t('common.saveChanges') : t('common.save')}
          submitting={form.submitting}
          cancelTo={apartment ? `/apartments/${apartment.id}` : '/apartments'}
        />
      </form>
    </div>
  );
}

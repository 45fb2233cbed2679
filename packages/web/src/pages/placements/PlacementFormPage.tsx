import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { apartmentsApi } from '../../api/apartments.ts';
import { placementsApi, type PlacementInput } from '../../api/placements.ts';
import { residentsApi } from '../../api/residents.ts';
import type { Apartment, EndReason, LeaseForm, Placement } from '../../api/types.ts';
import { EntityPicker } from '../../components/EntityPicker.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { CheckboxField, MoneyField, RadioGroup, SelectField, TextAreaField, TextField } from '../../components/Fields.tsx';
import { FormActions } from '../../components/FormActions.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Page } from '../../components/Page.tsx';
import { isIsoDate, kronorInput, money, optionalText, personalNumber, readKronor, sortableName, today } from '../../format.ts';
import { flash } from '../../hooks/useFlash.ts';
import { useForm, type FieldErrors } from '../../hooks/useForm.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useLabels } from '../../labels.ts';
import { useSession } from '../../session/SessionContext.tsx';
import { PICKER_SIZE } from '../constants.ts';

interface Preset {
  placement: Placement | null;
  resident: { id: string; label: string } | null;
  apartment: Apartment | null;
}

export function PlacementFormPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const [params] = useSearchParams();
  const residentId = params.get('residentId');
  const apartmentId = params.get('apartmentId');

  // Editing: the placement; new from a resident's or an apartment's page: that record, preselected.
  const preset = useLoad(
    async (signal): Promise<Preset> => {
      const placement = id ? await placementsApi.get(id, signal) : null;
      const rid = placement?.residentId ?? residentId;
      const aid = placement?.apartmentId ?? apartmentId;
      const [resident, apartment] = await Promise.all([
        rid ? residentsApi.get(rid, signal).catch(() => null) : Promise.resolve(null),
        aid ? apartmentsApi.get(aid, signal).catch(() => null) : Promise.resolve(null),
      ]);
      return {
        placement,
        resident: resident ? { id: resident.id, label: residentLabel(resident) } : null,
        apartment,
      };
    },
    [id, residentId, apartmentId],
  );

  return (
    <Page title={id ? t('placements.editTitle') : t('placements.new')} kicker={preset.data?.placement?.residentName}>
      <LoadState {...preset}>{(p) => <PlacementForm preset={p} />}</LoadState>
    </Page>
  );
}

function residentLabel(r: { firstName: string; lastName: string; personalNumber: string | null }): string {
  const number = personalNumber(r.personalNumber);
  return number ? `${sortableName(r)} (${number})` : sortableName(r);
}

function PlacementForm({ preset }: { preset: Preset }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const navigate = useNavigate();
  const { unit } = useSession();
  const p = preset.placement;
  const form = useForm(
    {
      residentId: p?.residentId ?? preset.resident?.id ?? '',
      apartmentId: p?.apartmentId ?? preset.apartment?.id ?? '',
      startDate: p?.startDate ?? today(),
      endDate: p?.endDate ?? '',
      endReason: (p?.endReason ?? '') as string,
      endNote: p?.endNote ?? '',
      leaseForm: (p?.leaseForm ?? 'second_hand') as string,
      rentIncludedInDailyFee: p?.rentIncludedInDailyFee ?? false,
      dailyFeeOre: kronorInput(p?.dailyFeeOre),
      rentAllowanceOre: kronorInput(p?.rentAllowanceOre),
      monthlyRentOre: kronorInput(p?.monthlyRentOre),
      agreedDueDay: p?.agreedDueDay ? String(p.agreedDueDay) : '',
      residentPaysRent: p?.residentPaysRent ?? true,
    },
    'placement',
  );
  const v = form.values;

  // The chosen apartment's rent, for the hint at "own rent".
  const chosenApartment = useLoad(
    (signal) =>
      !v.apartmentId
        ? Promise.resolve(null)
        : v.apartmentId === preset.apartment?.id
          ? Promise.resolve(preset.apartment)
          : apartmentsApi.get(v.apartmentId, signal).catch(() => null),
    [v.apartmentId],
  );

  const loadResidents = async (q: string, signal: AbortSignal) => {
    const page = await residentsApi.list({ unitId: unit?.id, q, status: 'all', sort: 'lastName', pageSize: PICKER_SIZE }, signal);
    return { options: page.items.map((r) => ({ value: r.id, label: residentLabel(r) })), total: page.total };
  };

  const loadApartments = async (q: string, signal: AbortSignal) => {
    const page = await apartmentsApi.list({ unitId: unit?.id, q, sort: 'address', pageSize: PICKER_SIZE }, signal);
    return { options: page.items.map((a) => ({ value: a.id, label: apartmentLabel(a) })), total: page.total };
  };

  const apartmentLabel = (a: Apartment) => {
    const occupancy = a.currentResident ? t('placements.occupiedBy', { name: a.currentResident.name }) : t('placements.vacant');
    return `${a.address}, ${a.city} – ${labels.apartmentType(a.type)} (${occupancy})`;
  };

  const validate = (values: typeof v): FieldErrors => {
    const errors: FieldErrors = {};
    if (!values.residentId) errors.residentId = t('errors.chooseRequired', { field: t('placements.resident').toLowerCase() });
    if (!values.apartmentId) errors.apartmentId = t('errors.chooseRequired', { field: t('placements.apartment').toLowerCase() });
    if (!values.startDate) errors.startDate = t('errors.required', { field: t('placements.startDate').toLowerCase() });
    else if (!isIsoDate(values.startDate)) errors.startDate = t('errors.invalidDate');
    if (values.endDate) {
      if (!isIsoDate(values.endDate)) errors.endDate = t('errors.invalidDate');
      else if (values.startDate && values.endDate < values.startDate) errors.endDate = t('errors.endBeforeStart');
      if (!values.endReason) errors.endReason = t('errors.chooseRequired', { field: t('placements.endReason').toLowerCase() });
    }
    for (const field of ['dailyFeeOre', 'monthlyRentOre', 'rentAllowanceOre'] as const) {
      if (field === 'rentAllowanceOre' && !values.rentIncludedInDailyFee) continue;
      if (!readKronor(values[field]).ok) errors[field] = t('errors.invalidKronor');
    }
    if (values.agreedDueDay.trim() && !/^(?:[1-9]|1\d|2[0-8])$/.test(values.agreedDueDay.trim())) {
      errors.agreedDueDay = t('errors.invalidInteger', { min: 1, max: 28 });
    }
    return errors;
  };

  const onSubmit = form.handleSubmit(validate, async (values) => {
    const ore = (text: string) => {
      const result = readKronor(text);
      return result.ok ? result.ore : null;
    };
    const input: PlacementInput & { endReason?: EndReason | null; endNote?: string | null } = {
      residentId: values.residentId,
      apartmentId: values.apartmentId,
      startDate: values.startDate,
      endDate: values.endDate || null,
      leaseForm: values.leaseForm as LeaseForm,
      rentIncludedInDailyFee: values.rentIncludedInDailyFee,
      dailyFeeOre: ore(values.dailyFeeOre),
      rentAllowanceOre: values.rentIncludedInDailyFee ? ore(values.rentAllowanceOre) : null,
      monthlyRentOre: ore(values.monthlyRentOre),
      agreedDueDay: values.agreedDueDay.trim() ? Number(values.agreedDueDay.trim()) : null,
      residentPaysRent: values.residentPaysRent,
    };
    if (values.endDate) {
      input.endReason = values.endReason as EndReason;
      input.endNote = optionalText(values.endNote);
    } else if (p?.endDate) {
      // Reopening an ended placement: the end reason goes with the end date.
      input.endReason = null;
      input.endNote = null;
    }
    const saved = p ? await placementsApi.update(p.id, p.version, input) : await placementsApi.create(input);
    navigate(`/placements/${saved.id}`, flash(p ? t('common.saved') : t('placements.created')));
  });

  const apartmentRent = chosenApartment.data?.monthlyRentOre;

  return (
    <div className="card form-card">
      <ErrorSummary {...form.summary} />
      <form onSubmit={onSubmit} noValidate>
        <EntityPicker
          {...form.text('residentId')}
          label={t('placements.resident')}
          searchLabel={t('placements.searchResident')}
          load={loadResidents}
          minQuery={2}
          selected={preset.resident ? { value: preset.resident.id, label: preset.resident.label } : null}
        />
        <EntityPicker
          {...form.text('apartmentId')}
          label={t('placements.apartment')}
          searchLabel={t('placements.searchApartment')}
          load={loadApartments}
          selected={preset.apartment ? { value: preset.apartment.id, label: apartmentLabel(preset.apartment) } : null}
        />
        <div className="field-row">
          <TextField {...form.text('startDate')} label={t('placements.startDate')} type="date" width="short" />
          <TextField
            {...form.text('endDate')}
            label={t('placements.endDate')}
            hint={t('placements.endDateHint')}
            type="date"
            width="short"
            optional
          />
        </div>
        {v.endDate ? (
          <>
            <SelectField
              {...form.text('endReason')}
              label={t('placements.endReason')}
              options={labels.endReasonOptions}
              placeholder={t('common.choose')}
              width="medium"
            />
            <TextAreaField {...form.text('endNote')} label={t('placements.endNote')} optional rows={2} />
          </>
        ) : null}
        <RadioGroup {...form.text('leaseForm')} label={t('placements.leaseForm')} options={labels.leaseFormOptions} />
        <fieldset className="fieldset-group">
          <legend>{t('placements.money')}</legend>
          <MoneyField {...form.text('dailyFeeOre')} label={t('placements.dailyFee')} hint={t('placements.dailyFeeHint')} optional />
          <CheckboxField {...form.checkbox('rentIncludedInDailyFee')} label={t('placements.rentIncludedInDailyFee')} />
          {v.rentIncludedInDailyFee ? (
            <MoneyField
              {...form.text('rentAllowanceOre')}
              label={t('placements.rentAllowance')}
              hint={t('placements.rentAllowanceHint')}
              optional
            />
          ) : null}
          <MoneyField
            {...form.text('monthlyRentOre')}
            label={t('placements.monthlyRent')}
            hint={
              apartmentRent !== undefined && apartmentRent !== null
                ? t('placements.monthlyRentHintWith', { rent: money(apartmentRent) })
                : t('placements.monthlyRentHint')
            }
            optional
          />
        </fieldset>
        <fieldset className="fieldset-group">
          <legend>{t('placements.rentPayment')}</legend>
          <CheckboxField
            {...form.checkbox('residentPaysRent')}
            label={t('placements.residentPaysRent')}
            hint={t('placements.residentPaysRentHint')}
          />
          <TextField
            {...form.text('agreedDueDay')}
            label={t('placements.agreedDueDay')}
            hint={t('placements.agreedDueDayHint')}
            inputMode="numeric"
            width="short"
            optional
          />
          {p ? (
            <p className="field-hint" data-testid="placement-form-ocr">
              {t('placements.ocrReference')}: <span className="ocr-inline">{p.ocrReference ?? t('placements.ocrPending')}</span>
            </p>
          ) : null}
        </fieldset>
        <FormActions
          submitLabel={p ? t('common.saveChanges') : t('common.save')}
          submitting={form.submitting}
          cancelTo={p ? `/placements/${p.id}` : '/placements'}
        />
      </form>
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import { FormActions } from '../../components/FormActions.tsx';
import { apartmentsApi } from '../../api/apartments.ts';
import { ledgerApi } from '../../api/ledger.ts';
import { PAYMENT_METHODS, type Payment, type PaymentMethod, type Placement } from '../../api/types.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { MoneyField, RadioGroup, TextAreaField, TextField } from '../../components/Fields.tsx';
import { isIsoDate, isMonth, kronorInput, money, nextMonth, optionalText, positiveOre, today } from '../../format.ts';
import { useForm, type FieldErrors } from '../../hooks/useForm.ts';
import { useLoad } from '../../hooks/useLoad.ts';

// The ledger's forms. Each reports what it did in one sentence (onDone), which the ledger shows and focuses
// after reloading, so the caseworker sees the effect in the tables at once.

interface PanelProps {
  onDone: (message: string) => void;
  onCancel: () => void;
}

export function RecordPaymentForm({ placementId, onDone, onCancel }: PanelProps & { placementId: string }) {
  const { t } = useTranslation();
  const form = useForm({ bookingDate: today(), amountOre: '', method: '', note: '' }, `payment-${placementId}`);

  const validate = (v: typeof form.values): FieldErrors => {
    const errors: FieldErrors = {};
    if (!v.bookingDate) errors.bookingDate = t('errors.required', { field: t('ledger.paymentDate').toLowerCase() });
    else if (!isIsoDate(v.bookingDate)) errors.bookingDate = t('errors.invalidDate');
    if (positiveOre(v.amountOre) === null) errors.amountOre = t('errors.positiveKronor');
    if (!v.method) errors.method = t('ledger.chooseMethod');
    return errors;
  };

  const onSubmit = form.handleSubmit(validate, async (v) => {
    const amountOre = positiveOre(v.amountOre)!;
    await ledgerApi.recordPayment(placementId, {
      bookingDate: v.bookingDate,
      amountOre,
      method: v.method as PaymentMethod,
      note: optionalText(v.note),
    });
    onDone(t('ledger.paymentSaved', { amount: money(amountOre) }));
  });

  return (
    <div className="ledger-form" data-testid="record-payment-form">
      <h3 className="ledger-form-title">{t('ledger.recordPayment')}</h3>
      <p className="field-hint">{t('ledger.recordPaymentIntro')}</p>
      <ErrorSummary {...form.summary} />
      <form onSubmit={onSubmit} noValidate>
        <div className="field-row">
          <TextField {...form.text('bookingDate')} label={t('ledger.paymentDate')} type="date" width="short" autoFocus />
          <MoneyField {...form.text('amountOre')} label={t('ledger.paymentAmount')} />
        </div>
        <RadioGroup
          {...form.text('method')}
          label={t('ledger.method')}
          inline
          options={PAYMENT_METHODS.map((m) => ({ value: m, label: t(`ledger.methods.${m}`) }))}
        />
        <TextField {...form.text('note')} label={t('ledger.paymentNote')} optional />
        <FormActions submitLabel={t('ledger.savePayment')} submitting={form.submitting} onCancel={onCancel} />
      </form>
    </div>
  );
}

export function AllowanceForm({ placement, onDone, onCancel }: PanelProps & { placement: Placement }) {
  const { t } = useTranslation();
  const form = useForm({ paidOn: today(), amountOre: kronorInput(placement.rentAllowanceOre), note: '' }, `allowance-${placement.id}`);

  const validate = (v: typeof form.values): FieldErrors => {
    const errors: FieldErrors = {};
    if (!v.paidOn) errors.paidOn = t('errors.required', { field: t('ledger.allowanceDate').toLowerCase() });
    else if (!isIsoDate(v.paidOn)) errors.paidOn = t('errors.invalidDate');
    if (positiveOre(v.amountOre) === null) errors.amountOre = t('errors.positiveKronor');
    return errors;
  };

  const onSubmit = form.handleSubmit(validate, async (v) => {
    const amountOre = positiveOre(v.amountOre)!;
    await ledgerApi.payAllowance(placement.id, { paidOn: v.paidOn, amountOre, note: optionalText(v.note) });
    onDone(t('ledger.allowanceSaved', { amount: money(amountOre) }));
  });

  return (
    <div className="ledger-form" data-testid="allowance-form">
      <h3 className="ledger-form-title">{t('ledger.payAllowance')}</h3>
      <p className="field-hint">{t('ledger.allowanceIntro')}</p>
      <ErrorSummary {...form.summary} />
      <form onSubmit={onSubmit} noValidate>
        <div className="field-row">
          <TextField {...form.text('paidOn')} label={t('ledger.allowanceDate')} type="date" width="short" autoFocus />
          <MoneyField {...form.text('amountOre')} label={t('ledger.allowanceAmount')} />
        </div>
        <TextField {...form.text('note')} label={t('ledger.paymentNote')} optional />
        <FormActions submitLabel={t('ledger.saveAllowance')} submitting={form.submitting} onCancel={onCancel} />
      </form>
    </div>
  );
}

/** Placement level: a rent of its own from a month, or back to the apartment's rent (monthlyRentOre null). */
export function PlacementRentChangeForm({ placement, onDone, onCancel }: PanelProps & { placement: Placement }) {
  const { t } = useTranslation();
  const form = useForm({ fromMonth: nextMonth(), mode: 'own', monthlyRentOre: '' }, `rent-${placement.id}`);
  // The apartment's rent, to name it at "back to the apartment's rent".
  const apartment = useLoad(
    (signal) =>
      placement.monthlyRentOre === null
        ? Promise.resolve(placement.effectiveMonthlyRentOre ?? null)
        : apartmentsApi
            .get(placement.apartmentId, signal)
            .then((a) => a.monthlyRentOre)
            .catch(() => null),
    [placement.id],
  );
  const apartmentRent = apartment.data ?? null;
  const current = placement.monthlyRentOre ?? placement.effectiveMonthlyRentOre ?? null;

  const validate = (v: typeof form.values): FieldErrors => {
    const errors: FieldErrors = {};
    if (!isMonth(v.fromMonth)) errors.fromMonth = t('errors.invalidMonth');
    if (v.mode === 'own' && positiveOre(v.monthlyRentOre) === null) errors.monthlyRentOre = t('errors.positiveKronor');
    return errors;
  };

  const onSubmit = form.handleSubmit(validate, async (v) => {
    const rent = v.mode === 'own' ? positiveOre(v.monthlyRentOre) : null;
    const { corrected } = await ledgerApi.changePlacementRent(placement.id, v.fromMonth, rent);
    onDone(`${t('ledger.rentChanged', { month: v.fromMonth })} ${t('apartments.rentChangeCorrected', { count: corrected })}`);
  });

  return (
    <div className="ledger-form" data-testid="rent-change-form">
      <h3 className="ledger-form-title">{t('ledger.changeRent')}</h3>
      <p className="field-hint">{t('ledger.changeRentIntro')}</p>
      <ErrorSummary {...form.summary} />
      <form onSubmit={onSubmit} noValidate>
        <TextField
          {...form.text('fromMonth')}
          label={t('apartments.rentChangeFrom')}
          hint={t('apartments.rentChangeFromHint')}
          width="short"
          inputMode="numeric"
          autoFocus
        />
        <RadioGroup
          {...form.text('mode')}
          label={t('ledger.newRent')}
          options={[
            { value: 'own', label: t('ledger.newRentOwn') },
            {
              value: 'apartment',
              label:
                apartmentRent !== null ? t('ledger.newRentApartmentWith', { rent: money(apartmentRent) }) : t('ledger.newRentApartment'),
            },
          ]}
        />
        {form.values.mode === 'own' ? (
          <MoneyField
            {...form.text('monthlyRentOre')}
            label={t('apartments.rentChangeAmount')}
            hint={current !== null ? `${t('ledger.rent')}: ${money(current)}` : undefined}
          />
        ) : null}
        <FormActions submitLabel={t('apartments.rentChangeSubmit')} submitting={form.submitting} onCancel={onCancel} />
      </form>
    </div>
  );
}

/** Apartment level: every placement in it without a rent of its own follows. */
export function ApartmentRentChangeForm({
  apartmentId,
  currentRentOre,
  onDone,
}: {
  apartmentId: string;
  currentRentOre: number;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const form = useForm({ fromMonth: nextMonth(), monthlyRentOre: kronorInput(currentRentOre) }, 'apartment-rent');

  const validate = (v: typeof form.values): FieldErrors => {
    const errors: FieldErrors = {};
    if (!isMonth(v.fromMonth)) errors.fromMonth = t('errors.invalidMonth');
    if (positiveOre(v.monthlyRentOre) === null) errors.monthlyRentOre = t('errors.positiveKronor');
    return errors;
  };

  const onSubmit = form.handleSubmit(validate, async (v) => {
    const rent = positiveOre(v.monthlyRentOre)!;
    const { corrected } = await ledgerApi.changeApartmentRent(apartmentId, v.fromMonth, rent);
    onDone(
      `${t('apartments.rentChanged', { rent: money(rent), month: v.fromMonth })} ${t('apartments.rentChangeCorrected', { count: corrected })}`,
    );
  });

  return (
    <>
      <ErrorSummary {...form.summary} />
      <form onSubmit={onSubmit} noValidate className="inline-form" data-testid="apartment-rent-change-form">
        <TextField
          {...form.text('fromMonth')}
          label={t('apartments.rentChangeFrom')}
          hint={t('apartments.rentChangeFromHint')}
          width="short"
          inputMode="numeric"
        />
        <MoneyField
          {...form.text('monthlyRentOre')}
          label={t('apartments.rentChangeAmount')}
          hint={`${t('apartments.monthlyRent')}: ${money(currentRentOre)}`}
        />
        <div className="form-actions">
          <button type="submit" className="button button-secondary" disabled={form.submitting}>
            {form.submitting ? t('app.saving') : t('apartments.rentChangeSubmit')}
          </button>
        </div>
      </form>
    </>
  );
}

/** "Makulera": a reason is required; the reversal is dated today unless another day is given. */
export function ReverseDialog({
  payment,
  onClose,
  onDone,
}: {
  payment: Payment | null;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Dialog open={payment !== null} title={t('ledger.reverseTitle')} onClose={onClose} testId="reverse-dialog">
      {payment ? <ReverseForm key={payment.id} payment={payment} onClose={onClose} onDone={onDone} /> : null}
    </Dialog>
  );
}

function ReverseForm({ payment, onClose, onDone }: { payment: Payment; onClose: () => void; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const form = useForm({ note: '', bookingDate: '' }, 'reverse');

  const validate = (v: typeof form.values): FieldErrors => {
    const errors: FieldErrors = {};
    if (!v.note.trim()) errors.note = t('errors.required', { field: t('ledger.reverseReason').toLowerCase() });
    if (v.bookingDate && !isIsoDate(v.bookingDate)) errors.bookingDate = t('errors.invalidDate');
    return errors;
  };

  const onSubmit = form.handleSubmit(validate, async (v) => {
    await ledgerApi.reversePayment(payment.id, { note: v.note.trim(), bookingDate: v.bookingDate || null });
    onDone(t('ledger.reversedNotice', { amount: money(payment.amountOre) }));
  });

  return (
    <>
      <p>{t('ledger.reverseIntro', { amount: money(payment.amountOre), date: payment.bookingDate })}</p>
      <ErrorSummary {...form.summary} />
      <form onSubmit={onSubmit} noValidate>
        <TextAreaField {...form.text('note')} label={t('ledger.reverseReason')} hint={t('ledger.reverseReasonHint')} rows={2} />
        <TextField
          {...form.text('bookingDate')}
          label={t('ledger.reverseDate')}
          hint={t('ledger.reverseDateHint')}
          type="date"
          width="short"
          optional
        />
        <div className="form-actions">
          <button type="submit" className="button button-danger" disabled={form.submitting}>
            {form.submitting ? t('app.saving') : t('ledger.reverseSubmit')}
          </button>
          <button type="button" className="button button-link" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </>
  );
}

import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { placementsApi } from '../../api/placements.ts';
import type { EndReason, Placement } from '../../api/types.ts';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { SelectField, TextAreaField, TextField } from '../../components/Fields.tsx';
import { FormActions } from '../../components/FormActions.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Page } from '../../components/Page.tsx';
import { isIsoDate, optionalText, today } from '../../format.ts';
import { flash } from '../../hooks/useFlash.ts';
import { useForm, type FieldErrors } from '../../hooks/useForm.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useLabels } from '../../labels.ts';

export function EndPlacementPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const result = useLoad((signal) => placementsApi.get(id, signal), [id]);
  const p = result.data;
  return (
    <Page title={t('placements.endTitle')} kicker={p ? `${p.residentName}, ${p.apartmentAddress}` : undefined}>
      <LoadState {...result}>{(placement) => <EndForm placement={placement} />}</LoadState>
    </Page>
  );
}

function EndForm({ placement }: { placement: Placement }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const navigate = useNavigate();
  const form = useForm({ endDate: placement.endDate ?? today(), endReason: '', endNote: '' }, 'end');

  const validate = (v: typeof form.values): FieldErrors => {
    const errors: FieldErrors = {};
    if (!v.endDate) errors.endDate = t('errors.required', { field: t('placements.endDate').toLowerCase() });
    else if (!isIsoDate(v.endDate)) errors.endDate = t('errors.invalidDate');
    else if (v.endDate < placement.startDate) errors.endDate = t('errors.endBeforeStart');
    if (!v.endReason) errors.endReason = t('errors.chooseRequired', { field: t('placements.endReason').toLowerCase() });
    return errors;
  };

  const onSubmit = form.handleSubmit(validate, async (v) => {
    const note = optionalText(v.endNote);
    await placementsApi.end(placement.id, placement.version, {
      endDate: v.endDate,
      endReason: v.endReason as EndReason,
      ...(note ? { endNote: note } : {}),
    });
    navigate(`/placements/${placement.id}`, flash(t('placements.ended_ok')));
  });

  return (
    <div className="card form-card">
      <p className="lead">
        <Link to={`/residents/${placement.residentId}`}>{placement.residentName}</Link>
        {' · '}
        <Link to={`/apartments/${placement.apartmentId}`}>{placement.apartmentAddress}</Link>
        {' · '}
        {t('placements.startDate')} {placement.startDate}
      </p>
      <ErrorSummary {...form.summary} />
      <form onSubmit={onSubmit} noValidate>
        <TextField
          {...form.text('endDate')}
          label={t('placements.endDate')}
          hint={t('placements.endDateLastDay')}
          type="date"
          width="short"
        />
        <SelectField
          {...form.text('endReason')}
          label={t('placements.endReason')}
          options={labels.endReasonOptions}
          placeholder={t('common.choose')}
          width="medium"
        />
        <TextAreaField {...form.text('endNote')} label={t('placements.endNote')} optional rows={3} />
        <FormActions submitLabel={t('placements.end')} submitting={form.submitting} cancelTo={`/placements/${placement.id}`} />
      </form>
    </div>
  );
}

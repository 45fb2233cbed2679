import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { followupApi } from '../../api/followup.ts';
import { UNPAID_REASONS, type HomeVisit, type UnpaidReason } from '../../api/types.ts';
import { DetailList } from '../../components/DetailList.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { CheckboxField, CheckboxGroup, RadioGroup, TextAreaField, TextField } from '../../components/Fields.tsx';
import { Notice } from '../../components/Page.tsx';
import { isIsoDate, optionalText, today } from '../../format.ts';
import { useForm, type FieldErrors } from '../../hooks/useForm.ts';

const EMPTY = {
  visitDate: '',
  happened: '',
  notHappenedReason: '',
  wellbeing: '',
  reasons: '',
  reasonOther: '',
  obstacles: '',
  paymentPlan: '',
  prevention: '',
  completeTask: false,
};

function reasonList(text: string): UnpaidReason[] {
  return text ? (text.split(',') as UnpaidReason[]) : [];
}

/**
 * The home visit on the 5th, as the routine asks it (source 000): how are you, why is the rent unpaid, what
 * stands in the way, the plan for paying, and how to avoid it next time. A visit that did not happen is
 * recorded too, with why.
 */
export function HomeVisitForm({ taskId, taskOpen, onSaved }: { taskId: string; taskOpen: boolean; onSaved: () => void }) {
  const { t } = useTranslation();
  const form = useForm({ ...EMPTY, visitDate: today() }, 'visit');
  const [saved, setSaved] = useState<string | null>(null);
  const v = form.values;
  const reasons = reasonList(v.reasons);

  const validate = (values: typeof form.values): FieldErrors => {
    const errors: FieldErrors = {};
    if (!isIsoDate(values.visitDate)) errors.visitDate = t('errors.invalidDate');
    if (!values.happened) errors.happened = t('visit.chooseHappened');
    if (values.happened === 'no' && !values.notHappenedReason.trim()) {
      errors.notHappenedReason = t('errors.required', { field: t('visit.notHappenedReason').toLowerCase() });
    }
    if (values.happened === 'yes' && reasonList(values.reasons).includes('other') && !values.reasonOther.trim()) {
      errors.reasonOther = t('errors.required', { field: t('visit.reasonOther').toLowerCase() });
    }
    return errors;
  };

  const onSubmit = form.handleSubmit(validate, async (values) => {
    setSaved(null);
    const happened = values.happened === 'yes';
    const chosen = happened ? reasonList(values.reasons) : [];
    const answer = await followupApi.recordHomeVisit(taskId, {
      visitDate: values.visitDate,
      happened,
      notHappenedReason: happened ? null : optionalText(values.notHappenedReason),
      wellbeing: happened ? optionalText(values.wellbeing) : null,
      reasons: chosen,
      reasonOther: chosen.includes('other') ? optionalText(values.reasonOther) : null,
      obstacles: happened ? optionalText(values.obstacles) : null,
      paymentPlan: happened ? optionalText(values.paymentPlan) : null,
      prevention: happened ? optionalText(values.prevention) : null,
      completeTask: taskOpen && values.completeTask,
    });
    const done = taskOpen && values.completeTask && answer.task.status === 'done';
    form.setValues({ ...EMPTY, visitDate: today() });
    setSaved(done ? t('visit.savedAndDone', { date: values.visitDate }) : t('visit.saved', { date: values.visitDate }));
    onSaved();
  });

  return (
    <div data-testid="home-visit-form">
      <p className="lead">{t('visit.intro')}</p>
      {saved ? <Notice>{saved}</Notice> : null}
      <ErrorSummary {...form.summary} />
      <form onSubmit={onSubmit} noValidate className="visit-form">
        <TextField {...form.text('visitDate')} label={t('visit.visitDate')} type="date" width="short" />
        <RadioGroup
          {...form.text('happened')}
          label={t('visit.happened')}
          inline
          options={[
            { value: 'yes', label: t('common.yes') },
            { value: 'no', label: t('common.no') },
          ]}
        />
        {v.happened === 'no' ? (
          <TextAreaField
            {...form.text('notHappenedReason')}
            label={t('visit.notHappenedReason')}
            hint={t('visit.notHappenedHint')}
            rows={2}
          />
        ) : null}
        {v.happened === 'yes' ? (
          <>
            <TextAreaField {...form.text('wellbeing')} label={t('visit.wellbeing')} hint={t('visit.wellbeingHint')} rows={3} optional />
            <CheckboxGroup
              id={form.id('reasons')}
              label={t('visit.reasons')}
              hint={t('visit.reasonsHint')}
              value={reasons}
              onChange={(next) => form.setValue('reasons', next.join(','))}
              error={form.errors.reasons}
              options={UNPAID_REASONS.map((reason) => ({ value: reason, label: t(`visit.reasonLabels.${reason}`) }))}
            />
            {reasons.includes('other') ? <TextField {...form.text('reasonOther')} label={t('visit.reasonOther')} /> : null}
            <TextAreaField {...form.text('obstacles')} label={t('visit.obstacles')} hint={t('visit.obstaclesHint')} rows={3} optional />
            <TextAreaField
              {...form.text('paymentPlan')}
              label={t('visit.paymentPlan')}
              hint={t('visit.paymentPlanHint')}
              rows={3}
              optional
            />
            <TextAreaField {...form.text('prevention')} label={t('visit.prevention')} hint={t('visit.preventionHint')} rows={3} optional />
          </>
        ) : null}
        {taskOpen ? (
          <CheckboxField {...form.checkbox('completeTask')} label={t('visit.completeTask')} hint={t('visit.completeTaskHint')} />
        ) : null}
        <p className="field-hint">{t('residents.noteHint')}</p>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={form.submitting} aria-disabled={form.submitting}>
            {form.submitting ? t('app.saving') : t('visit.submit')}
          </button>
        </div>
      </form>
    </div>
  );
}

/** The reasons of a visit in words, "Psykisk ohälsa, Annat: …". */
export function useReasonText() {
  const { t } = useTranslation();
  return (visit: HomeVisit) =>
    visit.reasons.length === 0
      ? t('visit.noReasons')
      : visit.reasons
          .map((r) =>
            r === 'other' && visit.reasonOther ? `${t('visit.reasonLabels.other')}: ${visit.reasonOther}` : t(`visit.reasonLabels.${r}`),
          )
          .join(', ');
}

/** One recorded visit, as the caseworker wrote it. */
export function HomeVisitRecord({ visit, headingLevel = 3 }: { visit: HomeVisit; headingLevel?: 3 | 4 }) {
  const { t } = useTranslation();
  const reasonText = useReasonText();
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  return (
    <article className="visit-record" data-testid="home-visit" data-visit-id={visit.id}>
      <Heading className="visit-title">
        {visit.happened ? t('visit.visitOn', { date: visit.visitDate }) : t('visit.notHappenedOn', { date: visit.visitDate })}
      </Heading>
      {visit.happened ? (
        <DetailList
          items={[
            { label: t('visit.wellbeing'), value: text(visit.wellbeing) },
            { label: t('visit.reasons'), value: reasonText(visit) },
            { label: t('visit.obstacles'), value: text(visit.obstacles) },
            { label: t('visit.paymentPlan'), value: text(visit.paymentPlan) },
            { label: t('visit.prevention'), value: text(visit.prevention) },
          ]}
        />
      ) : (
        <DetailList items={[{ label: t('visit.notHappenedReason'), value: text(visit.notHappenedReason) }]} />
      )}
    </article>
  );
}

function text(value: string | null) {
  return value ? <span className="pre-line">{value}</span> : null;
}

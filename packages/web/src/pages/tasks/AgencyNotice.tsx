import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { followupApi } from '../../api/followup.ts';
import { NOTICE_METHODS, type AgencyNotice, type NoticeMethod } from '../../api/types.ts';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { RadioGroup, TextAreaField, TextField } from '../../components/Fields.tsx';
import { Notice } from '../../components/Page.tsx';
import { isIsoDate, optionalText, today } from '../../format.ts';
import { useForm, type FieldErrors } from '../../hooks/useForm.ts';

/** The 15th: when and how the commissioning agency was told that the rent is unpaid. */
export function AgencyNoticeForm({ taskId, onSaved }: { taskId: string; onSaved: () => void }) {
  const { t } = useTranslation();
  const form = useForm({ sentOn: today(), sentHow: '', note: '' }, 'notice');
  const [saved, setSaved] = useState<string | null>(null);

  const validate = (v: typeof form.values): FieldErrors => {
    const errors: FieldErrors = {};
    if (!isIsoDate(v.sentOn)) errors.sentOn = t('errors.invalidDate');
    if (!v.sentHow) errors.sentHow = t('notice.chooseHow');
    return errors;
  };

  const onSubmit = form.handleSubmit(validate, async (v) => {
    setSaved(null);
    await followupApi.recordAgencyNotice(taskId, { sentOn: v.sentOn, sentHow: v.sentHow as NoticeMethod, note: optionalText(v.note) });
    form.setValues({ sentOn: today(), sentHow: '', note: '' });
    setSaved(t('notice.saved', { date: v.sentOn }));
    onSaved();
  });

  return (
    <div data-testid="agency-notice-form">
      {saved ? <Notice>{saved}</Notice> : null}
      <ErrorSummary {...form.summary} />
      <form onSubmit={onSubmit} noValidate>
        <TextField {...form.text('sentOn')} label={t('notice.sentOn')} type="date" width="short" />
        <RadioGroup
          {...form.text('sentHow')}
          label={t('notice.sentHow')}
          inline
          options={NOTICE_METHODS.map((m) => ({ value: m, label: t(`notice.methods.${m}`) }))}
        />
        <TextAreaField {...form.text('note')} label={t('notice.note')} hint={t('notice.noteHint')} rows={2} optional />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={form.submitting} aria-disabled={form.submitting}>
            {form.submitting ? t('app.saving') : t('notice.submit')}
          </button>
        </div>
      </form>
    </div>
  );
}

export function AgencyNoticeList({ notices }: { notices: AgencyNotice[] }) {
  const { t } = useTranslation();
  if (notices.length === 0) return <p className="empty">{t('notice.empty')}</p>;
  const sorted = [...notices].sort((a, b) => b.sentOn.localeCompare(a.sentOn));
  return (
    <ul className="plain-list record-list" data-testid="agency-notices">
      {sorted.map((n) => (
        <li key={n.id} data-notice-id={n.id}>
          <strong>{t('notice.entry', { date: n.sentOn, how: t(`notice.methods.${n.sentHow}`) })}</strong>
          {n.note ? <span className="cell-sub pre-line">{n.note}</span> : null}
        </li>
      ))}
    </ul>
  );
}

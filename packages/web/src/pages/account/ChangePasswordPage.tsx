import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { authApi } from '../../api/auth.ts';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { TextField } from '../../components/Fields.tsx';
import { Notice, Page } from '../../components/Page.tsx';
import { useForm, type FieldErrors } from '../../hooks/useForm.ts';

const MIN_LENGTH = 12;

export function ChangePasswordPage() {
  const { t } = useTranslation();
  const [done, setDone] = useState(false);
  const form = useForm({ currentPassword: '', newPassword: '', confirmPassword: '' }, 'password');

  const validate = (v: typeof form.values): FieldErrors => {
    const errors: FieldErrors = {};
    if (!v.currentPassword) errors.currentPassword = t('errors.required', { field: t('password.current').toLowerCase() });
    if (v.newPassword.length < MIN_LENGTH) errors.newPassword = t('password.tooShort');
    else if (v.confirmPassword !== v.newPassword) errors.confirmPassword = t('password.mismatch');
    return errors;
  };

  const onSubmit = form.handleSubmit(validate, async (v) => {
    setDone(false);
    await authApi.changePassword(v.currentPassword, v.newPassword);
    form.setValues({ currentPassword: '', newPassword: '', confirmPassword: '' });
    setDone(true);
  });

  return (
    <Page title={t('password.title')}>
      <div className="card form-card">
        {done ? <Notice>{t('password.changed')}</Notice> : null}
        <ErrorSummary {...form.summary} />
        <form onSubmit={onSubmit} noValidate>
          <TextField
            {...form.text('currentPassword')}
            label={t('password.current')}
            type="password"
            autoComplete="current-password"
            width="medium"
          />
          <TextField
            {...form.text('newPassword')}
            label={t('password.new')}
            hint={t('password.newHint')}
            type="password"
            autoComplete="new-password"
            width="medium"
          />
          <TextField
            {...form.text('confirmPassword')}
            label={t('password.confirm')}
            type="password"
            autoComplete="new-password"
            width="medium"
          />
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={form.submitting}>
              {t('password.submit')}
            </button>
          </div>
        </form>
      </div>
    </Page>
  );
}

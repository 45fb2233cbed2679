import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { adminApi } from '../../api/admin.ts';
import type { AdminUser, Role, Unit } from '../../api/types.ts';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { CheckboxField, SelectField, TextField } from '../../components/Fields.tsx';
import { FormActions } from '../../components/FormActions.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Page } from '../../components/Page.tsx';
import { flash } from '../../hooks/useFlash.ts';
import { useForm, type FieldErrors } from '../../hooks/useForm.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useLabels } from '../../labels.ts';

const MIN_PASSWORD = 12;

export function UserFormPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const data = useLoad(
    async (signal) => {
      const [units, users] = await Promise.all([adminApi.units(signal), id ? adminApi.users(signal) : Promise.resolve([])]);
      const user = id ? users.find((u) => u.id === id) : null;
      if (id && !user) throw new Error('not found');
      return { units, user: user ?? null };
    },
    [id],
  );
  return (
    <Page title={id ? t('admin.editUser') : t('admin.newUser')} kicker={data.data?.user?.displayName}>
      <LoadState {...data}>{({ units, user }) => <UserForm units={units} user={user} />}</LoadState>
    </Page>
  );
}

type Values = Record<string, string | boolean>;

function UserForm({ units, user }: { units: Unit[]; user: AdminUser | null }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const navigate = useNavigate();
  const roleField = (unitId: string) => `role_${unitId}`;
  const initial: Values = {
    username: user?.username ?? '',
    displayName: user?.displayName ?? '',
    password: '',
    isAdmin: user?.isAdmin ?? false,
    disabled: user?.disabled ?? false,
  };
  for (const unit of units) initial[roleField(unit.id)] = user?.memberships.find((m) => m.unitId === unit.id)?.role ?? '';
  const form = useForm(initial, 'user');
  const text = (name: string) => form.text(name);

  const validate = (v: Values): FieldErrors => {
    const errors: FieldErrors = {};
    if (!user && !String(v.username).trim()) errors.username = t('errors.required', { field: t('admin.username').toLowerCase() });
    if (!String(v.displayName).trim()) errors.displayName = t('errors.required', { field: t('admin.displayName').toLowerCase() });
    const password = String(v.password);
    if ((!user || password) && password.length < MIN_PASSWORD) errors.password = t('password.tooShort');
    return errors;
  };

  const onSubmit = form.handleSubmit(validate, async (v) => {
    const memberships = units
      .filter((unit) => v[roleField(unit.id)])
      .map((unit) => ({ unitId: unit.id, role: v[roleField(unit.id)] as Role }));
    if (user) {
      await adminApi.updateUser(user.id, {
        displayName: String(v.displayName).trim(),
        isAdmin: Boolean(v.isAdmin),
        disabled: Boolean(v.disabled),
        memberships,
        ...(v.password ? { password: String(v.password) } : {}),
      });
    } else {
      await adminApi.createUser({
        username: String(v.username).trim(),
        displayName: String(v.displayName).trim(),
        password: String(v.password),
        isAdmin: Boolean(v.isAdmin),
        memberships,
      });
    }
    navigate('/admin', flash(user ? t('common.saved') : t('common.created', { name: String(v.displayName).trim() })));
  });

  return (
    <div className="card form-card">
      <ErrorSummary {...form.summary} />
      <form onSubmit={onSubmit} noValidate>
        {user ? (
          <p className="lead">
            {t('admin.username')}: <strong>{user.username}</strong>
          </p>
        ) : (
          <TextField {...text('username')} label={t('admin.username')} hint={t('admin.usernameHint')} width="medium" />
        )}
        <TextField {...text('displayName')} label={t('admin.displayName')} width="medium" />
        <TextField
          {...text('password')}
          label={user ? t('admin.newPassword') : t('admin.password')}
          hint={user ? t('admin.newPasswordHint') : t('admin.passwordHint')}
          type="password"
          autoComplete="new-password"
          optional={Boolean(user)}
          width="medium"
        />
        <fieldset className="fieldset-group">
          <legend>{t('admin.memberships')}</legend>
          <p className="field-hint">{t('admin.membershipsHint')}</p>
          {units.length === 0 ? <p className="empty">{t('admin.noUnits')}</p> : null}
          {units.map((unit) => (
            <SelectField
              key={unit.id}
              {...text(roleField(unit.id))}
              label={t('admin.roleIn', { unit: unit.name })}
              options={labels.roleOptions}
              placeholder={t('admin.notMember')}
              filter
              width="medium"
            />
          ))}
        </fieldset>
        <CheckboxField {...form.checkbox('isAdmin')} label={t('admin.isAdmin')} hint={t('admin.isAdminHint')} />
        {user ? <CheckboxField {...form.checkbox('disabled')} label={t('admin.disabled')} hint={t('admin.disabledHint')} /> : null}
        <FormActions submitLabel={user ? t('common.saveChanges') : t('common.save')} submitting={form.submitting} cancelTo="/admin" />
      </form>
    </div>
  );
}

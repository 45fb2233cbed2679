import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { adminApi } from '../../api/admin.ts';
import { landlordsApi } from '../../api/landlords.ts';
import type { AdminUser, Landlord, Role, Unit } from '../../api/types.ts';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { CheckboxField, RadioGroup, SelectField, TextField } from '../../components/Fields.tsx';
import { FormActions } from '../../components/FormActions.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Page } from '../../components/Page.tsx';
import { flash } from '../../hooks/useFlash.ts';
import { useForm, type FieldErrors } from '../../hooks/useForm.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useLabels } from '../../labels.ts';
import { PICKER_SIZE } from '../constants.ts';
import { TwoFactorReset } from './TwoFactorReset.tsx';

const MIN_PASSWORD = 12;

export function UserFormPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  // /admin/users/new?landlordId=… (the landlord page's link) starts a landlord account of that company.
  const [search] = useSearchParams();
  const presetLandlordId = id ? '' : (search.get('landlordId') ?? '');
  const data = useLoad(
    async (signal) => {
      const [units, users, landlords] = await Promise.all([
        adminApi.units(signal),
        id ? adminApi.users(signal) : Promise.resolve([]),
        landlordsApi.list({ sort: 'name', pageSize: PICKER_SIZE }, signal),
      ]);
      const user = id ? users.find((u) => u.id === id) : null;
      if (id && !user) throw new Error('not found');
      return { units, user: user ?? null, landlords: landlords.items };
    },
    [id],
  );
  return (
    <Page title={id ? t('admin.editUser') : t('admin.newUser')} kicker={data.data?.user?.displayName}>
      <LoadState {...data}>
        {({ units, user, landlords }) => (
          <div className="stack">
            <UserForm units={units} user={user} landlords={landlords} presetLandlordId={presetLandlordId} />
            {/* Staff accounts only: landlords never use two-factor in Kvarbo. */}
            {user && user.kind !== 'landlord' ? <TwoFactorReset user={user} /> : null}
          </div>
        )}
      </LoadState>
    </Page>
  );
}

type Values = Record<string, string | boolean>;

interface FormProps {
  units: Unit[];
  user: AdminUser | null;
  landlords: Landlord[];
  presetLandlordId: string;
}

function UserForm({ units, user, landlords, presetLandlordId }: FormProps) {
  const { t } = useTranslation();
  const labels = useLabels();
  const navigate = useNavigate();
  const roleField = (unitId: string) => `role_${unitId}`;
  const preset = landlords.some((l) => l.id === presetLandlordId) ? presetLandlordId : '';
  const initial: Values = {
    username: user?.username ?? '',
    displayName: user?.displayName ?? '',
    password: '',
    isAdmin: user?.isAdmin ?? false,
    disabled: user?.disabled ?? false,
    accountType: preset ? 'landlord' : 'staff',
    landlordId: preset,
  };
  for (const unit of units) initial[roleField(unit.id)] = user?.memberships.find((m) => m.unitId === unit.id)?.role ?? '';
  const form = useForm(initial, 'user');
  const text = (name: string) => form.text(name);
  // An existing account keeps its kind; a new one is staff or landlord as chosen.
  const isLandlord = user ? user.kind === 'landlord' : form.values.accountType === 'landlord';
  const landlordName = (landlordId: string | null | undefined) => landlords.find((l) => l.id === landlordId)?.name ?? '';

  const validate = (v: Values): FieldErrors => {
    const errors: FieldErrors = {};
    if (!user && !String(v.username).trim()) errors.username = t('errors.required', { field: t('admin.username').toLowerCase() });
    if (!String(v.displayName).trim()) errors.displayName = t('errors.required', { field: t('admin.displayName').toLowerCase() });
    const password = String(v.password);
    if ((!user || password) && password.length < MIN_PASSWORD) errors.password = t('password.tooShort');
    if (!user && v.accountType === 'landlord' && !v.landlordId) {
      errors.landlordId = t('errors.required', { field: t('admin.landlord').toLowerCase() });
    }
    return errors;
  };

  const onSubmit = form.handleSubmit(validate, async (v) => {
    const memberships = units
      .filter((unit) => v[roleField(unit.id)])
      .map((unit) => ({ unitId: unit.id, role: v[roleField(unit.id)] as Role }));
    if (user) {
      await adminApi.updateUser(user.id, user.version, {
        displayName: String(v.displayName).trim(),
        disabled: Boolean(v.disabled),
        // A landlord account has no units and is never admin: send only what applies to it.
        ...(isLandlord ? {} : { isAdmin: Boolean(v.isAdmin), memberships }),
        ...(v.password ? { password: String(v.password) } : {}),
      });
    } else if (isLandlord) {
      await adminApi.createUser({
        username: String(v.username).trim(),
        displayName: String(v.displayName).trim(),
        password: String(v.password),
        isAdmin: false,
        memberships: [],
        landlordId: String(v.landlordId),
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
    const message = user ? t('common.saved') : t('common.created', { name: String(v.displayName).trim() });
    // Started from a landlord's page: back there, where the new account is listed.
    navigate(!user && isLandlord && preset === v.landlordId ? `/landlords/${preset}` : '/admin', flash(message));
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
          <>
            <RadioGroup
              {...text('accountType')}
              label={t('admin.accountType')}
              hint={t('admin.accountTypeHint')}
              inline
              options={[
                { value: 'staff', label: t('admin.accountStaff') },
                { value: 'landlord', label: t('admin.accountLandlord') },
              ]}
            />
            {isLandlord ? (
              <SelectField
                {...text('landlordId')}
                label={t('admin.landlord')}
                hint={t('admin.landlordHint')}
                options={landlords.map((l) => ({ value: l.id, label: l.name }))}
                placeholder={t('admin.chooseLandlord')}
                width="medium"
              />
            ) : null}
            <TextField {...text('username')} label={t('admin.username')} hint={t('admin.usernameHint')} width="medium" />
          </>
        )}
        {user && isLandlord ? <p className="field-hint">{t('admin.landlordAccount', { name: landlordName(user.landlordId) })}</p> : null}
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
        {isLandlord ? null : (
          <>
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
          </>
        )}
        {user ? <CheckboxField {...form.checkbox('disabled')} label={t('admin.disabled')} hint={t('admin.disabledHint')} /> : null}
        <FormActions
          submitLabel={user ? t('common.saveChanges') : t('common.save')}
          submitting={form.submitting}
          cancelTo={preset ? `/landlords/${preset}` : '/admin'}
        />
      </form>
    </div>
  );
}

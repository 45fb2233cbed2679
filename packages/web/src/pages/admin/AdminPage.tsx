import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { adminApi } from '../../api/admin.ts';
import { landlordsApi } from '../../api/landlords.ts';
import type { AdminUser, Landlord, Unit } from '../../api/types.ts';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { TextField } from '../../components/Fields.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Notice, Page } from '../../components/Page.tsx';
import { useFlash } from '../../hooks/useFlash.ts';
import { useForm, type FieldErrors } from '../../hooks/useForm.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useLabels } from '../../labels.ts';
import { PICKER_SIZE } from '../constants.ts';

export function AdminPage() {
  const { t } = useTranslation();
  const flashMessage = useFlash();
  const data = useLoad(async (signal) => {
    const [units, users, landlords] = await Promise.all([
      adminApi.units(signal),
      adminApi.users(signal),
      // Only to name the company of landlord accounts.
      landlordsApi.list({ sort: 'name', pageSize: PICKER_SIZE }, signal).catch(() => null),
    ]);
    return { units, users, landlords: landlords?.items ?? [] };
  }, []);

  return (
    <Page
      title={t('admin.title')}
      actions={
        <>
          <Link className="button button-secondary" to="/admin/sign-ins">
            {t('signIns.title')}
          </Link>
          <Link className="button button-secondary" to="/admin/culling">
            {t('culling.title')}
          </Link>
        </>
      }
    >
      {flashMessage ? <Notice>{flashMessage}</Notice> : null}
      <LoadState {...data}>
        {({ units, users, landlords }) => (
          <div className="stack">
            <UsersSection users={users} units={units} landlords={landlords} />
            <UnitsSection units={units} reload={data.reload} />
          </div>
        )}
      </LoadState>
    </Page>
  );
}

function UsersSection({ users, units, landlords }: { users: AdminUser[]; units: Unit[]; landlords: Landlord[] }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const unitName = (id: string) => units.find((u) => u.id === id)?.name ?? id;
  const landlordName = (id: string) => landlords.find((l) => l.id === id)?.name ?? id;
  const sorted = [...users].sort((a, b) => a.displayName.localeCompare(b.displayName, 'sv'));

  const columns: Column<AdminUser>[] = [
    {
      key: 'name',
      label: t('admin.displayName'),
      render: (u) => <Link to={`/admin/users/${u.id}`}>{u.displayName}</Link>,
    },
    { key: 'username', label: t('admin.username'), render: (u) => u.username },
    {
      key: 'kind',
      label: t('admin.kind'),
      render: (u) =>
        u.kind === 'landlord' && u.landlordId ? (
          <span data-testid="user-kind" data-kind="landlord">
            {t('admin.accountLandlord')}: <Link to={`/landlords/${u.landlordId}`}>{landlordName(u.landlordId)}</Link>
          </span>
        ) : (
          <span data-testid="user-kind" data-kind="staff">
            {t('admin.accountStaff')}
          </span>
        ),
    },
    {
      key: 'memberships',
      label: t('admin.memberships'),
      render: (u) =>
        u.memberships.length ? (
          <ul className="plain-list">
            {u.memberships.map((m) => (
              <li key={m.unitId}>
                {unitName(m.unitId)}: {labels.role(m.role)}
              </li>
            ))}
          </ul>
        ) : null,
    },
    {
      key: 'status',
      label: t('admin.status'),
      render: (u) => (
        <>
          {u.disabled ? (
            <span className="tag tag-ended">{t('admin.disabled')}</span>
          ) : (
            <span className="tag tag-active">{t('admin.active')}</span>
          )}
          {u.isAdmin ? <span className="tag tag-neutral">{t('admin.isAdmin')}</span> : null}
        </>
      ),
    },
  ];

  return (
    <section className="card" aria-labelledby="admin-users">
      <div className="section-header">
        <h2 id="admin-users">{t('admin.users')}</h2>
        <Link className="button button-primary" to="/admin/users/new">
          {t('admin.newUser')}
        </Link>
      </div>
      <DataTable caption={t('admin.users')} rows={sorted} columns={columns} rowKey={(u) => u.id} testId="user-table" />
    </section>
  );
}

function UnitsSection({ units, reload }: { units: Unit[]; reload: () => void }) {
  const { t } = useTranslation();
  const [added, setAdded] = useState<string | null>(null);
  const form = useForm({ name: '' }, 'unit');

  const validate = (v: typeof form.values): FieldErrors =>
    v.name.trim() ? {} : { name: t('errors.required', { field: t('admin.unitName').toLowerCase() }) };

  const onSubmit = form.handleSubmit(validate, async (v) => {
    const unit = await adminApi.createUnit(v.name.trim());
    form.setValues({ name: '' });
    setAdded(t('admin.unitAdded', { name: unit.name }));
    reload();
  });

  return (
    <section className="card" aria-labelledby="admin-units">
      <h2 id="admin-units">{t('admin.units')}</h2>
      {units.length === 0 ? (
        <p className="empty">{t('admin.noUnits')}</p>
      ) : (
        <ul className="plain-list unit-list" data-testid="unit-list">
          {units.map((u) => (
            <li key={u.id} data-testid="unit-row">
              <UnitBankgiro unit={u} reload={reload} />
            </li>
          ))}
        </ul>
      )}
      <h3>{t('admin.addUnit')}</h3>
      {added ? <Notice>{added}</Notice> : null}
      <ErrorSummary {...form.summary} />
      <form onSubmit={onSubmit} noValidate className="inline-form">
        <TextField {...form.text('name')} label={t('admin.unitName')} width="medium" />
        <div className="form-actions">
          <button type="submit" className="button button-secondary" disabled={form.submitting}>
            {t('admin.addUnit')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** The unit's bankgiro: payment files for another bankgiro are refused when imported to the unit. */
function UnitBankgiro({ unit, reload }: { unit: Unit; reload: () => void }) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState<string | null>(null);
  const form = useForm({ bankgiro: unit.bankgiro ?? '' }, `unit-${unit.id}`);

  const onSubmit = form.handleSubmit(
    () => ({}),
    async (v) => {
      setSaved(null);
      const updated = await adminApi.updateUnit(unit.id, unit.version ?? 1, { bankgiro: v.bankgiro.trim() || null });
      form.setValues({ bankgiro: updated.bankgiro ?? '' });
      setSaved(
        updated.bankgiro
          ? t('admin.bankgiroSaved', { unit: unit.name, bankgiro: updated.bankgiro })
          : t('admin.bankgiroRemoved', { unit: unit.name }),
      );
      reload();
    },
  );

  return (
    <div className="unit-row">
      <p className="unit-name">{unit.name}</p>
      <ErrorSummary {...form.summary} />
      <form onSubmit={onSubmit} noValidate className="inline-form">
        <TextField
          {...form.text('bankgiro')}
          label={t('admin.bankgiroFor', { unit: unit.name })}
          hint={t('admin.bankgiroHint')}
          inputMode="numeric"
          width="short"
          optional
        />
        <div className="form-actions">
          <button type="submit" className="button button-secondary" disabled={form.submitting}>
            {form.submitting ? t('app.saving') : t('admin.saveBankgiro')}
          </button>
        </div>
      </form>
      {saved ? <Notice>{saved}</Notice> : null}
    </div>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { twoFactorApi, type StaffRole, type UnitSecuritySettings as Settings } from '../../api/twoFactor.ts';
import { describeError } from '../../components/describeError.ts';
import { CheckboxGroup, TextField } from '../../components/Fields.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { ErrorBox, Notice } from '../../components/Page.tsx';
import { useLoad } from '../../hooks/useLoad.ts';

const ROLES: StaffRole[] = ['manager', 'caseworker', 'host', 'analyst'];

/**
 * The unit's security settings (docs/two-factor.md): who must use two-factor, and the idle session limit. Saving
 * sends the version loaded; settings someone else saved meanwhile are refused (409 STALE_VERSION, docs/concurrency.md)
 * and the form offers to load them again.
 */
export function UnitSecuritySettings({ unitId }: { unitId: string }) {
  const { t } = useTranslation();
  const data = useLoad((signal) => twoFactorApi.unitSettings(unitId, signal), [unitId]);
  // Outside the form: the reload after saving replaces the form, the notice stays.
  const [saved, setSaved] = useState(false);
  return (
    <section className="card" aria-labelledby="security-title" data-testid="unit-security-settings">
      <h2 id="security-title">{t('twoFactor.unitTitle')}</h2>
      <p className="muted">{t('twoFactor.unitIntro')}</p>
      <LoadState {...data}>
        {(s) => (
          <SecurityForm
            // A new version (saved here or loaded after a refusal) starts the form from what is stored.
            key={`${s.unitId}-${s.version}`}
            settings={s}
            saved={saved}
            onSaved={(done) => {
              setSaved(done);
              if (done) data.reload();
            }}
            onReload={data.reload}
          />
        )}
      </LoadState>
    </section>
  );
}

function SecurityForm({
  settings,
  saved,
  onSaved,
  onReload,
}: {
  settings: Settings;
  saved: boolean;
  onSaved: (done: boolean) => void;
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const [roles, setRoles] = useState<string[]>(settings.twoFactorRoles);
  const [minutes, setMinutes] = useState(String(settings.idleMinutes));
  const [errors, setErrors] = useState<{ idleMinutes?: string; twoFactorRoles?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [stale, setStale] = useState<string | null>(null);
  const options = ROLES.map((r) => ({ value: r, label: t(`twoFactor.roles.${r}`) }));

  if (!settings.canEdit) {
    return (
      <dl className="detail-list">
        <dt>{t('twoFactor.unitRoles')}</dt>
        <dd>
          {settings.twoFactorRoles.length
            ? settings.twoFactorRoles.map((r) => t(`twoFactor.roles.${r}`)).join(', ')
            : t('twoFactor.noRoles')}
        </dd>
        <dt>{t('twoFactor.idleMinutes')}</dt>
        <dd>{settings.idleMinutes}</dd>
      </dl>
    );
  }

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    onSaved(false);
    setError(null);
    setStale(null);
    const n = Number(minutes);
    if (!/^\d+$/.test(minutes.trim()) || n < 5 || n > 480) {
      setErrors({ idleMinutes: t('twoFactor.idleRange') });
      document.getElementById('security-idle')?.focus();
      return;
    }
    setErrors({});
    try {
      await twoFactorApi.saveUnitSettings(settings.unitId, {
        version: settings.version,
        twoFactorRoles: roles as StaffRole[],
        idleMinutes: n,
      });
      onSaved(true);
    } catch (cause) {
      if (cause instanceof ApiError && cause.status === 409 && cause.code === 'STALE_VERSION') setStale(describeError(t, cause));
      else if (cause instanceof ApiError && cause.fieldMessage('idleMinutes'))
        setErrors({ idleMinutes: cause.fieldMessage('idleMinutes') });
      else setError(describeError(t, cause));
    }
  };

  return (
    <form onSubmit={save} noValidate>
      {saved ? <Notice>{t('twoFactor.unitSaved')}</Notice> : null}
      {error ? (
        <ErrorBox>
          <p>{error}</p>
        </ErrorBox>
      ) : null}
      {stale ? (
        <ErrorBox title={t('concurrency.staleTitle')}>
          <p data-testid="stale-message">{stale}</p>
          <button type="button" className="button button-secondary" onClick={onReload} data-testid="stale-reload">
            {t('concurrency.reload')}
          </button>
        </ErrorBox>
      ) : null}
      <CheckboxGroup
        id="security-roles"
        label={t('twoFactor.unitRoles')}
        hint={t('twoFactor.unitRolesHint')}
        value={roles}
        onChange={setRoles}
        options={options}
      />
      <TextField
        id="security-idle"
        label={t('twoFactor.idleMinutes')}
        hint={t('twoFactor.idleHint')}
        value={minutes}
        onChange={setMinutes}
        error={errors.idleMinutes}
        inputMode="numeric"
        width="short"
        suffix={t('twoFactor.minutes')}
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary">
          {t('twoFactor.unitSave')}
        </button>
      </div>
    </form>
  );
}

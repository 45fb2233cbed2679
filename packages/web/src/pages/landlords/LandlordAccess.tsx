import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { adminApi, type ApiKey, type NewApiKey } from '../../api/admin.ts';
import type { AdminUser, Landlord } from '../../api/types.ts';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { describeError } from '../../components/describeError.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { TextField } from '../../components/Fields.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { ErrorBox, Notice } from '../../components/Page.tsx';
import { useForm, type FieldErrors } from '../../hooks/useForm.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { instant } from '../../format.ts';

// What only admins see on a landlord's page (issue 6): the keys the landlord's own system sends reports with,
// and the company's accounts in the landlord portal.

/** The keys for the landlord's system: list, create (the key is shown once, in a dialog) and revoke. */
export function ApiKeysSection({ landlord }: { landlord: Landlord }) {
  const { t } = useTranslation();
  const keys = useLoad((signal) => adminApi.apiKeys(landlord.id, signal), [landlord.id]);
  const [created, setCreated] = useState<NewApiKey | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [revokeError, setRevokeError] = useState<string | null>(null);
  const form = useForm({ label: '' }, 'api-key');

  const validate = (v: typeof form.values): FieldErrors =>
    v.label.trim() ? {} : { label: t('errors.required', { field: t('landlords.keyLabel').toLowerCase() }) };

  const onSubmit = form.handleSubmit(validate, async (v) => {
    setMessage(null);
    const key = await adminApi.createApiKey(landlord.id, v.label.trim());
    form.setValues({ label: '' });
    setCreated(key);
    keys.reload();
  });

  const revoke = async (key: ApiKey) => {
    if (!window.confirm(t('landlords.confirmRevoke', { label: key.label }))) return;
    setRevokeError(null);
    setMessage(null);
    try {
      await adminApi.revokeApiKey(landlord.id, key.id);
      setMessage(t('landlords.keyRevokedNotice', { label: key.label }));
      keys.reload();
    } catch (error) {
      setRevokeError(describeError(t, error));
    }
  };

  const columns: Column<ApiKey>[] = [
    { key: 'label', label: t('landlords.keyLabel'), render: (k) => k.label },
    { key: 'prefix', label: t('landlords.keyPrefix'), render: (k) => <code className="key-prefix">{k.keyPrefix}…</code> },
    { key: 'created', label: t('landlords.keyCreated'), render: (k) => instant(k.createdAt) },
    {
      key: 'status',
      label: t('landlords.keyStatus'),
      render: (k) =>
        k.revokedAt ? (
          <span className="tag tag-ended" data-testid="key-status">
            {t('landlords.keyRevoked')} {instant(k.revokedAt)}
          </span>
        ) : (
          <span className="tag tag-active" data-testid="key-status">
            {t('landlords.keyActive')}
          </span>
        ),
    },
    {
      key: 'actions',
      label: '',
      render: (k) =>
        k.revokedAt ? null : (
          <button
            type="button"
            className="button button-quiet"
            aria-label={t('landlords.revokeKeyNamed', { label: k.label })}
            onClick={() => void revoke(k)}
          >
            {t('landlords.revokeKey')}
          </button>
        ),
    },
  ];

  return (
    <section className="card" aria-labelledby="landlord-api-keys" data-testid="landlord-api-keys">
      <h2 id="landlord-api-keys">{t('landlords.apiKeys')}</h2>
      <p className="muted">{t('landlords.apiKeysIntro')}</p>
      {message ? <Notice>{message}</Notice> : null}
      {revokeError ? <ErrorBox>{revokeError}</ErrorBox> : null}
      <LoadState {...keys}>
        {(list) => (
          <DataTable
            caption={t('landlords.apiKeys')}
            rows={list}
            columns={columns}
            rowKey={(k) => k.id}
            empty={t('landlords.noApiKeys')}
            testId="api-key-table"
            rowProps={(k) => ({ 'data-key-label': k.label })}
          />
        )}
      </LoadState>
      <h3>{t('landlords.createKey')}</h3>
      <ErrorSummary {...form.summary} />
      <form onSubmit={onSubmit} noValidate className="inline-form">
        <TextField {...form.text('label')} label={t('landlords.keyLabel')} hint={t('landlords.keyLabelHint')} width="medium" />
        <div className="form-actions">
          <button type="submit" className="button button-secondary" disabled={form.submitting}>
            {t('landlords.createKey')}
          </button>
        </div>
      </form>
      <Dialog
        open={created !== null}
        title={t('landlords.newKeyTitle', { label: created?.label ?? '' })}
        onClose={() => setCreated(null)}
        testId="new-key-dialog"
        className="dialog-wide"
      >
        {created ? <NewKey apiKey={created} onClose={() => setCreated(null)} /> : null}
      </Dialog>
    </section>
  );
}

function NewKey({ apiKey, onClose }: { apiKey: NewApiKey; onClose: () => void }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'ok' | 'failed' | null>(null);
  const example = [
    `curl -X POST ${window.location.origin}/api/landlord-api/reports \\`,
    `  -H "Authorization: Bearer ${apiKey.key}" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '{"kind": "early_warning", "reasons": ["rent_arrears"],`,
    `       "arrearsOre": 500000, "arrearsMonths": 1,`,
    `       "tenantName": "Test Testsson", "tenantAddress": "Testgatan 1"}'`,
  ].join('\n');

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(apiKey.key);
      setCopied('ok');
    } catch {
      // No clipboard (plain http, permission denied): select the key so Ctrl+C works.
      input.current?.select();
      setCopied('failed');
    }
  };

  return (
    <>
      <div className="notice notice-info" role="note" data-testid="new-key-warning">
        <p>{t('landlords.newKeyWarning')}</p>
      </div>
      <div className="field">
        <div className="field-label">
          <label htmlFor="new-api-key">{t('landlords.newKey')}</label>
        </div>
        <div className="key-copy">
          <input
            ref={input}
            id="new-api-key"
            className="input input-long key-value"
            value={apiKey.key}
            readOnly
            spellCheck={false}
            autoComplete="off"
            onFocus={(event) => event.currentTarget.select()}
          />
          <button type="button" className="button button-secondary" onClick={() => void copy()}>
            {t('landlords.copyKey')}
          </button>
        </div>
      </div>
      <p role="status" className="key-copied">
        {copied === 'ok' ? t('landlords.keyCopied') : copied === 'failed' ? t('landlords.copyFailed') : ''}
      </p>
      <h3>{t('landlords.howToCall')}</h3>
      <p className="field-hint">{t('landlords.howToCallHint')}</p>
      <pre className="code-example" data-testid="api-example" tabIndex={0} aria-label={t('landlords.howToCall')}>
        <code>{example}</code>
      </pre>
      <div className="form-actions">
        <button type="button" className="button button-primary" onClick={onClose}>
          {t('landlords.closeKeyDialog')}
        </button>
      </div>
    </>
  );
}

/** The landlord company's accounts in the landlord portal, with a link to create one. */
export function PortalAccountsSection({ landlord }: { landlord: Landlord }) {
  const { t } = useTranslation();
  const users = useLoad(
    async (signal) => (await adminApi.users(signal)).filter((u) => u.kind === 'landlord' && u.landlordId === landlord.id),
    [landlord.id],
  );

  const columns: Column<AdminUser>[] = [
    { key: 'name', label: t('admin.displayName'), render: (u) => <Link to={`/admin/users/${u.id}`}>{u.displayName}</Link> },
    { key: 'username', label: t('admin.username'), render: (u) => u.username },
    {
      key: 'status',
      label: t('admin.status'),
      render: (u) =>
        u.disabled ? (
          <span className="tag tag-ended">{t('admin.disabled')}</span>
        ) : (
          <span className="tag tag-active">{t('admin.active')}</span>
        ),
    },
  ];

  return (
    <section className="card" aria-labelledby="landlord-portal-accounts">
      <div className="section-header">
        <h2 id="landlord-portal-accounts">{t('landlords.portalAccounts')}</h2>
        <Link className="button button-secondary" to={`/admin/users/new?landlordId=${encodeURIComponent(landlord.id)}`}>
          {t('landlords.newPortalAccount')}
        </Link>
      </div>
      <LoadState {...users}>
        {(list) => (
          <DataTable
            caption={t('landlords.portalAccounts')}
            rows={list}
            columns={columns}
            rowKey={(u) => u.id}
            empty={t('landlords.noPortalAccounts')}
            testId="portal-account-table"
          />
        )}
      </LoadState>
    </section>
  );
}

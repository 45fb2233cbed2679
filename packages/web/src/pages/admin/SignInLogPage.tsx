import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { adminApi } from '../../api/admin.ts';
import { signInsApi, type SignInEvent, type SignInQuery } from '../../api/signIns.ts';
import { DataTable, type Column } from '../../components/DataTable.tsx';
import { CheckboxField, SelectField, TextField } from '../../components/Fields.tsx';
import { Pagination, ResultCount } from '../../components/ListControls.tsx';
import { LoadState } from '../../components/LoadState.tsx';
import { Page } from '../../components/Page.tsx';
import { instant } from '../../format.ts';
import { useListParams } from '../../hooks/useListParams.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useLabels } from '../../labels.ts';

/**
 * "Inloggningar" for the security officer (an admin; docs/two-factor.md): every login, second step, single sign-on
 * answer, logout and two-factor reset, newest first, with the outcome in words. Times in Swedish time.
 */
export function SignInLogPage() {
  const { t } = useTranslation();
  const list = useListParams('');
  const applied: Omit<SignInQuery, 'page'> = {};
  for (const f of ['from', 'to', 'userId'] as const) {
    const value = list.get(f);
    if (value) applied[f] = value;
  }
  if (list.get('onlyFailures') === 'true') applied.onlyFailures = 'true';

  return (
    <Page title={t('signIns.title')} kicker={t('admin.title')}>
      <div className="stack">
        <p className="lead">{t('signIns.intro')}</p>
        <SignInFilters key={JSON.stringify(applied)} applied={applied} onApply={(filters) => list.set(filters)} />
        <SignInTable query={{ ...applied, page: list.page }} onPage={(page) => list.set({ page })} />
        <p>
          <Link to="/admin">{t('culling.backToAdmin')}</Link>
        </p>
      </div>
    </Page>
  );
}

function SignInFilters({
  applied,
  onApply,
}: {
  applied: Omit<SignInQuery, 'page'>;
  onApply: (filters: Record<string, string | null>) => void;
}) {
  const { t } = useTranslation();
  const users = useLoad((signal) => adminApi.users(signal), []);
  const [values, setValues] = useState({
    from: applied.from ?? '',
    to: applied.to ?? '',
    userId: applied.userId ?? '',
    onlyFailures: applied.onlyFailures === 'true',
  });
  const [error, setError] = useState<string | undefined>();
  const set = (name: 'from' | 'to' | 'userId') => (value: string) => setValues((v) => ({ ...v, [name]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (values.from && values.to && values.to < values.from) {
      setError(t('signIns.toBeforeFrom'));
      return;
    }
    setError(undefined);
    onApply({
      from: values.from || null,
      to: values.to || null,
      userId: values.userId || null,
      onlyFailures: values.onlyFailures ? 'true' : null,
    });
  };

  const options = [...(users.data ?? [])]
    .sort((a, b) => a.displayName.localeCompare(b.displayName, 'sv'))
    .map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }));

  return (
    <form className="card filters" onSubmit={submit} aria-labelledby="sign-in-filters" noValidate>
      <h2 id="sign-in-filters" className="h3">
        {t('signIns.filters')}
      </h2>
      <div className="filters-grid">
        <SelectField
          id="sign-in-user"
          label={t('signIns.user')}
          value={values.userId}
          onChange={set('userId')}
          options={options}
          placeholder={t('signIns.anyUser')}
          filter
          width="medium"
        />
        <div className="field-row">
          <TextField
            id="sign-in-from"
            label={t('signIns.from')}
            type="date"
            value={values.from}
            onChange={set('from')}
            optional
            width="short"
          />
          <TextField
            id="sign-in-to"
            label={t('signIns.to')}
            type="date"
            value={values.to}
            onChange={set('to')}
            optional
            width="short"
            error={error}
          />
        </div>
        <CheckboxField
          id="sign-in-failures"
          label={t('signIns.onlyFailures')}
          checked={values.onlyFailures}
          onChange={(checked) => setValues((v) => ({ ...v, onlyFailures: checked }))}
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary">
          {t('signIns.apply')}
        </button>
        <a className="button button-secondary" href={signInsApi.exportUrl(applied)} download data-testid="sign-in-export">
          {t('signIns.export')}
        </a>
      </div>
      <p className="field-hint">{t('signIns.exportHint')}</p>
    </form>
  );
}

function SignInTable({ query, onPage }: { query: SignInQuery; onPage: (page: number) => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const key = JSON.stringify(query);
  const result = useLoad((signal) => signInsApi.list(query, signal), [key]);

  const methods = t('signIns.methods', { returnObjects: true }) as Record<string, string>;
  const outcomes = t('signIns.outcomes', { returnObjects: true }) as Record<string, string>;
  const refusals = t('signIns.ssoRefusals', { returnObjects: true }) as Record<string, string>;
  const outcomeLabel = (e: SignInEvent) => {
    if (e.outcome.startsWith('sso-refused:')) {
      const reason = e.outcome.slice('sso-refused:'.length);
      return t('signIns.ssoRefused', { reason: refusals[reason] ?? reason });
    }
    const text = outcomes[e.outcome] ?? e.outcome;
    return e.method === 'admin' && e.byUserName ? t('signIns.byAdmin', { outcome: text, name: e.byUserName }) : text;
  };

  const columns: Column<SignInEvent>[] = [
    { key: 'at', label: t('signIns.at'), className: 'nowrap', render: (e) => instant(e.occurredAt, labels.locale) },
    {
      key: 'user',
      label: t('signIns.user'),
      render: (e) =>
        e.userId ? (
          (e.userName ?? e.userId)
        ) : e.usernameTried ? (
          <span>
            {e.usernameTried} <span className="muted">({t('signIns.noAccount')})</span>
          </span>
        ) : (
          <span className="muted">{t('signIns.unknown')}</span>
        ),
    },
    { key: 'method', label: t('signIns.method'), render: (e) => methods[e.method] ?? e.method },
    {
      key: 'outcome',
      label: t('signIns.outcome'),
      render: (e) => (
        <span className={`tag ${e.failure ? 'tag-late' : e.outcome === 'ok' ? 'tag-active' : 'tag-neutral'}`}>{outcomeLabel(e)}</span>
      ),
    },
    { key: 'ip', label: t('signIns.ip'), render: (e) => <span className="muted">{e.ip}</span> },
  ];

  return (
    <section aria-labelledby="sign-in-results">
      <h2 id="sign-in-results" className="visually-hidden">
        {t('signIns.title')}
      </h2>
      <ResultCount total={result.data?.total} loading={result.loading} />
      <LoadState {...result}>
        {(page) => (
          <>
            <DataTable
              caption={t('signIns.title')}
              rows={page.items}
              columns={columns}
              rowKey={(e) => e.id}
              empty={t('signIns.empty')}
              testId="sign-in-table"
            />
            <Pagination page={page.page} pageSize={page.pageSize} total={page.total} onPage={onPage} />
          </>
        )}
      </LoadState>
    </section>
  );
}

import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router-dom';
import { ledgerApi } from '../../api/ledger.ts';
import type { ChargeRun, UnitMembership } from '../../api/types.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { SelectField, TextField } from '../../components/Fields.tsx';
import { Notice, Page } from '../../components/Page.tsx';
import { currentMonth, isMonth, money } from '../../format.ts';
import { useForm, type FieldErrors } from '../../hooks/useForm.ts';
import { useMe, useSession } from '../../session/SessionContext.tsx';

/**
 * The frame of the Betalningar pages: the page heading, the three sub-pages as a secondary navigation, and
 * for managers "Skapa hyror för månad".
 */
export function PaymentsPage({ title, kicker, children }: { title: string; kicker?: string; children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  const managerUnits = me.units.filter((u) => u.role === 'manager');
  const [generating, setGenerating] = useState(false);

  return (
    <Page
      title={title}
      kicker={kicker ?? t('payments.title')}
      actions={
        managerUnits.length > 0 ? (
          <button type="button" className="button button-secondary" onClick={() => setGenerating(true)}>
            {t('payments.generate')}
          </button>
        ) : null
      }
    >
      <PaymentsNav />
      {children}
      {managerUnits.length > 0 ? (
        <Dialog open={generating} title={t('payments.generate')} onClose={() => setGenerating(false)} testId="generate-charges-dialog">
          <GenerateChargesForm units={managerUnits} onClose={() => setGenerating(false)} />
        </Dialog>
      ) : null}
    </Page>
  );
}

function PaymentsNav() {
  const { t } = useTranslation();
  const links = [
    { to: '/payments/import', label: t('payments.import') },
    { to: '/payments/unmatched', label: t('payments.unmatched') },
    { to: '/payments/imports', label: t('payments.imports') },
  ];
  return (
    <nav className="subnav" aria-label={t('payments.sections')}>
      <ul>
        {links.map((link) => (
          <li key={link.to}>
            <NavLink to={link.to}>{link.label}</NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function GenerateChargesForm({ units, onClose }: { units: UnitMembership[]; onClose: () => void }) {
  const { t } = useTranslation();
  const { unit } = useSession();
  const preferred = units.find((u) => u.id === unit?.id) ?? units[0]!;
  const form = useForm({ month: currentMonth(), unitId: preferred.id }, 'generate');
  const [result, setResult] = useState<ChargeRun | null>(null);

  const validate = (v: typeof form.values): FieldErrors => {
    const errors: FieldErrors = {};
    if (!isMonth(v.month)) errors.month = t('errors.invalidMonth');
    if (!v.unitId) errors.unitId = t('payments.chooseUnit');
    return errors;
  };

  const onSubmit = form.handleSubmit(validate, async (v) => {
    setResult(null);
    setResult(await ledgerApi.generateCharges(v.month, v.unitId));
  });

  return (
    <>
      <p>{t('payments.generateIntro')}</p>
      <ErrorSummary {...form.summary} />
      <form onSubmit={onSubmit} noValidate>
        <TextField
          {...form.text('month')}
          label={t('payments.generateMonth')}
          hint={t('payments.generateMonthHint')}
          width="short"
          inputMode="numeric"
        />
        {units.length > 1 ? (
          <SelectField
            {...form.text('unitId')}
            label={t('payments.generateUnit')}
            options={units.map((u) => ({ value: u.id, label: u.name }))}
            width="medium"
          />
        ) : (
          <p className="muted">
            {t('payments.generateUnit')}: {preferred.name}
          </p>
        )}
        <div data-testid="generate-result">
          {result ? (
            <Notice>
              <p>{t('payments.generated', { month: result.month, count: result.created, total: money(result.totalOre) })}</p>
              <p>{t('payments.generatedExisting', { existing: result.existing, placements: result.placements })}</p>
            </Notice>
          ) : null}
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={form.submitting}>
            {form.submitting ? t('payments.generating') : t('payments.generateSubmit')}
          </button>
          <button type="button" className="button button-link" onClick={onClose}>
            {result ? t('ledger.close') : t('common.cancel')}
          </button>
        </div>
      </form>
    </>
  );
}

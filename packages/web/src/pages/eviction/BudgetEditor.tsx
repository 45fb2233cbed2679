import type { HouseholdBudget } from '@kvarbo/domain';
import { FormActions } from '../../components/FormActions.tsx';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { evictionApi, type CaseDetail } from '../../api/eviction.ts';
import { describeError } from '../../components/describeError.ts';
import { CheckboxField, MoneyField, TextField } from '../../components/Fields.tsx';
import { instant, kronorInput, money, readKronor } from '../../format.ts';
import { isStale, StaleVersion } from './CaseForms.tsx';
import { useEvictionLabels } from './labels.ts';

// The household budget: incomes, costs and debts typed in kronor (sent in öre), and the server's summary and
// payment proposal. A server error names its line (budget.debts[1].debtOre) and lands next to that input.
// Saving sends the budget's version as loaded (null when there was none); a budget someone else saved meanwhile is
// refused (409 STALE_VERSION) and shown with a way to reload the case.

type Line = { label: string; amount: string };
type Debt = { creditor: string; debt: string; atKronofogden: boolean; rentArrears: boolean };
type Draft = { incomes: Line[]; costs: Line[]; debts: Debt[] };
type Errors = Record<string, string>;

const fieldId = (path: string) => `budget-${path.replace(/[[\].]+/g, '-').replace(/-$/, '')}`;

function draftOf(budget: HouseholdBudget | undefined): Draft {
  if (!budget) return { incomes: [{ label: '', amount: '' }], costs: [{ label: '', amount: '' }], debts: [] };
  return {
    incomes: budget.incomes.map((l) => ({ label: l.label, amount: kronorInput(l.amountOre) })),
    costs: budget.costs.map((l) => ({ label: l.label, amount: kronorInput(l.amountOre) })),
    debts: budget.debts.map((d) => ({
      creditor: d.creditor,
      debt: kronorInput(d.debtOre),
      atKronofogden: d.atKronofogden,
      rentArrears: d.rentArrears ?? false,
    })),
  };
}

export function BudgetSection({
  detail,
  onSaved,
  reload,
}: {
  detail: CaseDetail;
  onSaved: (d: CaseDetail, message: string) => void;
  reload: () => void;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const closed = detail.step === 'closed';
  return (
    <section className="card" aria-labelledby="budget-heading" data-testid="budget-section">
      <div className="section-header">
        <h2 id="budget-heading">{t('eviction.budget.heading')}</h2>
        {!editing && !closed ? (
          <button type="button" className="button button-secondary" onClick={() => setEditing(true)} data-testid="edit-budget">
            {detail.budget ? t('eviction.budget.edit') : t('eviction.budget.create')}
          </button>
        ) : null}
      </div>
      {editing ? (
        <BudgetForm
          detail={detail}
          reload={reload}
          onCancel={() => setEditing(false)}
          onSaved={(next, message) => {
            setEditing(false);
            onSaved(next, message);
          }}
        />
      ) : null}
      {detail.budget ? <BudgetResult budget={detail.budget} /> : editing ? null : <p className="empty">{t('eviction.budget.empty')}</p>}
    </section>
  );
}

function BudgetResult({ budget }: { budget: NonNullable<CaseDetail['budget']> }) {
  const { t } = useTranslation();
  const labels = useEvictionLabels();
  const { summary, proposal } = budget;
  return (
    <div className="budget-result">
      <h3>{t('eviction.budget.summary')}</h3>
      <dl className="details budget-summary" data-testid="budget-summary">
        {(
          [
            ['income', summary.incomeOre],
            ['cost', summary.costOre],
            ['surplus', summary.surplusOre],
            ['totalDebt', summary.totalDebtOre],
            ['kronofogdenDebt', summary.kronofogdenDebtOre],
            ['rentArrearsDebt', summary.rentArrearsOre],
          ] as const
        ).map(([key, ore]) => (
          <div className="details-row" key={key}>
            <dt>{t(`eviction.budget.${key}`)}</dt>
            <dd data-testid={`budget-${key}`} className={key === 'surplus' && ore < 0 ? 'budget-negative' : undefined}>
              {money(ore)}
            </dd>
          </div>
        ))}
      </dl>
      {proposal.payments.length > 0 ? (
        <>
          <h3>{t('eviction.budget.proposal')}</h3>
          <div className="table-wrap">
            <table className="table table-stack" data-testid="budget-proposal">
              <caption className="visually-hidden">{t('eviction.budget.proposalCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('eviction.budget.creditor')}</th>
                  <th scope="col">{t('eviction.budget.tier')}</th>
                  <th scope="col" className="numeric">
                    {t('eviction.budget.debt')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('eviction.budget.perMonth')}
                  </th>
                  <th scope="col">{t('eviction.budget.monthsToClear')}</th>
                </tr>
              </thead>
              <tbody>
                {proposal.payments.map((p) => (
                  <tr key={p.index}>
                    <td data-label={t('eviction.budget.creditor')}>{p.creditor}</td>
                    <td data-label={t('eviction.budget.tier')}>{labels.tier(p.tier)}</td>
                    <td data-label={t('eviction.budget.debt')} className="numeric">
                      {money(p.debtOre)}
                    </td>
                    <td data-label={t('eviction.budget.perMonth')} className="numeric">
                      {money(p.monthlyOre)}
                    </td>
                    <td data-label={t('eviction.budget.monthsToClear')}>
                      {p.monthsToClear === null ? t('eviction.budget.nothing') : t('eviction.budget.months', { count: p.monthsToClear })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p data-testid="budget-proposal-total">
            {t('eviction.budget.proposed')}: <strong>{money(proposal.proposedOre)}</strong>
            {proposal.unallocatedOre > 0 ? ` · ${t('eviction.budget.unallocated')}: ${money(proposal.unallocatedOre)}` : ''}
            {' · '}
            {proposal.monthsToClearAll === null
              ? t('eviction.budget.notAllCleared')
              : `${t('eviction.budget.allCleared')} ${t('eviction.budget.months', { count: proposal.monthsToClearAll })}`}
          </p>
        </>
      ) : null}
      <p className="muted">{t('eviction.budget.updated', { when: instant(budget.updatedAt) })}</p>
    </div>
  );
}

function BudgetForm({
  detail,
  onSaved,
  onCancel,
  reload,
}: {
  detail: CaseDetail;
  onSaved: (d: CaseDetail, message: string) => void;
  onCancel: () => void;
  reload: () => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(() => draftOf(detail.budget?.budget));
  const [errors, setErrors] = useState<Errors>({});
  const [problem, setProblem] = useState<string[]>([]);
  const [submitting, setSubmitting] = useState(false);
  const [stale, setStale] = useState<unknown>(null);
  const summaryRef = useRef<HTMLDivElement>(null);

  const update = <K extends keyof Draft>(list: K, index: number, patch: Partial<Draft[K][number]>) =>
    setDraft((d) => ({ ...d, [list]: d[list].map((row, i) => (i === index ? { ...row, ...patch } : row)) }));
  const remove = (list: keyof Draft, index: number) => setDraft((d) => ({ ...d, [list]: d[list].filter((_, i) => i !== index) }));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (submitting) return;
    const found: Errors = {};
    const ore = (text: string, path: string) => {
      const r = readKronor(text);
      if (!r.ok || r.ore === null) {
        found[path] = t('eviction.budget.invalidAmount');
        return 0;
      }
      return r.ore;
    };
    const budget: HouseholdBudget = {
      incomes: draft.incomes.map((l, i) => ({ label: l.label.trim(), amountOre: ore(l.amount, `incomes[${i}].amountOre`) })),
      costs: draft.costs.map((l, i) => ({ label: l.label.trim(), amountOre: ore(l.amount, `costs[${i}].amountOre`) })),
      debts: draft.debts.map((d, i) => ({
        creditor: d.creditor.trim(),
        debtOre: ore(d.debt, `debts[${i}].debtOre`),
        atKronofogden: d.atKronofogden,
        rentArrears: d.rentArrears,
      })),
    };
    setErrors(found);
    setProblem([]);
    setStale(null);
    if (Object.keys(found).length > 0) {
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setSubmitting(true);
    try {
      onSaved(await evictionApi.setBudget(detail.id, budget, detail.budget?.version ?? null), t('eviction.budget.saved'));
    } catch (error) {
      if (isStale(error)) {
        setStale(error);
        return;
      }
      const byField: Errors = {};
      const other: string[] = [];
      if (error instanceof ApiError && error.fields.length > 0) {
        for (const f of error.fields) {
          const path = f.field.replace(/^budget\./, '');
          if (document.getElementById(fieldId(path))) byField[path] = f.message;
          else other.push(f.message);
        }
      } else {
        other.push(describeError(t, error));
      }
      setErrors(byField);
      setProblem(other);
      requestAnimationFrame(() => summaryRef.current?.focus());
    } finally {
      setSubmitting(false);
    }
  };

  const entries = Object.entries(errors);
  const lineLabel = (field: string, n: number) => t('eviction.budget.lineLabel', { field, n });

  const lines = (list: 'incomes' | 'costs') => (
    <fieldset className="budget-group">
      <legend>{t(`eviction.budget.${list}`)}</legend>
      {draft[list].length === 0 ? <p className="empty">{t('eviction.budget.noLines')}</p> : null}
      {draft[list].map((line, i) => (
        <div className="budget-line" key={i}>
          <TextField
            id={fieldId(`${list}[${i}].label`)}
            label={lineLabel(t('eviction.budget.label'), i + 1)}
            value={line.label}
            onChange={(label) => update(list, i, { label })}
            error={errors[`${list}[${i}].label`]}
            width="medium"
          />
          <MoneyField
            id={fieldId(`${list}[${i}].amountOre`)}
            label={lineLabel(t('eviction.budget.amount'), i + 1)}
            value={line.amount}
            onChange={(amount) => update(list, i, { amount })}
            error={errors[`${list}[${i}].amountOre`]}
          />
          <button type="button" className="button button-quiet button-small budget-remove" onClick={() => remove(list, i)}>
            {t('eviction.budget.removeLine', { n: i + 1 })}
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button button-secondary button-small"
        onClick={() => setDraft((d) => ({ ...d, [list]: [...d[list], { label: '', amount: '' }] }))}
      >
        {list === 'incomes' ? t('eviction.budget.addIncome') : t('eviction.budget.addCost')}
      </button>
    </fieldset>
  );

  return (
    <div className="eviction-form" data-testid="budget-form">
      <p className="muted">{t('eviction.budget.intro')}</p>
      {stale ? (
        <StaleVersion
          error={stale}
          onReload={() => {
            setStale(null);
            onCancel();
            reload();
          }}
        />
      ) : null}
      {entries.length > 0 || problem.length > 0 ? (
        <div className="error-summary" ref={summaryRef} tabIndex={-1} role="group" aria-labelledby="budget-error-title">
          <h3 id="budget-error-title" className="error-summary-title">
            {entries.length ? t('errors.summaryTitle') : t('errors.title')}
          </h3>
          <ul className="error-summary-list">
            {entries.map(([path, message]) => (
              <li key={path}>
                <a href={`#${fieldId(path)}`}>{message}</a>
              </li>
            ))}
            {problem.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        {lines('incomes')}
        {lines('costs')}
        <fieldset className="budget-group">
          <legend>{t('eviction.budget.debts')}</legend>
          {draft.debts.length === 0 ? <p className="empty">{t('eviction.budget.noLines')}</p> : null}
          {draft.debts.map((debt, i) => (
            <div className="budget-line" key={i}>
              <TextField
                id={fieldId(`debts[${i}].creditor`)}
                label={lineLabel(t('eviction.budget.creditor'), i + 1)}
                value={debt.creditor}
                onChange={(creditor) => update('debts', i, { creditor })}
                error={errors[`debts[${i}].creditor`]}
                width="medium"
              />
              <MoneyField
                id={fieldId(`debts[${i}].debtOre`)}
                label={lineLabel(t('eviction.budget.debt'), i + 1)}
                value={debt.debt}
                onChange={(value) => update('debts', i, { debt: value })}
                error={errors[`debts[${i}].debtOre`]}
              />
              <div className="budget-checks">
                <CheckboxField
                  id={fieldId(`debts[${i}].rentArrears`)}
                  label={lineLabel(t('eviction.budget.rentArrears'), i + 1)}
                  checked={debt.rentArrears}
                  onChange={(rentArrears) => update('debts', i, { rentArrears })}
                />
                <CheckboxField
                  id={fieldId(`debts[${i}].atKronofogden`)}
                  label={lineLabel(t('eviction.budget.atKronofogden'), i + 1)}
                  checked={debt.atKronofogden}
                  onChange={(atKronofogden) => update('debts', i, { atKronofogden })}
                />
              </div>
              <button type="button" className="button button-quiet button-small budget-remove" onClick={() => remove('debts', i)}>
                {t('eviction.budget.removeLine', { n: i + 1 })}
              </button>
            </div>
          ))}
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() =>
              setDraft((d) => ({ ...d, debts: [...d.debts, { creditor: '', debt: '', atKronofogden: false, rentArrears: false }] }))
            }
          >
            {t('eviction.budget.addDebt')}
          </button>
        </fieldset>
        <FormActions submitLabel={t('eviction.budget.save')} submitting={submitting} onCancel={onCancel} />
      </form>
    </div>
  );
}

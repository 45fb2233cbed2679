import { FormActions } from '../../components/FormActions.tsx';
import type {
  ClosingOutcome,
  ConsentParty,
  OutreachKind,
  OutreachOutcome,
  ReferralService,
  ReferralStatus,
  SupportKind,
} from '@kvarbo/domain';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { evictionApi, type CaseDetail, type CasePatch } from '../../api/eviction.ts';
import { unitsApi } from '../../api/units.ts';
import { describeError } from '../../components/describeError.ts';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { CheckboxField, RadioGroup, SelectField, TextAreaField, TextField } from '../../components/Fields.tsx';
import { ErrorBox } from '../../components/Page.tsx';
import { isIsoDate, optionalText, today } from '../../format.ts';
import { useForm, type FieldErrors } from '../../hooks/useForm.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useLabels } from '../../labels.ts';
import { useEvictionLabels } from './labels.ts';
import { readCount } from './ReportFormPage.tsx';

// The case page's forms. Each sends one write, hands the updated case and a one-line message to the page
// (onSaved), which shows both at once; a stale version (409) stays in the form's error summary.

export interface CaseFormProps {
  detail: CaseDetail;
  onSaved: (detail: CaseDetail, message: string) => void;
  onCancel: () => void;
}

/** Someone else changed the case (409 STALE_VERSION): the server's sentence and a way to reload it. */
export function StaleVersion({ error, onReload }: { error: unknown; onReload: () => void }) {
  const { t } = useTranslation();
  return (
    <ErrorBox title={t('eviction.case.staleTitle')}>
      <p data-testid="stale-message">{describeError(t, error)}</p>
      <button type="button" className="button button-secondary" onClick={onReload}>
        {t('eviction.case.reload')}
      </button>
    </ErrorBox>
  );
}

export function isStale(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409 && error.code === 'STALE_VERSION';
}

const NO_ASSIGNEE = 'none';

/**
 * "Ändra uppgifter": the household, the served date (the server recomputes the reinstatement deadline), the
 * eviction date and who is responsible. Only what changed is sent; an emptied date clears it.
 */
export function CaseDetailsForm({ detail, onSaved, onCancel, reload }: CaseFormProps & { reload: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const staff = useLoad((signal) => unitsApi.staff(detail.unitId, signal), [detail.unitId]);
  const [stale, setStale] = useState<unknown>(null);
  const form = useForm(
    {
      householdAdults: String(detail.household.adults),
      householdChildren: String(detail.household.children),
      servedOn: detail.servedOn ?? '',
      evictionDate: detail.evictionDate ?? '',
      assigneeId: detail.assigneeId ?? NO_ASSIGNEE,
    },
    'case-details',
  );
  const validate = (v: typeof form.values): FieldErrors => {
    const errors: FieldErrors = {};
    const adults = readCount(v.householdAdults, 1, 30);
    if (adults === null || adults === undefined) errors.householdAdults = t('eviction.report.countRange', { min: 1, max: 30 });
    const children = readCount(v.householdChildren, 0, 30);
    if (children === null || children === undefined) errors.householdChildren = t('eviction.report.countRange', { min: 0, max: 30 });
    if (v.servedOn.trim() && !isIsoDate(v.servedOn.trim())) errors.servedOn = t('errors.invalidDate');
    if (v.evictionDate.trim() && !isIsoDate(v.evictionDate.trim())) errors.evictionDate = t('errors.invalidDate');
    return errors;
  };
  const onSubmit = form.handleSubmit(validate, async (v) => {
    const patch: CasePatch = { version: detail.version };
    const adults = Number(v.householdAdults.trim());
    const children = Number(v.householdChildren.trim());
    const servedOn = v.servedOn.trim() || null;
    const evictionDate = v.evictionDate.trim() || null;
    const assigneeId = v.assigneeId === NO_ASSIGNEE ? null : v.assigneeId;
    if (adults !== detail.household.adults) patch.householdAdults = adults;
    if (children !== detail.household.children) patch.householdChildren = children;
    if (servedOn !== detail.servedOn) patch.servedOn = servedOn;
    if (evictionDate !== detail.evictionDate) patch.evictionDate = evictionDate;
    if (assigneeId !== detail.assigneeId) patch.assigneeId = assigneeId;
    if (Object.keys(patch).length === 1) {
      onSaved(detail, t('eviction.case.noChanges'));
      return;
    }
    setStale(null);
    try {
      onSaved(await evictionApi.update(detail.id, patch), t('eviction.case.edited'));
    } catch (error) {
      if (!isStale(error)) throw error;
      setStale(error);
    }
  });
  // Those who may work the case; the current assignee stays a choice even if no longer among them.
  const members = (staff.data ?? []).filter((s) => s.role === 'manager' || s.role === 'caseworker' || s.role === 'host');
  const assigneeOptions = [
    { value: NO_ASSIGNEE, label: t('eviction.case.noAssignee') },
    ...members.map((s) => ({ value: s.id, label: `${s.displayName} (${labels.role(s.role)})` })),
    ...(detail.assigneeId && !members.some((s) => s.id === detail.assigneeId)
      ? [{ value: detail.assigneeId, label: detail.assigneeName ?? detail.assigneeId }]
      : []),
  ];
  return (
    <div className="eviction-form" data-testid="case-details-form">
      <h3>{t('eviction.case.editHeading')}</h3>
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
      <ErrorSummary {...form.summary} />
      <form onSubmit={onSubmit} noValidate>
        <div className="field-row">
          <TextField {...form.text('householdAdults')} label={t('eviction.case.editAdults')} inputMode="numeric" width="short" />
          <TextField
            {...form.text('householdChildren')}
            label={t('eviction.case.editChildren')}
            hint={t('eviction.case.editChildrenHint')}
            inputMode="numeric"
            width="short"
          />
        </div>
        <TextField
          {...form.text('servedOn')}
          label={t('eviction.case.editServedOn')}
          hint={t('eviction.case.editServedOnHint')}
          type="date"
          width="short"
          optional
        />
        <TextField
          {...form.text('evictionDate')}
          label={t('eviction.case.editEvictionDate')}
          hint={t('eviction.case.editEvictionDateHint')}
          type="date"
          width="short"
          optional
        />
        <SelectField
          {...form.text('assigneeId')}
          label={t('eviction.case.editAssignee')}
          options={assigneeOptions}
          width="medium"
          optional
        />
        {staff.error ? <p className="muted">{describeError(t, staff.error)}</p> : null}
        <FormActions submitLabel={t('eviction.case.editSave')} submitting={form.submitting} onCancel={onCancel} />
      </form>
    </div>
  );
}

function dateError(t: TFunction, value: string): string | undefined {
  return isIsoDate(value) ? undefined : t('errors.invalidDate');
}

export function AttemptForm({ detail, onSaved, onCancel }: CaseFormProps) {
  const { t } = useTranslation();
  const labels = useEvictionLabels();
  const form = useForm({ kind: '', outcome: '', occurredOn: today(), note: '' }, 'attempt');
  const validate = (v: typeof form.values): FieldErrors => {
    const errors: FieldErrors = {};
    if (!v.kind) errors.kind = t('eviction.attempts.chooseKind');
    if (!v.outcome) errors.outcome = t('eviction.attempts.chooseOutcome');
    const date = dateError(t, v.occurredOn);
    if (date) errors.occurredOn = date;
    return errors;
  };
  const onSubmit = form.handleSubmit(validate, async (v) => {
    const next = await evictionApi.addAttempt(detail.id, {
      kind: v.kind as OutreachKind,
      outcome: v.outcome as OutreachOutcome,
      occurredOn: v.occurredOn,
      note: optionalText(v.note),
    });
    onSaved(next, t('eviction.attempts.saved'));
  });
  return (
    <div className="eviction-form" data-testid="attempt-form">
      <ErrorSummary {...form.summary} />
      <form onSubmit={onSubmit} noValidate>
        <RadioGroup {...form.text('kind')} label={t('eviction.attempts.kind')} inline options={labels.outreachKindOptions} />
        <RadioGroup {...form.text('outcome')} label={t('eviction.attempts.outcome')} options={labels.outreachOutcomeOptions} />
        <TextField {...form.text('occurredOn')} label={t('eviction.attempts.occurredOn')} type="date" width="short" />
        <TextAreaField {...form.text('note')} label={t('eviction.attempts.note')} optional rows={3} />
        <FormActions submitLabel={t('eviction.attempts.save')} submitting={form.submitting} onCancel={onCancel} />
      </form>
    </div>
  );
}

export function ConsentForm({ detail, onSaved, onCancel }: CaseFormProps) {
  const { t } = useTranslation();
  const labels = useEvictionLabels();
  const form = useForm({ party: '', scope: '', givenOn: today() }, 'consent');
  const validate = (v: typeof form.values): FieldErrors => {
    const errors: FieldErrors = {};
    if (!v.party) errors.party = t('eviction.consents.chooseParty');
    if (!v.scope.trim()) errors.scope = t('errors.required', { field: t('eviction.consents.scope').toLowerCase() });
    const date = dateError(t, v.givenOn);
    if (date) errors.givenOn = date;
    return errors;
  };
  const onSubmit = form.handleSubmit(validate, async (v) => {
    const next = await evictionApi.addConsent(detail.id, { party: v.party as ConsentParty, scope: v.scope.trim(), givenOn: v.givenOn });
    onSaved(next, t('eviction.consents.saved'));
  });
  return (
    <div className="eviction-form" data-testid="consent-form">
      <ErrorSummary {...form.summary} />
      <form onSubmit={onSubmit} noValidate>
        <SelectField
          {...form.text('party')}
          label={t('eviction.consents.party')}
          placeholder={t('common.choose')}
          options={labels.partyOptions}
        />
        <TextAreaField {...form.text('scope')} label={t('eviction.consents.scope')} rows={2} />
        <TextField {...form.text('givenOn')} label={t('eviction.consents.givenOn')} type="date" width="short" />
        <FormActions submitLabel={t('eviction.consents.save')} submitting={form.submitting} onCancel={onCancel} />
      </form>
    </div>
  );
}

export function WithdrawConsentForm({ detail, consentId, onSaved, onCancel }: CaseFormProps & { consentId: string }) {
  const { t } = useTranslation();
  const form = useForm({ withdrawnOn: today() }, `withdraw-${consentId}`);
  const onSubmit = form.handleSubmit(
    (v): FieldErrors => {
      const date = dateError(t, v.withdrawnOn);
      return date ? { withdrawnOn: date } : {};
    },
    async (v) => {
      const next = await evictionApi.withdrawConsent(detail.id, consentId, v.withdrawnOn);
      onSaved(next, t('eviction.consents.withdrawnSaved'));
    },
  );
  return (
    <div className="eviction-form" data-testid="withdraw-consent-form">
      <ErrorSummary {...form.summary} />
      <form onSubmit={onSubmit} noValidate>
        <TextField {...form.text('withdrawnOn')} label={t('eviction.consents.withdrawnOn')} type="date" width="short" autoFocus />
        <FormActions submitLabel={t('eviction.consents.withdrawSave')} submitting={form.submitting} onCancel={onCancel} />
      </form>
    </div>
  );
}

export function SupportForm({ detail, onSaved, onCancel }: CaseFormProps) {
  const { t } = useTranslation();
  const labels = useEvictionLabels();
  const form = useForm({ kind: '', groupSession: false, occurredOn: today(), note: '' }, 'support');
  const validate = (v: typeof form.values): FieldErrors => {
    const errors: FieldErrors = {};
    if (!v.kind) errors.kind = t('eviction.support.chooseKind');
    const date = dateError(t, v.occurredOn);
    if (date) errors.occurredOn = date;
    return errors;
  };
  const onSubmit = form.handleSubmit(validate, async (v) => {
    const next = await evictionApi.addSupport(detail.id, {
      kind: v.kind as SupportKind,
      groupSession: v.kind === 'mi_conversation' && v.groupSession,
      occurredOn: v.occurredOn,
      note: optionalText(v.note),
    });
    onSaved(next, t('eviction.support.saved'));
  });
  return (
    <div className="eviction-form" data-testid="support-form">
      <ErrorSummary {...form.summary} />
      <form onSubmit={onSubmit} noValidate>
        <RadioGroup {...form.text('kind')} label={t('eviction.support.kind')} options={labels.supportKindOptions} />
        {form.values.kind === 'mi_conversation' ? (
          <CheckboxField {...form.checkbox('groupSession')} label={t('eviction.support.groupSession')} />
        ) : null}
        <TextField {...form.text('occurredOn')} label={t('eviction.support.occurredOn')} type="date" width="short" />
        <TextAreaField {...form.text('note')} label={t('eviction.support.note')} optional rows={3} />
        <FormActions submitLabel={t('eviction.support.save')} submitting={form.submitting} onCancel={onCancel} />
      </form>
    </div>
  );
}

export function ReferralForm({ detail, onSaved, onCancel }: CaseFormProps) {
  const { t } = useTranslation();
  const labels = useEvictionLabels();
  const form = useForm({ service: '', status: 'suggested', statusOn: today(), note: '' }, 'referral');
  const validate = (v: typeof form.values): FieldErrors => {
    const errors: FieldErrors = {};
    if (!v.service) errors.service = t('eviction.referrals.chooseService');
    if (!v.status) errors.status = t('eviction.referrals.chooseStatus');
    const date = dateError(t, v.statusOn);
    if (date) errors.statusOn = date;
    return errors;
  };
  const onSubmit = form.handleSubmit(validate, async (v) => {
    const next = await evictionApi.addReferral(detail.id, {
      service: v.service as ReferralService,
      status: v.status as ReferralStatus,
      statusOn: v.statusOn,
      note: optionalText(v.note),
    });
    onSaved(next, t('eviction.referrals.saved'));
  });
  return (
    <div className="eviction-form" data-testid="referral-form">
      <ErrorSummary {...form.summary} />
      <form onSubmit={onSubmit} noValidate>
        <SelectField
          {...form.text('service')}
          label={t('eviction.referrals.service')}
          placeholder={t('common.choose')}
          options={labels.serviceOptions}
        />
        <RadioGroup {...form.text('status')} label={t('eviction.referrals.status')} inline options={labels.referralStatusOptions} />
        <TextField {...form.text('statusOn')} label={t('eviction.referrals.statusOn')} type="date" width="short" />
        <TextAreaField {...form.text('note')} label={t('eviction.referrals.note')} optional rows={3} />
        <FormActions submitLabel={t('eviction.referrals.save')} submitting={form.submitting} onCancel={onCancel} />
      </form>
    </div>
  );
}

/** Changes a referral's status from the version it was loaded with; someone else's change meanwhile is a 409. */
export function ReferralStatusForm({
  detail,
  referral,
  onSaved,
  onCancel,
  reload,
}: CaseFormProps & { referral: CaseDetail['referrals'][number]; reload: () => void }) {
  const { t } = useTranslation();
  const labels = useEvictionLabels();
  const [stale, setStale] = useState<unknown>(null);
  const form = useForm({ status: referral.status as string, statusOn: today() }, `referral-${referral.id}`);
  const onSubmit = form.handleSubmit(
    (v): FieldErrors => {
      const date = dateError(t, v.statusOn);
      return date ? { statusOn: date } : {};
    },
    async (v) => {
      setStale(null);
      try {
        const next = await evictionApi.updateReferral(detail.id, referral.id, {
          version: referral.version,
          status: v.status as ReferralStatus,
          statusOn: v.statusOn,
        });
        onSaved(next, t('eviction.referrals.changed'));
      } catch (error) {
        if (!isStale(error)) throw error;
        setStale(error);
      }
    },
  );
  return (
    <div className="eviction-form" data-testid="referral-status-form">
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
      <ErrorSummary {...form.summary} />
      <form onSubmit={onSubmit} noValidate>
        <RadioGroup {...form.text('status')} label={t('eviction.referrals.status')} options={labels.referralStatusOptions} />
        <TextField {...form.text('statusOn')} label={t('eviction.referrals.statusOn')} type="date" width="short" />
        <FormActions submitLabel={t('eviction.referrals.changeSave')} submitting={form.submitting} onCancel={onCancel} />
      </form>
    </div>
  );
}

export function CloseForm({ detail, onSaved, onCancel }: CaseFormProps) {
  const { t } = useTranslation();
  const labels = useEvictionLabels();
  const form = useForm({ outcome: '', closedOn: today(), note: '' }, 'close');
  const validate = (v: typeof form.values): FieldErrors => {
    const errors: FieldErrors = {};
    if (!v.outcome) errors.outcome = t('eviction.close.chooseOutcome');
    const date = dateError(t, v.closedOn);
    if (date) errors.closedOn = date;
    return errors;
  };
  const onSubmit = form.handleSubmit(validate, async (v) => {
    const next = await evictionApi.close(detail.id, {
      version: detail.version,
      outcome: v.outcome as ClosingOutcome,
      closedOn: v.closedOn,
      note: optionalText(v.note),
    });
    onSaved(next, t('eviction.close.closed'));
  });
  return (
    <div className="eviction-form" data-testid="close-form">
      <ErrorSummary {...form.summary} />
      <form onSubmit={onSubmit} noValidate>
        <RadioGroup {...form.text('outcome')} label={t('eviction.close.outcome')} options={labels.outcomeOptions} />
        <TextField {...form.text('closedOn')} label={t('eviction.close.closedOn')} type="date" width="short" />
        <TextAreaField {...form.text('note')} label={t('eviction.close.note')} optional rows={3} />
        <FormActions submitLabel={t('eviction.close.save')} submitting={form.submitting} onCancel={onCancel} />
      </form>
    </div>
  );
}

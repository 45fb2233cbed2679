import {
  CASE_STEP_LABELS,
  CLOSING_OUTCOME_LABELS,
  CLOSING_OUTCOMES,
  CONSENT_PARTIES,
  CONSENT_PARTY_LABELS,
  DEADLINE_URGENCY_LABELS,
  OUTREACH_KIND_LABELS,
  OUTREACH_KINDS,
  OUTREACH_OUTCOME_LABELS,
  OUTREACH_OUTCOMES,
  PAYMENT_TIER_LABELS,
  REFERRAL_SERVICE_LABELS,
  REFERRAL_SERVICES,
  REFERRAL_STATUS_LABELS,
  REFERRAL_STATUSES,
  REPORT_KIND_LABELS,
  REPORT_KINDS,
  REPORT_REASON_LABELS,
  REPORT_REASONS,
  SUPPORT_KIND_LABELS,
  SUPPORT_KINDS,
  type Localized,
} from '@kvarbo/domain';
import { useTranslation } from 'react-i18next';
import type { Option } from '../../components/Fields.tsx';

// The eviction-prevention value lists, labelled from @kvarbo/domain in the current language (never retyped here).

type Labels<K extends string> = Record<K, Localized>;

export function useEvictionLabels() {
  const { i18n } = useTranslation();
  const locale: 'sv' | 'en' = i18n.language === 'en' ? 'en' : 'sv';
  const label =
    <K extends string>(labels: Labels<K>) =>
    (code: K | null | undefined): string =>
      code ? (labels[code]?.[locale] ?? code) : '';
  const options = <K extends string>(codes: readonly K[], labels: Labels<K>): Option[] =>
    codes.map((code) => ({ value: code, label: labels[code][locale] }));
  return {
    locale,
    localized: (text: Localized | null | undefined) => (text ? text[locale] : ''),
    kind: label(REPORT_KIND_LABELS),
    kindOptions: options(REPORT_KINDS, REPORT_KIND_LABELS),
    reason: label(REPORT_REASON_LABELS),
    reasonOptions: options(REPORT_REASONS, REPORT_REASON_LABELS),
    step: label(CASE_STEP_LABELS),
    outreachKind: label(OUTREACH_KIND_LABELS),
    outreachKindOptions: options(OUTREACH_KINDS, OUTREACH_KIND_LABELS),
    outreachOutcome: label(OUTREACH_OUTCOME_LABELS),
    outreachOutcomeOptions: options(OUTREACH_OUTCOMES, OUTREACH_OUTCOME_LABELS),
    party: label(CONSENT_PARTY_LABELS),
    partyOptions: options(CONSENT_PARTIES, CONSENT_PARTY_LABELS),
    supportKind: label(SUPPORT_KIND_LABELS),
    supportKindOptions: options(SUPPORT_KINDS, SUPPORT_KIND_LABELS),
    service: label(REFERRAL_SERVICE_LABELS),
    serviceOptions: options(REFERRAL_SERVICES, REFERRAL_SERVICE_LABELS),
    referralStatus: label(REFERRAL_STATUS_LABELS),
    referralStatusOptions: options(REFERRAL_STATUSES, REFERRAL_STATUS_LABELS),
    outcome: label(CLOSING_OUTCOME_LABELS),
    outcomeOptions: options(CLOSING_OUTCOMES, CLOSING_OUTCOME_LABELS),
    urgency: label(DEADLINE_URGENCY_LABELS),
    tier: label(PAYMENT_TIER_LABELS),
  };
}

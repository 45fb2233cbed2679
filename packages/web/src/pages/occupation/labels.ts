import {
  ACTIVITY_KIND_LABELS,
  ACTIVITY_KINDS,
  ACTIVITY_ORGANISER_LABELS,
  ACTIVITY_ORGANISERS,
  OCCUPATION_KIND_LABELS,
  OCCUPATION_KINDS,
  type ActivityKind,
  type ActivityOrganiser,
  type OccupationKind,
  type SuppressedCount,
} from '@kvarbo/domain';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import type { Option } from '../../components/Fields.tsx';

// The occupation pages' words for the fixed value lists come from @kvarbo/domain (the export uses the same).

export function useOccupationLabels() {
  const { i18n } = useTranslation();
  const locale: 'sv' | 'en' = i18n.language === 'en' ? 'en' : 'sv';
  const numbers = new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'sv-SE', { maximumFractionDigits: 1 });
  return {
    locale,
    kind: (k: OccupationKind) => OCCUPATION_KIND_LABELS[k]?.[locale] ?? k,
    activityKind: (k: ActivityKind) => ACTIVITY_KIND_LABELS[k]?.[locale] ?? k,
    organiser: (o: ActivityOrganiser) => ACTIVITY_ORGANISER_LABELS[o]?.[locale] ?? o,
    kindOptions: OCCUPATION_KINDS.map((k): Option => ({ value: k, label: OCCUPATION_KIND_LABELS[k][locale] })),
    activityKindOptions: ACTIVITY_KINDS.map((k): Option => ({ value: k, label: ACTIVITY_KIND_LABELS[k][locale] })),
    organiserOptions: ACTIVITY_ORGANISERS.map((o): Option => ({ value: o, label: ACTIVITY_ORGANISER_LABELS[o][locale] })),
    /** A count as the summary gives it: a number, or '<5' for analysts. */
    count: (c: SuppressedCount) => (typeof c === 'number' ? numbers.format(c) : c),
    /** Planned hours, one decimal; a dash when left out. */
    hours: (h: number | null) => (h === null ? '–' : numbers.format(h)),
  };
}

/** Someone else saved the record since it was loaded (409 STALE_VERSION, docs/concurrency.md). */
export function isStale(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409 && error.code === 'STALE_VERSION';
}

/** A whole number in [min, max] typed as text, or null. */
export function readWhole(text: string, min: number, max: number): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n >= min && n <= max ? n : null;
}

/** 'HH:MM' or empty. */
export function isTime(text: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(text);
}

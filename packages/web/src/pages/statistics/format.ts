import type { Count } from '../../api/stats.ts';

/** A count as drawn in a chart: "<5" (suppressed for analysts) is drawn as 2.5, halfway, and labelled "<5". */
export function drawValue(count: Count): number {
  return count === '<5' ? 2.5 : count;
}

export function countText(count: Count | null | undefined): string {
  if (count === null || count === undefined) return '–';
  return count === '<5' ? '<5' : String(count);
}

/** A share 0–1 as "25,3 %" ("25.3 %" in English); null (not known, or suppressed) as "–". */
export function percent(share: number | null | undefined, locale: string, digits = 1): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '–';
  return new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'sv-SE', {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(share);
}

/** For CSV: a share as a percentage number with one decimal, or null. */
export function percentNumber(share: number | null | undefined): number | null {
  return share === null || share === undefined || !Number.isFinite(share) ? null : Math.round(share * 1000) / 10;
}

/** A count for CSV: a number, or the text "<5". */
export function csvCount(count: Count | null | undefined): number | string | null {
  return count === undefined ? null : count;
}

export const DAYS_PER_MONTH = 30.4375;

export function daysToMonths(days: number | null | undefined): number | null {
  return days === null || days === undefined ? null : Math.round((days / DAYS_PER_MONTH) * 10) / 10;
}

export function monthsText(days: number | null | undefined, locale: string): string {
  const months = daysToMonths(days);
  return months === null ? '–' : new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'sv-SE', { maximumFractionDigits: 1 }).format(months);
}

import { formatKronor, formatPersonalNumber, parseKronor, todayInStockholm } from '@kvarbo/domain';

// Display and input conversions shared by the pages. Money logic itself lives in @kvarbo/domain.

export function today(): string {
  return todayInStockholm(new Date());
}

/** "6 500 kr", or '' for a missing amount (the detail list shows a dash). */
export function money(ore: number | null | undefined): string {
  return ore === null || ore === undefined ? '' : formatKronor(ore);
}

/** The amount as it should stand in an input for editing: "6 500" (no "kr", the field shows it). */
export function kronorInput(ore: number | null | undefined): string {
  if (ore === null || ore === undefined) return '';
  return formatKronor(ore).replace(/\u00a0kr$/, '');
}

export type MoneyResult = { ok: true; ore: number | null } | { ok: false };

/** Blank is allowed (null) unless required; negative amounts are never a rent or a fee. */
export function readKronor(text: string): MoneyResult {
  if (text.trim() === '') return { ok: true, ore: null };
  const ore = parseKronor(text);
  if (ore === null || ore < 0) return { ok: false };
  return { ok: true, ore };
}

const instantFormats: Record<string, Intl.DateTimeFormat> = {};

/**
 * An instant (ISO UTC) in Swedish time: "2026-03-14 16:45". The same numeric form in both languages, like
 * the calendar dates everywhere else in Kvarbo.
 */
export function instant(iso: string, _locale?: string): string {
  const key = 'sv';
  instantFormats[key] ??= new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Stockholm',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : instantFormats[key].format(date);
}

/** "Lastname, Firstname" for lists, where people are sorted by last name. */
export function sortableName(person: { firstName: string; lastName: string }): string {
  return `${person.lastName}, ${person.firstName}`;
}

export function personalNumber(value: string | null | undefined): string {
  return value ? formatPersonalNumber(value) : '';
}

/** Optional text fields: blank → null, so the server stores "not given" rather than "". */
export function optionalText(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export function looksLikeEmail(text: string): boolean {
  return EMAIL.test(text.trim());
}

export function isIsoDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text);
}

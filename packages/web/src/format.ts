import { addMonths, formatKronor, formatPersonalNumber, parseKronor, todayInStockholm } from '@kvarbo/domain';

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

/** 'YYYY-MM' of today in Stockholm. */
export function currentMonth(): string {
  return today().slice(0, 7);
}

export function nextMonth(): string {
  return addMonths(currentMonth(), 1);
}

export function isMonth(text: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(text);
}

/** A required amount above zero, in öre, or null when the text is not one. */
export function positiveOre(text: string): number | null {
  const result = readKronor(text);
  return result.ok && result.ore !== null && result.ore > 0 ? result.ore : null;
}

/** "2,4 MB" / "830 kB": file sizes for people, with the Swedish decimal comma in both languages' digits. */
export function fileSize(bytes: number, locale: 'sv' | 'en' = 'sv'): string {
  const units = ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const text = unit === 0 ? String(value) : value.toFixed(value < 10 ? 1 : 0);
  return `${locale === 'sv' ? text.replace('.', ',') : text}\u00a0${units[unit]}`;
}

/** "1:a", "2:a", "25:e" in Swedish; "1st", "2nd", "25th" in English: the agreed due day. */
export function ordinalDay(day: number, locale: 'sv' | 'en' = 'sv'): string {
  const teen = day % 100 >= 11 && day % 100 <= 13;
  if (locale === 'sv') return `${day}:${!teen && (day % 10 === 1 || day % 10 === 2) ? 'a' : 'e'}`;
  const suffix = teen ? 'th' : (['th', 'st', 'nd', 'rd'][day % 10] ?? 'th');
  return `${day}${suffix}`;
}

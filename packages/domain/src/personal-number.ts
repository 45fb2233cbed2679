// Swedish personal identity numbers (personnummer, folkbokföringslagen 1991:481 18 §) and coordination
// numbers (samordningsnummer, lag 2022:1697 om samordningsnummer, before 2023-09-01 FOL 18 a §). Checked
// against FOL 18 § and Skatteverket's Rättslig vägledning: YYMMDD, a birth number 001–999 and a Luhn check
// digit over those nine digits; a samordningsnummer adds 60 to the day; registers store the century too.
// The date part may be a nearby day when a day runs out of birth numbers (FOL 18 § third paragraph), so
// birthDate is "the date in the number", good enough for age checks, not proof of the birthday.
import type { Locale, Localized } from './errors.ts';
import { isCalendarDate } from './calendar-date.ts';
import { hasValidLuhn } from './luhn.ts';

export type PersonalNumberKind = 'personnummer' | 'samordningsnummer';
export type PersonalNumberErrorCode = 'empty' | 'format' | 'date' | 'checksum' | 'future';
export type PersonalNumberResult =
  { ok: true; kind: PersonalNumberKind; normalized: string; birthDate: string } | { ok: false; code: PersonalNumberErrorCode };

// YYYYMMDD-NNNC, YYYYMMDDNNNC, YYMMDD-NNNC, YYMMDD+NNNC or YYMMDDNNNC.
const ACCEPTED_FORMS = /^(?:\d{8}-?|\d{6}[-+]?)\d{4}$/;
const SAMORDNING_DAY_OFFSET = 60;

/** `today` is 'YYYY-MM-DD'; it decides the century of ten-digit forms and rejects future birth dates. */
export function parsePersonalNumber(input: string, today: string): PersonalNumberResult {
  if (!isCalendarDate(today)) throw new RangeError(`today must be YYYY-MM-DD, got "${today}"`);
  const s = input.trim();
  if (s === '') return { ok: false, code: 'empty' };
  if (!ACCEPTED_FORMS.test(s)) return { ok: false, code: 'format' };

  const digits = s.replace(/[-+]/, '');
  const ten = digits.slice(-10); // YYMMDDNNNC: what the check digit covers
  if (ten.slice(6, 9) === '000') return { ok: false, code: 'format' };
  const [yy, mm, dd] = [ten.slice(0, 2), ten.slice(2, 4), ten.slice(4, 6)];
  const kind: PersonalNumberKind = Number(dd) > SAMORDNING_DAY_OFFSET ? 'samordningsnummer' : 'personnummer';
  const realDd = kind === 'samordningsnummer' ? pad(Number(dd) - SAMORDNING_DAY_OFFSET, 2) : dd;
  const year = digits.length === 12 ? Number(digits.slice(0, 4)) : inferYear(Number(yy), `${mm}-${realDd}`, s.includes('+'), today);

  const birthDate = `${pad(year, 4)}-${mm}-${realDd}`;
  if (!isCalendarDate(birthDate)) return { ok: false, code: 'date' };
  if (!hasValidLuhn(ten)) return { ok: false, code: 'checksum' };
  if (birthDate > today) return { ok: false, code: 'future' };
  return { ok: true, kind, normalized: `${pad(year, 4)}${mm}${dd}-${ten.slice(6)}`, birthDate };
}

// FOL 18 § second paragraph: the '-' becomes a '+' in the year the person turns 100. A '+'
// therefore means born in or before (this year − 100). For '-' or no separator we take the most recent
// century that does not put the birth in the future, which also tolerates a '-' written out of habit.
function inferYear(yy: number, monthDay: string, plus: boolean, today: string): number {
  const thisYear = Number(today.slice(0, 4));
  if (plus) return latestYearEndingIn(yy, thisYear - 100);
  const year = latestYearEndingIn(yy, thisYear);
  return `${pad(year, 4)}-${monthDay}` > today ? year - 100 : year;
}

function latestYearEndingIn(yy: number, notAfter: number): number {
  return notAfter - ((((notAfter - yy) % 100) + 100) % 100);
}

/** 'YYYYMMDD-NNNC' (also from 'YYYYMMDDNNNC'); any other input is returned unchanged. */
export function formatPersonalNumber(normalized: string): string {
  const m = /^(\d{8})-?(\d{4})$/.exec(normalized.trim());
  return m ? `${m[1]}-${m[2]}` : normalized;
}

/** The ten-digit form 'YYMMDD-NNNC', or 'YYMMDD+NNNC' from the year the person turns 100 (FOL 18 §). */
export function formatPersonalNumberShort(normalized: string, today: string): string {
  const long = formatPersonalNumber(normalized);
  if (!/^\d{8}-\d{4}$/.test(long)) return normalized;
  const age = Number(today.slice(0, 4)) - Number(long.slice(0, 4));
  return `${long.slice(2, 8)}${age >= 100 ? '+' : '-'}${long.slice(9)}`;
}

export const PERSONAL_NUMBER_MESSAGES: Record<PersonalNumberErrorCode, Localized> = {
  empty: {
    sv: 'Ange personnummer eller samordningsnummer.',
    en: 'Enter a personal identity number or coordination number.',
  },
  format: {
    sv: 'Skriv numret som ÅÅMMDD-NNNN eller ÅÅÅÅMMDD-NNNN.',
    en: 'Write the number as YYMMDD-NNNN or YYYYMMDD-NNNN.',
  },
  date: {
    sv: 'Datumdelen är inte ett giltigt datum – kontrollera personnumret.',
    en: 'The date part is not a valid date – check the personal identity number.',
  },
  checksum: {
    sv: 'Kontrollsiffran stämmer inte – kontrollera personnumret.',
    en: 'The check digit does not match – check the personal identity number.',
  },
  future: {
    sv: 'Födelsedatumet ligger i framtiden – kontrollera personnumret.',
    en: 'The date of birth is in the future – check the personal identity number.',
  },
};

export function personalNumberMessage(code: PersonalNumberErrorCode, locale: Locale): string {
  return PERSONAL_NUMBER_MESSAGES[code][locale];
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

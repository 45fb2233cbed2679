import { isCalendarDate } from '@kvarbo/domain';
import { z } from 'zod';
import type { Messages } from '../errors.ts';

// Field messages live with the schemas: a custom issue carries a key ("kv:<key>") that the error handler
// turns into Swedish or English. Zod's own issues are translated by code in fieldMessage().

const CUSTOM: Record<string, Messages> = {
  date: { sv: 'Ange ett datum som ÅÅÅÅ-MM-DD.', en: 'Enter a date as YYYY-MM-DD.' },
  required: { sv: 'Fältet måste fyllas i.', en: 'This field is required.' },
  email: { sv: 'Ange en giltig e-postadress.', en: 'Enter a valid e-mail address.' },
  postcode: { sv: 'Ange postnummer med fem siffror, t.ex. 123 45.', en: 'Enter a five-digit postcode, e.g. 123 45.' },
  ore: { sv: 'Ange ett belopp i hela öre (heltal, 0 eller mer).', en: 'Enter an amount in whole öre (an integer, 0 or more).' },
  id: { sv: 'Ogiltigt id.', en: 'Invalid id.' },
  month: { sv: 'Ange en månad som ÅÅÅÅ-MM.', en: 'Enter a month as YYYY-MM.' },
};

const key = (k: keyof typeof CUSTOM) => ({ error: `kv:${k}` });

/** The row version an edit was made from (optimistic concurrency, docs/concurrency.md). */
export const rowVersion = () => z.number(key('required')).int().min(1);
export const text = (max = 200) => z.string(key('required')).trim().min(1, key('required')).max(max);
export const optionalText = (max = 500) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));
export const calendarDate = () => z.string(key('date')).refine((s) => isCalendarDate(s), key('date'));
export const optionalDate = () =>
  calendarDate()
    .nullish()
    .transform((v) => v ?? null);
export const email = () =>
  z
    .string()
    .trim()
    .max(200)
    .refine((s) => s === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s), key('email'))
    .nullish()
    .transform((v) => (v ? v : null));
export const postcode = () =>
  z
    .string(key('postcode'))
    .trim()
    .refine((s) => /^\d{3}\s?\d{2}$/.test(s), key('postcode'))
    .transform((s) => `${s.replace(/\s/g, '').slice(0, 3)} ${s.replace(/\s/g, '').slice(3)}`);
export const ore = () => z.number(key('ore')).int(key('ore')).min(0, key('ore')).max(1_000_000_000, key('ore'));
export const optionalOre = () =>
  ore()
    .nullish()
    .transform((v) => v ?? null);
export const id = () => z.string(key('id')).min(1, key('id')).max(64, key('id'));

export const idParams = z.object({ id: id() });

export const paging = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
  q: z
    .string()
    .trim()
    .max(100)
    .optional()
    .transform((v) => v || undefined),
};

/** `sort=field` or `sort=-field` over a fixed list of fields. */
export function sortParam<const T extends readonly [string, ...string[]]>(fields: T, fallback: T[number] | `-${T[number]}`) {
  const allowed = [...fields, ...fields.map((f) => `-${f}`)] as [string, ...string[]];
  return z
    .enum(allowed)
    .default(fallback)
    .transform((s) => ({ sort: s.replace(/^-/, '') as T[number], descending: s.startsWith('-') }));
}

export const booleanQuery = () =>
  z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true'));

/** A zod issue in the user's language. */
export function fieldMessage(issue: { keyword: string; message: string; params: Record<string, unknown> }): {
  code: string;
  message: Messages;
} {
  if (issue.message.startsWith('kv:')) {
    const k = issue.message.slice(3);
    return { code: k, message: CUSTOM[k] ?? CUSTOM.required! };
  }
  const p = issue.params;
  switch (issue.keyword) {
    case 'invalid_type':
      if (/received undefined/.test(issue.message)) return { code: 'required', message: CUSTOM.required! };
      return {
        code: 'invalid_type',
        message: { sv: `Fel sorts värde (väntade ${String(p.expected)}).`, en: `Wrong kind of value (expected ${String(p.expected)}).` },
      };
    case 'too_small':
      if (p.origin === 'string') return { code: 'required', message: CUSTOM.required! };
      return {
        code: 'too_small',
        message: { sv: `Värdet måste vara minst ${String(p.minimum)}.`, en: `The value must be at least ${String(p.minimum)}.` },
      };
    case 'too_big':
      if (p.origin === 'string')
        return { code: 'too_long', message: { sv: `Högst ${String(p.maximum)} tecken.`, en: `At most ${String(p.maximum)} characters.` } };
      return {
        code: 'too_big',
        message: { sv: `Värdet får vara högst ${String(p.maximum)}.`, en: `The value must be at most ${String(p.maximum)}.` },
      };
    case 'invalid_value':
      return {
        code: 'invalid_choice',
        message: {
          sv: `Välj ett av: ${(p.values as unknown[] | undefined)?.join(', ')}.`,
          en: `Choose one of: ${(p.values as unknown[] | undefined)?.join(', ')}.`,
        },
      };
    case 'unrecognized_keys':
      return {
        code: 'unknown_field',
        message: { sv: `Okänt fält: ${(p.keys as string[]).join(', ')}.`, en: `Unknown field: ${(p.keys as string[]).join(', ')}.` },
      };
    default:
      return { code: issue.keyword, message: { sv: 'Ogiltigt värde.', en: 'Invalid value.' } };
  }
}

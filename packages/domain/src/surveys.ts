// Resident surveys (issue 9, "the residents' voice"): short questionnaires a resident answers on paper (entered
// by staff) or on a phone through a one-time link. Brukarrevision and customer surveys in supported housing ask
// a handful of plain questions on a 1–5 scale, a yes/no or two and room for the resident's own words; the
// results go back to the unit as figures per month or quarter, never as one person's answer.
//
// This module holds the survey definition, the built-in "Hur är läget?" survey, answer validation and the
// results per period with small-cell suppression (small-cells.ts): a period with 1–4 answers shows "<5" and no
// mean or distribution, because with so few answers a distribution tells staff who said what.

import type { Localized } from './errors.ts';
import type { LocalizedFieldError } from './localized-field-error.ts';
import { isCalendarMonth } from './calendar-month.ts';
import { isSmall, suppress, type SuppressedCount } from './small-cells.ts';

export const SURVEY_QUESTION_KINDS = ['scale', 'yes_no', 'text'] as const;
export type SurveyQuestionKind = (typeof SURVEY_QUESTION_KINDS)[number];

export const SCALE_MIN = 1;
export const SCALE_MAX = 5;
/** Free text is short on purpose: a phone keyboard, and no room for a case file. */
export const FREE_TEXT_MAX_LENGTH = 1000;
export const MAX_QUESTIONS = 30;

export type ScaleQuestion = {
  id: string;
  kind: 'scale';
  text: Localized;
  required: boolean;
  /** The five answers' words, 1 first ("Mycket dåligt") to 5 last ("Mycket bra"). */
  labels: [Localized, Localized, Localized, Localized, Localized];
};
export type YesNoQuestion = { id: string; kind: 'yes_no'; text: Localized; required: boolean };
export type TextQuestion = { id: string; kind: 'text'; text: Localized; required: boolean; maxLength: number };
export type SurveyQuestion = ScaleQuestion | YesNoQuestion | TextQuestion;

export type SurveyDefinition = {
  /** 'hur-ar-laget' for the built-in survey. */
  key: string;
  title: Localized;
  intro: Localized;
  questions: SurveyQuestion[];
};

/** One answer per question id: 1–5 for a scale, true/false for yes/no, a string for text; null or absent = skipped. */
export type SurveyAnswerValues = Record<string, number | boolean | string | null>;

const SCALE_LABELS: ScaleQuestion['labels'] = [
  { sv: 'Mycket dåligt', en: 'Very bad' },
  { sv: 'Ganska dåligt', en: 'Quite bad' },
  { sv: 'Varken bra eller dåligt', en: 'Neither good nor bad' },
  { sv: 'Ganska bra', en: 'Quite good' },
  { sv: 'Mycket bra', en: 'Very good' },
];

/** The built-in survey: how things are, the support, the apartment, the staff. Plain words, one idea a question. */
export const HUR_AR_LAGET: SurveyDefinition = {
  key: 'hur-ar-laget',
  title: { sv: 'Hur är läget?', en: 'How are things?' },
  intro: {
    sv: 'Några korta frågor om hur du har det. Det tar ett par minuter. Du väljer själv om du vill svara.',
    en: 'A few short questions about how you are. It takes a couple of minutes. It is up to you whether you answer.',
  },
  questions: [
    {
      id: 'life',
      kind: 'scale',
      required: true,
      text: { sv: 'Hur har du det just nu?', en: 'How are you doing right now?' },
      labels: SCALE_LABELS,
    },
    {
      id: 'support',
      kind: 'scale',
      required: true,
      text: { sv: 'Hur tycker du att stödet du får fungerar?', en: 'How well does the support you get work for you?' },
      labels: SCALE_LABELS,
    },
    {
      id: 'apartment',
      kind: 'scale',
      required: true,
      text: { sv: 'Hur trivs du i din lägenhet?', en: 'How do you like your apartment?' },
      labels: SCALE_LABELS,
    },
    {
      id: 'staff',
      kind: 'scale',
      required: true,
      text: { sv: 'Hur blir du bemött av personalen?', en: 'How do the staff treat you?' },
      labels: SCALE_LABELS,
    },
    {
      id: 'listened',
      kind: 'yes_no',
      required: false,
      text: { sv: 'Lyssnar personalen på vad du vill?', en: 'Do the staff listen to what you want?' },
    },
    {
      id: 'comment',
      kind: 'text',
      required: false,
      maxLength: FREE_TEXT_MAX_LENGTH,
      text: { sv: 'Vill du säga något mer? (frivilligt)', en: 'Anything else you want to say? (optional)' },
    },
  ],
};

export const BUILT_IN_SURVEYS: Record<string, SurveyDefinition> = { [HUR_AR_LAGET.key]: HUR_AR_LAGET };

const msg = {
  required: { sv: 'Frågan behöver ett svar.', en: 'This question needs an answer.' },
  scale: {
    sv: `Svaret ska vara en siffra från ${SCALE_MIN} till ${SCALE_MAX}.`,
    en: `The answer must be a number from ${SCALE_MIN} to ${SCALE_MAX}.`,
  },
  yesNo: { sv: 'Svaret ska vara ja eller nej.', en: 'The answer must be yes or no.' },
  text: { sv: 'Svaret ska vara text.', en: 'The answer must be text.' },
  unknown: { sv: 'Enkäten har ingen sådan fråga.', en: 'The survey has no such question.' },
  noQuestions: { sv: 'Enkäten behöver minst en fråga.', en: 'The survey needs at least one question.' },
  tooManyQuestions: { sv: `Enkäten får ha högst ${MAX_QUESTIONS} frågor.`, en: `The survey may have at most ${MAX_QUESTIONS} questions.` },
  duplicateId: { sv: 'Två frågor har samma id.', en: 'Two questions have the same id.' },
  badId: { sv: 'Frågans id får bara innehålla a–z, 0–9, - och _.', en: 'A question id may only contain a–z, 0–9, - and _.' },
  emptyText: { sv: 'Frågan behöver en text på svenska och engelska.', en: 'The question needs a text in Swedish and English.' },
  labels: { sv: 'En skalfråga behöver fem svarsord.', en: 'A scale question needs five answer labels.' },
  maxLength: {
    sv: `Största längd ska vara 1–${FREE_TEXT_MAX_LENGTH} tecken.`,
    en: `The maximum length must be 1–${FREE_TEXT_MAX_LENGTH} characters.`,
  },
} satisfies Record<string, Localized>;

function tooLong(max: number): Localized {
  return { sv: `Svaret får vara högst ${max} tecken.`, en: `The answer may be at most ${max} characters.` };
}

const hasText = (l: Localized | undefined) => !!l && l.sv.trim() !== '' && l.en.trim() !== '';

/** Checks a survey definition (a staff-made one, or a stored one before use). Fields are `questions.<i>…`. */
export function validateSurveyDefinition(def: SurveyDefinition): LocalizedFieldError[] {
  const errors: LocalizedFieldError[] = [];
  if (!hasText(def.title)) errors.push({ field: 'title', code: 'required', message: msg.emptyText });
  if (def.questions.length === 0) errors.push({ field: 'questions', code: 'required', message: msg.noQuestions });
  if (def.questions.length > MAX_QUESTIONS) errors.push({ field: 'questions', code: 'too_many', message: msg.tooManyQuestions });
  const seen = new Set<string>();
  def.questions.forEach((q, i) => {
    const at = `questions.${i}`;
    if (!/^[a-z0-9_-]{1,40}$/.test(q.id)) errors.push({ field: `${at}.id`, code: 'invalid', message: msg.badId });
    else if (seen.has(q.id)) errors.push({ field: `${at}.id`, code: 'duplicate', message: msg.duplicateId });
    seen.add(q.id);
    if (!hasText(q.text)) errors.push({ field: `${at}.text`, code: 'required', message: msg.emptyText });
    if (q.kind === 'scale' && (q.labels?.length !== SCALE_MAX - SCALE_MIN + 1 || !q.labels.every(hasText))) {
      errors.push({ field: `${at}.labels`, code: 'invalid', message: msg.labels });
    }
    if (q.kind === 'text' && !(Number.isInteger(q.maxLength) && q.maxLength >= 1 && q.maxLength <= FREE_TEXT_MAX_LENGTH)) {
      errors.push({ field: `${at}.maxLength`, code: 'out_of_range', message: msg.maxLength });
    }
  });
  return errors;
}

/**
 * Checks one resident's answers against the survey: every required question answered, scale values 1–5, yes/no
 * a boolean, free text within its length. Each error names the question: field `answers.<questionId>`.
 * Returns the answers to store: trimmed text, skipped questions as null, nothing the survey does not ask.
 */
export function validateSurveyAnswers(
  def: SurveyDefinition,
  answers: Record<string, unknown>,
): { ok: true; values: SurveyAnswerValues } | { ok: false; errors: LocalizedFieldError[] } {
  const errors: LocalizedFieldError[] = [];
  const values: SurveyAnswerValues = {};
  const known = new Set(def.questions.map((q) => q.id));
  for (const key of Object.keys(answers)) {
    if (!known.has(key)) errors.push({ field: `answers.${key}`, code: 'unknown_question', message: msg.unknown });
  }
  for (const q of def.questions) {
    const field = `answers.${q.id}`;
    let v = answers[q.id];
    if (typeof v === 'string' && q.kind === 'text') v = v.trim();
    if (v === undefined || v === null || v === '') {
      if (q.required) errors.push({ field, code: 'required', message: msg.required });
      values[q.id] = null;
      continue;
    }
    switch (q.kind) {
      case 'scale':
        if (typeof v !== 'number' || !Number.isInteger(v) || v < SCALE_MIN || v > SCALE_MAX) {
          errors.push({ field, code: 'out_of_range', message: msg.scale });
        } else values[q.id] = v;
        break;
      case 'yes_no':
        if (typeof v !== 'boolean') errors.push({ field, code: 'invalid', message: msg.yesNo });
        else values[q.id] = v;
        break;
      case 'text':
        if (typeof v !== 'string') errors.push({ field, code: 'invalid', message: msg.text });
        else if ([...v].length > q.maxLength) errors.push({ field, code: 'too_long', message: tooLong(q.maxLength) });
        else values[q.id] = v;
        break;
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, values };
}

// ---- Results per period ---------------------------------------------------------------------------------------

export const SURVEY_PERIOD_KINDS = ['month', 'quarter'] as const;
export type SurveyPeriodKind = (typeof SURVEY_PERIOD_KINDS)[number];

/** '2026-05' by month, '2026-Q2' by quarter. */
export function surveyPeriodOf(month: string, by: SurveyPeriodKind): string {
  if (!isCalendarMonth(month)) throw new RangeError(`Not a calendar month (YYYY-MM): "${month}"`);
  if (by === 'month') return month;
  return `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
}

/** One stored answer as the results see it: its month and values, nothing about who gave it. */
export type SurveyAnswerForResults = { month: string; values: SurveyAnswerValues };

export type ScaleResult = {
  questionId: string;
  /** How many of the period's answers answered this question: '<5' for 1–4. */
  answered: SuppressedCount;
  /** Mean of 1–5 with one decimal; null when fewer than 5 answered it (or the period is suppressed). */
  mean: number | null;
  /** Count per value 1..5; null when suppressed. Single cells of 1–4 are shown: with ≥ 5 answers to the
   *  question they describe a group, and hiding them would make the mean unreadable. */
  distribution: [number, number, number, number, number] | null;
};
export type YesNoResult = { questionId: string; answered: SuppressedCount; yes: number | null; no: number | null };

export type SurveyPeriodResult = {
  period: string;
  /** Answers in the period: 0, '<5' or the count. */
  answers: SuppressedCount;
  suppressed: boolean;
  scales: ScaleResult[];
  yesNo: YesNoResult[];
};

/**
 * Results per period (month or quarter), oldest first, with small-cell suppression: a period with 1–4 answers,
 * or a question answered by 1–4 in it, shows "<5" and neither mean nor distribution. Free text is never part of
 * the figures (it is read, if at all, by staff in the non-anonymous case; see docs/surveys.md).
 * `periods` lists the periods to show, so a period without answers appears as 0.
 */
export function surveyResults(
  def: SurveyDefinition,
  answers: SurveyAnswerForResults[],
  periods: string[],
  by: SurveyPeriodKind,
): SurveyPeriodResult[] {
  const byPeriod = new Map<string, SurveyAnswerValues[]>();
  for (const p of periods) byPeriod.set(p, []);
  for (const a of answers) byPeriod.get(surveyPeriodOf(a.month, by))?.push(a.values);
  return periods.map((period) => {
    const rows = byPeriod.get(period)!;
    const suppressed = isSmall(rows.length);
    const scales: ScaleResult[] = [];
    const yesNo: YesNoResult[] = [];
    for (const q of def.questions) {
      if (q.kind === 'scale') {
        const vs = rows.map((r) => r[q.id]).filter((v): v is number => typeof v === 'number');
        const hidden = suppressed || isSmall(vs.length) || vs.length === 0;
        const distribution: [number, number, number, number, number] = [0, 0, 0, 0, 0];
        for (const v of vs) distribution[v - SCALE_MIN]!++;
        scales.push({
          questionId: q.id,
          answered: suppress(vs.length),
          mean: hidden ? null : Math.round((vs.reduce((s, v) => s + v, 0) / vs.length) * 10) / 10,
          distribution: hidden ? null : distribution,
        });
      } else if (q.kind === 'yes_no') {
        const vs = rows.map((r) => r[q.id]).filter((v): v is boolean => typeof v === 'boolean');
        const hidden = suppressed || isSmall(vs.length) || vs.length === 0;
        const yes = vs.filter(Boolean).length;
        yesNo.push({
          questionId: q.id,
          answered: suppress(vs.length),
          yes: hidden ? null : yes,
          no: hidden ? null : vs.length - yes,
        });
      }
    }
    return { period, answers: suppress(rows.length), suppressed, scales, yesNo };
  });
}

/** The periods from `fromMonth` to `toMonth` inclusive, month by month or quarter by quarter. */
export function surveyPeriods(fromMonth: string, toMonth: string, by: SurveyPeriodKind): string[] {
  if (!isCalendarMonth(fromMonth) || !isCalendarMonth(toMonth)) throw new RangeError('Periods need YYYY-MM months');
  const out: string[] = [];
  let [y, m] = [Number(fromMonth.slice(0, 4)), Number(fromMonth.slice(5, 7))];
  const end = toMonth;
  for (let guard = 0; guard < 1200; guard++) {
    const month = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
    if (month > end) break;
    const p = surveyPeriodOf(month, by);
    if (out[out.length - 1] !== p) out.push(p);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

import { describe, expect, it } from 'vitest';
import {
  HUR_AR_LAGET,
  surveyPeriodOf,
  surveyPeriods,
  surveyResults,
  validateSurveyAnswers,
  validateSurveyDefinition,
  type SurveyAnswerForResults,
  type SurveyDefinition,
} from './surveys.ts';

const full = { life: 4, support: 5, apartment: 3, staff: 5 };

describe('the built-in "Hur är läget?" survey', () => {
  it('asks about how things are, the support, the apartment and the staff, in Swedish and English', () => {
    expect(validateSurveyDefinition(HUR_AR_LAGET)).toEqual([]);
    expect(HUR_AR_LAGET.questions.filter((q) => q.kind === 'scale').map((q) => q.id)).toEqual(['life', 'support', 'apartment', 'staff']);
    for (const q of HUR_AR_LAGET.questions) {
      expect(q.text.sv).not.toBe('');
      expect(q.text.en).not.toBe('');
    }
    expect(HUR_AR_LAGET.questions.find((q) => q.id === 'comment')?.required).toBe(false);
  });
});

describe('validateSurveyDefinition', () => {
  it('names the question that is wrong', () => {
    const bad: SurveyDefinition = {
      ...HUR_AR_LAGET,
      questions: [
        { id: 'a', kind: 'yes_no', required: true, text: { sv: 'Ja?', en: 'Yes?' } },
        { id: 'a', kind: 'yes_no', required: true, text: { sv: '', en: 'x' } },
        { id: 'B!', kind: 'text', required: false, maxLength: 5000, text: { sv: 'T', en: 'T' } },
      ],
    };
    const fields = validateSurveyDefinition(bad).map((e) => `${e.field}:${e.code}`);
    expect(fields).toEqual([
      'questions.1.id:duplicate',
      'questions.1.text:required',
      'questions.2.id:invalid',
      'questions.2.maxLength:out_of_range',
    ]);
    expect(validateSurveyDefinition({ ...HUR_AR_LAGET, questions: [] })[0]?.field).toBe('questions');
  });
});

describe('validateSurveyAnswers', () => {
  it('accepts a complete answer, trims text and stores skipped questions as null', () => {
    const r = validateSurveyAnswers(HUR_AR_LAGET, { ...full, comment: '  Bra ställe  ' });
    expect(r).toEqual({ ok: true, values: { ...full, listened: null, comment: 'Bra ställe' } });
  });

  it('requires every required question and names it', () => {
    const r = validateSurveyAnswers(HUR_AR_LAGET, { life: 4, support: null });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => `${e.field}:${e.code}`)).toEqual([
      'answers.support:required',
      'answers.apartment:required',
      'answers.staff:required',
    ]);
    expect(r.errors[0]?.message.sv).toBe('Frågan behöver ett svar.');
  });

  it('keeps scale values within 1–5 and whole', () => {
    for (const v of [0, 6, 2.5, '3', true]) {
      const r = validateSurveyAnswers(HUR_AR_LAGET, { ...full, life: v });
      expect(r.ok, String(v)).toBe(false);
      if (!r.ok) expect(r.errors).toEqual([expect.objectContaining({ field: 'answers.life', code: 'out_of_range' })]);
    }
    expect(validateSurveyAnswers(HUR_AR_LAGET, { ...full, life: 1 }).ok).toBe(true);
    expect(validateSurveyAnswers(HUR_AR_LAGET, { ...full, life: 5 }).ok).toBe(true);
  });

  it('wants yes/no as a boolean, free text as text within its length, and no unknown questions', () => {
    const r = validateSurveyAnswers(HUR_AR_LAGET, { ...full, listened: 'ja', comment: 'x'.repeat(1001), extra: 1 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => `${e.field}:${e.code}`)).toEqual([
      'answers.extra:unknown_question',
      'answers.listened:invalid',
      'answers.comment:too_long',
    ]);
    expect(validateSurveyAnswers(HUR_AR_LAGET, { ...full, comment: 'å'.repeat(1000) }).ok).toBe(true);
  });
});

describe('surveyResults', () => {
  const answer = (month: string, life: number, listened: boolean | null = null): SurveyAnswerForResults => ({
    month,
    values: { ...full, life, listened },
  });

  it('periods by month and by quarter', () => {
    expect(surveyPeriodOf('2026-05', 'quarter')).toBe('2026-Q2');
    expect(surveyPeriodOf('2026-12', 'quarter')).toBe('2026-Q4');
    expect(surveyPeriods('2025-11', '2026-02', 'month')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(surveyPeriods('2025-11', '2026-04', 'quarter')).toEqual(['2025-Q4', '2026-Q1', '2026-Q2']);
  });

  it('gives count, mean and distribution for 5 or more answers', () => {
    const answers = [1, 2, 4, 5, 5].map((v) => answer('2026-03', v, v > 2));
    const [march] = surveyResults(HUR_AR_LAGET, answers, ['2026-03'], 'month');
    expect(march?.answers).toBe(5);
    expect(march?.suppressed).toBe(false);
    expect(march?.scales[0]).toEqual({ questionId: 'life', answered: 5, mean: 3.4, distribution: [1, 1, 0, 1, 2] });
    expect(march?.yesNo[0]).toEqual({ questionId: 'listened', answered: 5, yes: 3, no: 2 });
  });

  it('shows "<5" and no mean or distribution for 1–4 answers, and 0 for none', () => {
    const answers = [answer('2026-01', 1), answer('2026-02', 5), answer('2026-02', 5), answer('2026-03', 2)];
    const rows = surveyResults(HUR_AR_LAGET, answers, ['2026-01', '2026-02', '2026-03', '2026-04'], 'month');
    expect(rows.map((r) => r.answers)).toEqual(['<5', '<5', '<5', 0]);
    for (const r of rows) {
      expect(r.scales.every((s) => s.mean === null && s.distribution === null)).toBe(true);
    }
    // By quarter the same four answers are still too few.
    const [q1] = surveyResults(HUR_AR_LAGET, answers, ['2026-Q1'], 'quarter');
    expect(q1?.answers).toBe('<5');
    expect(q1?.scales[0]?.mean).toBeNull();
  });

  it('suppresses one question answered by fewer than 5 even when the period has enough answers', () => {
    const answers = [1, 2, 3, 4, 5, 5].map((v, i) => answer('2026-06', v, i < 2 ? true : null));
    const [june] = surveyResults(HUR_AR_LAGET, answers, ['2026-06'], 'month');
    expect(june?.answers).toBe(6);
    expect(june?.scales[0]?.mean).toBe(3.3);
    expect(june?.yesNo[0]).toEqual({ questionId: 'listened', answered: '<5', yes: null, no: null });
  });
});

import { describe, expect, it } from 'vitest';
import {
  CASE_STEPS,
  CASE_STEP_LABELS,
  CLOSING_OUTCOMES,
  CLOSING_OUTCOME_LABELS,
  CONSENT_PARTIES,
  CONSENT_PARTY_LABELS,
  OUTREACH_KINDS,
  OUTREACH_KIND_LABELS,
  OUTREACH_OUTCOMES,
  OUTREACH_OUTCOME_LABELS,
  REFERRAL_SERVICES,
  REFERRAL_SERVICE_LABELS,
  REFERRAL_STATUSES,
  REFERRAL_STATUS_LABELS,
  REPORT_KINDS,
  REPORT_KIND_LABELS,
  REPORT_REASONS,
  REPORT_REASON_LABELS,
  SUPPORT_KINDS,
  SUPPORT_KIND_LABELS,
  canMoveTo,
  caseListPriority,
  firstContactOn,
  hasConsent,
  nextSteps,
  sortCaseList,
  validateClosing,
  validateConsent,
  validateHousehold,
  validateReport,
} from './eviction-case.ts';
import type { CaseForList, CaseStep, EvictionReport } from './eviction-case.ts';
import type { Localized } from './errors.ts';

describe('labels', () => {
  const lists: [readonly string[], Record<string, Localized>][] = [
    [REPORT_KINDS, REPORT_KIND_LABELS],
    [REPORT_REASONS, REPORT_REASON_LABELS],
    [CASE_STEPS, CASE_STEP_LABELS],
    [OUTREACH_KINDS, OUTREACH_KIND_LABELS],
    [OUTREACH_OUTCOMES, OUTREACH_OUTCOME_LABELS],
    [CONSENT_PARTIES, CONSENT_PARTY_LABELS],
    [SUPPORT_KINDS, SUPPORT_KIND_LABELS],
    [REFERRAL_SERVICES, REFERRAL_SERVICE_LABELS],
    [REFERRAL_STATUSES, REFERRAL_STATUS_LABELS],
    [CLOSING_OUTCOMES, CLOSING_OUTCOME_LABELS],
  ];

  it('has a Swedish and an English label for every code, and no label for a code not in the list', () => {
    for (const [codes, labels] of lists) {
      expect(Object.keys(labels).sort()).toEqual([...codes].sort());
      for (const code of codes) {
        expect(labels[code]!.sv.length, code).toBeGreaterThan(0);
        expect(labels[code]!.en.length, code).toBeGreaterThan(0);
      }
    }
  });
});

describe('steps', () => {
  it('allows the documented moves only', () => {
    expect(nextSteps('new')).toEqual(['outreach', 'in_contact', 'closed']);
    expect(nextSteps('outreach')).toEqual(['in_contact', 'closed']);
    expect(nextSteps('in_contact')).toEqual(['outreach', 'support', 'closed']);
    expect(nextSteps('support')).toEqual(['outreach', 'closed']);
    expect(nextSteps('closed')).toEqual([]);
  });

  it('answers canMoveTo consistently with nextSteps, never to the same step, never out of closed', () => {
    for (const from of CASE_STEPS) {
      expect(canMoveTo(from, from)).toBe(false);
      for (const to of CASE_STEPS) expect(canMoveTo(from, to)).toBe(nextSteps(from).includes(to));
    }
    expect(canMoveTo('new', 'support')).toBe(false);
    expect(canMoveTo('closed', 'new')).toBe(false);
    expect(canMoveTo('new', 'bogus' as CaseStep)).toBe(false);
    expect(() => nextSteps('bogus' as CaseStep)).toThrow(RangeError);
  });
});

describe('validateHousehold', () => {
  it('needs at least one adult and a whole number of children', () => {
    expect(validateHousehold({ adults: 1, children: 0 })).toEqual([]);
    expect(validateHousehold({ adults: 2, children: 3 })).toEqual([]);
    expect(validateHousehold({ adults: 0, children: -1 }).map((e) => `${e.field}:${e.code}`)).toEqual([
      'adults:out_of_range',
      'children:out_of_range',
    ]);
    expect(validateHousehold({ adults: 1.5, children: 0.5 }).length).toBe(2);
    expect(validateHousehold({ adults: 1, children: Number.NaN }, 'household.')[0]?.field).toBe('household.children');
  });
});

describe('validateReport', () => {
  const warning: EvictionReport = { kind: 'early_warning', reasons: ['disturbance'], receivedOn: '2026-03-02' };
  const notice: EvictionReport = {
    kind: 'termination_notice',
    reasons: ['rent_arrears'],
    receivedOn: '2026-03-04',
    rentArrearsOre: 1_845_000,
    arrearsMonths: 2,
    servedOn: '2026-03-02',
  };
  const codes = (r: EvictionReport) => validateReport(r).map((e) => `${e.field}:${e.code}`);

  it('accepts valid reports', () => {
    expect(codes(warning)).toEqual([]);
    expect(codes(notice)).toEqual([]);
    expect(
      codes({
        kind: 'eviction_notice',
        reasons: ['rent_arrears', 'neglect'],
        receivedOn: '2026-05-01',
        rentArrearsOre: 500_000,
        arrearsMonths: 1,
        evictionDate: '2026-06-10',
      }),
    ).toEqual([]);
  });

  it('needs amount and months with rent arrears', () => {
    expect(codes({ ...warning, reasons: ['rent_arrears'] })).toEqual(['rentArrearsOre:not_positive', 'arrearsMonths:not_positive']);
    expect(codes({ ...notice, rentArrearsOre: 0, arrearsMonths: 1.5 })).toEqual([
      'rentArrearsOre:not_positive',
      'arrearsMonths:not_positive',
    ]);
  });

  it('needs the service date on a notice of termination, which is always for rent arrears', () => {
    expect(codes({ ...notice, servedOn: null })).toEqual(['servedOn:invalid_date']);
    expect(codes({ ...notice, reasons: ['disturbance'] })).toEqual(['reasons:rent_arrears_required']);
  });

  it('needs the eviction date on Kronofogden’s notice', () => {
    expect(codes({ ...warning, kind: 'eviction_notice' })).toEqual(['evictionDate:invalid_date']);
  });

  it('refuses missing, unknown or repeated reasons, an unknown kind and a bad date', () => {
    expect(codes({ ...warning, reasons: [] })).toEqual(['reasons:required']);
    expect(codes({ ...warning, reasons: ['disturbance', 'disturbance'] })).toEqual(['reasons:invalid_choice']);
    expect(codes({ ...warning, reasons: ['noise' as 'other'] })).toEqual(['reasons:invalid_choice']);
    expect(codes({ ...warning, kind: 'rumour' as 'early_warning', receivedOn: '2026-02-30' })).toEqual([
      'kind:invalid_choice',
      'receivedOn:invalid_date',
    ]);
  });

  it('gives messages in both languages', () => {
    const [e] = validateReport({ ...warning, reasons: [] });
    expect(e?.message).toEqual({ sv: 'Ange minst en anledning.', en: 'Give at least one reason.' });
  });
});

describe('outreach, consent, closing', () => {
  it('finds the first attempt that made contact', () => {
    expect(
      firstContactOn([
        { on: '2026-03-05', kind: 'letter', outcome: 'no_answer' },
        { on: '2026-03-12', kind: 'unannounced_home_visit', outcome: 'contact_made' },
        { on: '2026-03-09', kind: 'phone_call', outcome: 'contact_made' },
        { on: '2026-03-06', kind: 'phone_call', outcome: 'message_left' },
      ]),
    ).toBe('2026-03-09');
    expect(firstContactOn([{ on: '2026-03-05', kind: 'letter', outcome: 'no_answer' }])).toBeNull();
    expect(() => firstContactOn([{ on: '5 mars', kind: 'letter', outcome: 'no_answer' }])).toThrow(RangeError);
  });

  it('validates a consent and knows when it is in force', () => {
    const consent = {
      party: 'landlord' as const,
      scope: 'Hyresskulden och avbetalningsplan',
      givenOn: '2026-03-10',
      withdrawnOn: '2026-05-01',
    };
    expect(validateConsent(consent)).toEqual([]);
    expect(validateConsent({ ...consent, scope: '  ', withdrawnOn: '2026-03-09' }).map((e) => `${e.field}:${e.code}`)).toEqual([
      'scope:required',
      'withdrawnOn:before_given',
    ]);
    expect(hasConsent([consent], 'landlord', '2026-03-09')).toBe(false);
    expect(hasConsent([consent], 'landlord', '2026-03-10')).toBe(true);
    expect(hasConsent([consent], 'landlord', '2026-04-30')).toBe(true);
    expect(hasConsent([consent], 'landlord', '2026-05-01')).toBe(false);
    expect(hasConsent([consent], 'kronofogden', '2026-04-01')).toBe(false);
    expect(hasConsent([{ ...consent, withdrawnOn: null }], 'landlord', '2030-01-01')).toBe(true);
  });

  it('validates a closing', () => {
    expect(validateClosing({ outcome: 'tenancy_kept', closedOn: '2026-06-01' }, '2026-03-02')).toEqual([]);
    expect(
      validateClosing({ outcome: 'gone' as 'unknown', closedOn: '2026-03-01' }, '2026-03-02').map((e) => `${e.field}:${e.code}`),
    ).toEqual(['outcome:invalid_choice', 'closedOn:before_opened']);
  });
});

describe('case list order', () => {
  const today = '2026-03-10';
  const base = (id: string, over: Partial<CaseForList>): CaseForList => ({ id, step: 'new', receivedOn: '2026-03-01', ...over });

  it('ranks a near deadline with no contact first, then deadlines by date, then newest, closed last', () => {
    const cases = [
      base('no-deadline-old', { step: 'support', receivedOn: '2026-01-15' }),
      base('closed', { step: 'closed', receivedOn: '2026-02-01', closedOn: '2026-03-01' }),
      base('contact-deadline-tomorrow', { step: 'in_contact', reinstatementDeadline: '2026-03-11' }),
      base('no-contact-deadline-in-12', { step: 'outreach', reinstatementDeadline: '2026-03-22' }),
      base('no-contact-deadline-in-3', { reinstatementDeadline: '2026-03-13' }),
      base('no-contact-eviction-far', { step: 'outreach', evictionDate: '2026-06-15' }),
      base('no-deadline-new', { receivedOn: '2026-03-09' }),
      base('deadline-passed', { step: 'outreach', receivedOn: '2026-02-01', reinstatementDeadline: '2026-03-02' }),
      base('closed-later', { step: 'closed', receivedOn: '2026-01-01', closedOn: '2026-03-05' }),
    ];
    expect(sortCaseList(cases, today).map((c) => c.id)).toEqual([
      'no-contact-deadline-in-3',
      'no-contact-deadline-in-12',
      'contact-deadline-tomorrow',
      'no-contact-eviction-far',
      'no-deadline-new',
      'deadline-passed',
      'no-deadline-old',
      'closed-later',
      'closed',
    ]);
    expect(cases[0]!.id).toBe('no-deadline-old'); // the input is not reordered
  });

  it('uses the nearest coming deadline, and a deadline today still counts', () => {
    expect(caseListPriority(base('a', { reinstatementDeadline: '2026-03-10', evictionDate: '2026-04-01' }), today)).toEqual({
      group: 0,
      deadline: '2026-03-10',
      daysLeft: 0,
    });
    expect(caseListPriority(base('b', { reinstatementDeadline: '2026-03-09', evictionDate: '2026-03-31' }), today)).toEqual({
      group: 0,
      deadline: '2026-03-31',
      daysLeft: 21,
    });
    expect(caseListPriority(base('c', { evictionDate: '2026-04-01' }), today).group).toBe(1);
    expect(caseListPriority(base('d', { step: 'closed', reinstatementDeadline: '2026-03-11' }), today).group).toBe(3);
  });

  it('breaks ties by newest report, then id, whatever the input order', () => {
    const a = base('a', { reinstatementDeadline: '2026-03-20', receivedOn: '2026-03-01' });
    const b = base('b', { reinstatementDeadline: '2026-03-20', receivedOn: '2026-03-03' });
    const c = base('c', { reinstatementDeadline: '2026-03-20', receivedOn: '2026-03-03' });
    expect(sortCaseList([a, c, b], today).map((x) => x.id)).toEqual(['b', 'c', 'a']);
    expect(sortCaseList([c, b, a], today).map((x) => x.id)).toEqual(['b', 'c', 'a']);
  });

  it('refuses bad dates', () => {
    expect(() => caseListPriority(base('x', { reinstatementDeadline: '2026-3-1' }), today)).toThrow(RangeError);
    expect(() => caseListPriority(base('x', {}), 'today')).toThrow(RangeError);
  });
});

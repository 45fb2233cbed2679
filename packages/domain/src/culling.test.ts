import { describe, expect, it } from 'vitest';
import {
  cullBy,
  cullingDecision,
  cullingDueOn,
  DEFAULT_CULLING_POLICY,
  isResearchExempt,
  latestDate,
  parseCullingPolicy,
  retentionRules,
  type CullingFacts,
} from './culling.ts';

const closed: CullingFacts = { lastEntry: '2026-03-31', open: [], legalHold: false, birthDate: '1981-12-18' };

describe('the retention time (SoL 12:1, lag 1930:173 2 §)', () => {
  it('is due five years after the last entry, on the same day', () => {
    expect(cullingDueOn('2026-03-31', 5)).toBe('2031-03-31');
    expect(cullingDueOn('2026-01-01', 5)).toBe('2031-01-01');
  });

  it('ends on the month’s last day when the day does not exist (29 February)', () => {
    expect(cullingDueOn('2028-02-29', 5)).toBe('2033-02-28');
    expect(cullingDueOn('2028-02-29', 4)).toBe('2032-02-29');
  });

  it('must be done by the end of the calendar year after the obligation arose', () => {
    expect(cullBy('2031-03-31')).toBe('2032-12-31');
    expect(cullBy('2031-12-31')).toBe('2032-12-31');
  });

  it('refuses a date that is not YYYY-MM-DD and a negative number of years', () => {
    expect(() => cullingDueOn('2026-02-30', 5)).toThrow(/lastEntry/);
    expect(() => cullingDueOn('2026-02-01', -1)).toThrow(/years/);
    expect(() => cullingDecision(closed, '2031-3-31')).toThrow(/date/);
  });
});

describe('cullingDecision', () => {
  it('says not due the day before, and due from the day five years after the last entry', () => {
    const before = cullingDecision(closed, '2031-03-30');
    expect(before).toMatchObject({ status: 'not_due', dueOn: '2031-03-31', cullBy: '2032-12-31', lastEntry: '2026-03-31' });
    expect(before.reason.sv).toBe('Gallras tidigast 2031-03-31.');
    const on = cullingDecision(closed, '2031-03-31');
    expect(on).toMatchObject({ status: 'due', dueOn: '2031-03-31', cullBy: '2032-12-31' });
    expect(on.reason.en).toBe('To be culled, by 2032-12-31 at the latest.');
  });

  it('is never due while anything is open, however old the last entry', () => {
    for (const open of [['ongoing_placement'], ['open_eviction_case'], ['active_repayment_plan'], ['open_task']] as const) {
      const d = cullingDecision({ ...closed, lastEntry: '2001-01-01', open }, '2040-01-01');
      expect(d.status).toBe('open');
      expect(d.dueOn).toBeNull();
      expect(d.cullBy).toBeNull();
    }
    const both = cullingDecision({ ...closed, open: ['open_task', 'ongoing_placement', 'open_task'] }, '2040-01-01');
    expect(both.open).toEqual(['open_task', 'ongoing_placement']);
    expect(both.reason.sv).toBe('Inte avslutad: öppen uppföljningsuppgift, pågående placering.');
  });

  it('lists a person under a legal hold as held, due or not', () => {
    expect(cullingDecision({ ...closed, legalHold: true }, '2035-01-01')).toMatchObject({ status: 'held', dueOn: '2031-03-31' });
    expect(cullingDecision({ ...closed, legalHold: true }, '2027-01-01').status).toBe('held');
    expect(cullingDecision({ ...closed, legalHold: true, open: ['open_task'] }, '2035-01-01')).toMatchObject({
      status: 'held',
      dueOn: null,
    });
  });

  it('keeps persons born on the 5th, 15th and 25th for research once due (SoF 7:2), by default', () => {
    const born15 = { ...closed, birthDate: '1970-10-15' };
    expect(cullingDecision(born15, '2031-03-31').status).toBe('research_exempt');
    expect(cullingDecision(born15, '2030-01-01').status).toBe('not_due');
    expect(cullingDecision({ ...closed, birthDate: null }, '2031-03-31').status).toBe('due');
    expect(cullingDecision(born15, '2031-03-31', { ...DEFAULT_CULLING_POLICY, researchBirthDays: [] }).status).toBe('due');
    expect(cullingDecision(closed, '2031-03-31', { ...DEFAULT_CULLING_POLICY, researchBirthDays: 'all' }).status).toBe('research_exempt');
  });

  it('ignores hold and exemption for records that are not one person’s file', () => {
    const payment = { lastEntry: '2026-03-31', open: [], legalHold: true, birthDate: '1970-10-15' };
    expect(cullingDecision(payment, '2031-03-31', DEFAULT_CULLING_POLICY, false).status).toBe('due');
  });

  it('follows a configured retention time', () => {
    expect(cullingDecision(closed, '2028-03-31', { years: 2, researchBirthDays: [] })).toMatchObject({
      status: 'due',
      dueOn: '2028-03-31',
    });
  });
});

describe('research exemption', () => {
  it('looks at the day of the birth date only', () => {
    expect(isResearchExempt('1970-10-05', DEFAULT_CULLING_POLICY)).toBe(true);
    expect(isResearchExempt('1970-10-25', DEFAULT_CULLING_POLICY)).toBe(true);
    expect(isResearchExempt('1970-05-10', DEFAULT_CULLING_POLICY)).toBe(false);
    expect(isResearchExempt(null, DEFAULT_CULLING_POLICY)).toBe(false);
  });
});

describe('the rules as data', () => {
  it('has one rule per kind, five years by default, and never culls the audit log', () => {
    const rules = retentionRules();
    expect(rules.map((r) => r.kind)).toEqual([
      'resident',
      'eviction_case',
      'eviction_report',
      'unmatched_payment',
      'activity_session',
      'audit_log',
    ]);
    expect(rules.filter((r) => r.kind !== 'audit_log').every((r) => r.years === 5)).toBe(true);
    expect(rules.find((r) => r.kind === 'audit_log')!.years).toBeNull();
    expect(retentionRules({ years: 7, researchBirthDays: [] })[0]!.years).toBe(7);
  });
});

describe('parseCullingPolicy', () => {
  it('defaults to five years and the 5th, 15th and 25th', () => {
    expect(parseCullingPolicy(undefined, undefined)).toEqual({ years: 5, researchBirthDays: [5, 15, 25] });
  });

  it('reads years, a list of days, "all" and "none"', () => {
    expect(parseCullingPolicy('7', '25, 5,15,5')).toEqual({ years: 7, researchBirthDays: [5, 15, 25] });
    expect(parseCullingPolicy('5', 'ALL').researchBirthDays).toBe('all');
    expect(parseCullingPolicy('5', 'none').researchBirthDays).toEqual([]);
  });

  it('names the variable on bad input', () => {
    expect(() => parseCullingPolicy('0', undefined)).toThrow(/KVARBO_CULL_YEARS/);
    expect(() => parseCullingPolicy('five', undefined)).toThrow(/KVARBO_CULL_YEARS/);
    expect(() => parseCullingPolicy('5', '32')).toThrow(/KVARBO_CULL_RESEARCH_DAYS/);
    expect(() => parseCullingPolicy('5', 'some')).toThrow(/KVARBO_CULL_RESEARCH_DAYS/);
  });
});

describe('latestDate', () => {
  it('takes the latest, ignoring missing dates', () => {
    expect(latestDate(['2026-01-01', null, '2027-05-01', undefined, '2026-12-31'])).toBe('2027-05-01');
    expect(latestDate([null])).toBeNull();
  });
});

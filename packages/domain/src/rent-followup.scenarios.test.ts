// The rent follow-up of the issue, end to end on the domain functions: charges (rentDueDate, monthlyCharge),
// the ledger (allocate), the month status (monthStatusAt) and the routine's checkpoints (checkpointsBetween,
// isUnpaidAt). Each scenario is one placement. A checkpoint sees the payments booked up to and including its
// run date (it runs after the day's bank file is in) and makes a task when the month's rent is not fully paid.
import { describe, expect, it } from 'vitest';
import { allocate, allocateAsOf } from './allocation.ts';
import type { ChargeEntry, PaymentEntry } from './allocation.ts';
import { checkpointsBetween, checkpointsForMonth, isUnpaidAt, monthStatusAt } from './checkpoints.ts';
import type { SettingsFor } from './checkpoints.ts';
import { rentDueDate } from './rent-due-date.ts';
import { monthlyCharge } from './rent-proration.ts';
import { classifyMonth } from './rent-status.ts';
import { DEFAULT_RENT_SETTINGS, settingsForMonth } from './unit-rent-settings.ts';
import type { RentSettings } from './unit-rent-settings.ts';

const RENT = 650_000; // 6 500 kr
const defaults: SettingsFor = () => DEFAULT_RENT_SETTINGS;

type Placement = { charges: ChargeEntry[]; payments: PaymentEntry[]; settingsFor: SettingsFor };

function rentCharge(month: string, options: { amountOre?: number; agreedDueDay?: number; dueDate?: string } = {}): ChargeEntry {
  return { id: month, month, dueDate: options.dueDate ?? rentDueDate(month, options.agreedDueDay), amountOre: options.amountOre ?? RENT };
}

let paymentSeq = 0;
function pay(bookingDate: string, amountOre = RENT): PaymentEntry {
  paymentSeq += 1;
  return { id: `p${String(paymentSeq).padStart(3, '0')}`, bookingDate, amountOre };
}

function placement(charges: ChargeEntry[], payments: PaymentEntry[], settingsFor: SettingsFor = defaults): Placement {
  return { charges, payments, settingsFor };
}

/** The month's status on asOf, from the ledger as it stood then. */
function statusOn(p: Placement, month: string, asOf: string): string {
  const charge = allocateAsOf(p.charges, p.payments, asOf).charges.find((c) => c.month === month);
  if (!charge) throw new Error(`No charge for ${month}`);
  return monthStatusAt(charge, charge.paidInFullOn, asOf, p.settingsFor(month));
}

/** The tasks the checkpoints from fromExclusive to toInclusive make: "run date kind month open öre". */
function tasks(p: Placement, fromExclusive: string, toInclusive: string): string[] {
  return checkpointsBetween(fromExclusive, toInclusive, p.settingsFor).flatMap((cp) => {
    const charge = allocateAsOf(p.charges, p.payments, cp.runDate).charges.find((c) => c.month === cp.month);
    if (!charge || !isUnpaidAt(charge, charge.paidInFullOn, cp.runDate)) return [];
    return [`${cp.runDate} ${cp.kind} ${cp.month} ${charge.openOre}`];
  });
}

describe('December 2026: due Monday 30 November; checkpoints Tue 1, Mon 7 (the 5th is a Saturday), Tue 15 December', () => {
  const december = rentCharge('2026-12');

  it('has the due date and checkpoints the routine expects', () => {
    expect(december.dueDate).toBe('2026-11-30');
    expect(checkpointsForMonth('2026-12', DEFAULT_RENT_SETTINGS).map((c) => `${c.kind} ${c.runDate}`)).toEqual([
      'reminder 2026-12-01',
      'home_visit 2026-12-07',
      'manager_meeting 2026-12-15',
    ]);
  });

  it('payment on the due date: on time, no tasks', () => {
    const p = placement([december], [pay('2026-11-30')]);
    expect(statusOn(p, '2026-12', '2026-11-30')).toBe('on_time');
    expect(tasks(p, '2026-11-15', '2026-12-31')).toEqual([]);
  });

  it('payment one day after: late; the reminder run that day finds it paid', () => {
    const p = placement([december], [pay('2026-12-01')]);
    expect(statusOn(p, '2026-12', '2026-11-30')).toBe('open');
    expect(statusOn(p, '2026-12', '2026-12-31')).toBe('late');
    expect(tasks(p, '2026-11-15', '2026-12-31')).toEqual([]);
    // Had the bank file with it come in after the checkpoint had run, there would have been a reminder:
    expect(isUnpaidAt(december, null, '2026-12-01')).toBe(true);
  });

  it('payment on the 15th: late, after a reminder and a home visit; the manager meeting that day finds it paid', () => {
    const p = placement([december], [pay('2026-12-15')]);
    expect(statusOn(p, '2026-12', '2026-12-14')).toBe('open');
    expect(statusOn(p, '2026-12', '2027-01-10')).toBe('late');
    expect(tasks(p, '2026-11-15', '2026-12-31')).toEqual(['2026-12-01 reminder 2026-12 650000', '2026-12-07 home_visit 2026-12 650000']);
  });

  it('payment on the 16th: unpaid, final, after all three steps of the routine', () => {
    const p = placement([december], [pay('2026-12-16')]);
    expect(statusOn(p, '2026-12', '2026-12-15')).toBe('open');
    expect(statusOn(p, '2026-12', '2026-12-16')).toBe('unpaid');
    expect(statusOn(p, '2026-12', '2027-06-30')).toBe('unpaid');
    expect(tasks(p, '2026-11-15', '2026-12-31')).toEqual([
      '2026-12-01 reminder 2026-12 650000',
      '2026-12-07 home_visit 2026-12 650000',
      '2026-12-15 manager_meeting 2026-12 650000',
    ]);
  });

  it('partial then full payment: late, dated by the payment that completed it', () => {
    const p = placement([december], [pay('2026-11-27', 400_000), pay('2026-12-04', 250_000)]);
    expect(allocate(p.charges, p.payments).charges[0]?.paidInFullOn).toBe('2026-12-04');
    expect(statusOn(p, '2026-12', '2026-12-31')).toBe('late');
    // The reminder on the 1st names what is still open.
    expect(tasks(p, '2026-11-15', '2026-12-31')).toEqual(['2026-12-01 reminder 2026-12 250000']);
  });

  it('the same under classifyMonth, which the default settings reproduce when the 15th is a vardag', () => {
    for (const [paidOn, status] of [
      ['2026-11-30', 'on_time'],
      ['2026-12-01', 'late'],
      ['2026-12-15', 'late'],
      ['2026-12-16', 'unpaid'],
    ] as const) {
      const charge = allocate([december], [pay(paidOn)]).charges[0]!;
      expect(classifyMonth(charge, '2027-01-10')).toBe(status);
      expect(monthStatusAt(charge, charge.paidInFullOn, '2027-01-10', DEFAULT_RENT_SETTINGS)).toBe(status);
    }
  });
});

describe('prepayment months ahead', () => {
  it('counts three months paid in October as on time, each of them, with no tasks', () => {
    const months = ['2026-11', '2026-12', '2027-01'];
    const p = placement(
      months.map((m) => rentCharge(m)),
      [pay('2026-10-15', 3 * RENT)],
    );
    for (const m of months) expect(statusOn(p, m, '2027-02-01')).toBe('on_time');
    expect(tasks(p, '2026-10-15', '2027-01-31')).toEqual([]);
  });

  it('lets a later month’s rent fall due normally once the prepayment is used up', () => {
    const p = placement(
      ['2026-11', '2026-12', '2027-01', '2027-02'].map((m) => rentCharge(m)),
      [pay('2026-10-15', 3 * RENT)],
    );
    expect(statusOn(p, '2027-02', '2027-02-20')).toBe('unpaid');
    expect(tasks(p, '2027-01-31', '2027-02-28')).toEqual([
      '2027-02-01 reminder 2027-02 650000',
      '2027-02-05 home_visit 2027-02 650000',
      '2027-02-15 manager_meeting 2027-02 650000',
    ]);
  });
});

describe('placements starting or ending mid-month (rent prorated by day)', () => {
  // As the server charges them: the move-in month's rent is due on the first day of the placement at the earliest.
  function firstMonth(month: string, startDate: string): ChargeEntry {
    const prorated = monthlyCharge(month, RENT, { startDate, endDate: null })!;
    const statutory = rentDueDate(month);
    return rentCharge(month, { amountOre: prorated.amountOre, dueDate: startDate > statutory ? startDate : statutory });
  }

  it('a move-in on 10 March: 22 of 31 days, due that day; paid two days later is late', () => {
    const march = firstMonth('2026-03', '2026-03-10');
    expect(march).toMatchObject({ amountOre: 461_300, dueDate: '2026-03-10' });
    const p = placement([march], [pay('2026-03-12', 461_300)]);
    expect(statusOn(p, '2026-03', '2026-04-01')).toBe('late');
    // Not due at the 1st (Sunday → Monday 2nd) or the 5th, so only the manager meeting (15th a Sunday → 16th) could
    // have found it unpaid; it was paid by then.
    expect(tasks(p, '2026-02-28', '2026-03-31')).toEqual([]);
    expect(tasks(placement([march], []), '2026-02-28', '2026-03-31')).toEqual(['2026-03-16 manager_meeting 2026-03 461300']);
  });

  it('a move-in on 20 March, after the last day: its due date is both deadlines', () => {
    const march = firstMonth('2026-03', '2026-03-20');
    expect(march).toMatchObject({ amountOre: 251_600, dueDate: '2026-03-20' });
    expect(statusOn(placement([march], [pay('2026-03-20', 251_600)]), '2026-03', '2026-04-01')).toBe('on_time');
    const unpaid = placement([march], []);
    expect(statusOn(unpaid, '2026-03', '2026-03-20')).toBe('open');
    expect(statusOn(unpaid, '2026-03', '2026-03-21')).toBe('unpaid');
    // Every checkpoint of March runs before the rent is due, so none makes a task for it; April's routine
    // follows up the arrears (oldest first, April's payment settles March first).
    expect(tasks(unpaid, '2026-02-28', '2026-03-31')).toEqual([]);
  });

  it('a move-out on 10 June: 10 of 30 days, due as usual before the month', () => {
    const prorated = monthlyCharge('2026-06', RENT, { startDate: '2025-01-10', endDate: '2026-06-10' })!;
    const june = rentCharge('2026-06', { amountOre: prorated.amountOre });
    expect(june).toMatchObject({ amountOre: 216_700, dueDate: '2026-05-29' });
    expect(statusOn(placement([june], [pay('2026-05-28', 216_700)]), '2026-06', '2026-07-01')).toBe('on_time');
    expect(statusOn(placement([june], [pay('2026-06-03', 216_700)]), '2026-06', '2026-07-01')).toBe('late');
  });
});

describe('due dates after holidays', () => {
  // Rent for January 2027 is due Wednesday 30 December 2026: the 31st is nyårsafton. The 1st of January is
  // nyårsdagen (Friday), so the reminder runs on Monday 4 January.
  const january = rentCharge('2027-01');

  it('is due on 30 December, and a payment on nyårsafton is late', () => {
    expect(january.dueDate).toBe('2026-12-30');
    expect(statusOn(placement([january], [pay('2026-12-30')]), '2027-01', '2027-02-01')).toBe('on_time');
    expect(statusOn(placement([january], [pay('2026-12-31')]), '2027-01', '2027-02-01')).toBe('late');
  });

  it('runs the reminder on the first vardag of the year', () => {
    const p = placement([january], [pay('2027-01-05')]);
    expect(tasks(p, '2026-12-20', '2027-01-31')).toEqual(['2027-01-04 reminder 2027-01 650000']);
    expect(statusOn(p, '2027-01', '2027-02-01')).toBe('late');
  });

  it('April 2026: due 31 March; the home visit moves from påskdagen (the 5th) past annandag påsk to the 7th', () => {
    const p = placement([rentCharge('2026-04')], []);
    expect(p.charges[0]?.dueDate).toBe('2026-03-31');
    expect(tasks(p, '2026-03-31', '2026-04-30')).toEqual([
      '2026-04-01 reminder 2026-04 650000',
      '2026-04-07 home_visit 2026-04 650000',
      '2026-04-15 manager_meeting 2026-04 650000',
    ]);
  });
});

describe('checkpoint days on weekends', () => {
  it('November 2026: the 1st is a Sunday, so the reminder runs on Monday 2 November; the 15th (Sunday) on the 16th', () => {
    const p = placement([rentCharge('2026-11')], []);
    expect(p.charges[0]?.dueDate).toBe('2026-10-30');
    expect(tasks(p, '2026-10-31', '2026-11-30')).toEqual([
      '2026-11-02 reminder 2026-11 650000',
      '2026-11-05 home_visit 2026-11 650000',
      '2026-11-16 manager_meeting 2026-11 650000',
    ]);
  });

  it('August 2026: the 15th is a Saturday; the month stays open until the manager meeting on Monday the 17th', () => {
    const august = rentCharge('2026-08');
    expect(august.dueDate).toBe('2026-07-31');
    // Paid on Saturday the 15th, booked by the bank on Monday: late, not unpaid, and no manager meeting.
    const paidOnMonday = placement([august], [pay('2026-08-17')]);
    expect(statusOn(paidOnMonday, '2026-08', '2026-09-01')).toBe('late');
    expect(tasks(paidOnMonday, '2026-07-31', '2026-08-31')).toEqual([
      '2026-08-03 reminder 2026-08 650000',
      '2026-08-05 home_visit 2026-08 650000',
    ]);
    const paidOnTuesday = placement([august], [pay('2026-08-18')]);
    expect(statusOn(paidOnTuesday, '2026-08', '2026-08-17')).toBe('open');
    expect(statusOn(paidOnTuesday, '2026-08', '2026-08-18')).toBe('unpaid');
    expect(tasks(paidOnTuesday, '2026-08-16', '2026-08-31')).toEqual(['2026-08-17 manager_meeting 2026-08 650000']);
  });

  it('a unit that does not move checkpoints runs them on the weekend day, and the 15th is final', () => {
    const noMove: RentSettings = { ...DEFAULT_RENT_SETTINGS, moveToNextVardag: false };
    const p = placement([rentCharge('2026-08')], [pay('2026-08-17')], () => noMove);
    expect(statusOn(p, '2026-08', '2026-09-01')).toBe('unpaid');
    expect(tasks(p, '2026-07-31', '2026-08-31')).toEqual([
      '2026-08-01 reminder 2026-08 650000',
      '2026-08-05 home_visit 2026-08 650000',
      '2026-08-15 manager_meeting 2026-08 650000',
    ]);
  });
});

describe('a unit that changes its routine from March 2027', () => {
  // From March 2027: on time = by the last calendar day of the month before; checkpoints on the 3rd, 10th and
  // 20th. The resident has agreed to pay on the 25th of the month before.
  const changed: RentSettings = { checkpointDays: [3, 10, 20], onTimeRule: 'last_calendar_day', moveToNextVardag: true, lastDay: 20 };
  const settingsFor: SettingsFor = (month) => settingsForMonth([{ fromMonth: '2027-03', settings: changed }], month);
  const february = rentCharge('2027-02', { agreedDueDay: 25 });
  const march = rentCharge('2027-03', { agreedDueDay: 25 });

  it('judges the same day-late payment by each month’s own rule', () => {
    expect([february.dueDate, march.dueDate]).toEqual(['2027-01-25', '2027-02-25']);
    const p = placement([february, march], [pay('2027-01-26'), pay('2027-02-26')], settingsFor);
    expect(statusOn(p, '2027-02', '2027-04-01')).toBe('late');
    expect(statusOn(p, '2027-03', '2027-04-01')).toBe('on_time');
  });

  it('runs February’s checkpoints on the old days and March’s on the new ones (the 20th a Saturday → the 22nd)', () => {
    const p = placement([february, march], [], settingsFor);
    expect(tasks(p, '2027-01-31', '2027-03-31')).toEqual([
      '2027-02-01 reminder 2027-02 650000',
      '2027-02-05 home_visit 2027-02 650000',
      '2027-02-15 manager_meeting 2027-02 650000',
      '2027-03-03 reminder 2027-03 650000',
      '2027-03-10 home_visit 2027-03 650000',
      '2027-03-22 manager_meeting 2027-03 650000',
    ]);
  });

  it('keeps March open until its last checkpoint has run', () => {
    const late = placement([march], [pay('2027-03-22')], settingsFor);
    expect(statusOn(late, '2027-03', '2027-04-01')).toBe('late');
    const unpaid = placement([march], [pay('2027-03-23')], settingsFor);
    expect(statusOn(unpaid, '2027-03', '2027-03-22')).toBe('open');
    expect(statusOn(unpaid, '2027-03', '2027-04-01')).toBe('unpaid');
  });
});

// The unit's routine (source 000, RULES.md 3): each month's rent is on time when fully paid by its due date,
// late when fully paid after it but by the 15th of the month, unpaid when not fully paid by the end of the 15th.
// Until the 15th has passed the month is still open. Payments count at their booking date.

export type MonthStatus = 'on_time' | 'late' | 'unpaid' | 'open';

export type ChargeForStatus = { month: string; dueDate: string; paidInFullOn: string | null };

/**
 * `lastDay` is the day of the month after which an unpaid month is final (15 by default; a unit setting).
 * A first month that starts after that day (a move-in on the 20th) has its due date as the deadline instead:
 * nobody can be late with rent before they have moved in.
 */
export function classifyMonth(charge: ChargeForStatus, today: string, lastDay = 15): MonthStatus {
  const dayDeadline = `${charge.month}-${String(lastDay).padStart(2, '0')}`;
  const deadline = charge.dueDate > dayDeadline ? charge.dueDate : dayDeadline;
  if (charge.paidInFullOn !== null && charge.paidInFullOn <= charge.dueDate) return 'on_time';
  if (charge.paidInFullOn !== null && charge.paidInFullOn <= deadline) return 'late';
  return today > deadline ? 'unpaid' : 'open';
}

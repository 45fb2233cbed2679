import { addMonths, monthDeadlines, monthOf, statusByDeadlines, tenureMonth } from '@kvarbo/domain';
import type { Insertable } from 'kysely';
import type { RentMonthStatusTable } from '../db/schema.ts';
import {
  placementsToReplay,
  rankOf,
  replaceStatuses,
  settle,
  staleBatch,
  staleCount,
} from '../repositories/rent-month-status.repository.ts';
import type { ServiceContext } from './context.ts';
import type { createRentStatusService } from './rent-status.service.ts';

const BATCH = 500;

/**
 * Keeps the statistics' month statuses current. The database marks a placement stale whenever its ledger, its
 * repayment plan, the placement or its unit's rent settings change (triggers, migration 0005); refresh() replays
 * the stale placements with the same allocation the ledger page uses and stores, per month, the deadlines and
 * the day the month was paid in full. Whether that makes the month on time, late, unpaid or still open is
 * decided when counting, for the day asked about.
 *
 * The statistics call refresh() before every count, so a figure is never older than the last write; the
 * scheduler calls it too, so that the work after a large import is usually done before anyone asks.
 */
export function createRentMonthStatusService(ctx: ServiceContext, rentStatus: ReturnType<typeof createRentStatusService>) {
  const db = () => ctx.db.kysely;
  // One refresh at a time in this process; callers arriving meanwhile wait for the running one and then run
  // their own, so nothing marked stale before a caller arrived is left for it to count.
  let running: Promise<number> = Promise.resolve(0);

  /** One pass over the stale marks, in key order; marks added behind the pass are for the next one. */
  async function pass(): Promise<number> {
    let done = 0;
    let after = '';
    for (;;) {
      const stale = await staleBatch(db(), after, BATCH);
      if (stale.length === 0) return done;
      after = stale.at(-1)!.placement_id;
      const ids = stale.map((s) => s.placement_id);
      const placements = await placementsToReplay(db(), ids);
      const settings = await rentStatus.settingsFor(db(), [...new Set(placements.map((p) => p.unit_id))]);
      const ledgers = await rentStatus.replay(
        db(),
        placements.map((p) => p.placement_id),
      );
      const today = ctx.clock.today();
      const rows: Insertable<RentMonthStatusTable>[] = [];
      for (const p of placements) {
        const settledBy = new Map<string, number | null>();
        for (const c of ledgers.get(p.placement_id) ?? []) {
          if (settledBy.has(c.month)) continue; // the month's first charge, as statusesFor() takes it
          const deadlines = monthDeadlines(c, settings(p.unit_id, c.month));
          const status = statusByDeadlines(deadlines, c.paidInFullOn, today);
          const settled = status === 'open' ? null : rankOf(status);
          const prevMonth = addMonths(c.month, -1);
          settledBy.set(c.month, settled);
          rows.push({
            unit_id: p.unit_id,
            month: c.month,
            resident_id: p.resident_id,
            placement_id: p.placement_id,
            tenure: tenureMonth({ month: c.month, moveInDate: laterMonthStart(p.start_date, c.month), placementId: p.placement_id }),
            due_date: c.dueDate,
            due_ore: c.amountOre,
            paid_ore: c.paidOre,
            on_time_by: deadlines.onTimeBy,
            final_by: deadlines.finalBy,
            paid_in_full_on: c.paidInFullOn,
            settled,
            // Charges come oldest first, so the previous month's row, if any, is already known.
            prev_month: settledBy.has(prevMonth) ? prevMonth : null,
            prev_settled: settledBy.get(prevMonth) ?? null,
          });
        }
      }
      // Placements deleted since they were marked simply lose their rows (and their marks).
      await db()
        .transaction()
        .execute((trx) => replaceStatuses(trx, stale, rows));
      done += stale.length;
    }
  }

  // The day settle() last ran in this process: rows written later that day were settled as they were written.
  let settledOn = '';

  async function refreshAndSettle(): Promise<number> {
    const replayed = await pass();
    const today = ctx.clock.today();
    if (settledOn !== today) {
      await settle(db(), today);
      settledOn = today;
    }
    return replayed;
  }

  return {
    /** Brings every stale placement up to date and settles what the days have made final; resolves to how many were replayed. */
    refresh(): Promise<number> {
      const next = running.catch(() => 0).then(refreshAndSettle);
      running = next;
      return next;
    },
    staleCount: () => staleCount(db()),
  };
}

/**
 * A charge before the move-in month (a placement whose start was moved later, leaving an earlier charge) has
 * no tenure of its own; it is counted as month 1 rather than refusing the whole unit's statistics.
 */
function laterMonthStart(startDate: string, month: string): string {
  return monthOf(startDate) > month ? `${month}-01` : startDate;
}

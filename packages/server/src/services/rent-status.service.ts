import { allocate, monthStatusAt, settingsForMonth, type ChargeStatus, type RentSettings } from '@kvarbo/domain';
import { chargesOf } from '../repositories/charges.repository.ts';
import { activePlans, rentSettingsHistory } from '../repositories/followup.repository.ts';
import { paymentsOf } from '../repositories/payments.repository.ts';
import type { Q } from '../repositories/query.ts';
import { placementsChargedIn } from '../repositories/rent-status.repository.ts';
import type { ServiceContext } from './context.ts';
import { toChargeEntry, toPaymentEntry } from './ledger-entries.ts';
import { priorityFor } from './plan-priority.ts';

export type MonthStatusRow = {
  residentId: string;
  placementId: string;
  month: string;
  status: 'on_time' | 'late' | 'unpaid' | 'open';
  dueOre: number;
  paidOre: number;
  dueDate: string;
  paidInFullOn: string | null;
};

/** The routine's monthly status per placement: on time, late, unpaid (final after the unit's last day) or open. */
export function createRentStatusService(ctx: ServiceContext) {
  async function settingsFor(q: Q, unitIds: string[]) {
    const history = await rentSettingsHistory(q, unitIds);
    return (unitId: string, month: string): RentSettings =>
      settingsForMonth(
        history.filter((h) => h.unit_id === unitId).map((h) => ({ fromMonth: h.from_month, settings: toSettings(h) })),
        month,
      );
  }

  /**
   * Replays each placement's ledger with its repayment plan's priority: the charges as allocate() leaves them,
   * by placement. One query for the plans and one pair per 500 placements, whatever the number of placements.
   */
  async function replay(q: Q, placementIds: string[]): Promise<Map<string, ChargeStatus[]>> {
    const out = new Map<string, ChargeStatus[]>();
    if (placementIds.length === 0) return out;
    // Keyed by placement: looked up once per placement, not searched. Oldest first, so the latest plan wins.
    const plans = new Map((await activePlans(q)).map((plan) => [plan.placement_id, plan]));
    for (let i = 0; i < placementIds.length; i += 500) {
      const chunkIds = placementIds.slice(i, i + 500);
      const [charges, payments] = await Promise.all([chargesOf(q, chunkIds), paymentsOf(q, chunkIds)]);
      const chargesBy = groupBy(charges, (c) => c.placement_id);
      const paymentsBy = groupBy(payments, (x) => x.placement_id!);
      for (const id of chunkIds) {
        const plan = plans.get(id);
        const result = allocate(
          (chargesBy.get(id) ?? []).map(toChargeEntry),
          (paymentsBy.get(id) ?? []).map(toPaymentEntry),
          plan ? { priority: priorityFor(plan) } : {},
        );
        out.set(id, result.charges);
      }
    }
    return out;
  }

  /** The month's status per placement as of `today` (placements without a charge that month are left out). */
  async function statusesFor(
    q: Q,
    placements: { placement_id: string; resident_id: string; unit_id: string }[],
    month: string,
    today: string,
  ): Promise<MonthStatusRow[]> {
    const out: MonthStatusRow[] = [];
    const settings = await settingsFor(q, [...new Set(placements.map((p) => p.unit_id))]);
    const ledgers = await replay(
      q,
      placements.map((p) => p.placement_id),
    );
    for (const p of placements) {
      const c = ledgers.get(p.placement_id)!.find((x) => x.month === month);
      if (!c) continue;
      out.push({
        residentId: p.resident_id,
        placementId: p.placement_id,
        month,
        status: monthStatusAt(c, c.paidInFullOn, today, settings(p.unit_id, month)),
        dueOre: c.amountOre,
        paidOre: c.paidOre,
        dueDate: c.dueDate,
        paidInFullOn: c.paidInFullOn,
      });
    }
    return out;
  }

  return {
    settingsFor,
    replay,
    statusesFor,
    async forMonth(month: string, unitIds: string[] | null): Promise<MonthStatusRow[]> {
      const placements = await placementsChargedIn(ctx.db.kysely, month, unitIds);
      return statusesFor(ctx.db.kysely, placements, month, ctx.clock.today());
    },
  };
}

export function toSettings(row: {
  checkpoint_days: string;
  on_time_rule: 'last_vardag' | 'last_calendar_day';
  move_to_next_vardag: number;
}): RentSettings {
  const days = JSON.parse(row.checkpoint_days) as number[];
  return {
    checkpointDays: days,
    onTimeRule: row.on_time_rule,
    moveToNextVardag: row.move_to_next_vardag === 1,
    lastDay: days[days.length - 1] ?? 15,
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

import {
  addDays,
  addMonths,
  DEFAULT_WATCH_RULE,
  describeWatchRule,
  riskByCalendarMonth,
  riskByTenure,
  transitionRisk,
  watchList,
  byGroup,
  kaplanMeier,
  monthlyCounts,
  monthsBetween,
  RETENTION_DEFINITIONS,
  retentionAt,
  suppress,
  suppressShare,
  timeInHousing,
  transitionsByYear,
  trend,
  type MonthlyCounts,
  type RentStatusRow,
  type RetentionEpisode,
} from '@kvarbo/domain';
import type { Actor } from '../auth/actor.ts';
import { hasRoleIn } from '../auth/actor.ts';
import { invalidField, notFound } from '../errors.ts';
import type { Q } from '../repositories/query.ts';
import { placementsChargedIn } from '../repositories/rent-status.repository.ts';
import { recordAudit } from './audit.service.ts';
import type { ServiceContext } from './context.ts';
import type { Table } from './statistics-export.ts';
import type { createRentStatusService } from './rent-status.service.ts';

const MAX_MONTHS = 120;

/**
 * Figures computed from the records, never typed in. Managers see exact counts; analysts see the same figures with
 * small cells suppressed (a count of 1–4 is "<5", and a share that would reveal one is left out).
 */
export function createStatisticsService(ctx: ServiceContext, rentStatus: ReturnType<typeof createRentStatusService>) {
  const db = () => ctx.db.kysely;

  function access(actor: Actor | null, unitId: string): 'exact' | 'suppressed' {
    if (!actor) return 'exact'; // the command line, run by an operator with the database at hand
    if (hasRoleIn(actor, unitId, ['manager'])) return 'exact';
    if (hasRoleIn(actor, unitId, ['analyst'])) return 'suppressed';
    throw notFound();
  }

  async function statusRows(q: Q, unitIds: string[] | null, from: string, to: string, filter: RentFilter = {}): Promise<RentStatusRow[]> {
    const rows: RentStatusRow[] = [];
    const allowed = await placementsMatching(q, filter);
    for (const month of monthsBetween(from, to)) {
      const placements = (await placementsChargedIn(q, month, unitIds)).filter((p) => !allowed || allowed.has(p.placement_id));
      const moveIn = new Map(placements.map((p) => [p.placement_id, p.start_date]));
      for (const s of await rentStatus.statusesFor(q, placements, month, ctx.clock.today())) {
        rows.push({
          residentId: s.residentId,
          placementId: s.placementId,
          month,
          status: s.status,
          moveInDate: moveIn.get(s.placementId)!,
        });
      }
    }
    return rows;
  }

  /** Staff of the unit (not analysts): the views that name residents. */
  function requireCaseStaff(actor: Actor, unitId: string) {
    if (!hasRoleIn(actor, unitId, ['manager', 'caseworker', 'host'])) throw notFound();
  }

  async function names(q: Q, residentIds: string[]) {
    if (residentIds.length === 0) return new Map<string, { name: string; unitId: string }>();
    const rows = await q
      .selectFrom('residents')
      .select(['id', 'first_name', 'last_name', 'unit_id'])
      .where('id', 'in', residentIds)
      .execute();
    return new Map(rows.map((r) => [r.id, { name: `${r.first_name} ${r.last_name}`, unitId: r.unit_id }]));
  }

  async function auditList(q: Q, actor: Actor, residents: Map<string, { unitId: string }>, entity: string) {
    await recordAudit(
      q,
      actor,
      ctx.clock.now(),
      [...residents].map(([residentId, r]) => ({ residentId, unitId: r.unitId, entity, entityId: null, action: 'list' as const })),
    );
  }

  return {
    statusRows,

    /** The dashboard's tables for Excel or CSV: rent per month, risk by tenure, retention. */
    async exportTables(actor: Actor, unitId: string, from: string, to: string): Promise<Table[]> {
      const summary = await this.rentSummary(actor, [unitId], from, to);
      const risk = await this.risk(actor, unitId, from, to);
      const retention = await this.retention(actor, [unitId]);
      return [
        {
          sheet: 'Hyra per månad',
          columns: [
            { header: 'Månad', key: 'month', kind: 'month' },
            { header: 'I tid', key: 'onTime', kind: 'count' },
            { header: 'Sen', key: 'late', kind: 'count' },
            { header: 'Obetald', key: 'unpaid', kind: 'count' },
            { header: 'Öppen', key: 'open', kind: 'count' },
            { header: 'Andel i tid', key: 'shareOnTime', kind: 'share' },
            { header: 'Andel sen', key: 'shareLate', kind: 'share' },
            { header: 'Andel obetald', key: 'shareUnpaid', kind: 'share' },
          ],
          rows: summary.months,
        },
        {
          sheet: 'Risk efter boendetid',
          columns: [
            { header: 'Månader sedan inflyttning', key: 'bucket', kind: 'text' },
            { header: 'Sena eller obetalda', key: 'lateOrUnpaid', kind: 'count' },
            { header: 'Avslutade månader', key: 'total', kind: 'count' },
            { header: 'Andel', key: 'share', kind: 'share' },
          ],
          rows: risk.byTenure,
        },
        {
          sheet: 'Kvarboende',
          columns: [
            { header: 'Grupp', key: 'group', kind: 'text' },
            { header: 'Månader', key: 'months', kind: 'number' },
            { header: 'Kvar i boende', key: 'housed', kind: 'count' },
            { header: 'Antal', key: 'total', kind: 'count' },
            { header: 'Andel', key: 'share', kind: 'share' },
          ],
          rows: retention.groups.flatMap((g) => g.retention.map((r) => ({ group: g.group, ...r }))),
        },
      ];
    },

    /** Risk phases: by months since move-in, by calendar month, and unpaid after late vs after on time. */
    async risk(actor: Actor, unitId: string, from: string, to: string) {
      const mode = access(actor, unitId);
      const rows = (await statusRows(db(), [unitId], from, to)).filter((r) => r.status !== 'open');
      const figure = <T extends { lateOrUnpaid: number; total: number; share: number | null }>(f: T) =>
        mode === 'exact'
          ? f
          : { ...f, lateOrUnpaid: suppress(f.lateOrUnpaid), total: suppress(f.total), share: suppressShare(f.lateOrUnpaid, f.total) };
      const transitions = transitionRisk(rows);
      const tr = (f: { unpaid: number; total: number; share: number | null }) =>
        mode === 'exact' ? f : { unpaid: suppress(f.unpaid), total: suppress(f.total), share: suppressShare(f.unpaid, f.total) };
      return {
        byTenure: riskByTenure(rows).map(figure),
        byCalendarMonth: riskByCalendarMonth(rows).map(figure),
        transitions: { afterLate: tr(transitions.afterLate), afterOnTime: tr(transitions.afterOnTime) },
      };
    },

    /** Residents whose pattern is getting worse, by the rule shown on the page (staff only: names). */
    async watchList(actor: Actor, unitId: string) {
      requireCaseStaff(actor, unitId);
      const thisMonth = ctx.clock.today().slice(0, 7);
      const rows = await statusRows(db(), [unitId], addMonths(thisMonth, -6), thisMonth);
      const items = watchList(rows, thisMonth);
      return db()
        .transaction()
        .execute(async (trx) => {
          const who = await names(
            trx,
            items.map((i) => i.residentId),
          );
          await auditList(trx, actor, who, 'watch_list');
          return {
            rule: { sv: describeWatchRule(DEFAULT_WATCH_RULE, 'sv'), en: describeWatchRule(DEFAULT_WATCH_RULE, 'en') },
            items: items.map((i) => ({ ...i, name: who.get(i.residentId)?.name ?? '' })),
          };
        });
    },

    /** "Click a bar to see who": the residents behind one month's count (staff only). */
    async barResidents(actor: Actor, unitId: string, month: string, status: RentStatusRow['status']) {
      requireCaseStaff(actor, unitId);
      const rows = (await statusRows(db(), [unitId], month, month)).filter((r) => r.status === status);
      return db()
        .transaction()
        .execute(async (trx) => {
          const who = await names(
            trx,
            rows.map((r) => r.residentId),
          );
          await auditList(trx, actor, who, 'rent_statistics');
          return rows.map((r) => ({
            residentId: r.residentId,
            name: who.get(r.residentId)?.name ?? '',
            placementId: r.placementId,
            status: r.status,
          }));
        });
    },

    /** Residents × months, the coloured grid units keep in Excel today (staff only). */
    async grid(actor: Actor, unitId: string, from: string, to: string) {
      requireCaseStaff(actor, unitId);
      const rows = await statusRows(db(), [unitId], from, to);
      return db()
        .transaction()
        .execute(async (trx) => {
          const who = await names(trx, [...new Set(rows.map((r) => r.residentId))]);
          await auditList(trx, actor, who, 'rent_statistics');
          const byResident = new Map<string, { residentId: string; name: string; statuses: Record<string, string> }>();
          for (const r of rows) {
            const entry = byResident.get(r.residentId) ?? {
              residentId: r.residentId,
              name: who.get(r.residentId)?.name ?? '',
              statuses: {},
            };
            entry.statuses[r.month] = r.status;
            byResident.set(r.residentId, entry);
          }
          return {
            months: monthsBetween(from, to),
            residents: [...byResident.values()].sort((a, b) => a.name.localeCompare(b.name, 'sv')),
          };
        });
    },

    async rentSummary(actor: Actor | null, unitIds: string[] | null, from: string, to: string, filter: RentFilter = {}) {
      if (from > to)
        throw invalidField('from', 'after_to', {
          sv: 'Från-månaden ligger efter till-månaden.',
          en: 'The from month is after the to month.',
        });
      if (monthsBetween(from, to).length > MAX_MONTHS) {
        throw invalidField('from', 'too_long', { sv: 'Välj högst tio år.', en: 'Choose at most ten years.' });
      }
      const mode = unitIds && unitIds.length === 1 ? access(actor, unitIds[0]!) : 'exact';
      const months = monthlyCounts(await statusRows(db(), unitIds, from, to, filter), from, to);
      return {
        months: mode === 'exact' ? months : months.map(suppressMonth),
        trend: trend(months),
        definitions: {
          sv: 'Antal boende per månad. I tid: hela hyran betald senast förfallodagen. Sen: betald efter förfallodagen men senast den 15:e. Obetald: inte betald den 15:e. Öppen: den 15:e har inte passerat. Andelar räknas på avslutade månader.',
          en: 'Residents per month. On time: the whole rent paid by the due date. Late: paid after the due date but by the 15th. Unpaid: not paid by the 15th. Open: the 15th has not passed. Shares are of final months.',
        },
      };
    },

    async retention(actor: Actor | null, unitIds: string[] | null) {
      const mode = unitIds && unitIds.length === 1 ? access(actor, unitIds[0]!) : 'exact';
      const asOf = ctx.clock.today();
      const episodes = await episodesOf(db(), unitIds);
      const report = (eps: RetentionEpisode[]) => ({
        retention: retentionAt(eps, [6, 12, 24], asOf).map((r) =>
          mode === 'exact' ? r : { ...r, housed: suppress(r.housed), total: suppress(r.total), share: suppressShare(r.housed, r.total) },
        ),
        curve: mode === 'exact' ? kaplanMeier(eps, asOf) : [],
        timeInHousing: timeInHousing(eps, asOf).map((y) =>
          mode === 'exact' ? y : { ...y, completed: suppress(y.completed), ongoing: suppress(y.ongoing) },
        ),
        transitions: transitionsByYear(eps).map((y) =>
          mode === 'exact'
            ? y
            : { ...y, total: suppress(y.total), counts: Object.fromEntries(Object.entries(y.counts).map(([k, v]) => [k, suppress(v)])) },
        ),
      });
      return {
        asOf,
        definitions: RETENTION_DEFINITIONS,
        groups: [
          { group: 'all', ...report(episodes) },
          ...byGroup(episodes, (g) => report([...g])).map((g) => ({ group: g.group, ...g.result })),
        ],
      };
    },
  };
}

/** The dashboard's filters: apartment type, commissioning agency, contact person. */
export type RentFilter = { apartmentType?: string; commissionerId?: string; contactPersonId?: string };

async function placementsMatching(q: Q, f: RentFilter): Promise<Set<string> | null> {
  if (!f.apartmentType && !f.commissionerId && !f.contactPersonId) return null;
  let query = q
    .selectFrom('placements as p')
    .innerJoin('apartments as a', 'a.id', 'p.apartment_id')
    .innerJoin('residents as r', 'r.id', 'p.resident_id')
    .select('p.id');
  if (f.apartmentType) query = query.where('a.type', '=', f.apartmentType as never);
  if (f.commissionerId) query = query.where('r.commissioner_id', '=', f.commissionerId);
  if (f.contactPersonId) query = query.where('r.contact_person_id', '=', f.contactPersonId);
  return new Set((await query.execute()).map((r) => r.id));
}

function suppressMonth(m: MonthlyCounts) {
  const final = m.onTime + m.late + m.unpaid;
  return {
    ...m,
    onTime: suppress(m.onTime),
    late: suppress(m.late),
    unpaid: suppress(m.unpaid),
    open: suppress(m.open),
    total: suppress(m.total),
    shareOnTime: suppressShare(m.onTime, final),
    shareLate: suppressShare(m.late, final),
    shareUnpaid: suppressShare(m.unpaid, final),
  };
}

/**
 * One episode per stay in the unit's housing: placements of the same person that follow each other (a move
 * between two of the unit's apartments) are one stay, ending as the last one ends.
 */
async function episodesOf(q: Q, unitIds: string[] | null): Promise<RetentionEpisode[]> {
  let query = q
    .selectFrom('placements as p')
    .innerJoin('apartments as a', 'a.id', 'p.apartment_id')
    .select(['p.resident_id', 'p.start_date', 'p.end_date', 'p.end_reason', 'a.type'])
    .orderBy('p.resident_id')
    .orderBy('p.start_date');
  if (unitIds) query = query.where('a.unit_id', 'in', unitIds.length ? unitIds : ['-']);
  const rows = await query.execute();
  const episodes: RetentionEpisode[] = [];
  for (const r of rows) {
    const last = episodes.at(-1);
    if (last && last.personId === r.resident_id && last.end !== null && addDays(last.end, 1) >= r.start_date) {
      last.end = r.end_date;
      last.endReason = r.end_reason as RetentionEpisode['endReason'];
      continue;
    }
    episodes.push({
      personId: r.resident_id,
      moveIn: r.start_date,
      end: r.end_date,
      endReason: r.end_reason as RetentionEpisode['endReason'],
      group: r.type,
    });
  }
  return episodes;
}

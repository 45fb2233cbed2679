import {
  addDays,
  addMonths,
  DEFAULT_WATCH_RULE,
  describeWatchRule,
  riskByCalendarMonthOf,
  riskByTenureOf,
  transitionRiskOf,
  watchList,
  byGroup,
  kaplanMeier,
  monthlyCountsOf,
  monthsBetween,
  RETENTION_DEFINITIONS,
  retentionAt,
  suppress,
  suppressShare,
  timeInHousing,
  transitionsByYear,
  trend,
  combineStatuses,
  type KaplanMeierStep,
  type MonthlyCounts,
  type MonthStatus,
  type RetentionEpisode,
} from '@kvarbo/domain';
import type { Actor } from '../auth/actor.ts';
import { hasRoleIn } from '../auth/actor.ts';
import { invalidField, notFound } from '../errors.ts';
import type { Q } from '../repositories/query.ts';
import * as monthStatusRepo from '../repositories/rent-month-status.repository.ts';
import type { RentFilter, Scope } from '../repositories/rent-month-status.repository.ts';
import { recordAudit } from './audit.service.ts';
import type { ServiceContext } from './context.ts';
import type { Table } from './statistics-export.ts';
import type { createRentMonthStatusService } from './rent-month-status.service.ts';
import { namedResident } from './resident-name.ts';

const MAX_MONTHS = 120;

/**
 * Figures computed from the records, never typed in. Managers see exact counts; analysts see the same figures with
 * small cells suppressed (a count of 1–4 is "<5", and a share that would reveal one is left out).
 */
export function createStatisticsService(ctx: ServiceContext, monthStatuses: ReturnType<typeof createRentMonthStatusService>) {
  const db = () => ctx.db.kysely;

  function access(actor: Actor | null, unitId: string): 'exact' | 'suppressed' {
    if (!actor) return 'exact'; // the command line, run by an operator with the database at hand
    if (hasRoleIn(actor, unitId, ['manager'])) return 'exact';
    if (hasRoleIn(actor, unitId, ['analyst'])) return 'suppressed';
    throw notFound();
  }

  /** The scope of a count, after bringing the month statuses up to date (see rent-month-status.service.ts). */
  async function scope(unitIds: string[] | null, from: string, to: string, filter: RentFilter = {}): Promise<Scope> {
    await monthStatuses.refresh();
    return { unitIds, from, to, today: ctx.clock.today(), filter };
  }

  async function statusRows(_q: Q, unitIds: string[] | null, from: string, to: string, filter: RentFilter = {}) {
    return monthStatusRepo.statusRows(db(), await scope(unitIds, from, to, filter));
  }

  /** Staff of the unit (not analysts): the views that name residents. */
  function requireCaseStaff(actor: Actor, unitId: string) {
    if (!hasRoleIn(actor, unitId, ['manager', 'caseworker', 'host'])) throw notFound();
  }

  async function names(q: Q, residentIds: string[]) {
    if (residentIds.length === 0) return new Map<string, { name: string; culled: boolean; unitId: string }>();
    const rows = await q
      .selectFrom('residents')
      .select(['id', 'first_name', 'last_name', 'culled_at', 'unit_id'])
      .where('id', 'in', residentIds)
      .execute();
    return new Map(rows.map((r) => [r.id, { ...namedResident(r), unitId: r.unit_id }]));
  }

  async function auditList(q: Q, actor: Actor, residents: Map<string, { unitId: string }>, entity: string) {
    await recordAudit(
      q,
      actor,
      ctx.clock.now(),
      [...residents].map(([residentId, r]) => ({ residentId, unitId: r.unitId, entity, entityId: null, action: 'list' as const })),
    );
  }

  const retentionCache = new Map<string, Awaited<ReturnType<typeof service.retentionReport>>>();

  const RENT_DEFINITIONS = {
    sv: 'Antal boende per månad. I tid: hela hyran betald senast förfallodagen. Sen: betald efter förfallodagen men senast den 15:e. Obetald: inte betald den 15:e. Öppen: den 15:e har inte passerat. Andelar räknas på avslutade månader.',
    en: 'Residents per month. On time: the whole rent paid by the due date. Late: paid after the due date but by the 15th. Unpaid: not paid by the 15th. Open: the 15th has not passed. Shares are of final months.',
  };

  const service = {
    statusRows,

    /**
     * Every table of the dashboard and the evaluation reports, for Excel (one sheet each) or CSV, each with
     * its definitions and counts. The watch list names residents and is included only for the unit's staff.
     */
    async exportTables(actor: Actor, unitId: string, from: string, to: string): Promise<Table[]> {
      const summary = await this.rentSummary(actor, [unitId], from, to);
      const risk = await this.risk(actor, unitId, from, to);
      const retention = await this.retention(actor, [unitId]);
      const tables: Table[] = [
        {
          sheet: 'Hyra per månad',
          note: summary.definitions.sv,
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
          note: `Placeringsmånader ${from}–${to} efter månader sedan inflyttning (inflyttningsmånaden är månad 1); öppna månader ingår inte.`,
          columns: [
            { header: 'Månader sedan inflyttning', key: 'bucket', kind: 'text' },
            { header: 'Sena eller obetalda', key: 'lateOrUnpaid', kind: 'count' },
            { header: 'Avslutade månader', key: 'total', kind: 'count' },
            { header: 'Andel', key: 'share', kind: 'share' },
          ],
          rows: risk.byTenure,
        },
        {
          sheet: 'Risk efter kalendermånad',
          note: `Placeringsmånader ${from}–${to} per kalendermånad, alla år tillsammans; öppna månader ingår inte.`,
          columns: [
            { header: 'Kalendermånad', key: 'calendarMonth', kind: 'number' },
            { header: 'Sena eller obetalda', key: 'lateOrUnpaid', kind: 'count' },
            { header: 'Avslutade månader', key: 'total', kind: 'count' },
            { header: 'Andel', key: 'share', kind: 'share' },
          ],
          rows: risk.byCalendarMonth,
        },
        {
          sheet: 'Obetald efter föregående månad',
          note: `Par av på varandra följande avslutade månader i samma placering ${from}–${to}: andelen obetalda efter en sen månad och efter en månad i tid.`,
          columns: [
            { header: 'Föregående månad', key: 'previous', kind: 'text' },
            { header: 'Obetalda därefter', key: 'unpaid', kind: 'count' },
            { header: 'Par', key: 'total', kind: 'count' },
            { header: 'Andel', key: 'share', kind: 'share' },
          ],
          rows: [
            { previous: 'Sen', ...risk.transitions.afterLate },
            { previous: 'I tid', ...risk.transitions.afterOnTime },
          ],
        },
        {
          sheet: 'Kvarboende',
          note: `${RETENTION_DEFINITIONS.retentionAt.sv} Per ${retention.asOf}.`,
          columns: [
            { header: 'Grupp', key: 'group', kind: 'text' },
            { header: 'Månader', key: 'months', kind: 'number' },
            { header: 'Kvar i boende', key: 'housed', kind: 'count' },
            { header: 'Antal', key: 'total', kind: 'count' },
            { header: 'Andel', key: 'share', kind: 'share' },
          ],
          rows: retention.groups.flatMap((g) => g.retention.map((r) => ({ group: g.group, ...r }))),
        },
        {
          sheet: 'Kvarboendekurva',
          note: `${RETENTION_DEFINITIONS.kaplanMeier.sv} Per ${retention.asOf}.`,
          columns: [
            { header: 'Grupp', key: 'group', kind: 'text' },
            { header: 'Dagar', key: 'time', kind: 'number' },
            { header: 'I risk', key: 'atRisk', kind: 'count' },
            { header: 'Händelser', key: 'events', kind: 'count' },
            { header: 'Censurerade', key: 'censored', kind: 'count' },
            { header: 'Andel kvar', key: 'survival', kind: 'share' },
          ],
          rows: retention.groups.flatMap((g) => g.curve.map((step) => ({ group: g.group, ...step }))),
        },
        {
          sheet: 'Boendetid',
          note: `${RETENTION_DEFINITIONS.timeInHousing.sv} Per ${retention.asOf}.`,
          columns: [
            { header: 'Grupp', key: 'group', kind: 'text' },
            { header: 'Inflyttningsår', key: 'year', kind: 'number' },
            { header: 'Avslutade', key: 'completed', kind: 'count' },
            { header: 'Pågående', key: 'ongoing', kind: 'count' },
            { header: 'Median (dagar)', key: 'medianDays', kind: 'number' },
            { header: 'Nedre kvartil (dagar)', key: 'q1Days', kind: 'number' },
            { header: 'Övre kvartil (dagar)', key: 'q3Days', kind: 'number' },
            { header: 'Ändring av median mot året före (dagar)', key: 'medianChangeDays', kind: 'number' },
          ],
          rows: retention.groups.flatMap((g) => g.timeInHousing.map((y) => ({ group: g.group, ...y }))),
        },
        {
          sheet: 'Hur placeringar slutade',
          note: `${RETENTION_DEFINITIONS.transitions.sv}`,
          columns: [
            { header: 'Grupp', key: 'group', kind: 'text' },
            { header: 'År', key: 'year', kind: 'number' },
            { header: 'Avslutsorsak', key: 'reason', kind: 'text' },
            { header: 'Antal', key: 'count', kind: 'count' },
            { header: 'Avslutade totalt', key: 'total', kind: 'count' },
          ],
          rows: retention.groups.flatMap((g) =>
            g.transitions.flatMap((y) =>
              Object.entries(y.counts).map(([reason, count]) => ({ group: g.group, year: y.year, reason, count, total: y.total })),
            ),
          ),
        },
      ];
      if (hasRoleIn(actor, unitId, ['manager', 'caseworker', 'host'])) {
        const watch = await this.watchList(actor, unitId);
        tables.push({
          sheet: 'Bevakningslista',
          note: watch.rule.sv,
          columns: [
            { header: 'Boende', key: 'name', kind: 'text' },
            { header: 'Skäl', key: 'reasons', kind: 'text' },
            { header: 'Senaste månaderna', key: 'lastMonths', kind: 'text' },
          ],
          rows: watch.items.map((i) => ({ name: i.name, reasons: i.reasons.join(', '), lastMonths: i.lastMonths.join(', ') })),
        });
      }
      return tables;
    },

    /** Risk phases: by months since move-in, by calendar month, and unpaid after late vs after on time. */
    async risk(actor: Actor, unitId: string, from: string, to: string) {
      const mode = access(actor, unitId);
      checkPeriod(from, to);
      const sc = await scope([unitId], from, to);
      const figure = <T extends { lateOrUnpaid: number; total: number; share: number | null }>(f: T) =>
        mode === 'exact'
          ? f
          : { ...f, lateOrUnpaid: suppress(f.lateOrUnpaid), total: suppress(f.total), share: suppressShare(f.lateOrUnpaid, f.total) };
      const tallies = await monthStatusRepo.riskTallies(db(), sc);
      const transitions = transitionRiskOf(
        tallies.flatMap((t) => (t.previous !== null && t.status !== 'open' ? [{ previous: t.previous, next: t.status, n: t.n }] : [])),
      );
      const tr = (f: { unpaid: number; total: number; share: number | null }) =>
        mode === 'exact' ? f : { unpaid: suppress(f.unpaid), total: suppress(f.total), share: suppressShare(f.unpaid, f.total) };
      return {
        byTenure: riskByTenureOf(tallies).map(figure),
        byCalendarMonth: riskByCalendarMonthOf(tallies).map(figure),
        transitions: { afterLate: tr(transitions.afterLate), afterOnTime: tr(transitions.afterOnTime) },
      };
    },

    /** Residents whose pattern is getting worse, by the rule shown on the page (staff only: names). */
    async watchList(actor: Actor, unitId: string) {
      requireCaseStaff(actor, unitId);
      const thisMonth = ctx.clock.today().slice(0, 7);
      // Only placements with a month late or unpaid in the window and rent this month can be flagged.
      const sc = await scope([unitId], addMonths(thisMonth, -6), thisMonth);
      const candidates = await monthStatusRepo.troubledPlacements(db(), sc, thisMonth, DEFAULT_WATCH_RULE.minLateOrUnpaid);
      const rows = await monthStatusRepo.statusRows(db(), sc, { placementIds: candidates });
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
            items: items.map((i) => ({ ...i, name: who.get(i.residentId)?.name ?? '', culled: who.get(i.residentId)?.culled ?? false })),
          };
        });
    },

    /** "Click a bar to see who": the residents behind one month's count (staff only). */
    async barResidents(actor: Actor, unitId: string, month: string, status: MonthStatus) {
      requireCaseStaff(actor, unitId);
      // The bar counts residents with their placements combined, so the list does too.
      const all = await monthStatusRepo.statusRows(db(), await scope([unitId], month, month));
      const combined = new Map<string, (typeof all)[number]>();
      for (const r of all) {
        const before = combined.get(r.residentId);
        combined.set(r.residentId, before ? { ...before, status: combineStatuses(before.status, r.status) } : r);
      }
      const rows = [...combined.values()].filter((r) => r.status === status);
      return db()
        .transaction()
        .execute(async (trx) => {
          const who = await names(
            trx,
            rows.map((r) => r.residentId),
          );
          await auditList(trx, actor, who, 'rent_statistics');
          return rows
            .map((r) => ({
              residentId: r.residentId,
              name: who.get(r.residentId)?.name ?? '',
              culled: who.get(r.residentId)?.culled ?? false,
              placementId: r.placementId,
              status: r.status,
            }))
            .sort((a, b) => a.name.localeCompare(b.name, 'sv'));
        });
    },

    /** Residents × months, the coloured grid units keep in Excel today (staff only). */
    async grid(actor: Actor, unitId: string, from: string, to: string) {
      requireCaseStaff(actor, unitId);
      checkPeriod(from, to);
      const rows = await monthStatusRepo.statusRows(db(), await scope([unitId], from, to));
      return db()
        .transaction()
        .execute(async (trx) => {
          const who = await names(trx, [...new Set(rows.map((r) => r.residentId))]);
          await auditList(trx, actor, who, 'rent_statistics');
          const byResident = new Map<
            string,
            { residentId: string; name: string; culled: boolean; statuses: Record<string, MonthStatus> }
          >();
          for (const r of rows) {
            const entry = byResident.get(r.residentId) ?? {
              residentId: r.residentId,
              name: who.get(r.residentId)?.name ?? '',
              culled: who.get(r.residentId)?.culled ?? false,
              statuses: {},
            };
            const before = entry.statuses[r.month];
            entry.statuses[r.month] = before ? combineStatuses(before, r.status) : r.status;
            byResident.set(r.residentId, entry);
          }
          return {
            months: monthsBetween(from, to),
            residents: [...byResident.values()].sort((a, b) => a.name.localeCompare(b.name, 'sv')),
          };
        });
    },

    async rentSummary(actor: Actor | null, unitIds: string[] | null, from: string, to: string, filter: RentFilter = {}) {
      checkPeriod(from, to);
      const mode = unitIds && unitIds.length === 1 ? access(actor, unitIds[0]!) : 'exact';
      const months = monthlyCountsOf(await monthStatusRepo.residentMonthTallies(db(), await scope(unitIds, from, to, filter)), from, to);
      return {
        months: mode === 'exact' ? months : months.map(suppressMonth),
        trend: trend(months),
        definitions: RENT_DEFINITIONS,
      };
    },

    async retention(actor: Actor | null, unitIds: string[] | null) {
      const mode = unitIds && unitIds.length === 1 ? access(actor, unitIds[0]!) : 'exact';
      const asOf = ctx.clock.today();
      // The report changes only with the stays and the day: kept per unit, day and version of the stays.
      const key = `${unitIds?.join(',') ?? '*'}|${mode}|${asOf}|${await monthStatusRepo.staysVersion(db())}`;
      const cached = retentionCache.get(key);
      if (cached) return cached;
      const report = await this.retentionReport(mode, unitIds, asOf);
      retentionCache.set(key, report);
      if (retentionCache.size > 50) retentionCache.delete(retentionCache.keys().next().value!);
      return report;
    },

    async retentionReport(mode: 'exact' | 'suppressed', unitIds: string[] | null, asOf: string) {
      const episodes = await episodesOf(db(), unitIds);
      const report = (eps: RetentionEpisode[]) => ({
        retention: retentionAt(eps, [6, 12, 24], asOf).map((r) =>
          mode === 'exact' ? r : { ...r, housed: suppress(r.housed), total: suppress(r.total), share: suppressShare(r.housed, r.total) },
        ),
        curve: mode === 'exact' ? kaplanMeier(eps, asOf) : suppressCurve(kaplanMeier(eps, asOf)),
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
  return service;
}

function checkPeriod(from: string, to: string) {
  if (from > to)
    throw invalidField('from', 'after_to', {
      sv: 'Från-månaden ligger efter till-månaden.',
      en: 'The from month is after the to month.',
    });
  if (monthsBetween(from, to).length > MAX_MONTHS) {
    throw invalidField('from', 'too_long', { sv: 'Välj högst tio år.', en: 'Choose at most ten years.' });
  }
}

/**
 * The retention curve for a viewer who sees suppressed figures: only while at least five are still at risk
 * (the tail where one person moves the curve is left off, as survival tables commonly do), with every count
 * of 1–4 shown as "<5".
 */
function suppressCurve(curve: KaplanMeierStep[]) {
  return curve
    .filter((step) => step.atRisk >= 5)
    .map((step) => ({ ...step, atRisk: suppress(step.atRisk), events: suppress(step.events), censored: suppress(step.censored) }));
}

export type { RentFilter };

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

import crypto from 'node:crypto';
import type { Actor } from '../auth/actor.ts';
import { hasRoleIn } from '../auth/actor.ts';
import { newId, randomToken } from '../auth/tokens.ts';
import { forbidden, invalidField } from '../errors.ts';
import type { Q } from '../repositories/query.ts';
import { recordAudit } from './audit.service.ts';
import type { ServiceContext } from './context.ts';
import type { Table } from './statistics-export.ts';
import type { createStatisticsService } from './statistics.service.ts';

/**
 * A de-identified export for an evaluation: a stable pseudonym per person and project (HMAC of the resident id
 * with the project's secret), birth year instead of personnummer, no names, addresses only as district, move-in
 * and move-out as months, and only the stays that overlap the period. Only a
 * manager may make one, and every person included is audit-logged as exported.
 */
export function createResearchExportService(ctx: ServiceContext, statistics: ReturnType<typeof createStatisticsService>) {
  const db = () => ctx.db.kysely;

  async function projectSecret(q: Q, actor: Actor, unitId: string, name: string): Promise<string> {
    const existing = await q
      .selectFrom('research_projects')
      .select('secret')
      .where('unit_id', '=', unitId)
      .where('name', '=', name)
      .executeTakeFirst();
    if (existing) return existing.secret;
    const secret = randomToken(32);
    await q
      .insertInto('research_projects')
      .values({ id: newId(), unit_id: unitId, name, secret, created_by: actor.userId, created_at: ctx.clock.now().toISOString() })
      .onConflict((oc) => oc.columns(['unit_id', 'name']).doNothing())
      .execute();
    return (
      await q
        .selectFrom('research_projects')
        .select('secret')
        .where('unit_id', '=', unitId)
        .where('name', '=', name)
        .executeTakeFirstOrThrow()
    ).secret;
  }

  return {
    async export(actor: Actor, unitId: string, project: string, from: string, to: string): Promise<Table[]> {
      if (!hasRoleIn(actor, unitId, ['manager'])) throw forbidden();
      if (from > to) {
        throw invalidField('to', 'before_from', {
          sv: 'Till-månaden ligger före från-månaden.',
          en: 'The to month is before the from month.',
        });
      }
      const statuses = await statistics.statusRows(db(), [unitId], from, to);
      return db()
        .transaction()
        .execute(async (trx) => {
          const secret = await projectSecret(trx, actor, unitId, project);
          const pseudonym = (residentId: string) => crypto.createHmac('sha256', secret).update(residentId).digest('hex').slice(0, 12);
          const placements = await trx
            .selectFrom('placements as p')
            .innerJoin('apartments as a', 'a.id', 'p.apartment_id')
            .innerJoin('residents as r', 'r.id', 'p.resident_id')
            .leftJoin('commissioners as c', 'c.id', 'r.commissioner_id')
            .select([
              'p.id',
              'p.resident_id',
              'p.start_date',
              'p.end_date',
              'p.end_reason',
              'a.type',
              'a.district',
              'r.birth_date',
              'r.birth_year',
              'r.household_adults',
              'r.household_children',
              'r.unit_id',
              'c.kind as commissioner_kind',
            ])
            .where('a.unit_id', '=', unitId)
            // Only the stays that overlap the period: an evaluation of 2025 has no business with 2019.
            .where('p.start_date', '<=', `${to}-31`)
            .where((eb) => eb.or([eb('p.end_date', 'is', null), eb('p.end_date', '>=', `${from}-01`)]))
            .execute();
          const persons = new Map<string, Record<string, unknown>>();
          for (const p of placements) {
            persons.set(p.resident_id, {
              person: pseudonym(p.resident_id),
              // A culled person's birth date is gone but the year is kept (docs/culling.md), so the export is the same.
              birthYear: p.birth_date ? Number(p.birth_date.slice(0, 4)) : p.birth_year === null ? null : Number(p.birth_year),
              adults: p.household_adults,
              children: p.household_children,
              commissionerKind: p.commissioner_kind,
            });
          }
          await recordAudit(
            trx,
            actor,
            ctx.clock.now(),
            placements.map((p) => ({
              residentId: p.resident_id,
              unitId: p.unit_id,
              entity: 'research_export',
              entityId: project,
              action: 'export' as const,
            })),
          );
          return [
            {
              sheet: 'Personer',
              columns: [
                { header: 'person', key: 'person', kind: 'text' },
                { header: 'födelseår', key: 'birthYear', kind: 'number' },
                { header: 'vuxna', key: 'adults', kind: 'number' },
                { header: 'barn', key: 'children', kind: 'number' },
                { header: 'uppdragsgivare', key: 'commissionerKind', kind: 'text' },
              ],
              rows: [...persons.values()],
            },
            {
              sheet: 'Placeringar',
              columns: [
                { header: 'person', key: 'person', kind: 'text' },
                { header: 'lägenhetstyp', key: 'type', kind: 'text' },
                { header: 'stadsdel', key: 'district', kind: 'text' },
                { header: 'inflyttningsmånad', key: 'start', kind: 'month' },
                { header: 'utflyttningsmånad', key: 'end', kind: 'month' },
                { header: 'avslutsorsak', key: 'endReason', kind: 'text' },
              ],
              rows: placements.map((p) => ({
                person: pseudonym(p.resident_id),
                type: p.type,
                district: p.district,
                // Months, not days: with birth year and district an exact date narrows a person down too far.
                start: p.start_date.slice(0, 7),
                end: p.end_date?.slice(0, 7) ?? null,
                endReason: p.end_reason,
              })),
            },
            {
              sheet: 'Hyra per månad',
              columns: [
                { header: 'person', key: 'person', kind: 'text' },
                { header: 'månad', key: 'month', kind: 'month' },
                { header: 'status', key: 'status', kind: 'text' },
              ],
              rows: statuses.map((s) => ({ person: pseudonym(s.residentId), month: s.month, status: s.status })),
            },
          ];
        });
    },
  };
}

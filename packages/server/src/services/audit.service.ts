import type { Actor } from '../auth/actor.ts';
import { unitIdsWithRole } from '../auth/actor.ts';
import type { Kysely } from 'kysely';
import type { AuditLogTable, Database } from '../db/schema.ts';
import { forbidden } from '../errors.ts';
import { chainVerifier, type ChainBreak } from '../audit/audit-chain.ts';
import * as audit from '../repositories/audit.repository.ts';
import { settleAuditLinking } from '../audit/audit-at-commit.ts';
import type { Q } from '../repositories/query.ts';
import type { ServiceContext } from './context.ts';

export type AuditEntry = {
  residentId: string | null;
  unitId: string | null;
  entity: string;
  entityId: string | null;
  action: AuditLogTable['action'];
};

/**
 * Every read and write of a person's data passes through here, inside the same transaction as the
 * write it describes: a change is never stored without its log row. The rows are linked into the hash chain once
 * the transaction has committed (audit/audit-at-commit.ts).
 */
export async function recordAudit(q: Q, actor: Actor, at: Date, entries: AuditEntry[]) {
  if (entries.length === 0) return;
  const iso = at.toISOString();
  await audit.appendAudit(
    q,
    entries.map((e) => ({
      at: iso,
      user_id: actor.userId,
      user_name: actor.userName,
      unit_id: e.unitId,
      resident_id: e.residentId,
      entity: e.entity,
      entity_id: e.entityId,
      action: e.action,
      ip: actor.ip,
    })),
  );
}

type AuditRow = Awaited<ReturnType<typeof audit.listAudit>>['items'][number];

export type AuditQuery = { unitId?: string; userId?: string; residentId?: string; from?: string; to?: string };

export type AuditItem = {
  id: number;
  at: string;
  userId: string | null;
  userName: string;
  unitId: string | null;
  residentId: string | null;
  residentName: string | null;
  /** The person was culled (docs/culling.md): the log keeps the id, the name is gone. */
  residentCulled: boolean;
  entity: string;
  entityId: string | null;
  action: string;
  ip: string | null;
};

export function createAuditService(ctx: ServiceContext) {
  /** Managers review their own units' log (SoLPuL: regular log review). */
  function managedUnits(actor: Actor, unitId?: string): string[] {
    const units = unitIdsWithRole(actor, ['manager']);
    if (units.length === 0) throw forbidden();
    if (unitId) {
      if (!units.includes(unitId)) throw forbidden();
      return [unitId];
    }
    return units;
  }

  function toItem(r: AuditRow): AuditItem {
    return {
      id: Number(r.id),
      at: r.at,
      userId: r.user_id,
      userName: r.user_name,
      unitId: r.unit_id,
      residentId: r.resident_id,
      residentName: r.first_name && !r.culled_at ? `${r.first_name} ${r.last_name}` : null,
      residentCulled: !!r.culled_at,
      entity: r.entity,
      entityId: r.entity_id,
      action: r.action,
      ip: r.ip,
    };
  }

  return {
    async list(actor: Actor, query: AuditQuery & { page: number; pageSize: number }) {
      const unitIds = managedUnits(actor, query.unitId);
      const { items, total } = await audit.listAudit(ctx.db.kysely, { ...query, unitIds });
      return { items: items.map(toItem), total, page: query.page, pageSize: query.pageSize };
    },

    /** CSV for Swedish Excel: UTF-8 with BOM, semicolons, one row per log entry. */
    async *exportCsv(actor: Actor, query: AuditQuery): AsyncGenerator<string> {
      const unitIds = managedUnits(actor, query.unitId);
      yield (
        '\uFEFF' +
        ['id', 'tid_utc', 'anvandare_id', 'anvandare', 'enhet_id', 'person_id', 'person', 'objekt', 'objekt_id', 'handling', 'ip'].join(
          ';',
        ) +
        '\r\n'
      );
      for await (const batch of audit.auditBatches(ctx.db.kysely, { ...query, unitIds })) {
        yield batch
          .map(toItem)
          .map(
            (i) =>
              [i.id, i.at, i.userId, i.userName, i.unitId, i.residentId, i.residentName, i.entity, i.entityId, i.action, i.ip]
                .map(csvCell)
                .join(';') + '\r\n',
          )
          .join('');
      }
    },
  };
}

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  // A cell starting with = + - @ would run as a formula in Excel: neutralise it (CSV injection).
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Walks the whole audit chain (`kvarbo audit verify`): every row's hash, its link to the row before, the sequence
 * without gaps, and the head. Names the first broken row. Reads only: rows committed but not yet linked (for a
 * moment after every audited commit, or left by a killed server until the next start) are counted as `unlinked`;
 * `linkPendingAudit` links them.
 */
export async function verifyAuditChain(q: Q): Promise<{ ok: boolean; rows: number; unlinked: number; firstBroken: ChainBreak | null }> {
  // This server's own linking under way first: rows of requests that have just answered are not "unlinked".
  await settleAuditLinking(q);
  const unlinked = await audit.countUnlinked(q);
  const verifier = chainVerifier();
  for (let after = 0; ;) {
    const page = await audit.auditChainPage(q, after, 5000);
    if (page.length === 0) break;
    for (const row of page) {
      const broken = verifier.check({ ...row, id: Number(row.id), seq: Number(row.seq), prev_hash: row.prev_hash ?? '' });
      if (broken) return { ok: false, rows: verifier.rows(), unlinked, firstBroken: broken };
    }
    after = Number(page.at(-1)!.seq);
  }
  const head = await audit.auditChainHead(q);
  const broken = head
    ? verifier.finish({ seq: Number(head.seq), hash: head.hash })
    : { id: 0, seq: null, reason: 'head_mismatch' as const };
  return { ok: broken === null, rows: verifier.rows(), unlinked, firstBroken: broken };
}

/** Links every committed audit row not yet in the hash chain (after a killed server; the CLI's verify does this first). */
export function linkPendingAudit(db: Kysely<Database>) {
  return db.transaction().execute((trx) => audit.chainPendingAudit(trx));
}

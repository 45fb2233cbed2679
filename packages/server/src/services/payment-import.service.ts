import crypto from 'node:crypto';
import fs from 'node:fs';
import { paymentReferenceDigits, suggestColumnMapping, type Localized, type ParseError } from '@kvarbo/domain';
import type { Actor } from '../auth/actor.ts';
import { caseUnitIds, hasRoleIn } from '../auth/actor.ts';
import { newId } from '../auth/tokens.ts';
import type { PaymentSource, PaymentTable } from '../db/schema.ts';
import { AppError, forbidden, notFound, type Locale } from '../errors.ts';
import * as payments from '../repositories/payments.repository.ts';
import { findUnit } from '../repositories/units.repository.ts';
import { recordAudit } from './audit.service.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { ServiceContext } from './context.ts';
import { unitsToList } from './guards.ts';
import { paymentDto } from './ledger.service.ts';
import type { PaymentImportTable } from '../db/schema.ts';
import { readTable, type IncomingRow, type PaymentFileReader } from './payment-file-readers.ts';

export type ImportSummary = {
  importId: string | null;
  file: string;
  format: PaymentSource;
  payments: number;
  matched: number;
  unmatched: number;
  duplicates: number;
  totalOre: number;
  /** The same file (by SHA-256) was imported before: nothing was written. */
  alreadyImported: boolean;
};

/** Who imports: a staff member through the UI, or an operator on the command line. */
export type Importer = { actor: Actor } | { operator: string };

const BATCH = 500;
const MAX_ERRORS_SHOWN = 20;

export class ImportRejected extends AppError {
  override extraFor(locale: Locale): Record<string, unknown> {
    const errors = (this.extra.errors as { message: Localized }[]).map((e) => ({ ...e, message: e.message[locale] }));
    return { ...this.extra, errors };
  }

  constructor(
    readonly file: string,
    readonly errors: ParseError[],
  ) {
    const first = errors[0]!;
    const more =
      errors.length > 1 ? { sv: ` (och ${errors.length - 1} fel till)`, en: ` (and ${errors.length - 1} more)` } : { sv: '', en: '' };
    const text = (s: string) => s.replace(/\.$/, '');
    const message: Localized = {
      sv: `Filen ${file} lästes inte in: ${text(first.message.sv)}${more.sv}. Inget har sparats.`,
      en: `The file ${file} was not imported: ${text(first.message.en)}${more.en}. Nothing was saved.`,
    };
    super('IMPORT_REJECTED', 400, message, [], {
      file,
      line: first.line ?? null,
      element: first.element ?? null,
      field: first.field,
      errors: errors
        .slice(0, MAX_ERRORS_SHOWN)
        .map((e) => ({ line: e.line ?? null, element: e.element ?? null, field: e.field, code: e.code, message: e.message })),
    });
  }
}

/**
 * Imports a bank file of incoming payments, all or nothing: the whole file is validated against its own totals
 * first, then written in ONE transaction, so a file that fails imports nothing and a process killed half-way
 * leaves the database as it was. A file imported before (same SHA-256) is skipped; a payment stored before
 * (same bank reference) is counted as a duplicate and skipped, so overlapping files never count twice.
 */
export function createPaymentImportService(ctx: ServiceContext) {
  const db = () => ctx.db.kysely;

  return {
    /** What a CSV or Excel file holds, so the staff member can confirm which column is which before importing. */
    async preview(format: 'csv' | 'xlsx', path: string) {
      const rows = await readTable(format, path);
      const headers = rows[0] ?? [];
      return { headers, rows: rows.slice(1, 11), rowCount: Math.max(0, rows.length - 1), suggestedMapping: suggestColumnMapping(headers) };
    },

    async list(actor: Actor, f: { unitId?: string; page: number; pageSize: number }) {
      const { items, total } = await payments.listImports(db(), unitsToList(actor, f.unitId), f);
      return { items: items.map(importDto), total, page: f.page, pageSize: f.pageSize };
    },

    /** One import with its payments. Names of matched residents are shown, so the read is audit-logged. */
    async get(actor: Actor, importId: string) {
      const found = await payments.findImport(db(), importId);
      if (!found || !caseUnitIds(actor).includes(found.unit_id)) throw notFound();
      return db()
        .transaction()
        .execute(async (trx) => {
          const rows = await payments.paymentsOfImport(trx, importId);
          const residents = new Map(rows.filter((r) => r.resident_id).map((r) => [r.resident_id!, r.resident_unit_id]));
          await recordAudit(
            trx,
            actor,
            ctx.clock.now(),
            [...residents].map(([residentId, unitId]) => ({
              residentId,
              unitId,
              entity: 'payment_import',
              entityId: importId,
              action: 'read' as const,
            })),
          );
          return {
            ...importDto(found),
            payments: rows.map((r) => ({
              ...paymentDto(r),
              residentId: r.resident_id,
              residentName: r.first_name && !r.culled_at ? `${r.first_name} ${r.last_name}` : null,
              residentCulled: !!r.culled_at,
            })),
          };
        });
    },

    async importFile(
      importer: Importer,
      input: { unitId: string; format: PaymentSource; fileName: string; path: string; read: PaymentFileReader },
    ): Promise<ImportSummary> {
      if ('actor' in importer && !hasRoleIn(importer.actor, input.unitId, ['manager', 'caseworker'])) throw forbidden();
      const unit = await findUnit(db(), input.unitId);
      if (!unit) throw new AppError('NOT_FOUND', 404, { sv: 'Enheten finns inte.', en: 'No such unit.' });

      const hash = await sha256File(input.path);
      const before = await payments.findImportByHash(db(), input.unitId, hash);
      if (before) {
        return {
          importId: before.id,
          file: input.fileName,
          format: input.format,
          payments: before.payments,
          matched: 0,
          unmatched: 0,
          duplicates: before.payments,
          totalOre: Number(before.total_ore),
          alreadyImported: true,
        };
      }

      const unitBankgiro = unit.bankgiro?.replace(/\D/g, '').replace(/^0+/, '') || null;
      const wrongBankgiro = (row: IncomingRow): ParseError | null =>
        unitBankgiro && row.payeeBankgiro && row.payeeBankgiro !== unitBankgiro
          ? {
              ...(row.lineNo !== null ? { line: row.lineNo } : {}),
              field: 'payeeBankgiro',
              code: 'other_bankgiro',
              message: {
                sv: `Rad ${row.lineNo}: filen gäller bankgiro ${row.payeeBankgiro}, men enhetens bankgiro är ${unit.bankgiro}. Välj rätt enhet.`,
                en: `Line ${row.lineNo}: the file is for bankgiro ${row.payeeBankgiro}, but the unit's bankgiro is ${unit.bankgiro}. Choose the right unit.`,
              },
            }
          : null;

      // One pass inside one transaction: rows are written as they are read, and any error — a bad line, or a
      // total that does not add up at the end of the file — throws and rolls everything back.
      const ocrToPlacement = new Map((await payments.ocrIndex(db(), [input.unitId])).map((r) => [r.ocr_reference!, r.id]));
      try {
        return await db()
          .transaction()
          .execute(async (trx) => {
            const importId = newId();
            const at = ctx.clock.now().toISOString();
            const actorId = 'actor' in importer ? importer.actor.userId : null;
            await payments.insertImport(trx, {
              id: importId,
              unit_id: input.unitId,
              file_name: input.fileName,
              file_hash: hash,
              format: input.format,
              imported_by: actorId,
              imported_by_name: 'actor' in importer ? importer.actor.userName : importer.operator,
              imported_at: at,
              payments: 0,
              matched: 0,
              unmatched: 0,
              duplicates: 0,
              total_ore: 0,
            });
            const totals = { payments: 0, matched: 0, unmatched: 0, duplicates: 0, totalOre: 0 };
            const touchedPlacements = new Set<string>();
            let batch: PaymentTable[] = [];
            const flush = async () => {
              const inserted = await payments.insertPayments(trx, batch);
              for (const row of batch) {
                if (!inserted.has(row.id)) {
                  totals.duplicates++;
                  continue;
                }
                totals.totalOre += row.amount_ore;
                if (row.placement_id) {
                  totals.matched++;
                  touchedPlacements.add(row.placement_id);
                } else totals.unmatched++;
              }
              batch = [];
            };
            const errors: ParseError[] = [];
            for await (const event of input.read()) {
              if (event.kind === 'error') errors.push(event.error);
              if (event.kind !== 'row') continue;
              const mismatch = errors.length === 0 ? wrongBankgiro(event.row) : null;
              if (mismatch) errors.push(mismatch);
              if (errors.length) continue; // keep reading: the parser reports every problem, the caseworker fixes them at once
              totals.payments++;
              batch.push(
                toPaymentRow(event.row, {
                  importId,
                  unitId: input.unitId,
                  source: input.format,
                  at,
                  actorId,
                  placementId: matchByOcr(event.row, ocrToPlacement),
                }),
              );
              if (batch.length >= BATCH) await flush();
            }
            if (errors.length) throw new ImportRejected(input.fileName, errors);
            await flush();
            await trx
              .updateTable('payment_imports')
              .set({
                payments: totals.payments,
                matched: totals.matched,
                unmatched: totals.unmatched,
                duplicates: totals.duplicates,
                total_ore: totals.totalOre,
              })
              .where('id', '=', importId)
              .execute();
            if ('actor' in importer) await auditImport(trx, importer.actor, importId, [...touchedPlacements]);
            return { importId, file: input.fileName, format: input.format, ...totals, alreadyImported: false };
          });
      } catch (e) {
        // The same file imported at the same moment by someone else (or another server) won the race.
        const winner = isUniqueViolation(e) ? await payments.findImportByHash(db(), input.unitId, hash) : undefined;
        if (!winner) throw e;
        return {
          importId: winner.id,
          file: input.fileName,
          format: input.format,
          payments: winner.payments,
          matched: 0,
          unmatched: 0,
          duplicates: winner.payments,
          totalOre: Number(winner.total_ore),
          alreadyImported: true,
        };
      }
    },
  };

  /** One audit row per person whose ledger the import wrote to (not one per payment: a file holds thousands). */
  async function auditImport(q: Parameters<typeof recordAudit>[0], actor: Actor, importId: string, placementIds: string[]) {
    for (let i = 0; i < placementIds.length; i += 500) {
      const rows = await q
        .selectFrom('placements as p')
        .innerJoin('residents as r', 'r.id', 'p.resident_id')
        .select(['p.resident_id', 'r.unit_id'])
        .where('p.id', 'in', placementIds.slice(i, i + 500))
        .execute();
      await recordAudit(
        q,
        actor,
        ctx.clock.now(),
        rows.map((r) => ({
          residentId: r.resident_id,
          unitId: r.unit_id,
          entity: 'payment_import',
          entityId: importId,
          action: 'create' as const,
        })),
      );
    }
  }
}

/**
 * Only an exact OCR reference matches automatically — in the reference field, or as a lone number of six or
 * more digits in the free text when it is the only such number that is a known reference. Corrections
 * (deductions, bank reversals) always wait for a person.
 */
function matchByOcr(row: IncomingRow, index: Map<string, string>): string | null {
  if (row.isCorrection) return null;
  const digits = row.reference ? paymentReferenceDigits(row.reference) : null;
  if (digits && index.has(digits)) return index.get(digits)!;
  const text = [row.reference && !digits ? row.reference : null, row.freeText].filter(Boolean).join(' ');
  const found = new Set((text.match(/(?<!\d)\d{6,25}(?!\d)/g) ?? []).map((d) => index.get(d)).filter((x): x is string => !!x));
  return found.size === 1 ? [...found][0]! : null;
}

function toPaymentRow(
  row: IncomingRow,
  o: { importId: string; unitId: string; source: PaymentSource; at: string; actorId: string | null; placementId: string | null },
): PaymentTable {
  return {
    id: newId(),
    unit_id: o.unitId,
    import_id: o.importId,
    line_no: row.lineNo,
    source: o.source,
    bank_reference: row.bankReference,
    booking_date: row.bookingDate,
    amount_ore: row.amountOre,
    reference: row.reference,
    payer_name: row.payerName,
    free_text: row.freeText,
    method: 'bankgiro',
    note: row.isCorrection ? 'Avdrag eller återföring från banken: välj vilken betalning det rättar och makulera den.' : null,
    placement_id: o.placementId,
    matched_by: o.placementId ? 'ocr' : null,
    assigned_by: null,
    assigned_at: null,
    reverses_payment_id: null,
    created_by: o.actorId,
    created_at: o.at,
  };
}

export async function sha256File(path: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function importDto(i: PaymentImportTable) {
  return {
    id: i.id,
    unitId: i.unit_id,
    fileName: i.file_name,
    format: i.format,
    importedBy: i.imported_by_name,
    importedAt: i.imported_at,
    payments: i.payments,
    matched: i.matched,
    unmatched: i.unmatched,
    duplicates: i.duplicates,
    totalOre: Number(i.total_ore),
  };
}

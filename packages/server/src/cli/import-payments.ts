import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import * as unitsRepo from '../repositories/units.repository.ts';
import { readerFor, type PaymentFormat } from '../services/payment-file-readers.ts';
import { ImportRejected } from '../services/payment-import.service.ts';
import type { Services } from '../services/index.ts';
import { stringFlag, UsageError } from './args.ts';

const FORMATS: Record<string, PaymentFormat> = { bgmax: 'bgmax', camt054: 'camt054', camt053: 'camt053', csv: 'csv', xlsx: 'xlsx' };

/**
 * `kvarbo import-payments --format bgmax|camt054|camt053|csv|xlsx FILE [--unit NAME] [--json]`.
 * With --json, stdout holds exactly one JSON object, also on failure (then the exit code is 1).
 */
export async function importPaymentsCommand(
  db: Db,
  services: Services,
  organisationId: string,
  flags: Map<string, string | true>,
  positional: string[],
): Promise<number> {
  const json = flags.has('json');
  const format = FORMATS[stringFlag(flags, 'format') ?? ''];
  const file = positional[0];
  if (!format) throw new UsageError(`--format must be one of ${Object.keys(FORMATS).join(', ')}`);
  if (!file) throw new UsageError('import-payments needs the file to import');
  const fail = (message: string, extra: Record<string, unknown> = {}) => {
    if (json) console.log(JSON.stringify({ error: message, file, line: null, ...extra }));
    else console.error(`kvarbo: ${message}`);
    return 1;
  };
  if (!fs.existsSync(file)) return fail(`file not found: ${file}`);

  const units = await unitsRepo.listUnits(db.kysely, organisationId);
  const unitName = stringFlag(flags, 'unit');
  const unit = unitName
    ? units.find((u) => u.id === unitName || u.name.toLocaleLowerCase('sv') === unitName.toLocaleLowerCase('sv'))
    : units.length === 1
      ? units[0]
      : undefined;
  if (!unit) return fail(unitName ? `no unit named "${unitName}"` : `choose the unit with --unit (${units.map((u) => u.name).join(', ')})`);

  try {
    const summary = await services.paymentImports.importFile(
      { operator: 'kvarbo import-payments' },
      { unitId: unit.id, format, fileName: path.basename(file), path: file, read: readerFor(format, file) },
    );
    const out = {
      file: summary.file,
      payments: summary.payments,
      matched: summary.matched,
      unmatched: summary.unmatched,
      duplicates: summary.duplicates,
      totalOre: summary.totalOre,
      alreadyImported: summary.alreadyImported,
    };
    if (json) console.log(JSON.stringify(out));
    else
      console.log(
        summary.alreadyImported
          ? `${out.file} was imported before; nothing new (${out.payments} payments).`
          : `${out.file}: ${out.payments} payments, ${out.matched} matched, ${out.unmatched} waiting to be assigned, ${out.duplicates} already imported; ${out.totalOre / 100} kr.`,
      );
    return 0;
  } catch (e) {
    if (e instanceof ImportRejected) {
      const first = e.errors[0]!;
      return fail(first.message.en, {
        line: first.line ?? null,
        element: first.element ?? null,
        field: first.field,
        code: first.code,
        errors: e.errors.length,
      });
    }
    if (e instanceof AppError) return fail(e.messages.en);
    throw e;
  }
}

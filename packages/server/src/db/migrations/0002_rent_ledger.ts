import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../database.ts';
import { placementOcrReference } from '@kvarbo/domain';

// The rent ledger: charges, payments, imports, allowances and rent changes. Entries are only ever added:
// a correction is a reversing entry pointing at what it corrects, never an edit or a delete.
export function rentLedger(dialect: DialectName): Migration {
  const bigint = dialect === 'postgres' ? 'bigint' : 'integer';
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema.alterTable('units').addColumn('bankgiro', 'text').execute();

      // A stable OCR reference per placement (Bankgirot: length digit + Luhn check digit over a serial).
      await db.schema.alterTable('placements').addColumn('ocr_serial', 'integer').execute();
      await db.schema.alterTable('placements').addColumn('ocr_reference', 'text').execute();
      await db.schema.alterTable('placements').addColumn('agreed_due_day', 'integer').execute();
      await db.schema
        .alterTable('placements')
        .addColumn('resident_pays_rent', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema.createIndex('placements_ocr_serial_unique').on('placements').column('ocr_serial').unique().execute();
      await db.schema.createIndex('placements_ocr_reference_unique').on('placements').column('ocr_reference').unique().execute();

      await db.schema
        .createTable('rent_changes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('apartment_id', 'text', (c) => c.references('apartments.id'))
        .addColumn('placement_id', 'text', (c) => c.references('placements.id'))
        .addColumn('from_month', 'text', (c) => c.notNull())
        .addColumn('monthly_rent_ore', 'integer')
        .addColumn('created_by', 'text', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addCheckConstraint('rent_changes_one_target', sql`(apartment_id IS NULL) <> (placement_id IS NULL)`)
        .execute();
      await db.schema.createIndex('rent_changes_apartment_idx').on('rent_changes').columns(['apartment_id', 'from_month']).execute();
      await db.schema.createIndex('rent_changes_placement_idx').on('rent_changes').columns(['placement_id', 'from_month']).execute();

      await db.schema
        .createTable('rent_charges')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('placement_id', 'text', (c) => c.notNull().references('placements.id'))
        .addColumn('month', 'text', (c) => c.notNull())
        // 1 for the charge the monthly run creates; higher for a reissue after a rent change; NULL for a reversal.
        .addColumn('seq', 'integer')
        .addColumn('due_date', 'text', (c) => c.notNull())
        .addColumn('amount_ore', 'integer', (c) => c.notNull())
        .addColumn('days', 'integer', (c) => c.notNull())
        .addColumn('days_in_month', 'integer', (c) => c.notNull())
        .addColumn('reverses_charge_id', 'text', (c) => c.references('rent_charges.id'))
        .addColumn('note', 'text')
        .addColumn('created_by', 'text', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      // Creating the same month twice, or from two server instances at once, inserts nothing new.
      await db.schema
        .createIndex('rent_charges_month_unique')
        .on('rent_charges')
        .columns(['placement_id', 'month', 'seq'])
        .unique()
        .execute();
      await db.schema.createIndex('rent_charges_month_idx').on('rent_charges').column('month').execute();

      await db.schema
        .createTable('rent_allowance_payouts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('placement_id', 'text', (c) => c.notNull().references('placements.id'))
        .addColumn('paid_on', 'text', (c) => c.notNull())
        .addColumn('amount_ore', 'integer', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('created_by', 'text', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('rent_allowance_payouts_placement_idx').on('rent_allowance_payouts').column('placement_id').execute();

      await db.schema
        .createTable('payment_imports')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('file_hash', 'text', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('imported_by', 'text', (c) => c.references('users.id'))
        .addColumn('imported_by_name', 'text', (c) => c.notNull())
        .addColumn('imported_at', 'text', (c) => c.notNull())
        .addColumn('payments', 'integer', (c) => c.notNull())
        .addColumn('matched', 'integer', (c) => c.notNull())
        .addColumn('unmatched', 'integer', (c) => c.notNull())
        .addColumn('duplicates', 'integer', (c) => c.notNull())
        .addColumn('total_ore', bigint, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('payment_imports_hash_unique').on('payment_imports').columns(['unit_id', 'file_hash']).unique().execute();

      await db.schema
        .createTable('payments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
        .addColumn('import_id', 'text', (c) => c.references('payment_imports.id'))
        .addColumn('line_no', 'integer')
        .addColumn('source', 'text', (c) => c.notNull())
        // The bank's own id for the transaction (BgMax serial, camt AcctSvcrRef, …): re-imports never count twice.
        .addColumn('bank_reference', 'text')
        .addColumn('booking_date', 'text', (c) => c.notNull())
        .addColumn('amount_ore', 'integer', (c) => c.notNull())
        .addColumn('reference', 'text')
        .addColumn('payer_name', 'text')
        .addColumn('free_text', 'text')
        .addColumn('method', 'text')
        .addColumn('note', 'text')
        .addColumn('placement_id', 'text', (c) => c.references('placements.id'))
        .addColumn('matched_by', 'text')
        .addColumn('assigned_by', 'text', (c) => c.references('users.id'))
        .addColumn('assigned_at', 'text')
        .addColumn('reverses_payment_id', 'text', (c) => c.references('payments.id'))
        .addColumn('created_by', 'text', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('payments_bank_reference_unique')
        .on('payments')
        .columns(['unit_id', 'bank_reference'])
        .unique()
        .execute();
      await db.schema.createIndex('payments_placement_idx').on('payments').column('placement_id').execute();
      await db.schema.createIndex('payments_import_idx').on('payments').column('import_id').execute();
      await db.schema.createIndex('payments_unmatched_idx').on('payments').columns(['unit_id', 'placement_id']).execute();
      await db.schema.createIndex('payments_reverses_idx').on('payments').column('reverses_payment_id').execute();

      // Existing placements get their serials in creation order; new ones are numbered by the service.
      const rows = await db.selectFrom('placements').select('id').orderBy('created_at').orderBy('id').execute();
      for (const [i, row] of rows.entries()) {
        const serial = i + 1;
        await db
          .updateTable('placements')
          .set({ ocr_serial: serial, ocr_reference: placementOcrReference(serial) })
          .where('id', '=', row.id)
          .execute();
      }
    },
  };
}

import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../database.ts';

// Eviction prevention (issue 6): landlords' reports (from their portal, their systems' API, or registered by
// staff from a call, a letter or Kronofogden), and the case a team works per household. The report is what the
// landlord may see (receipt number and status); the case is social services' and never shown to the landlord.
export function evictionPrevention(dialect: DialectName): Migration {
  const blob = dialect === 'postgres' ? 'bytea' : 'blob';
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      // The unit that receives an organisation's landlord reports (its eviction-prevention team).
      await db.schema
        .alterTable('units')
        .addColumn('receives_landlord_reports', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();

      await db.schema
        .createTable('landlord_api_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('landlord_id', 'text', (c) => c.notNull().references('landlords.id'))
        .addColumn('label', 'text', (c) => c.notNull())
        // Only the SHA-256 of the key is stored, as for session tokens; the prefix lets staff tell keys apart.
        .addColumn('key_hash', 'text', (c) => c.notNull().unique())
        .addColumn('key_prefix', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();

      await db.schema
        .createTable('eviction_cases')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
        .addColumn('resident_id', 'text', (c) => c.references('residents.id'))
        .addColumn('tenant_name', 'text', (c) => c.notNull())
        .addColumn('tenant_address', 'text', (c) => c.notNull())
        .addColumn('tenant_personal_number', 'text')
        .addColumn('landlord_id', 'text', (c) => c.references('landlords.id'))
        .addColumn('household_adults', 'integer', (c) => c.notNull())
        .addColumn('household_children', 'integer', (c) => c.notNull())
        .addColumn('step', 'text', (c) => c.notNull())
        .addColumn('opened_on', 'text', (c) => c.notNull())
        .addColumn('served_on', 'text')
        .addColumn('reinstatement_deadline', 'text')
        .addColumn('eviction_date', 'text')
        .addColumn('first_contact_on', 'text')
        .addColumn('closed_on', 'text')
        .addColumn('outcome', 'text')
        .addColumn('outcome_note', 'text')
        .addColumn('assignee_id', 'text', (c) => c.references('users.id'))
        // Optimistic concurrency: an edit names the version it read, and a stale one is refused.
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_by', 'text', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('eviction_cases_unit_idx').on('eviction_cases').columns(['unit_id', 'step']).execute();

      await db.schema
        .createTable('eviction_reports')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
        .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
        .addColumn('receipt_number', 'text', (c) => c.notNull().unique())
        .addColumn('landlord_id', 'text', (c) => c.references('landlords.id'))
        // portal | api | phone | letter | email | kronofogden
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('submitted_by', 'text', (c) => c.references('users.id'))
        .addColumn('api_key_id', 'text', (c) => c.references('landlord_api_keys.id'))
        // The landlord system's own id for the report: a resubmission with the same id is the same report.
        .addColumn('external_id', 'text')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('reasons', 'text', (c) => c.notNull())
        .addColumn('arrears_ore', 'integer')
        .addColumn('arrears_months', 'integer')
        .addColumn('served_on', 'text')
        .addColumn('eviction_date', 'text')
        .addColumn('tenant_name', 'text', (c) => c.notNull())
        .addColumn('tenant_address', 'text', (c) => c.notNull())
        .addColumn('tenant_personal_number', 'text')
        .addColumn('household_children', 'integer')
        .addColumn('description', 'text')
        .addColumn('received_on', 'text', (c) => c.notNull())
        // received | in_progress | closed: all the landlord ever learns of what happened.
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('case_id', 'text', (c) => c.references('eviction_cases.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('eviction_reports_unit_idx').on('eviction_reports').columns(['unit_id', 'status']).execute();
      await db.schema.createIndex('eviction_reports_landlord_idx').on('eviction_reports').columns(['landlord_id', 'received_on']).execute();
      await db.schema
        .createIndex('eviction_reports_external_unique')
        .on('eviction_reports')
        .columns(['landlord_id', 'external_id'])
        .unique()
        .execute();

      await db.schema
        .createTable('report_attachments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('report_id', 'text', (c) => c.notNull().references('eviction_reports.id'))
        .addColumn('filename', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('size_bytes', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('content', sql.raw(blob), (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      // The case's log: outreach attempts, support given, consents and referrals, each a row of its own.
      await db.schema
        .createTable('outreach_attempts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('eviction_cases.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('occurred_on', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('created_by', 'text', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('case_consents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('eviction_cases.id'))
        .addColumn('party', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('given_on', 'text', (c) => c.notNull())
        .addColumn('withdrawn_on', 'text')
        .addColumn('created_by', 'text', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('support_contacts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('eviction_cases.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('group_session', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('occurred_on', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('created_by', 'text', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('referrals')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('case_id', 'text', (c) => c.notNull().references('eviction_cases.id'))
        .addColumn('service', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_on', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('created_by', 'text', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('household_budgets')
        .addColumn('case_id', 'text', (c) => c.primaryKey().references('eviction_cases.id'))
        .addColumn('budget', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.references('users.id'))
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      for (const t of ['outreach_attempts', 'case_consents', 'support_contacts', 'referrals']) {
        await db.schema.createIndex(`${t}_case_idx`).on(t).column('case_id').execute();
      }
    },
  };
}

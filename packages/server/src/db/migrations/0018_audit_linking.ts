import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../database.ts';

// Audit rows are now inserted unlinked inside the request's transaction and linked into the hash chain right after
// it commits (audit/audit-at-commit.ts), so the chain head is no longer locked for a whole request. The append-only
// triggers therefore allow exactly one kind of update: setting seq, prev_hash and hash on a row that has none,
// with every other column unchanged. Edits and deletes are still refused.
export function auditLinking(dialect: DialectName): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      if (dialect === 'postgres') {
        await sql`CREATE OR REPLACE FUNCTION kvarbo_audit_log_append_only() RETURNS trigger AS $$
          BEGIN
            IF TG_OP = 'UPDATE'
               AND OLD.seq IS NULL AND OLD.prev_hash IS NULL AND OLD.hash IS NULL
               AND NEW.seq IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.hash IS NOT NULL
               AND to_jsonb(NEW) - 'seq' - 'prev_hash' - 'hash' = to_jsonb(OLD) - 'seq' - 'prev_hash' - 'hash'
            THEN
              RETURN NEW;
            END IF;
            RAISE EXCEPTION 'audit_log is append-only';
          END; $$ LANGUAGE plpgsql`.execute(db);
      } else {
        await sql`DROP TRIGGER audit_log_no_update`.execute(db);
        await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
          WHEN NOT (
            OLD.seq IS NULL AND OLD.prev_hash IS NULL AND OLD.hash IS NULL
            AND NEW.seq IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.hash IS NOT NULL
            AND NEW.id IS OLD.id AND NEW.at IS OLD.at AND NEW.user_id IS OLD.user_id AND NEW.user_name IS OLD.user_name
            AND NEW.unit_id IS OLD.unit_id AND NEW.resident_id IS OLD.resident_id AND NEW.entity IS OLD.entity
            AND NEW.entity_id IS OLD.entity_id AND NEW.action IS OLD.action AND NEW.ip IS OLD.ip
          )
          BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
      }
      // The linker looks for unlinked rows after every audited commit: keep that lookup to the few there are.
      await sql`CREATE INDEX audit_log_unlinked_idx ON audit_log (id) WHERE seq IS NULL`.execute(db);
    },
  };
}

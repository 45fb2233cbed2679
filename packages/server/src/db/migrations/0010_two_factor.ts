import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../database.ts';

// Two-factor sign-in (issue 8): time-based one-time codes (RFC 6238) per user, single-use recovery codes, pending
// login challenges between the password step and the code step, and per unit security settings (which roles must
// use two-factor, and the idle session limit). Challenges live in the database so two servers on one database work.
export function twoFactor(_dialect: DialectName): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('user_two_factor')
        .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
        // Base32 TOTP secret; the server must be able to compute codes, so it cannot be hashed.
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('enrolled_at', 'text', (c) => c.notNull())
        // The last accepted time step: a code is accepted once, and never one of an earlier step.
        .addColumn('last_step', 'integer')
        .execute();
      await db.schema
        .createTable('two_factor_recovery_codes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        // SHA-256 of the normalised code (upper case, no dashes or spaces).
        .addColumn('code_hash', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('two_factor_recovery_codes_user_idx').on('two_factor_recovery_codes').column('user_id').execute();
      await db.schema
        .createTable('unit_security_settings')
        .addColumn('unit_id', 'text', (c) => c.primaryKey().references('units.id'))
        // JSON array of roles that must use two-factor; no row means all staff roles.
        .addColumn('two_factor_roles', 'text', (c) => c.notNull())
        .addColumn('idle_minutes', 'integer', (c) => c.notNull())
        .addColumn('updated_by', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('login_challenges')
        // SHA-256 of the challenge token the browser holds between the password and the code step.
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('purpose', 'text', (c) => c.notNull()) // 'verify' | 'enrol'
        // For 'enrol': the new secret, stored only once the first code proves the authenticator has it.
        .addColumn('secret', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('login_challenges_expires_idx').on('login_challenges').column('expires_at').execute();
    },
  };
}

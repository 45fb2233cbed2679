import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../database.ts';

// Sign-in log (inloggningslogg, docs/two-factor.md): one row per login attempt, second step, single sign-on callback,
// logout and admin reset of someone's two-factor, for the security officer. It holds no password and no code, only
// who (user id, or the username tried when no account matched), how, the outcome, address and browser.
// user_id and by_user_id have no foreign key on purpose: the log outlives the account it names, and writing it must
// never fail a login.
export function signInEvents(_dialect: DialectName): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('sign_in_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('occurred_at', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text')
        // Only when no account matched, at most 100 characters.
        .addColumn('username_tried', 'text')
        .addColumn('method', 'text', (c) => c.notNull()) // password | sso | totp | recovery-code | logout | admin
        .addColumn('outcome', 'text', (c) => c.notNull())
        // The admin who acted (method 'admin').
        .addColumn('by_user_id', 'text')
        .addColumn('ip', 'text')
        .addColumn('user_agent', 'text')
        .execute();
      await db.schema.createIndex('sign_in_events_occurred_idx').on('sign_in_events').column('occurred_at').execute();
      await db.schema.createIndex('sign_in_events_user_occurred_idx').on('sign_in_events').columns(['user_id', 'occurred_at']).execute();
    },
  };
}

import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../database.ts';

// The statistics' table of month statuses: one row per placement and rent month with what the status turns on
// (the deadlines and the day the month was paid in full), so that the dashboard is a GROUP BY instead of a replay
// of every ledger on every request. Rows are derived, never edited: triggers on everything the replay reads
// mark the placement stale, and the statistics refresh stale placements before they count. A write path that
// forgets to say so cannot exist, because the database says it.
//
// The stale mark carries a version so that a refresh that read the ledger before a concurrent write does not
// clear the mark that write left: it clears only the version it saw.

/** Tables whose rows name the placement they change in `placement_id`. */
const BY_PLACEMENT_ID = ['rent_charges', 'payments', 'repayment_plans'] as const;

export function rentMonthStatuses(dialect: DialectName): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      // Keyed and (on SQLite) stored in the order the dashboard reads: a unit's months, each month's residents.
      let table = db.schema
        .createTable('rent_month_statuses')
        .addColumn('unit_id', 'text', (c) => c.notNull())
        .addColumn('month', 'text', (c) => c.notNull())
        .addColumn('resident_id', 'text', (c) => c.notNull())
        .addColumn('placement_id', 'text', (c) => c.notNull().references('placements.id').onDelete('cascade'))
        // Months since move-in, 1 for the move-in month (tenureMonth() in the domain).
        .addColumn('tenure', 'integer', (c) => c.notNull())
        .addColumn('due_date', 'text', (c) => c.notNull())
        .addColumn('due_ore', 'integer', (c) => c.notNull())
        .addColumn('paid_ore', 'integer', (c) => c.notNull())
        .addColumn('on_time_by', 'text', (c) => c.notNull())
        .addColumn('final_by', 'text', (c) => c.notNull())
        .addColumn('paid_in_full_on', 'text')
        // The status once it can no longer change with the passing of days (1 on time, 2 late, 4 unpaid), and the
        // same for the placement's previous calendar month when it has one (prev_month not null): the counts read
        // these instead of working the status out row by row, and the transition pairs need no self-join.
        .addColumn('settled', 'integer')
        .addColumn('prev_month', 'text')
        .addColumn('prev_settled', 'integer')
        .addPrimaryKeyConstraint('rent_month_statuses_pk', ['unit_id', 'month', 'resident_id', 'placement_id']);
      if (dialect === 'sqlite') table = table.modifyEnd(sql`WITHOUT ROWID`);
      await table.execute();
      await db.schema
        .createIndex('rent_month_statuses_placement_idx')
        .on('rent_month_statuses')
        .columns(['placement_id', 'month'])
        .execute();
      // The few rows still waiting to settle (this month's, next month's), found without a scan.
      await db.schema
        .createIndex('rent_month_statuses_unsettled_idx')
        .on('rent_month_statuses')
        .columns(['placement_id', 'month'])
        .where(sql<boolean>`settled IS NULL`)
        .execute();
      await db.schema
        .createIndex('rent_month_statuses_prev_unsettled_idx')
        .on('rent_month_statuses')
        .columns(['placement_id', 'month'])
        .where(sql<boolean>`prev_settled IS NULL AND prev_month IS NOT NULL`)
        .execute();

      await db.schema
        .createTable('rent_status_stale')
        .addColumn('placement_id', 'text', (c) => c.primaryKey())
        .addColumn('version', 'integer', (c) => c.notNull())
        .execute();
      // Everything already in the ledger is stale until the first refresh.
      await sql`INSERT INTO rent_status_stale (placement_id, version) SELECT id, 1 FROM placements`.execute(db);

      // A counter the placements' triggers bump: reports built from the stays (retention) are kept while it stands
      // still, instead of being rebuilt from every stay on every request.
      await db.schema
        .createTable('change_counters')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'integer', (c) => c.notNull())
        .execute();
      await db.insertInto('change_counters').values({ name: 'stays', value: 0 }).execute();

      if (dialect === 'postgres') await postgresTriggers(db);
      else await sqliteTriggers(db);
    },
  };
}

const UPSERT_SQL = 'ON CONFLICT (placement_id) DO UPDATE SET version = rent_status_stale.version + 1';
const UPSERT = sql.raw(UPSERT_SQL);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function sqliteTriggers(db: Kysely<any>) {
  const mark = (expr: string) => sql.raw(`INSERT INTO rent_status_stale (placement_id, version) VALUES (${expr}, 1) ${UPSERT_SQL};`);
  for (const table of BY_PLACEMENT_ID) {
    const t = sql.raw(table);
    await sql`CREATE TRIGGER ${sql.raw(`${table}_stale_insert`)} AFTER INSERT ON ${t} WHEN NEW.placement_id IS NOT NULL
      BEGIN ${mark('NEW.placement_id')} END`.execute(db);
    await sql`CREATE TRIGGER ${sql.raw(`${table}_stale_delete`)} AFTER DELETE ON ${t} WHEN OLD.placement_id IS NOT NULL
      BEGIN ${mark('OLD.placement_id')} END`.execute(db);
    // An update may move a payment from one placement to another: both ledgers change.
    await sql`CREATE TRIGGER ${sql.raw(`${table}_stale_update_old`)} AFTER UPDATE ON ${t} WHEN OLD.placement_id IS NOT NULL
      BEGIN ${mark('OLD.placement_id')} END`.execute(db);
    await sql`CREATE TRIGGER ${sql.raw(`${table}_stale_update_new`)} AFTER UPDATE ON ${t}
      WHEN NEW.placement_id IS NOT NULL AND NEW.placement_id IS NOT OLD.placement_id
      BEGIN ${mark('NEW.placement_id')} END`.execute(db);
  }
  await sql`CREATE TRIGGER placements_stale_update AFTER UPDATE ON placements BEGIN ${mark('NEW.id')} END`.execute(db);
  const byUnit = (unit: string) =>
    sql.raw(`INSERT INTO rent_status_stale (placement_id, version)
      SELECT p.id, 1 FROM placements p JOIN apartments a ON a.id = p.apartment_id WHERE a.unit_id = ${unit} ${UPSERT_SQL};`);
  await sql`CREATE TRIGGER unit_rent_settings_stale_insert AFTER INSERT ON unit_rent_settings BEGIN ${byUnit('NEW.unit_id')} END`.execute(
    db,
  );
  await sql`CREATE TRIGGER unit_rent_settings_stale_update AFTER UPDATE ON unit_rent_settings BEGIN ${byUnit('NEW.unit_id')} END`.execute(
    db,
  );
  await sql`CREATE TRIGGER unit_rent_settings_stale_delete AFTER DELETE ON unit_rent_settings BEGIN ${byUnit('OLD.unit_id')} END`.execute(
    db,
  );
  const bump = sql.raw(`UPDATE change_counters SET value = value + 1 WHERE name = 'stays';`);
  for (const op of ['INSERT', 'UPDATE', 'DELETE']) {
    await sql`CREATE TRIGGER ${sql.raw(`placements_stays_${op.toLowerCase()}`)} AFTER ${sql.raw(op)} ON placements BEGIN ${bump} END`.execute(
      db,
    );
  }
  await sql`CREATE TRIGGER apartments_stays_update AFTER UPDATE OF unit_id, type ON apartments BEGIN ${bump} END`.execute(db);
  await sql`CREATE TRIGGER apartments_stale_update AFTER UPDATE OF unit_id ON apartments
    BEGIN INSERT INTO rent_status_stale (placement_id, version) SELECT id, 1 FROM placements WHERE apartment_id = NEW.id ${UPSERT}; END`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function postgresTriggers(db: Kysely<any>) {
  await sql`CREATE FUNCTION kvarbo_mark_rent_stale(pid text) RETURNS void AS $$
    INSERT INTO rent_status_stale (placement_id, version) VALUES (pid, 1) ${UPSERT} $$ LANGUAGE sql`.execute(db);
  await sql`CREATE FUNCTION kvarbo_rent_stale_by_placement_id() RETURNS trigger AS $$
    BEGIN
      IF TG_OP <> 'INSERT' AND OLD.placement_id IS NOT NULL THEN PERFORM kvarbo_mark_rent_stale(OLD.placement_id); END IF;
      IF TG_OP <> 'DELETE' AND NEW.placement_id IS NOT NULL
        AND (TG_OP = 'INSERT' OR NEW.placement_id IS DISTINCT FROM OLD.placement_id) THEN
        PERFORM kvarbo_mark_rent_stale(NEW.placement_id);
      END IF;
      RETURN NULL;
    END $$ LANGUAGE plpgsql`.execute(db);
  for (const table of BY_PLACEMENT_ID) {
    await sql`CREATE TRIGGER ${sql.raw(`${table}_stale`)} AFTER INSERT OR UPDATE OR DELETE ON ${sql.raw(table)}
      FOR EACH ROW EXECUTE FUNCTION kvarbo_rent_stale_by_placement_id()`.execute(db);
  }
  await sql`CREATE FUNCTION kvarbo_rent_stale_placement() RETURNS trigger AS $$
    BEGIN PERFORM kvarbo_mark_rent_stale(NEW.id); RETURN NULL; END $$ LANGUAGE plpgsql`.execute(db);
  await sql`CREATE TRIGGER placements_stale AFTER UPDATE ON placements FOR EACH ROW EXECUTE FUNCTION kvarbo_rent_stale_placement()`.execute(
    db,
  );
  await sql`CREATE FUNCTION kvarbo_rent_stale_unit() RETURNS trigger AS $$
    DECLARE u text := CASE WHEN TG_OP = 'DELETE' THEN OLD.unit_id ELSE NEW.unit_id END;
    BEGIN
      INSERT INTO rent_status_stale (placement_id, version)
        SELECT p.id, 1 FROM placements p JOIN apartments a ON a.id = p.apartment_id WHERE a.unit_id = u ${UPSERT};
      RETURN NULL;
    END $$ LANGUAGE plpgsql`.execute(db);
  await sql`CREATE TRIGGER unit_rent_settings_stale AFTER INSERT OR UPDATE OR DELETE ON unit_rent_settings
    FOR EACH ROW EXECUTE FUNCTION kvarbo_rent_stale_unit()`.execute(db);
  await sql`CREATE FUNCTION kvarbo_rent_stale_apartment() RETURNS trigger AS $$
    BEGIN
      INSERT INTO rent_status_stale (placement_id, version) SELECT id, 1 FROM placements WHERE apartment_id = NEW.id ${UPSERT};
      RETURN NULL;
    END $$ LANGUAGE plpgsql`.execute(db);
  await sql`CREATE TRIGGER apartments_stale AFTER UPDATE OF unit_id ON apartments
    FOR EACH ROW EXECUTE FUNCTION kvarbo_rent_stale_apartment()`.execute(db);
  await sql`CREATE FUNCTION kvarbo_bump_stays() RETURNS trigger AS $$
    BEGIN UPDATE change_counters SET value = value + 1 WHERE name = 'stays'; RETURN NULL; END $$ LANGUAGE plpgsql`.execute(db);
  await sql`CREATE TRIGGER placements_stays AFTER INSERT OR UPDATE OR DELETE ON placements
    FOR EACH STATEMENT EXECUTE FUNCTION kvarbo_bump_stays()`.execute(db);
  await sql`CREATE TRIGGER apartments_stays AFTER UPDATE OF unit_id, type ON apartments
    FOR EACH STATEMENT EXECUTE FUNCTION kvarbo_bump_stays()`.execute(db);
}

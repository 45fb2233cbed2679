import { sql } from 'kysely';
import { InvalidFieldsError, reinstatementDeadline } from '@kvarbo/domain';
import { readConfig, type Config } from '../config.ts';
import { databaseOptionsFrom, migrateToLatest, openDatabase, type Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { linkPendingAudit, verifyAuditChain } from '../services/audit.service.ts';
import { createServices } from '../services/index.ts';
import { systemClock } from '../services/context.ts';
import { parseArgs, stringFlag, UsageError } from './args.ts';
import { ensureFirstAdmin, ensureOrganisation } from './bootstrap.ts';
import { loadDemo } from './demo.ts';
import { addUser } from './user-add.ts';
import { reportCompetence } from './report-competence.ts';
import { importPaymentsCommand } from './import-payments.ts';
import { ledgerCommand } from './ledger.ts';
import { restoreCommand } from './restore.ts';
import { cullCommand } from './cull.ts';
import { sealSecretsAtStart, secretsCommand } from './secrets.ts';
import { startScheduler } from '../jobs/scheduler.ts';

const USAGE = `Usage: kvarbo <command> [options]

  serve                 migrate, create the first admin (and demo data) on an empty database, and serve
                        the API and web client (PORT, HOST; --no-demo skips demo data)
  migrate               apply database migrations and exit
  demo [--seed N]       fill an empty database with a realistic demo organisation (same seed, same data)
  charges --month YYYY-MM [--json]
                        create the month's rent charges (also done automatically); twice changes nothing
  import-payments --format bgmax|camt054|camt053|csv|xlsx FILE [--unit NAME] [--json]
                        import a bank file of incoming payments, all or nothing; twice counts nothing twice
  ledger --resident ID [--json]
                        the resident's charges, payments and balance in öre
  checkpoint --date YYYY-MM-DD [--json]
                        run the rent checkpoints due that day (reminder, home visit, manager meeting)
  rent-status --month YYYY-MM [--json]
                        each placement's status for the month: on_time, late, unpaid or open
  report rent-summary --from YYYY-MM --to YYYY-MM [--json]
                        residents on time, late and unpaid per month (all units)
  report retention [--json]
  report competence [--json]
                        staff competence per unit and required course: staff, completed, share 0–1
                        housing retention at 6, 12 and 24 months, in all and per apartment type
  audit verify [--json]  check the audit log's hash chain; names the first broken row (exit 1 when broken)
  cull [--dry-run] [--date YYYY-MM-DD] [--json]
                        culling (gallring, docs/culling.md): de-identify the records due on the date (default
                        today), one transaction per person; --dry-run lists what would go and changes nothing
  takeover-eligibility [--date YYYY-MM-DD] [--json]
                        per ongoing second-hand placement: months, rent paid, no complaints, debts handled,
                        eligible to take over the lease (all units)
  deadline reinstatement --served YYYY-MM-DD [--json]
                        the last day to pay and keep the lease (JB 12:44) for a notice served that day
  backup FILE | --out FILE
                        SQLite: write a consistent copy of the database while Kvarbo runs
                        (PostgreSQL: use pg_dump, see README)
  restore FILE [--force] [--json]
                        SQLite, with Kvarbo stopped: check FILE, keep the current database as
                        kvarbo.db.before-restore-<time>, put FILE in its place and migrate it
                        (PostgreSQL: use pg_restore, see README)
  secrets reencrypt     seal two-factor secrets still stored in clear and re-seal those under
                        KVARBO_SECRET_KEY_PREVIOUS with KVARBO_SECRET_KEY; prints the counts as JSON
  user add --username U --name "Full Name" [--password P | --password-stdin] [--admin]
           [--unit "Unit name" --role manager|caseworker|host|analyst]
                        create a user (a password is generated and printed when none is given)

Configuration by environment: KVARBO_DATA_DIR, DATABASE_URL, PORT, HOST, KVARBO_TRUST_PROXY,
KVARBO_SESSION_IDLE_MINUTES, KVARBO_SESSION_MAX_HOURS, KVARBO_LOGIN_MAX_FAILURES,
KVARBO_LOGIN_LOCK_MINUTES, KVARBO_LOG_LEVEL (see README); KVARBO_LOCAL_LOGIN and KVARBO_OIDC_* for
single sign-on (see docs/single-sign-on.md); KVARBO_CULL_YEARS, KVARBO_CULL_RESEARCH_DAYS for culling; KVARBO_SECRET_KEY, KVARBO_SECRET_KEY_PREVIOUS
for the key that seals two-factor secrets (see docs/two-factor.md).`;

export async function main(argv: string[]): Promise<number> {
  const { positional, flags } = parseArgs(argv);
  const [command, sub] = positional;
  if (!command || flags.has('help')) {
    console.log(USAGE);
    return flags.has('help') ? 0 : 1;
  }
  // Needs no database: the same rule the eviction-prevention cases use.
  if (command === 'deadline') return deadlineCommand(sub, flags);
  let config: Config;
  try {
    config = readConfig();
  } catch (e) {
    console.error(`kvarbo: ${(e as Error).message}`);
    return 2;
  }
  try {
    switch (command) {
      case 'serve':
        return await serve(config, !flags.has('no-demo'));
      case 'migrate':
        return await withDb(config, async (db) => {
          const applied = await migrateToLatest(db);
          console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
          return 0;
        });
      case 'demo':
        return await withDb(config, async (db) => {
          await migrateToLatest(db);
          const seed = Number(stringFlag(flags, 'seed') ?? '1');
          if (!Number.isInteger(seed)) throw new UsageError('--seed must be an integer');
          const services = createServices({ db, config, clock: systemClock });
          const admin = await ensureFirstAdmin(db, services, new Date());
          const result = await loadDemo(db, services, seed, systemClock.today());
          console.log(result.loaded ? `Demo data loaded (seed ${seed}): ${result.summary}` : `Not loaded: ${result.summary}`);
          if (admin) {
            console.log(`Log in as "${admin.username}" with password: ${admin.password}`);
            console.log('(the first login sets up two-factor sign-in: have an authenticator app ready, docs/two-factor.md)');
          }
          return result.loaded ? 0 : 1;
        });
      case 'backup':
        return await withDb(config, async (db) => {
          const out = stringFlag(flags, 'out') ?? sub;
          if (!out) throw new UsageError('backup needs FILE (or --out FILE)');
          if (!db.backup) {
            console.error('kvarbo: on PostgreSQL, back up with pg_dump (see README).');
            return 1;
          }
          await db.backup(out);
          console.log(`Backup written to ${out}`);
          return 0;
        });
      case 'restore':
        return await restoreCommand(config, positional.slice(1), flags);
      case 'charges':
        return await withDb(config, async (db) => {
          await migrateToLatest(db);
          const month = stringFlag(flags, 'month');
          if (!month || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new UsageError('charges needs --month YYYY-MM');
          const services = createServices({ db, config, clock: systemClock });
          const result = await services.charges.generate(month, { unitIds: null, actor: null });
          if (flags.has('json')) console.log(JSON.stringify(result));
          else
            console.log(
              `Rent charges for ${month}: ${result.created} created, ${result.existing} already there (${result.placements} placements).`,
            );
          return 0;
        });
      case 'import-payments':
        return await withDb(config, async (db) => {
          await migrateToLatest(db);
          const services = createServices({ db, config, clock: systemClock });
          const org = await ensureOrganisation(db, new Date());
          return importPaymentsCommand(db, services, org.id, flags, positional.slice(1));
        });
      case 'ledger':
        return await withDb(config, async (db) => {
          await migrateToLatest(db);
          return ledgerCommand(db, createServices({ db, config, clock: systemClock }), flags);
        });
      case 'checkpoint':
        return await withDb(config, async (db) => {
          await migrateToLatest(db);
          const date = stringFlag(flags, 'date');
          if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new UsageError('checkpoint needs --date YYYY-MM-DD');
          const services = createServices({ db, config, clock: systemClock });
          const runs = await services.checkpoints.runForDate(date);
          if (flags.has('json')) console.log(JSON.stringify({ date, runs }));
          else if (runs.length === 0) console.log(`No checkpoint is due on ${date}.`);
          else for (const r of runs) console.log(`${date} ${r.kind} (${r.month}): ${r.unpaid} not fully paid, ${r.created} new tasks`);
          return 0;
        });
      case 'rent-status':
        return await withDb(config, async (db) => {
          await migrateToLatest(db);
          const month = stringFlag(flags, 'month');
          if (!month || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new UsageError('rent-status needs --month YYYY-MM');
          const rows = await createServices({ db, config, clock: systemClock }).rentStatus.forMonth(month, null);
          if (flags.has('json')) console.log(JSON.stringify(rows));
          else
            for (const r of rows)
              console.log(`${r.month} ${r.placementId} ${r.status} due ${r.dueOre / 100} kr paid ${r.paidOre / 100} kr`);
          return 0;
        });
      case 'audit':
        if (sub !== 'verify') throw new UsageError('unknown "audit" command; did you mean "audit verify"?');
        return await withDb(config, async (db) => {
          await migrateToLatest(db);
          // Rows a killed server committed but never linked are linked first, as the next start would.
          await linkPendingAudit(db.kysely);
          const result = await verifyAuditChain(db.kysely);
          if (flags.has('json')) console.log(JSON.stringify(result));
          else if (result.ok) console.log(`Loggkedjan är hel: ${result.rows} rader.`);
          else console.log(`Loggkedjan är bruten vid rad ${result.firstBroken?.id} (${result.firstBroken?.reason}).`);
          return result.ok ? 0 : 1;
        });
      case 'cull':
        return await withDb(config, async (db) => {
          await migrateToLatest(db);
          return cullCommand(createServices({ db, config, clock: systemClock }), systemClock.today(), flags);
        });
      case 'takeover-eligibility':
        return await withDb(config, async (db) => {
          await migrateToLatest(db);
          const date = stringFlag(flags, 'date') ?? systemClock.today();
          const rows = await createServices({ db, config, clock: systemClock }).leaseTakeover.forCli(date);
          if (flags.has('json')) console.log(JSON.stringify(rows));
          else
            for (const r of rows)
              console.log(
                `${r.placementId}  ${r.months} mån  hyra ${r.rentOk ? 'ok' : 'nej'}  klagomål ${r.noComplaints ? 'inga' : 'ja'}  skulder ${r.debtsHandled ? 'hanteras' : 'nej'}  ${r.eligible ? 'KAN TA ÖVER' : ''}`,
              );
          return 0;
        });
      case 'report':
        return await withDb(config, async (db) => {
          await migrateToLatest(db);
          const services = createServices({ db, config, clock: systemClock });
          if (sub === 'rent-summary') {
            const from = stringFlag(flags, 'from');
            const to = stringFlag(flags, 'to');
            if (!from || !to) throw new UsageError('report rent-summary needs --from YYYY-MM --to YYYY-MM');
            const { months } = await services.statistics.rentSummary(null, null, from, to);
            const rows = months.map((m) => ({ month: m.month, onTime: m.onTime, late: m.late, unpaid: m.unpaid }));
            if (flags.has('json')) console.log(JSON.stringify(rows));
            else for (const r of rows) console.log(`${r.month}  i tid ${r.onTime}  sen ${r.late}  obetald ${r.unpaid}`);
            return 0;
          }
          if (sub === 'retention') {
            const report = await services.statistics.retention(null, null);
            if (flags.has('json')) console.log(JSON.stringify(report.groups.map((g) => ({ group: g.group, retention: g.retention }))));
            else
              for (const g of report.groups)
                for (const r of g.retention) console.log(`${g.group}  ${r.months} mån: ${r.housed} av ${r.total}`);
            return 0;
          }
          if (sub === 'competence') return await reportCompetence(services, flags.has('json'));
          throw new UsageError('report needs rent-summary, retention or competence');
        });
      case 'secrets':
        return await withDb(config, async (db) => {
          await migrateToLatest(db);
          return secretsCommand(db, config, sub);
        });
      case 'user':
        if (sub !== 'add') throw new UsageError('unknown "user" command; did you mean "user add"?');
        return await withDb(config, async (db) => {
          await migrateToLatest(db);
          const services = createServices({ db, config, clock: systemClock });
          const org = await ensureOrganisation(db, new Date());
          return addUser(db, services, org.id, flags);
        });
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`kvarbo: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof AppError) {
      const fields = e.fields.map((f) => `\n  ${f.field}: ${f.message.en}`).join('');
      console.error(`kvarbo: ${e.messages.en}${fields}`);
      return 1;
    }
    throw e;
  }
}

function deadlineCommand(sub: string | undefined, flags: Map<string, string | true>): number {
  if (sub !== 'reinstatement') {
    console.error(`kvarbo: unknown "deadline" command; did you mean "deadline reinstatement"?\n\n${USAGE}`);
    return 2;
  }
  const served = stringFlag(flags, 'served');
  if (!served) {
    console.error(`kvarbo: deadline reinstatement needs --served YYYY-MM-DD\n\n${USAGE}`);
    return 2;
  }
  try {
    const deadline = reinstatementDeadline(served);
    if (flags.has('json')) console.log(JSON.stringify({ served, deadline }));
    else console.log(`Delgiven ${served}: sista dag att betala och behålla lägenheten ${deadline}`);
    return 0;
  } catch (e) {
    if (e instanceof InvalidFieldsError) {
      console.error(`kvarbo: ${e.fields.map((f) => `--${f.field}: ${f.message.en}`).join('\n')}`);
      return 2;
    }
    throw e;
  }
}

async function withDb(config: Config, fn: (db: Db) => Promise<number>): Promise<number> {
  const db = openDatabase(databaseOptionsFrom(config));
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/**
 * Opens PostgreSQL's pooled connections before the first request and has each look at the tables every page uses,
 * so the first users after a start neither wait for a connection to be made nor for its catalog caches to fill.
 */
async function warmPool(db: Db, size: number) {
  if (db.dialect !== 'postgres') return;
  const tables = [
    'sessions',
    'users',
    'unit_memberships',
    'units',
    'unit_security_settings',
    'residents',
    'placements',
    'apartments',
    'tasks',
    'rent_charges',
    'payments',
    'audit_log',
    'audit_chain',
  ];
  const each = sql.join(
    tables.map((t) => sql`(SELECT 1 FROM ${sql.table(t)} WHERE false)`),
    sql` UNION ALL `,
  );
  await Promise.all(Array.from({ length: size }, () => db.kysely.transaction().execute(async (trx) => sql`${each}`.execute(trx))));
}

async function serve(config: Config, withDemo: boolean): Promise<number> {
  const db = openDatabase(databaseOptionsFrom(config));
  await migrateToLatest(db);
  // Audit rows a killed server committed but had not yet linked into the hash chain.
  await linkPendingAudit(db.kysely);
  // Loaded only here: the HTTP stack is not needed by the other commands.
  const { buildApp } = await import('../http/app.ts');
  const { app, services } = await buildApp({ db, config, logger: true });
  const sealed = await sealSecretsAtStart(db, config);
  for (const line of sealed.info) app.log.info(line);
  for (const line of sealed.warn) app.log.warn(line);
  const admin = await ensureFirstAdmin(db, services, new Date());
  if (admin && withDemo) {
    const result = await loadDemo(db, services, 1, systemClock.today());
    app.log.info(`demo data: ${result.summary}`);
  }
  const scheduler = startScheduler(services, systemClock, app.log);
  await warmPool(db, config.pgPoolSize);
  await app.listen({ port: config.port, host: config.host });
  const where = db.dialect === 'sqlite' ? `SQLite at ${config.dataDir}/kvarbo.db` : 'PostgreSQL';
  const address = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}/`;
  console.log(`\nKvarbo is running at ${address} (${where}). API documentation: ${address}api/docs`);
  if (admin)
    console.log(
      `First start: log in as "${admin.username}" with password: ${admin.password}\n(shown only now; change it under your name → Byt lösenord)\n` +
        `The first login sets up two-factor sign-in: have an authenticator app ready (docs/two-factor.md).\n`,
    );
  const stop = async () => {
    scheduler.stop();
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return await new Promise<number>(() => {});
}

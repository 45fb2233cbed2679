import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import argon2 from 'argon2';
import SqliteDatabase from 'better-sqlite3';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { TEST_COORDINATION_NUMBERS, TEST_PERSONAL_NUMBERS } from '../src/demo/test-personal-numbers.ts';
import { allMigrations } from '../src/db/migrations/index.ts';

// The real `kvarbo` binary, one process per command, each on a data directory of its own (SQLite only).
// Every spawn pays for tsx's start-up, so the commands are few and independent ones run side by side.

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = path.join('packages', 'server', 'bin', 'kvarbo.js');
const DEMO_UNIT = 'Vuxenenheten Söderort – Träningslägenheter';
const SPAWN_TIMEOUT = 60_000;

type Run = { status: number | null; stdout: string; stderr: string };

function kvarbo(args: string[], dataDir: string): Promise<Run> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('KVARBO_') && k !== 'DATABASE_URL') env[k] = v;
  env.KVARBO_DATA_DIR = dataDir;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: SPAWN_TIMEOUT,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const tempDirs: string[] = [];
/** A data directory that does not exist yet, inside a fresh temporary directory. */
function freshDataDir(): string {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'kvarbo-cli-'));
  tempDirs.push(base);
  return path.join(base, 'data');
}

afterAll(() => {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
});

function readDb<T>(dataDir: string, fn: (db: SqliteDatabase.Database) => T): T {
  const db = new SqliteDatabase(path.join(dataDir, 'kvarbo.db'), { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

const TABLES = [
  'organisations',
  'units',
  'users',
  'unit_memberships',
  'landlords',
  'landlord_contacts',
  'commissioners',
  'apartments',
  'residents',
  'placements',
];
function tableCounts(dataDir: string): Record<string, number> {
  return readDb(dataDir, (db) =>
    Object.fromEntries(TABLES.map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n])),
  );
}

const MIGRATIONS = Object.keys(allMigrations('sqlite'));

const DEMO_LOADED = /Demo data loaded \(seed 3\): (\d+) apartments from (\d+) landlords, (\d+) residents, (\d+) placements/;
const ADMIN_PASSWORD = /Log in as "admin" with password: (\S+)/;

function expectSuccess(run: Run) {
  expect(run.status, `stdout: ${run.stdout}\nstderr: ${run.stderr}`).toBe(0);
}

describe('kvarbo migrate', () => {
  it('creates the SQLite database on an empty directory, then reports it up to date', async () => {
    const dir = freshDataDir();
    expect(fs.existsSync(dir)).toBe(false);

    const first = await kvarbo(['migrate'], dir);
    expectSuccess(first);
    expect(first.stdout).toMatch(/Applied: 0001_foundation/);
    expect(fs.existsSync(path.join(dir, 'kvarbo.db'))).toBe(true);
    readDb(dir, (db) => {
      const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((r) => r.name);
      expect(tables).toEqual(expect.arrayContaining(['users', 'sessions', 'residents', 'placements', 'kysely_migration']));
      expect(db.prepare('SELECT name FROM kysely_migration ORDER BY name').all()).toEqual(MIGRATIONS.map((name) => ({ name })));
      expect((db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n).toBe(0);
    });

    const second = await kvarbo(['migrate'], dir);
    expectSuccess(second);
    expect(second.stdout).toMatch(/up to date/);
    expect(second.stdout).not.toMatch(/Applied/);
    readDb(dir, (db) => expect(db.prepare('SELECT name FROM kysely_migration').all()).toHaveLength(MIGRATIONS.length));
  });
});

describe('kvarbo demo', () => {
  const dirA = freshDataDir();
  const dirB = freshDataDir();
  let runA: Run;
  let runB: Run;
  beforeAll(async () => {
    [runA, runB] = await Promise.all([kvarbo(['demo', '--seed', '3'], dirA), kvarbo(['demo', '--seed', '3'], dirB)]);
  });

  it('loads the demo organisation and prints a working admin password', async () => {
    for (const run of [runA, runB]) {
      expectSuccess(run);
      expect(run.stdout).toMatch(DEMO_LOADED);
      expect(run.stdout).toMatch(ADMIN_PASSWORD);
    }
    const password = runA.stdout.match(ADMIN_PASSWORD)![1]!;
    const admin = readDb(dirA, (db) =>
      db
        .prepare(
          `SELECT u.password_hash, u.is_admin, m.role, un.name AS unit_name FROM users u
           JOIN unit_memberships m ON m.user_id = u.id JOIN units un ON un.id = m.unit_id WHERE u.username = 'admin'`,
        )
        .all(),
    ) as { password_hash: string; is_admin: number; role: string; unit_name: string }[];
    expect(admin).toHaveLength(1);
    expect(admin[0]).toMatchObject({ is_admin: 1, role: 'manager', unit_name: DEMO_UNIT });
    expect(admin[0]!.password_hash).toMatch(/^\$argon2id\$/);
    expect(await argon2.verify(admin[0]!.password_hash, password)).toBe(true);
  });

  it('holds sane data: ~50 apartments, 3 landlords, ~60 residents, only Skatteverket test numbers', () => {
    const counts = tableCounts(dirA);
    const [, apartments, landlords, residents, placements] = runA.stdout.match(DEMO_LOADED)!.map(Number);
    expect(counts.apartments).toBe(apartments);
    expect(counts.landlords).toBe(landlords);
    expect(counts.residents).toBe(residents);
    expect(counts.placements).toBe(placements);
    expect(counts.landlords).toBe(3);
    expect(counts.apartments).toBeGreaterThanOrEqual(45);
    expect(counts.apartments).toBeLessThanOrEqual(55);
    expect(counts.residents).toBeGreaterThanOrEqual(55);
    expect(counts.residents).toBeLessThanOrEqual(70);
    expect(counts.placements).toBeGreaterThanOrEqual(counts.residents!);
    expect(counts.units).toBe(1);

    const pins = new Set(TEST_PERSONAL_NUMBERS);
    const coords = new Set(TEST_COORDINATION_NUMBERS);
    const rows = readDb(dirA, (db) => db.prepare('SELECT id_kind, personal_number, no_id_reason FROM residents').all()) as {
      id_kind: string;
      personal_number: string | null;
      no_id_reason: string | null;
    }[];
    const withNumber = rows.filter((r) => r.personal_number !== null);
    expect(withNumber.length).toBeGreaterThan(rows.length * 0.8);
    for (const r of rows) {
      if (r.personal_number === null) {
        expect(r.id_kind).toBe('none');
        expect(r.no_id_reason).toBeTruthy();
        continue;
      }
      expect(r.personal_number).toMatch(/^\d{8}-\d{4}$/);
      const digits = r.personal_number.replace('-', '');
      if (r.id_kind === 'personnummer') expect(pins.has(digits), r.personal_number).toBe(true);
      else {
        expect(r.id_kind).toBe('samordningsnummer');
        expect(coords.has(digits), r.personal_number).toBe(true);
      }
    }
    // No test number is used twice.
    expect(new Set(withNumber.map((r) => r.personal_number)).size).toBe(withNumber.length);

    // Eviction prevention: cases in several steps (one closed with the tenancy kept), a report not yet a case,
    // a landlord account, and only test numbers in the reports too.
    const cases = readDb(dirA, (db) =>
      db.prepare('SELECT step, outcome, household_children FROM eviction_cases ORDER BY opened_on').all(),
    ) as {
      step: string;
      outcome: string | null;
    }[];
    expect(cases.map((c) => c.step).sort()).toEqual(['closed', 'outreach', 'support']);
    expect(cases.find((c) => c.step === 'closed')?.outcome).toBe('tenancy_kept');
    const reports = readDb(dirA, (db) => db.prepare('SELECT tenant_personal_number, case_id FROM eviction_reports').all()) as {
      tenant_personal_number: string | null;
      case_id: string | null;
    }[];
    expect(reports).toHaveLength(4);
    expect(reports.filter((r) => r.case_id === null)).toHaveLength(1);
    for (const r of reports) if (r.tenant_personal_number) expect(pins.has(r.tenant_personal_number.replace('-', ''))).toBe(true);
    expect(readDb(dirA, (db) => db.prepare("SELECT kind FROM users WHERE username = 'hyresvard'").get())).toEqual({ kind: 'landlord' });

    // Occupation and activities: the printed figures are what the database holds, and every attendee was placed
    // in the unit on the session's day.
    const [occupations, sessions, attendances] = runA.stdout
      .match(/(\d+) occupations and (\d+) activity sessions \((\d+) attendances\)/)!
      .slice(1)
      .map(Number) as [number, number, number];
    expect(occupations).toBeGreaterThan(10);
    expect(readDb(dirA, (db) => db.prepare('SELECT COUNT(*) AS n FROM occupations').get())).toEqual({ n: occupations });
    expect(readDb(dirA, (db) => db.prepare('SELECT COUNT(*) AS n FROM activity_sessions').get())).toEqual({ n: sessions });
    const attended = readDb(dirA, (db) =>
      db
        .prepare(
          `SELECT (SELECT COUNT(*) FROM activity_attendance) + (SELECT SUM(guests) FROM activity_sessions) AS total,
                  (SELECT COUNT(*) FROM activity_attendance aa JOIN activity_sessions s ON s.id = aa.session_id
                   WHERE NOT EXISTS (SELECT 1 FROM placements p WHERE p.resident_id = aa.resident_id AND p.start_date <= s.session_date
                                     AND (p.end_date IS NULL OR p.end_date >= s.session_date))) AS unplaced`,
        )
        .get(),
    ) as { total: number; unplaced: number };
    expect(attended).toEqual({ total: attendances, unplaced: 0 });
    expect(attendances).toBeGreaterThan(sessions);
  });

  it('is deterministic: the same seed gives the same residents and placements', () => {
    const residents = (dir: string) =>
      readDb(dir, (db) => db.prepare('SELECT first_name, last_name, personal_number FROM residents').all() as Record<string, unknown>[])
        .map((r) => JSON.stringify(r))
        .sort();
    const placements = (dir: string) =>
      readDb(
        dir,
        (db) =>
          db
            .prepare(
              `SELECT r.first_name, r.last_name, r.personal_number, a.address, p.start_date, p.end_date, p.end_reason, p.lease_form
               FROM placements p JOIN residents r ON r.id = p.resident_id JOIN apartments a ON a.id = p.apartment_id`,
            )
            .all() as Record<string, unknown>[],
      )
        .map((r) => JSON.stringify(r))
        .sort();
    const residentsA = residents(dirA);
    expect(residentsA.length).toBeGreaterThan(50);
    expect(residents(dirB)).toEqual(residentsA);
    const placementsA = placements(dirA);
    expect(placementsA.length).toBeGreaterThan(50);
    expect(placements(dirB)).toEqual(placementsA);
    // The ids are the databases' own: the comparison is of content, not of copied rows.
    const ids = (dir: string) => readDb(dir, (db) => (db.prepare('SELECT id FROM residents').all() as { id: string }[]).map((r) => r.id));
    expect(ids(dirA).filter((id) => ids(dirB).includes(id))).toEqual([]);
  });

  it('refuses a second load into the same database and adds nothing', async () => {
    const before = tableCounts(dirA);
    const again = await kvarbo(['demo', '--seed', '3'], dirA);
    expect(again.status).not.toBe(0);
    expect(again.stdout + again.stderr).toMatch(/already holds registry data/);
    expect(again.stdout).not.toMatch(/Demo data loaded/);
    expect(again.stdout).not.toMatch(/Log in as/);
    expect(tableCounts(dirA)).toEqual(before);
  });
});

describe('kvarbo user add', () => {
  const dir = freshDataDir();
  beforeAll(async () => {
    expectSuccess(await kvarbo(['demo', '--seed', '3'], dir));
  });
  const userRows = (username: string) =>
    readDb(dir, (db) => db.prepare('SELECT * FROM users WHERE username = ?').all(username)) as Record<string, unknown>[];

  it('creates a user with an argon2id hash and a membership in the named unit', async () => {
    const password = 'a-long-password-123';
    const run = await kvarbo(
      ['user', 'add', '--username', 'kalle', '--name', 'Kalle Test', '--password', password, '--unit', DEMO_UNIT, '--role', 'caseworker'],
      dir,
    );
    expectSuccess(run);
    expect(run.stdout).toMatch(/Created user "kalle"/);
    expect(run.stdout).not.toContain(password);

    const rows = userRows('kalle');
    expect(rows).toHaveLength(1);
    const user = rows[0]!;
    expect(user).toMatchObject({ display_name: 'Kalle Test', is_admin: 0, kind: 'staff', disabled_at: null, failed_login_count: 0 });
    const hash = user.password_hash as string;
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(hash).not.toContain(password);
    expect(await argon2.verify(hash, password)).toBe(true);

    const memberships = readDb(dir, (db) =>
      db.prepare('SELECT u.name AS unit, m.role FROM unit_memberships m JOIN units u ON u.id = m.unit_id WHERE m.user_id = ?').all(user.id),
    );
    expect(memberships).toEqual([{ unit: DEMO_UNIT, role: 'caseworker' }]);
    // Same organisation as the demo unit.
    const unitOrg = readDb(
      dir,
      (db) =>
        (db.prepare('SELECT organisation_id FROM units WHERE name = ?').get(DEMO_UNIT) as { organisation_id: string }).organisation_id,
    );
    expect(user.organisation_id).toBe(unitOrg);
  });

  it('refuses a taken username with a clear message', async () => {
    const before = tableCounts(dir).users;
    const run = await kvarbo(['user', 'add', '--username', 'Kalle', '--name', 'Another Kalle', '--password', 'another-long-password'], dir);
    expect(run.status).not.toBe(0);
    expect(run.status).not.toBeNull();
    expect(run.stderr).toMatch(/username is taken/i);
    expect(run.stdout).not.toMatch(/Created user/);
    expect(tableCounts(dir).users).toBe(before);
    expect(userRows('kalle')[0]).toMatchObject({ display_name: 'Kalle Test' });
  });

  it('exits 2 with usage when --name is missing or --role is not a role', async () => {
    const before = tableCounts(dir).users;
    const [noName, badRole] = await Promise.all([
      kvarbo(['user', 'add', '--username', 'olle', '--password', 'a-long-password-123'], dir),
      kvarbo(
        [
          'user',
          'add',
          '--username',
          'pelle',
          '--name',
          'Pelle Test',
          '--password',
          'a-long-password-123',
          '--unit',
          DEMO_UNIT,
          '--role',
          'boss',
        ],
        dir,
      ),
    ]);
    expect(noName.status).toBe(2);
    expect(noName.stderr).toMatch(/--name/);
    expect(noName.stderr).toMatch(/Usage: kvarbo/);
    expect(badRole.status).toBe(2);
    expect(badRole.stderr).toMatch(/--role must be one of manager, caseworker, host, analyst/);
    expect(badRole.stderr).toMatch(/Usage: kvarbo/);
    expect(userRows('olle')).toEqual([]);
    expect(userRows('pelle')).toEqual([]);
    expect(tableCounts(dir).users).toBe(before);
  });
});

describe('kvarbo usage', () => {
  it('prints usage for --help (exit 0) and without a command (non-zero); an unknown command exits 2', async () => {
    const dir = freshDataDir();
    const [help, bare, unknown] = await Promise.all([kvarbo(['--help'], dir), kvarbo([], dir), kvarbo(['frobnicate'], dir)]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: kvarbo <command>/);
    expect(help.stdout).toMatch(/migrate/);
    expect(help.stdout).toMatch(/user add --username/);

    expect(bare.status).not.toBe(0);
    expect(bare.stdout + bare.stderr).toMatch(/Usage: kvarbo/);

    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);
    expect(unknown.stderr).toMatch(/Usage: kvarbo/);
    // None of them touched a database.
    expect(fs.existsSync(path.join(dir, 'kvarbo.db'))).toBe(false);
  });
});

describe('kvarbo deadline reinstatement', () => {
  it('prints the last day to pay and keep the lease, moved past nyårsafton, the new year and a weekend', async () => {
    const dir = freshDataDir();
    // 2026-12-10 + three weeks = Thursday 2026-12-31 (nyårsafton), then 1 January, Saturday 2, Sunday 3: Monday 4 January.
    const [late, plain, bad] = await Promise.all([
      kvarbo(['deadline', 'reinstatement', '--served', '2026-12-10', '--json'], dir),
      kvarbo(['deadline', 'reinstatement', '--served', '2026-06-05', '--json'], dir),
      kvarbo(['deadline', 'reinstatement', '--served', '2026-02-30', '--json'], dir),
    ]);
    expect(late.status, late.stderr).toBe(0);
    expect(JSON.parse(late.stdout)).toEqual({ served: '2026-12-10', deadline: '2027-01-04' });
    expect(JSON.parse(plain.stdout)).toEqual({ served: '2026-06-05', deadline: '2026-06-26' }); // a Friday, a vardag
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--served');
    expect(fs.existsSync(dir)).toBe(false); // needs no database
  });
});

import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { addMonths } from '@kvarbo/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../src/config.ts';
import { openDatabase, type DatabaseOptions } from '../src/db/database.ts';
import { fixedClock } from '../src/services/context.ts';
import { createServices } from '../src/services/index.ts';

// `kvarbo cull` killed with SIGKILL part-way (docs/culling.md): each person is culled in a transaction of their own,
// so after the crash every person is either all there or entirely culled, never half; the audit chain verifies; a
// second run culls the rest; and the reports say the same as before culling. On the demo organisation plus some old
// registrations with a note each, so the run takes long enough to be killed in the middle.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = path.join(ROOT, 'packages/server/bin/kvarbo.js');
const DATE = '2040-01-01';
const EXTRA = 60;

type Sql = { all: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>; close: () => Promise<void> };
type Target = { env: NodeJS.ProcessEnv; db: DatabaseOptions; open: () => Promise<Sql>; drop: () => Promise<void> };

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('KVARBO_') && k !== 'DATABASE_URL') e[k] = v;
  return { ...e, ...extra };
}

function kvarbo(target: Target, args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env: target.env, encoding: 'utf8', timeout: 60_000 });
  expect(r.status, `kvarbo ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

async function sqliteTarget(dir: string): Promise<Target> {
  const dataDir = fs.mkdtempSync(path.join(dir, 'sqlite-'));
  const file = path.join(dataDir, 'kvarbo.db');
  return {
    env: cleanEnv({ KVARBO_DATA_DIR: dataDir }),
    db: { kind: 'sqlite', file },
    open: async () => {
      const db = new Database(file);
      db.pragma('busy_timeout = 5000');
      return {
        all: async (sql, params = []) => {
          const st = db.prepare(sql);
          return st.reader ? (st.all(...params) as Record<string, unknown>[]) : (st.run(...params), []);
        },
        close: async () => void db.close(),
      };
    },
    drop: async () => {},
  };
}

async function postgresTarget(dir: string): Promise<Target> {
  const base = process.env.TEST_DATABASE_URL!;
  const name = `kvarbo_cullkill_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = base.replace(/\/[^/]*$/, `/${name}`);
  return {
    env: cleanEnv({ DATABASE_URL: url, KVARBO_DATA_DIR: fs.mkdtempSync(path.join(dir, 'pg-')) }),
    db: { kind: 'postgres', url },
    open: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      return {
        // pg numbers its parameters: ? → $1, $2, …
        all: async (sql, params = []) => {
          let n = 0;
          return (
            await c.query(
              sql.replace(/\?/g, () => `$${++n}`),
              params,
            )
          ).rows;
        },
        close: () => c.end(),
      };
    },
    drop: async () => {
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** Old registrations (no placement, last entry in January 2026) with a note each: all due on DATE. */
async function seedOldRegistrations(db: Sql) {
  const [unit] = await db.all('SELECT id FROM units ORDER BY id LIMIT 1');
  const [user] = await db.all('SELECT id FROM users ORDER BY id LIMIT 1');
  const at = '2026-01-15T10:00:00.000Z';
  await db.all('BEGIN');
  for (let i = 0; i < EXTRA; i++) {
    const id = `kill-${String(i).padStart(4, '0')}`;
    await db.all(
      `INSERT INTO residents (id, unit_id, first_name, last_name, id_kind, personal_number, no_id_reason, birth_date, contact_person_id,
        commissioner_id, commissioner_contact, household_adults, household_children, phone, email, search_text, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'none', NULL, 'Saknar personnummer', ?, NULL, NULL, NULL, 1, 0, '070-000 00 00', NULL, ?, ?, ?)`,
      [id, unit!.id, `Förnamn${i}`, `Gallringsprov${i}`, '1980-03-0' + ((i % 4) + 1), `förnamn${i} gallringsprov${i}`, at, at],
    );
    await db.all('INSERT INTO resident_notes (id, resident_id, author_id, body, created_at) VALUES (?, ?, ?, ?, ?)', [
      `${id}-note`,
      id,
      user!.id,
      `Anteckning om Gallringsprov${i}.`,
      at,
    ]);
  }
  await db.all('COMMIT');
}

async function culledCount(db: Sql) {
  const [r] = await db.all("SELECT count(*) AS n FROM residents WHERE culled_at IS NOT NULL AND id LIKE 'kill-%'");
  return Number(r!.n);
}

/** Every resident is either all there or entirely culled; every culled one has exactly one `cull` audit row. */
async function expectNoHalfCulled(db: Sql) {
  const rows = await db.all(
    `SELECT r.id, r.first_name, r.last_name, r.personal_number, r.birth_date, r.phone, r.search_text, r.culled_at,
        (SELECT count(*) FROM resident_notes n WHERE n.resident_id = r.id) AS notes,
        (SELECT count(*) FROM survey_invitations s WHERE s.resident_id = r.id) AS invitations,
        (SELECT count(*) FROM occupations o WHERE o.resident_id = r.id AND o.note IS NOT NULL) AS occupation_notes,
        (SELECT count(*) FROM audit_log l WHERE l.action = 'cull' AND l.entity = 'resident' AND l.entity_id = r.id) AS culls
     FROM residents r`,
  );
  const half = rows.filter((r) =>
    r.culled_at === null
      ? r.first_name === '' || Number(r.culls) !== 0 || (String(r.id).startsWith('kill-') && Number(r.notes) !== 1)
      : r.first_name !== '' ||
        r.last_name !== '' ||
        r.personal_number !== null ||
        r.birth_date !== null ||
        r.phone !== null ||
        r.search_text !== '' ||
        Number(r.notes) + Number(r.invitations) + Number(r.occupation_notes) !== 0 ||
        Number(r.culls) !== 1,
  );
  expect(half, 'half-culled residents').toEqual([]);
  return rows;
}

async function killDuringCull(target: Target, db: Sql) {
  const child = spawn(process.execPath, [BIN, 'cull', '--date', DATE, '--json'], { cwd: ROOT, env: target.env, stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  const deadline = Date.now() + 30_000;
  let killed = false;
  while (Date.now() < deadline && child.exitCode === null) {
    // Some of the old registrations are culled, most are not: the run is in the middle.
    if ((await culledCount(db)) >= 5) {
      child.kill('SIGKILL');
      killed = true;
      break;
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  return { killed, exit: await exited };
}

const dialects = [['SQLite', sqliteTarget], ...(process.env.TEST_DATABASE_URL ? [['PostgreSQL', postgresTarget] as const] : [])] as const;

describe.each(dialects)('kvarbo cull killed part-way on %s', (_label, make) => {
  let dir: string;
  let target: Target;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvarbo-cull-kill-'));
    target = await make(dir);
  });
  afterAll(async () => {
    await target?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('leaves no one half-culled, keeps the audit chain and the reports, and a second run culls the rest', async () => {
    kvarbo(target, ['demo', '--seed', '4']);
    const db = await target.open();
    try {
      await seedOldRegistrations(db);
      const month = new Date().toISOString().slice(0, 7);
      // The reports `kvarbo report` prints, read in-process (a spawn per report would double the test's time).
      const reports = async () => {
        const kdb = openDatabase(target.db);
        try {
          const services = createServices({
            db: kdb,
            config: readConfig({ KVARBO_DATA_DIR: os.tmpdir() }),
            clock: fixedClock(new Date().toISOString()),
          });
          return {
            summary: await services.statistics.rentSummary(null, null, addMonths(month, -40), month),
            retention: await services.statistics.retention(null, null),
          };
        } finally {
          await kdb.close();
        }
      };
      const before = await reports();
      const [attendanceBefore] = await db.all('SELECT count(*) AS n FROM activity_attendance');

      const { killed, exit } = await killDuringCull(target, db);
      expect(killed, 'the run finished before it could be killed').toBe(true);
      expect(exit).toBe('SIGKILL');
      // PostgreSQL rolls back the killed connection's transaction once it notices; wait for the session to go.
      for (let i = 0; i < 100; i++) {
        const open = await db
          .all('SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')
          .catch(() => [{ n: 0 }]);
        if (Number(open[0]!.n) === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const partly = await culledCount(db);
      expect(partly).toBeGreaterThanOrEqual(5);
      expect(partly).toBeLessThan(EXTRA);
      await expectNoHalfCulled(db);

      // Restarted, the run culls the rest and nothing twice.
      const again = JSON.parse(kvarbo(target, ['cull', '--date', DATE, '--json']));
      await expectNoHalfCulled(db);
      // The demo's residents sort before 'kill-…' and were culled first, so the second run culls the rest of those.
      expect(again.culled.residents).toBe(EXTRA - partly);
      expect(await culledCount(db)).toBe(EXTRA);
      // The chain is append-only, so this also covers the state right after the crash.
      expect(JSON.parse(kvarbo(target, ['audit', 'verify', '--json']))).toMatchObject({ ok: true });
      const [attendanceAfter] = await db.all('SELECT count(*) AS n FROM activity_attendance');
      expect(Number(attendanceAfter!.n)).toBe(Number(attendanceBefore!.n));
      expect(await reports()).toEqual(before);
    } finally {
      await db.close();
    }
  }, 60_000);
});

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

// `kvarbo report competence [--json]` through the real binary on the demo data (SQLite): one row per unit and
// required course, with the figures the database holds.

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = path.join('packages', 'server', 'bin', 'kvarbo.js');

function kvarbo(args: string[], dataDir: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('KVARBO_') && k !== 'DATABASE_URL') env[k] = v;
  env.KVARBO_DATA_DIR = dataDir;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 90_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'kvarbo-cli-competence-'));
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

describe('kvarbo report competence', () => {
  it('prints coverage per unit and required course as JSON, matching the demo data', { timeout: 120_000 }, async () => {
    const dir = path.join(base, 'data');
    const empty = await kvarbo(['report', 'competence', '--json'], dir);
    expect(empty.status, empty.stderr).toBe(0);
    expect(JSON.parse(empty.stdout)).toEqual([]);

    const demo = await kvarbo(['demo', '--seed', '3'], dir);
    expect(demo.status, demo.stderr).toBe(0);
    expect(demo.stdout).toMatch(/5 courses with \d+ enrolments/);

    const run = await kvarbo(['report', 'competence', '--json'], dir);
    expect(run.status, run.stderr).toBe(0);
    const rows = JSON.parse(run.stdout) as { unitId: string; course: string; staff: number; completed: number; share: number }[];
    expect(rows.map((r) => r.course).sort()).toEqual(
      [
        'Budget- och skuldrådgivning',
        'Housing First – principer',
        'Krishantering i socialt arbete',
        'MI – motiverande samtal',
        'Trauma och PTSD',
      ].sort(),
    );
    for (const r of rows) {
      expect(Object.keys(r)).toEqual(['unitId', 'course', 'staff', 'completed', 'share']);
      expect(r.completed).toBeLessThanOrEqual(r.staff);
      expect(r.share).toBe(Math.round((r.completed / r.staff) * 1000) / 1000);
    }

    // Cross-check one course by hand from the database: caseworkers of the unit with a completed budget course.
    const db = new SqliteDatabase(path.join(dir, 'kvarbo.db'), { readonly: true });
    try {
      const budget = rows.find((r) => r.course === 'Budget- och skuldrådgivning')!;
      const staff = db
        .prepare(
          `SELECT count(DISTINCT m.user_id) AS n FROM unit_memberships m JOIN users u ON u.id = m.user_id WHERE m.unit_id = ? AND m.role = 'caseworker' AND u.disabled_at IS NULL`,
        )
        .get(budget.unitId) as { n: number };
      const completed = db
        .prepare(
          `SELECT count(DISTINCT p.user_id) AS n FROM competence_enrolments e
             JOIN competence_participants p ON p.id = e.participant_id
             JOIN competence_rounds r ON r.id = e.round_id JOIN competence_courses c ON c.id = r.course_id
             JOIN unit_memberships m ON m.user_id = p.user_id AND m.unit_id = ? AND m.role = 'caseworker'
           WHERE c.name = 'Budget- och skuldrådgivning' AND e.status = 'completed'`,
        )
        .get(budget.unitId) as { n: number };
      expect(budget.staff).toBe(staff.n);
      expect(budget.completed).toBe(completed.n);
    } finally {
      db.close();
    }

    const text = await kvarbo(['report', 'competence'], dir);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/Trauma och PTSD: \d+ av \d+ \(\d+,\d %\)/);
  });
});

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { addMonths, cullingDueOn } from '@kvarbo/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `kvarbo cull` on the demo organisation (SQLite), as an operator runs it: the dry run first, then the real run, then
// again. The reports the CLI prints are the same before and after.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = path.join(ROOT, 'packages/server/bin/kvarbo.js');
const run = promisify(execFile);
const DATE = '2040-01-01';

async function kvarbo(args: string[], dataDir: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, KVARBO_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  for (const k of Object.keys(env)) if (k.startsWith('KVARBO_CULL')) delete env[k];
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd: ROOT, env, timeout: 60_000 });
    return { status: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { status: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('kvarbo cull', () => {
  let dir: string;
  const month = new Date().toISOString().slice(0, 7);
  const reports = async () => ({
    summary: JSON.parse((await kvarbo(['report', 'rent-summary', '--from', addMonths(month, -40), '--to', month, '--json'], dir)).stdout),
    retention: JSON.parse((await kvarbo(['report', 'retention', '--json'], dir)).stdout),
  });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvarbo-cli-cull-'));
    expect((await kvarbo(['demo', '--seed', '4'], dir)).status).toBe(0);
  }, 90_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lists what would go as one JSON object, culls exactly that, keeps the reports and culls nothing the second time', async () => {
    const before = await reports();
    expect(before.summary.length).toBeGreaterThan(30);

    const dry = await kvarbo(['cull', '--dry-run', '--date', DATE, '--json'], dir);
    expect(dry.status, dry.stderr).toBe(0);
    const preview = JSON.parse(dry.stdout);
    expect(Object.keys(preview)).toEqual(['date', 'dryRun', 'due', 'held', 'researchExempt', 'counts']);
    expect(preview).toMatchObject({ date: DATE, dryRun: true });
    const residents = preview.due.filter((s: { kind: string }) => s.kind === 'resident');
    expect(residents.length).toBeGreaterThan(3);
    for (const s of residents) {
      expect(s).toEqual(expect.objectContaining({ residentId: expect.any(String), kind: 'resident', lastEntry: expect.any(String) }));
      expect(s.dueSince).toBe(cullingDueOn(s.lastEntry, 5));
    }
    expect(preview.counts.residents).toBe(residents.length);
    // Nothing changed: every resident still has a name.
    const names = () => {
      const db = new Database(path.join(dir, 'kvarbo.db'), { readonly: true });
      try {
        return db
          .prepare('SELECT id, first_name, personal_number, culled_at FROM residents WHERE id IN (SELECT value FROM json_each(?))')
          .all(JSON.stringify(residents.map((s: { residentId: string }) => s.residentId))) as {
          id: string;
          first_name: string;
          personal_number: string | null;
          culled_at: string | null;
        }[];
      } finally {
        db.close();
      }
    };
    expect(names().every((r) => r.first_name !== '' && r.culled_at === null)).toBe(true);

    const real = await kvarbo(['cull', '--date', DATE, '--json'], dir);
    expect(real.status, real.stderr).toBe(0);
    const result = JSON.parse(real.stdout);
    expect(result).toMatchObject({
      date: DATE,
      dryRun: false,
      culled: { residents: preview.counts.residents, evictionCases: preview.counts.eviction_cases },
      held: preview.counts.held,
      researchExempt: preview.counts.research_exempt,
    });
    const culled = names();
    expect(culled).toHaveLength(residents.length);
    expect(culled.every((r) => r.first_name === '' && r.personal_number === null && r.culled_at !== null)).toBe(true);

    expect(await reports()).toEqual(before);
    const verify = await kvarbo(['audit', 'verify', '--json'], dir);
    expect(verify.status, verify.stdout).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true });

    const again = JSON.parse((await kvarbo(['cull', '--date', DATE, '--json'], dir)).stdout);
    expect(again.culled).toEqual({ residents: 0, evictionCases: 0, evictionReports: 0, unmatchedPayments: 0, activitySessions: 0 });
    const text = await kvarbo(['cull', '--dry-run', '--date', DATE], dir);
    expect(text.stdout).toContain('0 boende');
  }, 120_000);

  it('refuses a date that is not YYYY-MM-DD, naming the flag', async () => {
    const res = await kvarbo(['cull', '--date', '2040-13-01'], dir);
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('cull --date must be a date YYYY-MM-DD');
  });
});

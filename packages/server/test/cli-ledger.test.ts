import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { buildBgmaxFile } from '@kvarbo/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = path.join(ROOT, 'packages/server/bin/kvarbo.js');
const run = promisify(execFile);

async function kvarbo(args: string[], dataDir: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, KVARBO_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd: ROOT, env, timeout: 60_000 });
    return { status: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { status: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('kvarbo import-payments, charges and ledger', () => {
  let dir: string;
  let placement: { id: string; ocr_reference: string; resident_id: string };
  let bankgiro: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvarbo-cli-ledger-'));
    expect((await kvarbo(['demo', '--seed', '5'], dir)).status).toBe(0);
    const db = new Database(path.join(dir, 'kvarbo.db'), { readonly: true });
    placement = db
      .prepare('SELECT id, ocr_reference, resident_id FROM placements WHERE end_date IS NULL ORDER BY ocr_serial LIMIT 1')
      .get() as typeof placement;
    bankgiro = (db.prepare('SELECT bankgiro FROM units').get() as { bankgiro: string }).bankgiro.replace('-', '');
    db.close();
  }, 60_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('imports a BgMax file and prints one JSON object with the counts', async () => {
    const file = path.join(dir, 'bgmax.txt');
    const content = buildBgmaxFile([
      {
        payeeBankgiro: bankgiro,
        paymentDate: '2026-11-20',
        payments: [
          { amountOre: 123_400, reference: placement.ocr_reference, bankSerial: '900000000001' },
          { amountOre: 5_000, reference: '99999999', bankSerial: '900000000002' },
        ],
      },
    ]);
    fs.writeFileSync(file, content, 'latin1');
    const first = await kvarbo(['import-payments', '--format', 'bgmax', file, '--json'], dir);
    expect(first.status, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({
      file: 'bgmax.txt',
      payments: 2,
      matched: 1,
      unmatched: 1,
      duplicates: 0,
      totalOre: 128_400,
      alreadyImported: false,
    });
    const second = await kvarbo(['import-payments', '--format', 'bgmax', file, '--json'], dir);
    expect(JSON.parse(second.stdout)).toMatchObject({ payments: 2, duplicates: 2, alreadyImported: true });
  });

  it('prints {"error", "line"} and exits 1 for a broken file, having imported nothing', async () => {
    const file = path.join(dir, 'broken.txt');
    const content = buildBgmaxFile([
      { payeeBankgiro: bankgiro, paymentDate: '2026-11-21', payments: [{ amountOre: 100, bankSerial: '900000000003' }] },
    ]);
    // Letters in the amount field (positions 38–55) of the payment record on line 3.
    fs.writeFileSync(
      file,
      content.replace(/^20.*$/m, (l) => `${l.slice(0, 37)}00000000000000ABCD${l.slice(55)}`),
      'latin1',
    );
    const before = countPayments(dir);
    const res = await kvarbo(['import-payments', '--format', 'bgmax', file, '--json'], dir);
    expect(res.status).toBe(1);
    const out = JSON.parse(res.stdout);
    expect(out).toMatchObject({ file, line: 3, field: 'amount' });
    expect(typeof out.error).toBe('string');
    expect(countPayments(dir)).toBe(before);
  });

  it('creates charges idempotently and prints a resident’s ledger in öre', async () => {
    const one = JSON.parse((await kvarbo(['charges', '--month', '2027-02', '--json'], dir)).stdout);
    const two = JSON.parse((await kvarbo(['charges', '--month', '2027-02', '--json'], dir)).stdout);
    expect(one.created).toBeGreaterThan(0);
    expect(two).toMatchObject({ created: 0, existing: one.created + one.existing });
    const res = await kvarbo(['ledger', '--resident', placement.resident_id, '--json'], dir);
    expect(res.status, res.stderr).toBe(0);
    const ledger = JSON.parse(res.stdout);
    expect(ledger.residentId).toBe(placement.resident_id);
    const p = ledger.placements.find((x: { placementId: string }) => x.placementId === placement.id);
    expect(p.payments).toEqual(
      expect.arrayContaining([expect.objectContaining({ amountOre: 123_400, bookingDate: '2026-11-20', source: 'bgmax' })]),
    );
    expect(p.charges.some((c: { month: string }) => c.month === '2027-02')).toBe(true);
    const charged = p.charges.reduce((s: number, c: { amountOre: number }) => s + c.amountOre, 0);
    const paid = p.payments.reduce((s: number, x: { amountOre: number }) => s + x.amountOre, 0);
    expect(p.balanceOre).toBe(charged - paid);
    expect((await kvarbo(['ledger', '--resident', 'nobody', '--json'], dir)).status).toBe(1);
  });
});

function countPayments(dir: string): number {
  const db = new Database(path.join(dir, 'kvarbo.db'), { readonly: true });
  const n = (db.prepare('SELECT count(*) AS n FROM payments').get() as { n: number }).n;
  db.close();
  return n;
}

describe('kvarbo checkpoint and rent-status', () => {
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvarbo-cli-followup-'));
    expect((await kvarbo(['demo', '--seed', '6'], dir)).status).toBe(0);
  }, 60_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  // The demo is built around the real today; last month is always complete in it.
  const lastMonth = () => {
    const d = new Date();
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() - 1);
    return d.toISOString().slice(0, 7);
  };

  it('runs the checkpoints of a day once, printing what it created as JSON', async () => {
    const month = lastMonth();
    let created = 0;
    for (let day = 1; day <= 20; day++) {
      const date = `${month}-${String(day).padStart(2, '0')}`;
      const res = await kvarbo(['checkpoint', '--date', date, '--json'], dir);
      expect(res.status, res.stderr).toBe(0);
      const out = JSON.parse(res.stdout);
      expect(out.date).toBe(date);
      for (const run of out.runs) {
        expect(['reminder', 'home_visit', 'manager_meeting']).toContain(run.kind);
        expect(run.tasks).toHaveLength(run.created);
        created += run.created;
      }
      if (day === 20) {
        const again = JSON.parse((await kvarbo(['checkpoint', '--date', date, '--json'], dir)).stdout);
        expect(again.runs.every((r: { created: number }) => r.created === 0)).toBe(true);
      }
    }
    // The demo has residents who pay late or not at all.
    expect(created).toBeGreaterThan(0);
  }, 120_000);

  it('prints the monthly rent summary and the retention table as JSON', async () => {
    const month = lastMonth();
    const summary = JSON.parse((await kvarbo(['report', 'rent-summary', '--from', month, '--to', month, '--json'], dir)).stdout);
    expect(summary).toEqual([{ month, onTime: expect.any(Number), late: expect.any(Number), unpaid: expect.any(Number) }]);
    expect(summary[0].onTime + summary[0].late + summary[0].unpaid).toBeGreaterThan(30);
    const retention = JSON.parse((await kvarbo(['report', 'retention', '--json'], dir)).stdout);
    const all = retention.find((g: { group: string }) => g.group === 'all');
    expect(all.retention.map((r: { months: number }) => r.months)).toEqual([6, 12, 24]);
    for (const r of all.retention) expect(r.housed).toBeLessThanOrEqual(r.total);
  });

  it('prints the lease-takeover panel per ongoing second-hand placement as JSON', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const res = await kvarbo(['takeover-eligibility', '--date', today, '--json'], dir);
    expect(res.status, res.stderr).toBe(0);
    const rows = JSON.parse(res.stdout) as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(5);
    for (const r of rows) {
      expect(Object.keys(r)).toEqual(['residentId', 'placementId', 'months', 'rentOk', 'noComplaints', 'debtsHandled', 'eligible']);
      expect(r.eligible).toBe(r.months !== undefined && (r.months as number) >= 9 && r.rentOk && r.noComplaints && r.debtsHandled);
    }
    const bad = await kvarbo(['takeover-eligibility', '--date', '2026-02-30', '--json'], dir);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('date');
  });

  it('verifies the audit log’s hash chain', async () => {
    const res = await kvarbo(['audit', 'verify', '--json'], dir);
    expect(res.status, res.stderr).toBe(0);
    const result = JSON.parse(res.stdout);
    expect(result).toMatchObject({ ok: true, firstBroken: null });
    expect(result.rows).toBeGreaterThan(0);
  });

  it('prints every placement’s status for a month', async () => {
    const res = await kvarbo(['rent-status', '--month', lastMonth(), '--json'], dir);
    expect(res.status, res.stderr).toBe(0);
    const rows = JSON.parse(res.stdout) as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThan(30);
    for (const r of rows) {
      expect(Object.keys(r).sort()).toEqual([
        'dueDate',
        'dueOre',
        'month',
        'paidInFullOn',
        'paidOre',
        'placementId',
        'residentId',
        'status',
      ]);
      expect(['on_time', 'late', 'unpaid', 'open']).toContain(r.status);
    }
    const statuses = new Set(rows.map((r) => r.status));
    expect(statuses.has('on_time')).toBe(true);
    expect(statuses.has('late') || statuses.has('unpaid')).toBe(true);
  });
});

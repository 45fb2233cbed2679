import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBgmaxLines, placementOcrReference } from '@kvarbo/domain';
import { readConfig } from '../src/config.ts';
import { migrateToLatest, openDatabase } from '../src/db/database.ts';
import type { PaymentTable } from '../src/db/schema.ts';
import { insertPayments } from '../src/repositories/payments.repository.ts';
import { newId } from '../src/auth/tokens.ts';
import { fixedClock } from '../src/services/context.ts';
import { createServices } from '../src/services/index.ts';
import { bgmaxReader } from '../src/services/payment-file-readers.ts';
import { BENCH_UNIT, seedPlacements } from './seed-placements.ts';

// Issue 3: a BgMax file of 100 000 payments for 20 000 placements imported on SQLite. Targets: at least half
// the speed of a plain batched insert of the same rows into the same table, and peak memory under 300 MB
// (the file is streamed, never held whole).
const PAYMENTS = 100_000;
const PLACEMENTS = 20_000;
const BANKGIRO = '5550009';

export async function paymentImportBench() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvarbo-bench-import-'));
  const db = openDatabase({ kind: 'sqlite', file: path.join(dir, 'kvarbo.db') });
  try {
    await migrateToLatest(db);
    const unitId = await seed(db.kysely);
    const file = path.join(dir, 'bgmax.txt');
    const started = performance.now();
    writeFile(file);
    const mb = fs.statSync(file).size / 1024 / 1024;
    console.log(
      `BgMax file: ${PAYMENTS.toLocaleString('sv-SE')} payments for ${PLACEMENTS.toLocaleString('sv-SE')} placements, ${mb.toFixed(1)} MB, written in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const services = createServices({ db, config: readConfig({ KVARBO_DATA_DIR: dir }), clock: fixedClock('2026-11-23T10:00:00Z') });
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    const t0 = performance.now();
    const summary = await services.paymentImports.importFile(
      { operator: 'bench' },
      { unitId, format: 'bgmax', fileName: 'bgmax.txt', path: file, read: bgmaxReader(file) },
    );
    const importSeconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);

    // The same rows, plainly: prepared in memory, inserted in batches in one transaction.
    const rows: PaymentTable[] = Array.from({ length: PAYMENTS }, (_, i) => ({
      id: newId(),
      unit_id: unitId,
      import_id: null,
      line_no: i,
      source: 'bgmax',
      bank_reference: `plain:${i}`,
      booking_date: '2026-11-02',
      amount_ore: 600_000,
      reference: placementOcrReference((i % PLACEMENTS) + 1),
      payer_name: null,
      free_text: null,
      method: 'bankgiro',
      note: null,
      placement_id: `pl-${i % PLACEMENTS}`,
      matched_by: 'ocr',
      assigned_by: null,
      assigned_at: null,
      reverses_payment_id: null,
      created_by: null,
      created_at: '2026-11-23T10:00:00.000Z',
    }));
    const t1 = performance.now();
    await db.kysely.transaction().execute((trx) => insertPayments(trx, rows));
    const plainSeconds = (performance.now() - t1) / 1000;

    const rate = PAYMENTS / importSeconds;
    const plainRate = PAYMENTS / plainSeconds;
    console.log(
      `import: ${summary.payments} payments (${summary.matched} matched, ${summary.unmatched} unmatched) in ${importSeconds.toFixed(2)} s = ${Math.round(rate).toLocaleString('sv-SE')} payments/s`,
    );
    console.log(
      `plain batched insert of the same rows: ${plainSeconds.toFixed(2)} s = ${Math.round(plainRate).toLocaleString('sv-SE')} rows/s`,
    );
    console.log(`ratio import/plain speed: ${(rate / plainRate).toFixed(2)} (target ≥ 0.50)`);
    console.log(
      `in this process: RSS ${(baseline / 1024 / 1024).toFixed(0)} MB before the import, ${(peak / 1024 / 1024).toFixed(0)} MB at its peak`,
    );

    // Peak memory of an operator's import on its own: `kvarbo import-payments` in a child process, reading
    // the kernel's high-water mark (VmHWM) for it.
    const second = path.join(dir, 'bgmax-2.txt');
    writeFile(second, PAYMENTS + 1);
    const hwm = await childPeakMemory(['import-payments', '--format', 'bgmax', second, '--json'], {
      ...process.env,
      KVARBO_DATA_DIR: dir,
      DATABASE_URL: '',
    });
    console.log(
      `kvarbo import-payments in its own process: peak RSS ${hwm.peakMb.toFixed(0)} MB (target < 300 MB), ${hwm.seconds.toFixed(1)} s incl. start-up → ${hwm.stdout.trim()}`,
    );
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function childPeakMemory(args: string[], env: NodeJS.ProcessEnv) {
  const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/kvarbo.js');
  const started = performance.now();
  const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  let peakKb = 0;
  const poll = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) peakKb = Math.max(peakKb, Number(m[1]));
    } catch {
      // the process has just exited
    }
  }, 5);
  await new Promise((resolve) => child.on('exit', resolve));
  clearInterval(poll);
  return { peakMb: peakKb / 1024, seconds: (performance.now() - started) / 1000, stdout };
}

function writeFile(file: string, firstBankSerial = 1) {
  const fd = fs.openSync(file, 'w');
  const perSection = 5_000;
  const sections = [];
  for (let s = 0; s < PAYMENTS / perSection; s++) {
    sections.push({
      payeeBankgiro: BANKGIRO,
      paymentDate: '2026-11-02',
      payments: Array.from({ length: perSection }, (_, j) => {
        const i = s * perSection + j;
        // One in twenty has a reference no placement has: those go to the queue.
        const reference = i % 20 === 19 ? `9${String(i).padStart(9, '0')}` : placementOcrReference((i % PLACEMENTS) + 1);
        return { amountOre: 600_000, reference, payerName: `BETALARE ${i}` };
      }),
    });
  }
  let buffer: string[] = [];
  for (const line of buildBgmaxLines(sections, { firstBankSerial })) {
    buffer.push(line);
    if (buffer.length >= 10_000) {
      fs.writeSync(fd, buffer.join('\n') + '\n', null, 'latin1');
      buffer = [];
    }
  }
  fs.writeSync(fd, buffer.join('\n') + '\n', null, 'latin1');
  fs.closeSync(fd);
}

async function seed(q: ReturnType<typeof openDatabase>['kysely']): Promise<string> {
  await q.transaction().execute((trx) => seedPlacements(trx, PLACEMENTS));
  return BENCH_UNIT;
}

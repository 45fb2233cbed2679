import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { newId } from '../src/auth/tokens.ts';
import { readConfig } from '../src/config.ts';
import { migrateToLatest, openDatabase } from '../src/db/database.ts';
import { unpaidAt } from '../src/repositories/rent-status.repository.ts';
import { fixedClock } from '../src/services/context.ts';
import { BENCH_UNIT, seedPlacements } from './seed-placements.ts';
import { createServices } from '../src/services/index.ts';

// Issue 4: a checkpoint run for 100 000 active placements on SQLite. Targets: under 10 s, and within 5× of a
// single SQL query that only selects the unpaid placements.
const PLACEMENTS = 100_000;

export async function checkpointBench() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvarbo-bench-checkpoint-'));
  const db = openDatabase({ kind: 'sqlite', file: path.join(dir, 'kvarbo.db') });
  try {
    await migrateToLatest(db);
    const t0 = performance.now();
    await seed(db.kysely);
    console.log(
      `seeded ${PLACEMENTS.toLocaleString('sv-SE')} placements with charges for 2026-10 and 2026-11 and payments in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    const services = createServices({ db, config: readConfig({ KVARBO_DATA_DIR: dir }), clock: fixedClock('2026-11-02T06:00:00Z') });
    const q0 = performance.now();
    const unpaid = await unpaidAt(db.kysely, '2026-11', '2026-11-01', null);
    const querySeconds = (performance.now() - q0) / 1000;

    const c0 = performance.now();
    const runs = await services.checkpoints.runForDate('2026-11-02');
    const runSeconds = (performance.now() - c0) / 1000;
    const created = runs.reduce((s, r) => s + r.created, 0);

    const again0 = performance.now();
    const again = await services.checkpoints.runForDate('2026-11-02');
    const againSeconds = (performance.now() - again0) / 1000;

    console.log(
      `single SQL query selecting the unpaid placements: ${unpaid.length.toLocaleString('sv-SE')} rows in ${querySeconds.toFixed(2)} s`,
    );
    console.log(`checkpoint run (1st, reminders): ${created.toLocaleString('sv-SE')} tasks in ${runSeconds.toFixed(2)} s (target < 10 s)`);
    console.log(`ratio checkpoint/query: ${(runSeconds / querySeconds).toFixed(2)} (target ≤ 5)`);
    console.log(`re-run the same day: ${again.reduce((s, r) => s + r.created, 0)} new tasks in ${againSeconds.toFixed(2)} s`);
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function seed(q: ReturnType<typeof openDatabase>['kysely']) {
  const now = '2026-01-01T00:00:00.000Z';
  await q.transaction().execute((trx) =>
    seedPlacements(trx, PLACEMENTS, async (ids) => {
      const charges = ids.flatMap((n) =>
        (['2026-10', '2026-11'] as const).map((month) => ({
          id: newId(),
          placement_id: `pl-${n}`,
          month,
          seq: 1,
          due_date: month === '2026-10' ? '2026-09-30' : '2026-10-30',
          amount_ore: 600_000,
          days: 30,
          days_in_month: 30,
          reverses_charge_id: null,
          note: null,
          created_by: null,
          created_at: now,
        })),
      );
      await trx.insertInto('rent_charges').values(charges).execute();
      // Nine in ten paid both months; one in ten paid only October.
      const payments = ids.map((n) => ({
        id: newId(),
        unit_id: BENCH_UNIT,
        import_id: null,
        line_no: null,
        source: 'manual' as const,
        bank_reference: null,
        booking_date: '2026-09-29',
        amount_ore: n % 10 === 0 ? 600_000 : 1_200_000,
        reference: null,
        payer_name: null,
        free_text: null,
        method: 'bankgiro',
        note: null,
        placement_id: `pl-${n}`,
        matched_by: 'ocr' as const,
        assigned_by: null,
        assigned_at: null,
        reverses_payment_id: null,
        created_by: null,
        created_at: now,
      }));
      await trx.insertInto('payments').values(payments).execute();
    }),
  );
}

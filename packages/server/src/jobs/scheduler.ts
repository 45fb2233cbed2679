import { addMonths, monthOf } from '@kvarbo/domain';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../services/context.ts';
import type { Services } from '../services/index.ts';

const HOUR = 3_600_000;

/**
 * Work the server does by itself: rent charges for this month and the coming one, the routine's checkpoints
 * (1st, 5th, 15th) with catch-up, "paid meanwhile" marks, missed repayment-plan instalments and the statistics'
 * month statuses. Every job is idempotent,
 * so running it hourly, after a restart, or on two instances at once is safe, and days missed while the server
 * was stopped are caught up on the next run.
 */
export function startScheduler(services: Services, clock: Clock, log: FastifyBaseLogger) {
  const run = async () => {
    const today = clock.today();
    const month = monthOf(today);
    for (const m of [month, addMonths(month, 1)]) {
      try {
        const result = await services.charges.generate(m, { unitIds: null, actor: null });
        if (result.created > 0) log.info({ month: m, created: result.created }, 'rent charges created');
      } catch (err) {
        log.error({ err, month: m }, 'creating rent charges failed');
      }
    }
    // The routine's checkpoints, catching up any day missed while the server was stopped.
    try {
      const runs = await services.checkpoints.catchUp(today);
      const created = runs.reduce((s, r) => s + r.created, 0);
      if (created > 0) log.info({ created }, 'checkpoint tasks created');
      await services.checkpoints.markPaidMeanwhile(today);
      await services.plans.createMissedInstalmentTasks();
    } catch (err) {
      log.error({ err }, 'running the rent checkpoints failed');
    }
    // The statistics' month statuses, so the first dashboard after a large import does not wait for the replay.
    try {
      const replayed = await services.monthStatuses.refresh();
      if (replayed > 0) log.info({ replayed }, 'rent month statuses refreshed');
    } catch (err) {
      log.error({ err }, 'refreshing the rent month statuses failed');
    }
  };
  void run();
  const timer = setInterval(() => void run(), HOUR);
  timer.unref();
  return { stop: () => clearInterval(timer), runNow: run };
}

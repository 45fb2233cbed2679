import { addMonths, monthOf } from '@kvarbo/domain';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../services/context.ts';
import type { Services } from '../services/index.ts';

const HOUR = 3_600_000;

/**
 * Work the server does by itself: rent charges for this month and the coming one. Every job is idempotent,
 * so running it hourly, after a restart, or on two instances at once is safe, and days missed while the server
 * was stopped are caught up on the next run.
 */
export function startScheduler(services: Services, clock: Clock, log: FastifyBaseLogger) {
  const run = async () => {
    const month = monthOf(clock.today());
    for (const m of [month, addMonths(month, 1)]) {
      try {
        const result = await services.charges.generate(m, { unitIds: null, actor: null });
        if (result.created > 0) log.info({ month: m, created: result.created }, 'rent charges created');
      } catch (err) {
        log.error({ err, month: m }, 'creating rent charges failed');
      }
    }
  };
  void run();
  const timer = setInterval(() => void run(), HOUR);
  timer.unref();
  return { stop: () => clearInterval(timer), runNow: run };
}

import type { ServiceContext } from './context.ts';
import type { createRentMonthStatusService } from './rent-month-status.service.ts';

// Issue 7: filled in by its own change.
export function createLeaseTakeoverService(_ctx: ServiceContext, _monthStatuses: ReturnType<typeof createRentMonthStatusService>) {
  return {};
}

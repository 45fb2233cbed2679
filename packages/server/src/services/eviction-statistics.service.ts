import type { ServiceContext } from './context.ts';

// Issue 6: filled in by its own change.
export function createEvictionStatisticsService(_ctx: ServiceContext) {
  return {};
}

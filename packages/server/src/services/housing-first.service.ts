import type { ServiceContext } from './context.ts';

// Issue 7: filled in by its own change.
export function createHousingFirstService(_ctx: ServiceContext) {
  return {};
}

import type { ServiceContext } from './context.ts';

export function createEvictionReportsService(_ctx: ServiceContext) {
  return {};
}

import type { FastifyInstance } from 'fastify';
import type { Services } from '../services/index.ts';

// Issue 6: filled in by its own change.
export function evictionStatisticsRoutes(_app: FastifyInstance, _services: Services) {}

import type { FastifyInstance } from 'fastify';
import type { Services } from '../services/index.ts';

// Issue 7: filled in by its own change.
export function housingFirstRoutes(_app: FastifyInstance, _services: Services) {}

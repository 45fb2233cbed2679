import type { FastifyInstance } from 'fastify';
import type { Services } from '../services/index.ts';

export function evictionReportsRoutes(_app: FastifyInstance, _services: Services) {}

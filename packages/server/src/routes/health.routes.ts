import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

export function healthRoutes(app: FastifyInstance, db: Db) {
  app.get('/api/health', { config: { access: 'public' }, schema: { tags: ['health'] } }, async () => {
    await sql`SELECT 1`.execute(db.kysely);
    return { status: 'ok', database: db.dialect };
  });
}

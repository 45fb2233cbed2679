import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp, ensureFirstAdmin, migrateToLatest, openDatabase, readConfig } from 'kvarbo';

type Config = ReturnType<typeof readConfig>;

const here = path.dirname(fileURLToPath(import.meta.url));
export const WEB_DIST = path.resolve(here, '../../../web/dist');

/** The real server on a fresh SQLite file in a temp dir, serving the built web client on a free port. */
export async function startServer(overrides: Partial<Config> = {}) {
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    throw new Error(`The web client is not built (${WEB_DIST}); run "npm run build:web" first (npm test does).`);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvarbo-e2e-'));
  const config: Config = { ...readConfig({ KVARBO_DATA_DIR: dataDir }), webDistDir: WEB_DIST, port: 0, ...overrides };
  const db = openDatabase({ kind: 'sqlite', file: path.join(dataDir, 'kvarbo.db') });
  await migrateToLatest(db);
  const { app, services } = await buildApp({ db, config });
  const admin = (await ensureFirstAdmin(db, services, new Date()))!;
  await app.listen({ host: '127.0.0.1', port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    admin,
    db,
    services,
    async stop() {
      await app.close();
      await db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

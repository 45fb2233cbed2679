export { buildApp } from './http/app.ts';
export { readConfig } from './config.ts';
export { openDatabase, migrateToLatest } from './db/database.ts';
export { ensureFirstAdmin } from './cli/bootstrap.ts';
export { loadDemo } from './cli/demo.ts';

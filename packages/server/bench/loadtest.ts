// `npm run loadtest [-- --seconds N --sessions N --dialect sqlite|postgres --timeline --profile DIR]`: starts Kvarbo (bin/kvarbo.js serve)
// as its own process on the demo data, logs in 200 sessions (rows written directly, see sessions.ts) and drives a
// mixed workload against loopback for 60 s; prints throughput, p50/p95/p99/max and errors per endpoint and in all,
// on SQLite, then on PostgreSQL (a fresh database made from KVARBO_LOADTEST_DATABASE_URL or TEST_DATABASE_URL;
// skipped with a line saying so when neither is set). Target: zero errors, p99 under 250 ms.
//
// Think time: every session waits 0.5–1.5 s (uniform) between two requests, like a person clicking through pages,
// so 200 sessions make about 200 requests a second. Self-stopping: the server is killed at the end, on Ctrl-C and
// by a hard timeout (run time + 60 s).
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase, type Db } from '../src/db/database.ts';
import { insertSessions, type LoadSession } from './sessions.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = path.join(ROOT, 'packages/server/bin/kvarbo.js');
const TARGET_P99_MS = 250;
const THINK_MS: [number, number] = [500, 1500];

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} needs a positive number`);
  return v;
}
const SECONDS = flag('seconds', 60);
const SESSIONS = flag('sessions', 200);
const dialectArg = process.argv.indexOf('--dialect') >= 0 ? process.argv[process.argv.indexOf('--dialect') + 1] : null;
const timeline = process.argv.includes('--timeline');
// `--profile DIR`: the server writes a V8 CPU profile (.cpuprofile, open in Chrome DevTools) there when it stops.
const profileDir = process.argv.indexOf('--profile') >= 0 ? path.resolve(process.argv[process.argv.indexOf('--profile') + 1]!) : null;

const children = new Set<ChildProcess>();
const cleanups: (() => Promise<void>)[] = [];
function killAll() {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
}
process.on('SIGINT', () => {
  console.log('\ninterrupted: stopping the server');
  killAll();
  void Promise.allSettled(cleanups.map((f) => f())).then(() => process.exit(130));
});
process.on('exit', killAll);
const hardTimeout = setTimeout(
  () => {
    console.error(`loadtest: hard timeout, stopping`);
    killAll();
    process.exit(2);
  },
  (SECONDS * 2 + 120) * 1000,
);
hardTimeout.unref();

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function startServer(env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const profile = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  const child = spawn(process.execPath, [...profile, BIN, 'serve'], {
    cwd: ROOT,
    env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.add(child);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}): ${stderr}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { url, child };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server did not start within 60 s: ${stderr}`);
}

type Fixture = { residents: string[]; tasks: { id: string; unitId: string }[] };

/** The demo's residents and tasks (the server may still be running its start-up checkpoints: wait for them). */
async function fixture(db: Db): Promise<Fixture> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const residents = (await db.kysely.selectFrom('residents').select('id').execute()).map((r) => r.id);
    const tasks = (await db.kysely.selectFrom('tasks').select(['id', 'unit_id']).execute()).map((t) => ({ id: t.id, unitId: t.unit_id }));
    if (residents.length > 0 && tasks.length > 0) return { residents, tasks };
    if (Date.now() > deadline) throw new Error('the demo data has no residents or tasks');
    await new Promise((r) => setTimeout(r, 200));
  }
}

type Step = { name: string; weight: number; request: (s: LoadSession, f: Fixture) => { method: string; path: string; body?: unknown } };

const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;

/** The mix: mostly reading (lists, a resident's pages, the ledger, the dashboard), some task updates and notes. */
const MIX: Step[] = [
  { name: 'GET /api/residents', weight: 12, request: () => ({ method: 'GET', path: '/api/residents?page=1&pageSize=25' }) },
  { name: 'GET /api/residents/:id', weight: 12, request: (_s, f) => ({ method: 'GET', path: `/api/residents/${pick(f.residents)}` }) },
  {
    name: 'GET /api/residents/:id/placements',
    weight: 6,
    request: (_s, f) => ({ method: 'GET', path: `/api/residents/${pick(f.residents)}/placements` }),
  },
  {
    name: 'GET /api/residents/:id/notes',
    weight: 6,
    request: (_s, f) => ({ method: 'GET', path: `/api/residents/${pick(f.residents)}/notes` }),
  },
  {
    name: 'GET /api/residents/:id/ledger',
    weight: 12,
    request: (_s, f) => ({ method: 'GET', path: `/api/residents/${pick(f.residents)}/ledger` }),
  },
  {
    name: 'GET dashboard (overview or my tasks)',
    weight: 10,
    // The unit dashboard is the managers' start page; a caseworker's is their own task list.
    request: (s) => ({ method: 'GET', path: s.manager ? `/api/stats/units/${pick(s.unitIds)}/overview` : '/api/tasks?scope=mine' }),
  },
  { name: 'GET /api/tasks (mine)', weight: 8, request: () => ({ method: 'GET', path: '/api/tasks?scope=mine' }) },
  {
    name: 'GET /api/tasks (unit)',
    weight: 8,
    request: (s) => ({ method: 'GET', path: `/api/tasks?scope=unit&unitId=${pick(s.unitIds)}&status=all` }),
  },
  { name: 'GET /api/tasks/:id', weight: 8, request: (_s, f) => ({ method: 'GET', path: `/api/tasks/${pick(f.tasks).id}` }) },
  {
    name: 'POST /api/tasks/:id/comments',
    weight: 5,
    request: (_s, f) => ({
      method: 'POST',
      path: `/api/tasks/${pick(f.tasks).id}/comments`,
      body: { text: 'Ringde, inget svar. Försöker igen i morgon.' },
    }),
  },
  {
    name: 'POST /api/residents/:id/notes',
    weight: 3,
    request: (_s, f) => ({
      method: 'POST',
      path: `/api/residents/${pick(f.residents)}/notes`,
      body: { body: 'Hembesök bokat, boende informerad.' },
    }),
  },
];
const TOTAL_WEIGHT = MIX.reduce((s, m) => s + m.weight, 0);
function nextStep(): Step {
  let r = Math.random() * TOTAL_WEIGHT;
  for (const m of MIX) if ((r -= m.weight) < 0) return m;
  return MIX.at(-1)!;
}

type Result = { ms: number; status: number; error?: string; /** When the request was sent, ms after the run began. */ at: number };

async function drive(url: string, sessions: LoadSession[], f: Fixture, seconds: number) {
  const results = new Map<string, Result[]>(MIX.map((m) => [m.name, []]));
  const end = Date.now() + seconds * 1000;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const started = performance.now();
  async function session(s: LoadSession) {
    // Spread the first requests over the first think time, as people do not all click at the same instant.
    await sleep(Math.random() * THINK_MS[1]);
    while (Date.now() < end) {
      const step = nextStep();
      const req = step.request(s, f);
      const t0 = performance.now();
      const at = t0 - started;
      let result: Result;
      try {
        const res = await fetch(url + req.path, {
          method: req.method,
          headers: {
            cookie: `kvarbo_session=${s.token}`,
            ...(req.method === 'GET' ? {} : { 'x-csrf-token': s.csrfToken, 'content-type': 'application/json' }),
          },
          body: req.body === undefined ? undefined : JSON.stringify(req.body),
          signal: AbortSignal.timeout(30_000),
        });
        const text = await res.text();
        result = {
          at,
          ms: performance.now() - t0,
          status: res.status,
          ...(res.status >= 400 ? { error: `${res.status} ${req.method} ${req.path}: ${text.slice(0, 200)}` } : {}),
        };
      } catch (e) {
        result = { at, ms: performance.now() - t0, status: 0, error: `${req.method} ${req.path}: ${(e as Error).message}` };
      }
      results.get(step.name)!.push(result);
      await sleep(THINK_MS[0] + Math.random() * (THINK_MS[1] - THINK_MS[0]));
    }
  }
  await Promise.all(sessions.map(session));
  return { results, elapsed: (performance.now() - started) / 1000 };
}

function percentile(sorted: number[], p: number) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** `--timeline`: requests, p99 and max per 5 seconds, to tell a steady load from a stall at one moment. */
function printTimeline(all: Result[], elapsed: number) {
  console.log('seconds   requests  p99 ms  max ms');
  for (let from = 0; from < elapsed; from += 5) {
    const ms = all
      .filter((r) => r.at >= from * 1000 && r.at < (from + 5) * 1000)
      .map((r) => r.ms)
      .sort((a, b) => a - b);
    const span = `${from}-${from + 5}`.padEnd(8);
    console.log(
      `${span}  ${String(ms.length).padStart(8)}  ${percentile(ms, 99).toFixed(0).padStart(6)}  ${(ms.at(-1) ?? NaN).toFixed(0).padStart(6)}`,
    );
  }
}

function report(label: string, results: Map<string, Result[]>, elapsed: number) {
  const rows: string[][] = [['endpoint', 'count', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'errors']];
  const line = (name: string, rs: Result[]) => {
    const ms = rs.map((r) => r.ms).sort((a, b) => a - b);
    rows.push([
      name,
      String(rs.length),
      (rs.length / elapsed).toFixed(1),
      percentile(ms, 50).toFixed(1),
      percentile(ms, 95).toFixed(1),
      percentile(ms, 99).toFixed(1),
      (ms.at(-1) ?? NaN).toFixed(1),
      String(rs.filter((r) => r.error).length),
    ]);
  };
  for (const [name, rs] of results) line(name, rs);
  const all = [...results.values()].flat();
  line('ALL', all);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  console.log(`\n== ${label}: ${SESSIONS} sessions, ${elapsed.toFixed(1)} s ==`);
  for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
  const p99 = percentile(
    all.map((r) => r.ms).sort((a, b) => a - b),
    99,
  );
  const errors = all.filter((r) => r.error);
  console.log(
    `throughput ${(all.length / elapsed).toFixed(1)} req/s; errors ${errors.length} (target 0); p99 ${p99.toFixed(1)} ms, ratio p99/${TARGET_P99_MS} ms = ${(p99 / TARGET_P99_MS).toFixed(2)} (target < 1)`,
  );
  for (const e of errors.slice(0, 5)) console.log(`  error: ${e.error}`);
  if (timeline) printTimeline(all, elapsed);
  return { p99, errors: errors.length };
}

function stopGently(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function run(label: string, env: NodeJS.ProcessEnv, dbOptions: Parameters<typeof openDatabase>[0]) {
  const { url, child } = await startServer(env);
  const db = openDatabase(dbOptions);
  try {
    const sessions = await insertSessions(db.kysely, SESSIONS);
    const f = await fixture(db);
    console.log(
      `${label}: server at ${url}, ${sessions.length} sessions over ${new Set(sessions.map((s) => s.userId)).size} staff users, ${f.residents.length} residents, ${f.tasks.length} tasks; running ${SECONDS} s`,
    );
    const { results, elapsed } = await drive(url, sessions, f, SECONDS);
    return report(label, results, elapsed);
  } finally {
    await db.close();
    // A profiling server needs an orderly stop to write its profile; otherwise there is nothing to wait for.
    if (profileDir) await stopGently(child);
    child.kill('SIGKILL');
    children.delete(child);
  }
}

function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  // The server's own settings are the loadtest's, except the PostgreSQL tuning knobs, which one may want to compare.
  const passed = (k: string) => !(k.startsWith('KVARBO_') && !k.startsWith('KVARBO_PG_')) && k !== 'DATABASE_URL';
  for (const [k, v] of Object.entries(process.env)) if (passed(k)) env[k] = v;
  return { ...env, ...extra };
}

const outcomes: { label: string; p99: number; errors: number }[] = [];

if (!dialectArg || dialectArg === 'sqlite') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvarbo-loadtest-'));
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  try {
    outcomes.push({
      label: 'SQLite',
      ...(await run('SQLite', baseEnv({ KVARBO_DATA_DIR: dir }), { kind: 'sqlite', file: path.join(dir, 'kvarbo.db') })),
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (!dialectArg || dialectArg === 'postgres') {
  const base = process.env.KVARBO_LOADTEST_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!base)
    console.log(
      '\nPostgreSQL: skipped (set KVARBO_LOADTEST_DATABASE_URL or TEST_DATABASE_URL to a server where a database may be created)',
    );
  else {
    const name = `kvarbo_load_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const drop = async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      await admin.end().catch(() => undefined);
    };
    cleanups.push(drop);
    const url = base.replace(/\/[^/]*$/, `/${name}`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kvarbo-loadtest-'));
    try {
      outcomes.push({
        label: 'PostgreSQL',
        ...(await run('PostgreSQL', baseEnv({ DATABASE_URL: url, KVARBO_DATA_DIR: dir }), { kind: 'postgres', url })),
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await drop();
    }
  }
}

console.log('');
for (const o of outcomes)
  console.log(
    `${o.label}: ${o.errors === 0 && o.p99 < TARGET_P99_MS ? 'meets' : 'MISSES'} the target (errors ${o.errors}, p99 ${o.p99.toFixed(1)} ms < ${TARGET_P99_MS} ms)`,
  );
clearTimeout(hardTimeout);
process.exitCode = outcomes.every((o) => o.errors === 0 && o.p99 < TARGET_P99_MS) ? 0 : 1;

/**
 * `npm run bench:server -- [--lines 5000,100000] [--counted 0.02] [--database pglite|postgres]`:
 * times the server's heavy steps through the real HTTP handlers: seed, create inventory
 * (freeze + snapshot), lines download, count ingest, close (recap, the screen's 500
 * uncounted lines), the listed recap the after export reads, and apply. `--counted` is the
 * share of lines counted (default 1, every line; a real count of a big warehouse is often
 * a few %). Prints one column per size; numbers, not assertions (this machine is shared and
 * noisy).
 *
 * `--database pglite` (the default): in this process on the embedded database, with
 * app.inject. `--database postgres`: on the cluster `.ci/postgres` starts
 * (TEST_DATABASE_URL, or started here), with `--processes N` (default 3) real server
 * processes on one database, the count events pushed over HTTP by 4 devices per process,
 * and the serving process's memory while the lines download (serverProcesses.ts).
 * `--profile DIR` writes each server process's CPU profile there (postgres only).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { CountsPushResultDto, InventoryDto, LineDto, RecapDto } from '../../src/core/api/dto';
import { buildServer } from '../../src/server/app';
import { migrate } from '../../src/server/db/migrate';
import { openPglite } from '../../src/server/db/pglite';
import { seedDemo } from '../../src/server/demo/seed';
import { createDatabase, databaseUrl, dropDatabases } from '../setup/postgres';
import { benchServerProcesses } from './serverProcesses';

const argLines = process.argv.find((a, i) => process.argv[i - 1] === '--lines') ?? '5000,100000';
const sizes = argLines.split(',').map(Number);
const counted = Number(process.argv.find((a, i) => process.argv[i - 1] === '--counted') ?? '1');
if (!(counted > 0 && counted <= 1)) throw new Error(`--counted takes a share of the lines, 0 < x ≤ 1, not ${counted}`);
const every = Math.round(1 / counted);
const database = process.argv.find((a, i) => process.argv[i - 1] === '--database') ?? 'pglite';
if (database !== 'pglite' && database !== 'postgres') throw new Error(`--database pglite|postgres, not ${database}`);
const processes = Number(process.argv.find((a, i) => process.argv[i - 1] === '--processes') ?? '3');
const profileDir = process.argv.find((a, i) => process.argv[i - 1] === '--profile');

async function run(lines: number): Promise<Record<string, number>> {
  const db = await openPglite({});
  await migrate(db);
  const t = performance.now();
  await seedDemo(db, { lines });
  const seedMs = performance.now() - t;
  const app = await buildServer(db, { tokenTtlMs: 3_600_000, staticDir: '/nonexistent' });
  const call = async <T>(
    method: string,
    url: string,
    token?: string,
    body?: unknown,
  ): Promise<{ ms: number; body: T; status: number }> => {
    const start = performance.now();
    const res = await app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    const ms = performance.now() - start;
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    return { ms, body: res.json<T>(), status: res.statusCode };
  };
  const token = (
    await call<{ token: string }>('POST', '/api/session', undefined, { username: 'superviseur', password: 'demo' })
  ).body.token;
  const created = await call<InventoryDto & { lineCount: number }>('POST', '/api/inventories', token, {
    name: 'Bench',
    locationId: 1,
    kind: 'articles',
  });
  const fetched = await call<LineDto[]>('GET', `/api/inventories/${created.body.id}/lines`, token);
  const events = fetched.body
    .filter((_, i) => i % every === 0)
    .map((l, i) => ({
      id: crypto.randomUUID(),
      lineKey: l.key,
      qty: l.serial
        ? 1
        : i % 4 === 0
          ? String(Number((l.expectedQty ?? '0').split('.')[0]) + 1)
          : (l.expectedQty ?? '0').split('.')[0],
      seq: i + 1,
      counter: 'bench',
      at: new Date().toISOString(),
    }));
  let ingestMs = 0;
  for (let i = 0; i < events.length; i += 5000) {
    const r = await call<CountsPushResultDto>('POST', `/api/inventories/${created.body.id}/counts`, token, {
      deviceId: 'bench',
      events: events.slice(i, i + 5000),
    });
    ingestMs += r.ms;
  }
  const closed = await call<RecapDto>('POST', `/api/inventories/${created.body.id}/close?uncounted=500`, token, {});
  const listed = await call<RecapDto>('GET', `/api/inventories/${created.body.id}/recap?uncounted=0`, token);
  const applied = await call('POST', `/api/inventories/${created.body.id}/apply`, token);
  await app.close();
  await db.close();
  return {
    stockLines: lines,
    snapshotLines: created.body.lineCount,
    seedMs: seedMs,
    createMs: created.ms,
    linesGetMs: fetched.ms,
    ingestEventsPerSec: (events.length / ingestMs) * 1000,
    countedLines: events.length,
    closeRecapMs: closed.ms,
    listedRecapMs: listed.ms,
    changedLines: closed.body.totals.changedLines,
    applyMs: applied.ms,
  };
}

/** One size on PostgreSQL: a database of its own on the test cluster, dropped afterwards. */
async function runPostgres(lines: number): Promise<Record<string, number>> {
  const adminUrl =
    process.env.TEST_DATABASE_URL ||
    execFileSync('bash', [path.resolve(import.meta.dirname, '../../.ci/postgres')], { encoding: 'utf8' }).trim();
  const name = `decompte_bench_server_${process.pid}`;
  await dropDatabases(adminUrl, [name]);
  await createDatabase(adminUrl, name);
  try {
    const r = await benchServerProcesses({
      databaseUrl: databaseUrl(adminUrl, name),
      lines,
      counted,
      processes,
      ...(profileDir ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] } : {}),
      log: (line) => console.log(`  ${line}`),
    });
    return {
      stockLines: r.stockLines,
      snapshotLines: r.snapshotLines,
      seedMs: r.seedMs,
      createMs: r.createMs,
      columnsGetMs: r.columnsMs,
      linesGetMs: r.linesMs,
      linesFirstByteMs: r.linesFirstByteMs,
      linesMB: r.linesBytes / 1e6,
      serverRssMB: r.serverRssMB,
      servingRssGrowthMB: r.servingRssGrowthMB,
      processes,
      devices: r.devices,
      ingestEventsPerSec: r.ingestEventsPerSec,
      countedLines: r.eventsSent,
      eventsStored: r.eventsStored,
      closeRecapMs: r.closeRecapMs,
      listedRecapMs: r.listedRecapMs,
      changedLines: r.changedLines,
      applyMs: r.applyMs,
      movements: r.movementsStored,
    };
  } finally {
    await dropDatabases(adminUrl, [name]);
  }
}

const rows: Record<string, number>[] = [];
for (const n of sizes) rows.push(database === 'postgres' ? await runPostgres(n) : await run(n));
// One row per figure, one column per size: the figures are too many to read across.
const figures = Object.keys(rows[0] ?? {});
console.table(
  Object.fromEntries(
    figures.map((k) => [k, Object.fromEntries(rows.map((r, i) => [String(sizes[i]), Math.round(r[k] ?? NaN)]))]),
  ),
);

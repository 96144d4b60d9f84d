/**
 * `npm run bench:server -- [--lines 5000,100000] [--counted 0.02]`: times the server's heavy
 * steps on the real embedded database, through the real HTTP handlers: seed, create inventory
 * (freeze + snapshot), lines download, count ingest, close (recap, the screen's 500 uncounted
 * lines), the listed recap the after export reads, and apply. `--counted` is the share of
 * lines counted (default 1, every line; a real count of a big warehouse is often a few %).
 * Prints one row per size; numbers, not assertions (this machine is shared and noisy).
 */
import type { CountsPushResultDto, InventoryDto, LineDto, RecapDto } from '../../src/core/api/dto';
import { buildServer } from '../../src/server/app';
import { migrate } from '../../src/server/db/migrate';
import { openPglite } from '../../src/server/db/pglite';
import { seedDemo } from '../../src/server/demo/seed';

const argLines = process.argv.find((a, i) => process.argv[i - 1] === '--lines') ?? '5000,100000';
const sizes = argLines.split(',').map(Number);
const counted = Number(process.argv.find((a, i) => process.argv[i - 1] === '--counted') ?? '1');
if (!(counted > 0 && counted <= 1)) throw new Error(`--counted takes a share of the lines, 0 < x ≤ 1, not ${counted}`);
const every = Math.round(1 / counted);

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

const rows = [];
for (const n of sizes) rows.push(await run(n));
console.table(rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Math.round(v)]))));

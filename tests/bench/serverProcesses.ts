/**
 * The server benchmark on PostgreSQL with several real server processes (`npm start` as
 * an operator runs it, one database behind them): seed the stock, create an inventory
 * (freeze + snapshot), download its lines while sampling the serving process's memory,
 * push every count event over HTTP from devices spread over the processes, close (the
 * recap), read the listed recap the after export reads, apply — then check in the
 * database what each step did. `npm run bench:server -- --database postgres` prints the
 * figures; tests/postgres/bench-server.test.ts runs it small and asserts the counts.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { ChunkArrayReader } from '../../src/app/download/chunkArray';
import type { CountsPushResultDto, InventoryDto, RecapDto } from '../../src/core/api/dto';
import { migrate } from '../../src/server/db/migrate';
import { openPostgres } from '../../src/server/db/postgres';
import { seedDemo } from '../../src/server/demo/seed';
import { freePort, startServerProcess, type ServerProcess } from '../server/serverProcess';

/** A device pushes at most this many events at once, as the app's outbox does (src/app/sync/outbox.ts). */
export const PUSH_BATCH = 500;

export interface ServerBenchOptions {
  /** An EMPTY PostgreSQL database: migrated and seeded here. */
  readonly databaseUrl: string;
  /** Stock lines in DEP-01 (the inventory counts its articles: ~60 % of them). */
  readonly lines: number;
  /** Share of the snapshot's lines counted, 0 < x ≤ 1. */
  readonly counted: number;
  readonly processes: number;
  /** Devices pushing at once, spread over the processes (default 4 per process). */
  readonly devices?: number;
  /** Extra Node options for the server processes (e.g. `--cpu-prof`). */
  readonly nodeArgs?: readonly string[];
  readonly log?: (line: string) => void;
}

export interface ServerBenchResult {
  readonly stockLines: number;
  readonly seedMs: number;
  readonly createMs: number;
  readonly snapshotLines: number;
  /** GET lines/columns gzipped, the phones' download (built ahead at the creation): until the last byte. */
  readonly columnsMs: number;
  /** The lines in those chunks. */
  readonly columnsLines: number;
  /** GET lines: until the last byte. */
  readonly linesMs: number;
  readonly linesFirstByteMs: number;
  readonly linesBytes: number;
  /** Objects in the served JSON array. */
  readonly linesServed: number;
  /** The serving process's resident memory: before, and its peak growth while serving. */
  readonly serverRssMB: number;
  readonly servingRssGrowthMB: number;
  readonly devices: number;
  readonly eventsSent: number;
  readonly accepted: number;
  readonly duplicates: number;
  readonly ingestMs: number;
  readonly ingestEventsPerSec: number;
  readonly closeRecapMs: number;
  readonly recapCountedLines: number;
  readonly changedLines: number;
  readonly listedRecapMs: number;
  readonly applyMs: number;
  readonly movements: number;
  /** From the database, after the apply. */
  readonly eventsStored: number;
  readonly registersStored: number;
  readonly movementsStored: number;
  /** Counted lines whose stock line now holds the counted quantity. */
  readonly stockMatchingCounts: number;
}

function rssKb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * Counts the objects of a JSON array as its bytes arrive (the top level must be an array
 * of objects), without holding the text: 1,000,000 lines are hundreds of MB. UTF-8 never
 * puts an ASCII byte inside a multi-byte character, so quotes and brackets are found bytewise.
 */
export class ArrayObjectCounter {
  objects = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private started = false;
  push(chunk: Uint8Array): void {
    for (const b of chunk) {
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (b === 0x5c) this.escaped = true;
        else if (b === 0x22) this.inString = false;
        continue;
      }
      if (b === 0x22) this.inString = true;
      else if (b === 0x5b || b === 0x7b) {
        if (!this.started) {
          if (b !== 0x5b) throw new Error('the lines are not a JSON array');
          this.started = true;
        } else if (this.depth === 1 && b === 0x7b) this.objects++;
        this.depth++;
      } else if (b === 0x5d || b === 0x7d) this.depth--;
    }
  }
  /** The array closed, every string too. */
  get complete(): boolean {
    return this.started && this.depth === 0 && !this.inString;
  }
}

/**
 * One JSON call without a time limit: fetch gives up when the answer's headers take more
 * than 300 s, which a 600,000-line close took on a loaded machine (both runs died there).
 */
function slowJson<T>(
  baseUrl: string,
  method: string,
  url: string,
  options: { token?: string | undefined; body?: unknown },
): Promise<{ status: number; body: T }> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(url, baseUrl),
      {
        method,
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, body: (text ? JSON.parse(text) : undefined) as T });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export async function benchServerProcesses(options: ServerBenchOptions): Promise<ServerBenchResult> {
  const log = options.log ?? (() => undefined);
  const devices = options.devices ?? 4 * options.processes;
  const db = await openPostgres({ url: options.databaseUrl, poolSize: 2 });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'decompte-bench-server-'));
  let servers: ServerProcess[] = [];
  try {
    await migrate(db);
    const t0 = performance.now();
    await seedDemo(db, { lines: options.lines });
    const seedMs = performance.now() - t0;
    log(`seed: ${options.lines} stock lines in ${Math.round(seedMs)} ms`);
    servers = await Promise.all(
      Array.from({ length: options.processes }, async (_, i) =>
        startServerProcess({
          dataDir: path.join(dataDir, String(i)),
          port: await freePort(),
          databaseUrl: options.databaseUrl,
          demo: false,
          ...(options.nodeArgs ? { nodeArgs: options.nodeArgs } : {}),
        }),
      ),
    );
    const first = servers[0] as ServerProcess;
    const call = async <T>(server: ServerProcess, method: string, url: string, body?: unknown, token?: string) => {
      const start = performance.now();
      const res = await slowJson<T>(server.url, method, url, { token, body });
      const ms = performance.now() - start;
      if (res.status >= 300)
        throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
      return { ms, body: res.body };
    };
    const { token } = (
      await call<{ token: string }>(first, 'POST', '/api/session', { username: 'superviseur', password: 'demo' })
    ).body;

    const created = await call<InventoryDto>(
      first,
      'POST',
      '/api/inventories',
      { name: 'Bench', locationId: 1, kind: 'articles' },
      token,
    );
    const id = created.body.id;
    const [snap] = await db.query<{ n: number }>('SELECT snapshot_lines AS n FROM inventories WHERE id = $1', [id]);
    const snapshotLines = snap?.n ?? 0;
    log(`create (freeze + snapshot): ${snapshotLines} lines in ${Math.round(created.ms)} ms`);

    // The chunks the phones download, built ahead as the inventory was created (the
    // supervisor's view, then the counters'): read first, so that building is over before
    // the serving below is measured.
    const counterToken = (
      await call<{ token: string }>(first, 'POST', '/api/session', { username: 'compteur', password: 'demo' })
    ).body.token;
    const readColumns = async (bearer: string): Promise<{ ms: number; lines: number }> => {
      const c0 = performance.now();
      const res = await fetch(`${first.url}/api/inventories/${id}/lines/columns`, {
        headers: { authorization: `Bearer ${bearer}`, 'accept-encoding': 'gzip' },
      });
      if (!res.ok || !res.body) throw new Error(`GET lines/columns: ${res.status} ${await res.text()}`);
      const reader = new ChunkArrayReader();
      const decoder = new TextDecoder();
      let lines = 0;
      for await (const piece of res.body) {
        for (const chunk of reader.push(decoder.decode(piece, { stream: true }))) lines += chunk.keys.length;
      }
      for (const chunk of [...reader.push(decoder.decode()), ...reader.end()]) lines += chunk.keys.length;
      return { ms: performance.now() - c0, lines };
    };
    const asSupervisor = await readColumns(token);
    const asCounter = await readColumns(counterToken);
    const columnsMs = asSupervisor.ms;
    const columnsLines = Math.min(asSupervisor.lines, asCounter.lines);
    log(
      `columns served (gzipped, built ahead): ${asSupervisor.lines} lines in ${Math.round(asSupervisor.ms)} ms ` +
        `(a counter's view: ${asCounter.lines} in ${Math.round(asCounter.ms)} ms)`,
    );

    // The lines as objects, the serving process's memory sampled meanwhile.
    const pid = first.child.pid as number;
    const rssBefore = rssKb(pid);
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssKb(pid))), 20);
    const counter = new ArrayObjectCounter();
    let linesBytes = 0;
    let linesFirstByteMs = 0;
    const l0 = performance.now();
    try {
      const res = await fetch(`${first.url}/api/inventories/${id}/lines`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (!res.ok || !res.body) throw new Error(`GET lines: ${res.status} ${await res.text()}`);
      for await (const chunk of res.body) {
        if (linesBytes === 0) linesFirstByteMs = performance.now() - l0;
        linesBytes += chunk.byteLength;
        counter.push(chunk);
      }
    } finally {
      clearInterval(sampler);
    }
    const linesMs = performance.now() - l0;
    rssPeak = Math.max(rssPeak, rssKb(pid));
    if (!counter.complete) throw new Error('the lines JSON ended early');
    log(
      `lines served: ${counter.objects} in ${Math.round(linesMs)} ms (${(linesBytes / 1e6).toFixed(1)} MB); ` +
        `server memory growth ${((rssPeak - rssBefore) / 1024).toFixed(0)} MB`,
    );

    // Count events: every `every`-th line, spread over the devices, each device's pushes
    // going to one process. Built before the clock starts: a phone has them ready.
    const every = Math.max(1, Math.round(1 / options.counted));
    const rows = await db.query<{ line_key: string; serial: boolean; expected: string }>(
      `SELECT line_key, serial <> '' AS serial, expected_qty::text AS expected
       FROM inventory_lines WHERE inventory_id = $1 ORDER BY line_key`,
      [id],
    );
    const perDevice: string[][] = Array.from({ length: devices }, () => []);
    const pending: { lineKey: string; qty: string | number }[][] = Array.from({ length: devices }, () => []);
    const at = new Date().toISOString();
    const flush = (d: number): void => {
      const events = (pending[d] as { lineKey: string; qty: string | number }[]).map((e, i) => ({
        id: crypto.randomUUID(),
        ...e,
        seq: (perDevice[d] as string[]).length * PUSH_BATCH + i + 1,
        counter: `bench-${d}`,
        at,
      }));
      (perDevice[d] as string[]).push(JSON.stringify({ deviceId: `bench-${d}`, events }));
      pending[d] = [];
    };
    let eventsSent = 0;
    rows.forEach((r, i) => {
      if (i % every !== 0) return;
      const whole = r.expected.split('.')[0] as string;
      const qty = r.serial ? 1 : eventsSent % 4 === 0 ? String(Number(whole) + 1) : whole;
      const d = eventsSent++ % devices;
      (pending[d] as { lineKey: string; qty: string | number }[]).push({ lineKey: r.line_key, qty });
      if ((pending[d] as unknown[]).length === PUSH_BATCH) flush(d);
    });
    for (let d = 0; d < devices; d++) if ((pending[d] as unknown[]).length > 0) flush(d);
    const totals = { accepted: 0, duplicates: 0 };
    const i0 = performance.now();
    await Promise.all(
      perDevice.map(async (bodies, d) => {
        const server = servers[d % servers.length] as ServerProcess;
        for (const body of bodies) {
          const res = await fetch(`${server.url}/api/inventories/${id}/counts`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body,
          });
          const text = await res.text();
          if (!res.ok) throw new Error(`push from bench-${d}: ${res.status} ${text.slice(0, 300)}`);
          const r = JSON.parse(text) as CountsPushResultDto;
          totals.accepted += r.accepted;
          totals.duplicates += r.duplicates;
        }
      }),
    );
    const ingestMs = performance.now() - i0;
    log(
      `ingest: ${eventsSent} events from ${devices} devices over ${servers.length} processes in ${Math.round(ingestMs)} ms`,
    );

    const closed = await call<RecapDto>(
      servers[1 % servers.length] as ServerProcess,
      'POST',
      `/api/inventories/${id}/close?uncounted=500`,
      {},
      token,
    );
    log(`close + recap: ${Math.round(closed.ms)} ms`);
    const listed = await call<RecapDto>(
      servers[2 % servers.length] as ServerProcess,
      'GET',
      `/api/inventories/${id}/recap?uncounted=0`,
      undefined,
      token,
    );
    log(`listed recap: ${Math.round(listed.ms)} ms`);
    const applied = await call<{ movements: number }>(first, 'POST', `/api/inventories/${id}/apply`, undefined, token);
    log(`apply: ${applied.body.movements} movements in ${Math.round(applied.ms)} ms`);

    const [stored] = await db.query<{ events: number; registers: number; movements: number; matching: number }>(
      `SELECT (SELECT count(*)::int FROM count_events WHERE inventory_id = $1) AS events,
              (SELECT count(*)::int FROM count_registers WHERE inventory_id = $1) AS registers,
              (SELECT count(*)::int FROM stock_movements WHERE inventory_id = $1) AS movements,
              (SELECT count(*)::int FROM count_registers r
               JOIN inventory_lines l ON l.inventory_id = r.inventory_id AND l.line_key = r.line_key
               JOIN stock_lines s ON s.location_id = $2 AND s.item_ref = l.item_ref AND s.bin = l.bin
                                 AND s.lot = l.lot AND s.serial = l.serial AND s.qty = r.qty
               WHERE r.inventory_id = $1) AS matching`,
      [id, 1],
    );
    return {
      stockLines: options.lines,
      seedMs,
      createMs: created.ms,
      snapshotLines,
      columnsMs,
      columnsLines,
      linesMs,
      linesFirstByteMs,
      linesBytes,
      linesServed: counter.objects,
      serverRssMB: rssBefore / 1024,
      servingRssGrowthMB: (rssPeak - rssBefore) / 1024,
      devices,
      eventsSent,
      accepted: totals.accepted,
      duplicates: totals.duplicates,
      ingestMs,
      ingestEventsPerSec: (eventsSent / ingestMs) * 1000,
      closeRecapMs: closed.ms,
      recapCountedLines: closed.body.totals.countedLines,
      changedLines: closed.body.totals.changedLines,
      listedRecapMs: listed.ms,
      applyMs: applied.ms,
      movements: applied.body.movements,
      eventsStored: stored?.events ?? -1,
      registersStored: stored?.registers ?? -1,
      movementsStored: stored?.movements ?? -1,
      stockMatchingCounts: stored?.matching ?? -1,
    };
  } finally {
    await Promise.all(servers.map((s) => s.kill('SIGTERM')));
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

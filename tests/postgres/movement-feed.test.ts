/**
 * The movements feed under concurrency, on PostgreSQL where transactions really overlap:
 * a client pulling with its cursor sees every movement exactly once. First the mechanism,
 * step by step on two connections (a movement whose transaction commits late is not
 * skipped: the other writer waits for it); then two server processes moving stock at six
 * locations at once while a puller pages through the feed on both, checked against the
 * table: no gap, no duplicate, in order.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MovementsPageDto } from '../../src/core/outbound';
import { movementsPageJson } from '../../src/server/repos/movements';
import { callJson, freePort, startServerProcess, type ServerProcess } from '../server/serverProcess';
import { filePgDatabase } from '../server/testDatabase';

const LOCATIONS = 6;
const MOVES_PER_STREAM = 40;

const { url: databaseUrl, db } = await filePgDatabase(2);

const INSERT_IMPORT = `INSERT INTO stock_movements (location_id, item_ref, bin, delta, reason, created_by)
  SELECT 2, item_ref, bin, 1, 'import', 'test' FROM stock_lines WHERE location_id = 2 ORDER BY item_ref, bin LIMIT 1
  RETURNING id::float8 AS id`;

const feedAfter = async (after: number): Promise<number[]> =>
  (JSON.parse(await movementsPageJson(db, after, 100)) as MovementsPageDto).movements.map((m) => m.id);

describe('the movements feed on PostgreSQL', () => {
  it('never skips a movement whose transaction commits late: the next writer waits for it', async () => {
    const [w1, w2] = [new pg.Client(databaseUrl), new pg.Client(databaseUrl)];
    await Promise.all([w1.connect(), w2.connect()]);
    try {
      const before = (await feedAfter(0)).at(-1) ?? 0;
      await w1.query('BEGIN');
      // The statement trigger takes the feed lock: this writer never called lockMovementFeed.
      const first = Number((await w1.query<{ id: number }>(INSERT_IMPORT)).rows[0]!.id);
      await w2.query('BEGIN');
      const second = w2.query<{ id: number }>(INSERT_IMPORT);
      // The second writer waits on the feed lock, before it could draw an id.
      for (let i = 0; ; i++) {
        const [row] = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`,
        );
        if (row?.n === 1) break;
        if (i > 400) throw new Error('the second writer never waited on the feed lock');
        await new Promise((r) => setTimeout(r, 10));
      }
      // A reader meanwhile sees nothing new, so its cursor cannot move past the first movement.
      expect(await feedAfter(before)).toEqual([]);
      await w1.query('COMMIT');
      const secondId = Number((await second).rows[0]!.id);
      expect(secondId).toBeGreaterThan(first);
      expect(await feedAfter(before)).toEqual([first]);
      await w2.query('COMMIT');
      expect(await feedAfter(before)).toEqual([first, secondId]);
    } finally {
      await Promise.all([w1.end(), w2.end()]);
    }
  });
});

describe('two server processes moving stock while a client pulls the feed', () => {
  let dataDir: string;
  let servers: ServerProcess[] = [];
  let token: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'decompte-feed-'));
    // Four more locations, each with a copy of MAG-02's stock: moves at different
    // locations do not wait on each other's location lock, only on the feed's.
    for (let i = 3; i <= LOCATIONS; i++) {
      await db.query(`INSERT INTO locations (code, name) VALUES ($1, $2)`, [`L-0${i}`, `Lieu ${i}`]);
      await db.query(
        `INSERT INTO stock_lines (location_id, item_ref, bin, lot, serial, qty)
         SELECT $1, item_ref, bin, lot, serial, qty FROM stock_lines WHERE location_id = 2`,
        [i],
      );
    }
    const ports = [await freePort(), await freePort()];
    servers = await Promise.all(
      ports.map((port, i) =>
        startServerProcess({ dataDir: path.join(dataDir, String(i)), port, databaseUrl: databaseUrl }),
      ),
    );
    const login = await callJson<{ token: string }>(servers[0]!.url, 'POST', '/api/session', {
      body: { username: 'superviseur', password: 'demo' },
    });
    token = login.body.token;
  }, 240_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.kill('SIGTERM')));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('gives the puller every movement exactly once, in order, with no gap', async () => {
    const [last] = await db.query<{ id: number }>('SELECT coalesce(max(id), 0)::float8 AS id FROM stock_movements');
    const start = last?.id ?? 0;
    const lines = await db.query<{ location_id: number; item_ref: string; bin: string }>(
      `SELECT DISTINCT ON (s.location_id) s.location_id, s.item_ref, s.bin
       FROM stock_lines s JOIN items i ON i.ref = s.item_ref
       WHERE i.tracking = 'none' AND i.unit = 'pcs' AND s.qty >= 10 ORDER BY s.location_id, s.item_ref, s.bin`,
    );
    expect(lines).toHaveLength(LOCATIONS);

    let writing = true;
    const pulled: number[] = [];
    const puller = (async () => {
      let cursor = start;
      let turn = 0;
      // Pages of 7 from either process, as fast as it can, until the writers are done and the feed is read.
      for (;;) {
        const done = !writing;
        const server = servers[turn++ % 2]!;
        const page = await callJson<MovementsPageDto>(server.url, 'GET', `/api/movements?after=${cursor}&limit=7`, {
          token,
        });
        expect(page.status).toBe(200);
        pulled.push(...page.body.movements.map((m) => m.id));
        cursor = page.body.cursor;
        if (done && !page.body.more) break;
      }
    })();

    // For every location, one stream of moves through each process: +1, -1, +1…
    let sent = 0;
    const streams = lines.flatMap((l) =>
      servers.map(async (server, s) => {
        for (let i = 0; i < MOVES_PER_STREAM; i++) {
          const res = await callJson(server.url, 'POST', '/api/stock-movements', {
            token,
            body: {
              locationId: l.location_id,
              itemRef: l.item_ref,
              bin: l.bin,
              delta: (i + s) % 2 === 0 ? 1 : -1,
              reason: `course ${s}`,
            },
          });
          expect(res.status, JSON.stringify(res.body)).toBe(201);
          sent++;
        }
      }),
    );
    await Promise.all(streams);
    writing = false;
    await puller;

    const stored = (
      await db.query<{ id: number }>('SELECT id::float8 AS id FROM stock_movements WHERE id > $1 ORDER BY id', [start])
    ).map((r) => r.id);
    expect(sent).toBe(LOCATIONS * 2 * MOVES_PER_STREAM);
    expect(stored).toHaveLength(sent);
    // Exactly the stored movements, each once, in order: nothing skipped, nothing twice.
    expect(pulled).toEqual(stored);
    console.log(
      `movement feed, 2 processes × ${LOCATIONS} locations: ${sent} movements written concurrently, ` +
        `pulled ${pulled.length} in pages of 7 while they were written, skipped 0, duplicated 0`,
    );
  });
});

/**
 * Two server processes on one PostgreSQL database, as behind a reverse proxy: they start
 * at the same moment on an empty database (one migrates and seeds, the other waits), a
 * session opened on one works on the other, the same count events pushed to both at once
 * are stored exactly once, the same inventory started from both at once exists once, and
 * applied from both at once changes the stock exactly once while the other call gets a
 * 409 refusal.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  lineFromDto,
  type ApiError,
  type CountsPushResultDto,
  type InventoryDto,
  type LineDto,
  type RecapDto,
} from '../../src/core/api/dto';
import { buildBeforeExport, stockRowsFromLines, zipExport } from '../../src/core/export';
import type { Database } from '../../src/server/db/database';
import { openPostgres } from '../../src/server/db/postgres';
import { DEMO_USERS } from '../../src/server/demo/seed';
import { callJson, freePort, startServerProcess, type ServerProcess } from '../server/serverProcess';
import { formatScaled, scaled } from '../server/support';
import { newPgDatabase } from '../server/testDatabase';

const LINES = 600;
const ROUNDS = 4;

let dataDir: string;
let database: { url: string; drop(): Promise<void> };
let servers: ServerProcess[] = [];
let db: Database;
let token: string;

const api = <T>(
  server: ServerProcess,
  method: string,
  url: string,
  body?: unknown,
): Promise<{ status: number; body: T }> => callJson<T>(server.url, method, url, { token, body });

const [a, b] = [() => servers[0]!, () => servers[1]!];

async function count(sql: string, params: readonly (string | number)[]): Promise<number> {
  const [row] = await db.query<{ n: number }>(sql, params);
  return row?.n ?? -1;
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'decompte-two-'));
  database = await newPgDatabase({ seeded: false });
  const ports = [await freePort(), await freePort()];
  // Both at once on an EMPTY database: migrations and the demo seed must not run twice.
  servers = await Promise.all(
    ports.map((port, i) =>
      startServerProcess({
        dataDir: path.join(dataDir, String(i)),
        port,
        demoLines: LINES,
        databaseUrl: database.url,
      }),
    ),
  );
  db = await openPostgres({ url: database.url, poolSize: 2 });
}, 240_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.kill('SIGTERM')));
  await db?.close();
  await database?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('two server processes on one PostgreSQL', () => {
  it('started together: the schema migrated once, the demo seeded once, one session valid on both', async () => {
    expect(await count('SELECT count(*)::int AS n FROM schema_migrations', [])).toBe(
      fs.readdirSync('src/server/db/migrations').filter((f) => f.endsWith('.sql')).length,
    );
    expect(await count('SELECT count(*)::int AS n FROM locations', [])).toBe(2);
    expect(await count(`SELECT count(*)::int AS n FROM users`, [])).toBe(DEMO_USERS.length);
    const login = await api<{ token: string }>(a(), 'POST', '/api/session', {
      username: 'superviseur',
      password: 'demo',
    });
    expect(login.status).toBe(201);
    token = login.body.token;
    expect((await api(b(), 'GET', '/api/locations')).status).toBe(200);
  });

  it('stores the same events (and the same before ZIP) pushed to both at once exactly once', async () => {
    const created = await api<InventoryDto>(a(), 'POST', '/api/inventories', {
      name: 'Deux serveurs',
      locationId: 1,
      kind: 'articles',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;
    const lines = (await api<LineDto[]>(b(), 'GET', `/api/inventories/${id}/lines`)).body;
    expect(lines.length).toBeGreaterThan(100);
    // The before ZIP, uploaded three times to each at once (retries reaching either process): stored once.
    const zip = await zipExport(
      await buildBeforeExport(
        {
          phase: 'before',
          inventory: { id, name: created.body.name, kind: created.body.kind, status: created.body.status },
          location: { id: 1, code: 'DEP-01', name: 'Dépôt central' },
          generatedBy: 'superviseur',
          generatedAt: '2026-12-01T09:00:00.000Z',
        },
        stockRowsFromLines(lines.map(lineFromDto)),
      ),
      '2026-12-01T09:00:00.000Z',
    );
    const uploads = await Promise.all(
      [a(), b(), a(), b(), a(), b()].map((s) =>
        fetch(`${s.url}/api/inventories/${id}/exports/before`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/zip' },
          body: new Blob([zip as Uint8Array<ArrayBuffer>]),
        }).then(async (r) => `${r.status} ${await r.text()}`),
      ),
    );
    expect(uploads.map((u) => u.slice(0, 3)).sort(), uploads.join('\n')).toEqual([
      '200',
      '200',
      '200',
      '200',
      '200',
      '201',
    ]);
    expect(await count('SELECT count(*)::int AS n FROM exports WHERE inventory_id = $1', [id])).toBe(1);
    const devices = ['phone-1', 'phone-2'];
    const events = devices.map((deviceId) =>
      lines.map((l, i) => ({
        id: crypto.randomUUID(),
        lineKey: l.key,
        qty: l.serial ? 1 : i % 7,
        seq: i + 1,
        counter: deviceId,
        at: new Date().toISOString(),
      })),
    );
    const totals = { accepted: 0, duplicates: 0 };
    for (let start = 0; start < lines.length; start += 50) {
      // Each batch of each device goes to BOTH servers at the same moment.
      const results = await Promise.all(
        devices.flatMap((deviceId, d) =>
          [a(), b()].map((server) =>
            api<CountsPushResultDto>(server, 'POST', `/api/inventories/${id}/counts`, {
              deviceId,
              events: events[d]!.slice(start, start + 50),
            }),
          ),
        ),
      );
      for (const r of results) {
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        totals.accepted += r.body.accepted;
        totals.duplicates += r.body.duplicates;
      }
    }
    const sent = devices.length * lines.length;
    expect(totals).toEqual({ accepted: sent, duplicates: sent });
    expect(await count('SELECT count(*)::int AS n FROM count_events WHERE inventory_id = $1', [id])).toBe(sent);
    expect(await count('SELECT count(*)::int AS n FROM count_registers WHERE inventory_id = $1', [id])).toBe(sent);
    // Both servers give the same recap, with every line counted by both devices.
    const recaps = await Promise.all([a(), b()].map((s) => api<RecapDto>(s, 'GET', `/api/inventories/${id}/recap`)));
    expect(recaps[0]!.body).toEqual(recaps[1]!.body);
    expect(recaps[0]!.body.totals.countedLines).toBe(lines.length);
    console.log(
      `two processes, events: ${sent} distinct sent twice (${2 * sent} pushes of events), ` +
        `accepted ${totals.accepted}, duplicates ${totals.duplicates}, stored ${sent}`,
    );
    expect((await api(a(), 'POST', `/api/inventories/${id}/cancel`)).status).toBe(200);
  });

  it('applies the same inventory from both at once: the stock changes once, the other call gets 409', async () => {
    const outcomes: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // Started from both at once too: one location, one inventory.
      const starts = await Promise.all(
        [a(), b()].map((s) =>
          api<InventoryDto | ApiError>(s, 'POST', '/api/inventories', {
            name: `Tour ${round}`,
            locationId: 1,
            kind: 'articles',
          }),
        ),
      );
      expect(starts.map((r) => r.status).sort((a, b) => a - b)).toEqual([201, 409]);
      expect((starts.find((r) => r.status === 409)!.body as ApiError).error.code).toBe('location_already_counted');
      const id = (starts.find((r) => r.status === 201)!.body as InventoryDto).id;
      const lines = (await api<LineDto[]>(a(), 'GET', `/api/inventories/${id}/lines`)).body;
      const counted = lines.filter((l) => !l.serial).slice(0, 120);
      const push = await api(b(), 'POST', `/api/inventories/${id}/counts`, {
        deviceId: 'phone',
        events: counted.map((l, i) => ({
          id: crypto.randomUUID(),
          lineKey: l.key,
          qty: formatScaled(scaled(l.expectedQty ?? '0.000', 3) + BigInt(round) * 1000n, 3),
          seq: i + 1,
          counter: 'phone',
          at: new Date().toISOString(),
        })),
      });
      expect(push.status).toBe(200);
      const close = await api<RecapDto>(a(), 'POST', `/api/inventories/${id}/close`, { uncountedPolicy: 'keep' });
      expect(close.status, JSON.stringify(close.body)).toBe(200);
      const stockBefore = await count(
        'SELECT (sum(qty) * 1000)::bigint::int AS n FROM stock_lines WHERE location_id = 1',
        [],
      );

      const results = await Promise.all([a(), b()].map((s) => api<unknown>(s, 'POST', `/api/inventories/${id}/apply`)));
      const statuses = results.map((r) => r.status).sort((a, b) => a - b);
      expect(statuses).toEqual([200, 409]);
      const refusal = results.find((r) => r.status === 409)!.body as ApiError;
      expect(refusal.error.code).toBe('invalid_transition');
      expect(refusal.error.message.length).toBeGreaterThan(0);
      outcomes.push(results.map((r, i) => `${'AB'[i]}:${r.status}`).join('/'));

      expect(await count('SELECT count(*)::int AS n FROM stock_movements WHERE inventory_id = $1', [id])).toBe(
        counted.length,
      );
      const stockAfter = await count(
        'SELECT (sum(qty) * 1000)::bigint::int AS n FROM stock_lines WHERE location_id = 1',
        [],
      );
      // Each counted line went up by `round` units, once.
      expect(stockAfter - stockBefore).toBe(counted.length * round * 1000);
    }
    console.log(`two processes, apply at once ×${ROUNDS}: ${outcomes.join(', ')} (each: one 200, one 409)`);
  });
});

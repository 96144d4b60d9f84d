/**
 * A crash during apply leaves either the old stock or the new stock, never half: the
 * server process is SIGKILLed at several moments while applying a large inventory, then
 * restarted on the same data, and the whole stock of the location is compared with the
 * stock before and the stock the recap promises after.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryDto, LineDto, RecapDto, StockLineDto } from '../../src/core/api/dto';
import { callJson, freePort, startServerProcess, type ServerProcess } from './serverProcess';
import { newPgDatabase, testDatabaseKind } from './testDatabase';

const LINES = 8000;
let dataDir: string;
let port: number;
let server: ServerProcess;
/** On PostgreSQL: the database the server restarts on, and its removal. */
let pgDatabase: { url: string; drop(): Promise<void> } | undefined;
const start = (): Promise<ServerProcess> =>
  startServerProcess({ dataDir, port, demoLines: LINES, ...(pgDatabase ? { databaseUrl: pgDatabase.url } : {}) });

const api = <T>(method: string, url: string, token?: string, body?: unknown): Promise<{ status: number; body: T }> =>
  callJson<T>(server.url, method, url, { token, body });

const login = async (): Promise<string> =>
  (await api<{ token: string }>('POST', '/api/session', undefined, { username: 'superviseur', password: 'demo' })).body
    .token;

const stockKey = (s: { itemRef: string; bin: string; lot: string | null; serial: string | null }): string =>
  `${s.itemRef}|${s.bin}|${s.lot ?? ''}|${s.serial ?? ''}`;

async function stockMap(token: string): Promise<Map<string, string>> {
  const { body } = await api<StockLineDto[]>('GET', '/api/stock?locationId=1', token);
  return new Map(body.map((s) => [stockKey(s), s.qty]));
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'decompte-crash-'));
  port = await freePort();
  if (testDatabaseKind() === 'postgres') pgDatabase = await newPgDatabase({ seeded: false });
  server = await start();
});

afterAll(async () => {
  await server?.kill();
  await pgDatabase?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('apply survives a crash', () => {
  it('leaves the old stock or the new stock after SIGKILL, never a mix', async () => {
    let token = await login();
    const created = await api<InventoryDto>('POST', '/api/inventories', token, {
      name: 'Crash',
      locationId: 1,
      kind: 'articles',
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const lines = (await api<LineDto[]>('GET', `/api/inventories/${id}/lines`, token)).body;
    // Every line gets a different count, so a half-applied stock would show.
    const events = lines.map((l, i) => ({
      id: crypto.randomUUID(),
      lineKey: l.key,
      qty: l.serial
        ? l.expectedQty === '1.000'
          ? 0
          : 1
        : String(BigInt((l.expectedQty ?? '0').split('.')[0] ?? '0') + 1n),
      seq: i + 1,
      counter: 'test',
      at: new Date().toISOString(),
    }));
    for (let i = 0; i < events.length; i += 5000) {
      const push = await api('POST', `/api/inventories/${id}/counts`, token, {
        deviceId: 'crash',
        events: events.slice(i, i + 5000),
      });
      expect(push.status).toBe(200);
    }
    const recap = await api<RecapDto>('POST', `/api/inventories/${id}/close`, token, {});
    expect(recap.status).toBe(200);

    const before = await stockMap(token);
    const after = new Map(before);
    for (const l of [...recap.body.lines, ...recap.body.uncounted]) after.set(stockKey(l), l.counted);
    expect(recap.body.totals.changedLines).toBeGreaterThan(LINES / 3);

    const outcomes: string[] = [];
    for (const delayMs of [5, 40, 120, 250, 500, 900, 1500]) {
      const pending = fetch(`${server.url}/api/inventories/${id}/apply`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      }).then(
        (r) => r.status,
        () => 'killed' as const,
      );
      await new Promise((r) => setTimeout(r, delayMs));
      await server.kill('SIGKILL');
      const answered = await pending;
      server = await start();
      token = await login();
      const status = (await api<InventoryDto>('GET', `/api/inventories/${id}`, token)).body.status;
      const stock = await stockMap(token);
      if (status === 'applied') expect(stock).toEqual(after);
      else {
        expect(status).toBe('closed');
        expect(stock).toEqual(before);
      }
      outcomes.push(`${delayMs}ms:${answered}->${status}`);
      if (status === 'applied') break;
    }
    // At least one kill landed before the commit, so the crash path was exercised.
    expect(outcomes.some((o) => o.includes('killed->closed'))).toBe(true);

    // Whatever happened, a final apply gives the new stock exactly once.
    const final = await api('POST', `/api/inventories/${id}/apply`, token);
    const status = (await api<InventoryDto>('GET', `/api/inventories/${id}`, token)).body.status;
    expect(status).toBe('applied');
    expect([200, 409]).toContain(final.status);
    expect(await stockMap(token)).toEqual(after);
    console.log(`apply crash outcomes (${testDatabaseKind()}): ${outcomes.join(', ')}`);
  }, 180_000); // seven server restarts; slow on a loaded machine
});

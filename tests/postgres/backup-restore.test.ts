/**
 * The PostgreSQL backup of docs/operations.md, as an operator runs it: a server on DATABASE_URL (its
 * start message names PostgreSQL, not ./data) makes an inventory, counts from a device and
 * a verified before ZIP; it is stopped; `pg_dump -Fc` saves the database. Then (1) the
 * database changes (another inventory, more counts) and `pg_restore --clean` puts the
 * saved state back over it, and (2) the dump is restored into a new empty database. A
 * server started on each must give back every inventory, count event, export (byte for
 * byte) and stock line, and nothing made after the dump.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CountsPageDto, InventoryDto, LineDto, StockLineDto } from '../../src/core/api/dto';
import { lineFromDto } from '../../src/core/api/dto';
import { buildBeforeExport, stockRowsFromLines, zipExport } from '../../src/core/export';
import { freePort, startServerProcess, type ServerProcess } from '../server/serverProcess';
import { newPgDatabase } from '../server/testDatabase';

let work: string;
let server: ServerProcess | undefined;
const databases: { url: string; drop(): Promise<void> }[] = [];

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'decompte-pgdump-'));
});
afterAll(async () => {
  await server?.kill();
  for (const d of databases) await d.drop();
  fs.rmSync(work, { recursive: true, force: true });
});

async function start(url: string): Promise<ServerProcess> {
  server = await startServerProcess({ dataDir: path.join(work, 'unused'), port: await freePort(), databaseUrl: url });
  return server;
}

async function api<T>(
  s: ServerProcess,
  method: string,
  url: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; body: T; raw: Buffer }> {
  const binary = body instanceof Uint8Array;
  const res = await fetch(s.url + url, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': binary ? 'application/zip' : 'application/json' }),
    },
    ...(body === undefined ? {} : { body: binary ? Buffer.from(body) : JSON.stringify(body) }),
  });
  const raw = Buffer.from(await res.arrayBuffer());
  const text = raw.toString('utf8');
  const json = res.headers.get('content-type')?.includes('json') && text ? (JSON.parse(text) as T) : (undefined as T);
  return { status: res.status, body: json, raw };
}

const login = async (s: ServerProcess, username = 'superviseur'): Promise<string> =>
  (await api<{ token: string }>(s, 'POST', '/api/session', undefined, { username, password: 'demo' })).body.token;

/** What must come back: inventories, every count event, both exports' bytes, the stock. */
async function state(s: ServerProcess): Promise<unknown> {
  const token = await login(s);
  const inventories = (await api<InventoryDto[]>(s, 'GET', '/api/inventories', token)).body;
  const out: Record<string, unknown> = { inventories: inventories.map((i) => [i.id, i.name, i.status]) };
  for (const inv of inventories) {
    out[`events ${inv.id}`] = (
      await api<CountsPageDto>(s, 'GET', `/api/inventories/${inv.id}/counts?after=0`, token)
    ).body.events.map((e) => [e.id, e.qty, e.counter, e.deviceId]);
    const before = await api<unknown>(s, 'GET', `/api/inventories/${inv.id}/exports/before`, token);
    out[`before ${inv.id}`] = before.status === 200 ? before.raw.toString('base64') : before.status;
  }
  for (const loc of [1, 2]) {
    out[`stock ${loc}`] = (await api<StockLineDto[]>(s, 'GET', `/api/stock?locationId=${loc}`, token)).body.map((l) => [
      l.itemRef,
      l.bin,
      l.lot,
      l.serial,
      l.qty,
    ]);
  }
  return out;
}

const run = (command: string, args: readonly string[]) => {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return r;
};

describe('PostgreSQL backup with pg_dump / pg_restore', () => {
  it('gives back every inventory, count event, export and stock line', async () => {
    const db = await newPgDatabase({ seeded: true });
    databases.push(db);
    let s = await start(db.url);
    expect(s.output()).toContain('data in PostgreSQL');
    expect(s.output()).not.toContain(path.join(work, 'unused'));
    const token = await login(s);
    const inv = (
      await api<InventoryDto>(s, 'POST', '/api/inventories', token, {
        name: 'Sauvegarde',
        locationId: 1,
        kind: 'articles',
      })
    ).body;
    const wire = (await api<LineDto[]>(s, 'GET', `/api/inventories/${inv.id}/lines`, token)).body;
    const at = '2026-12-01T18:00:00.000Z';
    const zip = await zipExport(
      await buildBeforeExport(
        {
          phase: 'before',
          inventory: { id: inv.id, name: inv.name, kind: inv.kind, status: inv.status },
          location: { id: 1, code: 'DEP-01', name: 'Dépôt central' },
          generatedBy: 'superviseur',
          generatedAt: at,
        },
        stockRowsFromLines(wire.map(lineFromDto)),
      ),
      at,
    );
    expect((await api(s, 'PUT', `/api/inventories/${inv.id}/exports/before`, token, zip)).status).toBe(201);
    const plain = wire.filter((l) => l.unit === 'pcs' && l.serial === null).slice(0, 30);
    const counter = await login(s, 'compteur');
    const events = plain.map((l, i) => ({
      id: crypto.randomUUID(),
      lineKey: l.key,
      qty: String(i),
      seq: i + 1,
      at: new Date().toISOString(),
    }));
    expect(
      (await api(s, 'POST', `/api/inventories/${inv.id}/counts`, counter, { deviceId: 'dump', events })).status,
    ).toBe(200);
    const saved = await state(s);
    await s.kill('SIGTERM');

    const dump = path.join(work, 'decompte.dump');
    // The documented command: pg_dump -Fc -f decompte.dump "$DATABASE_URL"
    run('pg_dump', ['-Fc', '-f', dump, db.url]);

    // (1) The database moves on after the dump; pg_restore --clean puts the saved state back.
    s = await start(db.url);
    const t2 = await login(s);
    const later = await api<InventoryDto>(s, 'POST', '/api/inventories', t2, {
      name: 'Après la sauvegarde',
      locationId: 2,
      kind: 'articles',
    });
    expect(later.status).toBe(201);
    expect(await state(s)).not.toEqual(saved);
    await s.kill('SIGTERM');
    run('pg_restore', ['--clean', '--if-exists', '-d', db.url, dump]);
    s = await start(db.url);
    expect(await state(s)).toEqual(saved);
    await s.kill('SIGTERM');

    // (2) Into a new, empty database.
    const empty = await newPgDatabase({ seeded: false });
    databases.push(empty);
    run('pg_restore', ['-d', empty.url, dump]);
    s = await start(empty.url);
    expect(await state(s)).toEqual(saved);
    await s.kill('SIGTERM');
  }, 240_000);
});

/**
 * `npm run backup` / `npm run restore` on the embedded database, run as the commands an
 * operator types: a real server makes inventories (one applied, one still counting),
 * counts from two devices and before ZIPs; it is stopped, backed up, its data wiped, the
 * backup restored, and a new server on the restored data must give back every
 * inventory, count event, export (byte for byte) and stock line. Refusals change nothing:
 * a running server, a non-empty DATA_DIR without --force, a damaged or cut file.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  lineFromDto,
  type CountsPageDto,
  type InventoryDto,
  type LineDto,
  type RecapDto,
  type StockLineDto,
} from '../../src/core/api/dto';
import { buildBeforeExport, stockRowsFromLines, zipExport } from '../../src/core/export';
import { freePort, startServerProcess, type ServerProcess } from '../server/serverProcess';

const ROOT = path.resolve(import.meta.dirname, '../..');
let work: string;
let dataDir: string;
let port: number;
let server: ServerProcess | undefined;
let token = '';

async function api(method: string, url: string, body?: unknown): Promise<{ status: number; raw: Buffer }> {
  const binary = body instanceof Uint8Array;
  const res = await fetch(`http://127.0.0.1:${port}${url}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': binary ? 'application/zip' : 'application/json' }),
    },
    ...(body === undefined
      ? {}
      : { body: binary ? new Blob([body as Uint8Array<ArrayBuffer>]) : JSON.stringify(body) }),
  });
  return { status: res.status, raw: Buffer.from(await res.arrayBuffer()) };
}

async function json<T>(method: string, url: string, body?: unknown, status = 200): Promise<T> {
  const res = await api(method, url, body);
  expect(res.status, res.raw.toString()).toBe(status);
  return JSON.parse(res.raw.toString()) as T;
}

async function start(): Promise<void> {
  server = await startServerProcess({ dataDir, port, demoLines: 600 });
  token = (await json<{ token: string }>('POST', '/api/session', { username: 'superviseur', password: 'demo' }, 201))
    .token;
}

/** `npm run backup|restore -- …` as an operator runs it, on DATA_DIR. */
function npmRun(script: 'backup' | 'restore', args: readonly string[], dir = dataDir): { code: number; out: string } {
  const res = spawnSync('npm', ['run', '--silent', script, '--', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '' },
    encoding: 'utf8',
    timeout: 180_000,
  });
  return { code: res.status ?? -1, out: `${res.stdout}${res.stderr}` };
}

/** Everything the restore must bring back, read through the API. */
async function everything(): Promise<unknown> {
  const inventories = await json<InventoryDto[]>('GET', '/api/inventories');
  const details = [];
  for (const inv of inventories) {
    const events = await json<CountsPageDto>('GET', `/api/inventories/${inv.id}/counts?after=0&limit=10000`);
    const recap = await json<RecapDto>('GET', `/api/inventories/${inv.id}/recap`);
    const before = await api('GET', `/api/inventories/${inv.id}/exports/before`);
    details.push({
      inv,
      events: events.events,
      recap,
      before: before.status === 200 ? before.raw.toString('base64') : before.status,
    });
  }
  const stock = await Promise.all([1, 2].map((loc) => json<StockLineDto[]>('GET', `/api/stock?locationId=${loc}`)));
  return { details, stock };
}

const listing = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []);

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'decompte-backup-'));
  dataDir = path.join(work, 'data');
  port = await freePort();
  await start();
}, 180_000);

afterAll(async () => {
  await server?.kill('SIGTERM');
  fs.rmSync(work, { recursive: true, force: true });
});

describe('npm run backup / npm run restore', () => {
  let saved: unknown;
  let file: string;

  it('backs up a database with inventories, counts and exports, and refuses while the server runs', async () => {
    for (const [locationId, apply] of [
      [1, true],
      [2, false],
    ] as const) {
      const inv = await json<InventoryDto>(
        'POST',
        '/api/inventories',
        { name: `Sauvegarde ${locationId}`, locationId, kind: 'articles' },
        201,
      );
      const lines = await json<LineDto[]>('GET', `/api/inventories/${inv.id}/lines`);
      const zip = await zipExport(
        await buildBeforeExport(
          {
            phase: 'before',
            inventory: { id: inv.id, name: inv.name, kind: inv.kind, status: inv.status },
            // The server rebuilds the ZIP from its own data: the location as it knows it.
            location:
              locationId === 1
                ? { id: 1, code: 'DEP-01', name: 'Dépôt central' }
                : { id: 2, code: 'MAG-02', name: 'Magasin atelier' },
            generatedBy: 'superviseur',
            generatedAt: '2026-12-01T09:00:00.000Z',
          },
          stockRowsFromLines(lines.map(lineFromDto)),
        ),
        '2026-12-01T09:00:00.000Z',
      );
      expect((await api('PUT', `/api/inventories/${inv.id}/exports/before`, zip)).status).toBe(201);
      for (const deviceId of ['phone-a', 'phone-b']) {
        const events = lines.slice(0, 40).map((l, i) => ({
          id: crypto.randomUUID(),
          lineKey: l.key,
          qty: l.serial ? 1 : (i % 5) + 1,
          seq: i + 1,
          counter: deviceId,
          at: new Date().toISOString(),
        }));
        await json('POST', `/api/inventories/${inv.id}/counts`, { deviceId, events });
      }
      if (apply) {
        await json('POST', `/api/inventories/${inv.id}/close`, { uncountedPolicy: 'keep' });
        await json('POST', `/api/inventories/${inv.id}/apply`);
      }
    }
    saved = await everything();

    const refused = npmRun('backup', ['--out', path.join(work, 'refused.tar.gz')]);
    expect(refused.code).not.toBe(0);
    expect(refused.out).toMatch(/in use by a running Décompte server/);
    expect(fs.existsSync(path.join(work, 'refused.tar.gz'))).toBe(false);

    await server?.kill('SIGTERM');
    server = undefined;
    file = path.join(work, 'backups', 'decompte.tar.gz');
    const backup = npmRun('backup', ['--out', file]);
    expect(backup.code, backup.out).toBe(0);
    expect(backup.out).toMatch(/It holds 2 inventories, 160 count events, 2 exports/);
    expect(fs.statSync(file).size).toBeGreaterThan(0);
    console.log(`backup: ${backup.out.trim().split('\n')[0]}`);
  });

  it('refuses a non-empty DATA_DIR without --force, and damaged files, changing nothing', () => {
    const before = listing(dataDir);
    const notEmpty = npmRun('restore', [file]);
    expect(notEmpty.code).not.toBe(0);
    expect(notEmpty.out).toMatch(/is not empty .*--force/);
    expect(listing(dataDir)).toEqual(before);

    const bytes = fs.readFileSync(file);
    const flipped = Buffer.from(bytes);
    flipped[Math.floor(bytes.length / 2)]! ^= 0xff;
    const damaged: Record<string, Buffer> = {
      'flipped.tar.gz': flipped,
      'cut.tar.gz': bytes.subarray(0, Math.floor(bytes.length * 0.6)),
      'notes.txt': Buffer.from('this is not a backup\n'),
    };
    const target = path.join(work, 'fresh');
    for (const [name, content] of Object.entries(damaged)) {
      fs.writeFileSync(path.join(work, name), content);
      const res = npmRun('restore', [path.join(work, name)], target);
      expect(res.code, name).not.toBe(0);
      expect(res.out, name).toMatch(/is not a usable Décompte backup .*Nothing was changed/);
      expect(fs.existsSync(target), name).toBe(false);
      expect(
        fs.readdirSync(work).filter((f) => f.includes('restoring')),
        name,
      ).toEqual([]);
    }
    const missing = npmRun('restore', [path.join(work, 'nowhere.tar.gz')], target);
    expect(missing.out).toMatch(/No backup file/);
  });

  it('restores into a wiped DATA_DIR: every inventory, count, export and stock line is back', async () => {
    fs.rmSync(dataDir, { recursive: true });
    const restore = npmRun('restore', [file]);
    expect(restore.code, restore.out).toBe(0);
    expect(restore.out).toMatch(/It holds 2 inventories, 160 count events, 2 exports/);
    await start();
    expect(await everything()).toEqual(saved);
  });

  it('with --force replaces a DATA_DIR that holds data, moving the old data aside', async () => {
    // A count made after the backup: the forced restore rolls it back, the old data keeps it.
    const counting = (await json<InventoryDto[]>('GET', '/api/inventories')).find((i) => i.status === 'counting')!;
    const [line] = await json<LineDto[]>('GET', `/api/inventories/${counting.id}/lines`);
    const late = {
      id: crypto.randomUUID(),
      lineKey: line!.key,
      qty: 1,
      seq: 999,
      counter: 'x',
      at: new Date().toISOString(),
    };
    await json('POST', `/api/inventories/${counting.id}/counts`, { deviceId: 'phone-c', events: [late] });
    await server?.kill('SIGTERM');
    server = undefined;
    const forced = npmRun('restore', [file, '--force']);
    expect(forced.code, forced.out).toBe(0);
    const aside = /moved to (\S+)/.exec(forced.out)?.[1];
    expect(aside && fs.existsSync(path.join(aside, 'pgdata', 'PG_VERSION'))).toBe(true);
    await start();
    expect(await everything()).toEqual(saved);
  });
});

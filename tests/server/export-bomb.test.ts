/**
 * Issue #19, finding 2: a 1 MB upload must not take gigabytes. Three ZIP bombs at once —
 * one whose manifest.json and central directory honestly declare 900 MB of stock.csv
 * (~0.9 MB deflated), one that hides 900 MB behind the real manifest and a declared size
 * of a few kilobytes, one whose central directory lies about its size — are sent to a
 * real server process, with ordinary calls beside them. Every bomb gets a 4xx, every
 * ordinary call its answer, and the process's peak memory (VmHWM) grows by less than a
 * ceiling far below one bomb's size.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { lineFromDto, type InventoryDto, type LineDto } from '../../src/core/api/dto';
import { buildBeforeExport, stockRowsFromLines, type ExportHeader } from '../../src/core/export';
import { sha256Hex } from '../../src/core/export/manifest';
import { openPglite } from '../../src/server/db/pglite';
import { callJson, freePort, startServerProcess, type ServerProcess } from './serverProcess';
import { newPgDatabase, testDatabaseKind } from './testDatabase';
import { craftZip, deflated, deflatedZeros } from './zipCraft';

const BOMB = 900 * 1024 * 1024;
/** Far below one bomb: what three checks at once may add to the process's peak memory. */
const CEILING_MB = 300;

let dataDir: string;
let server: ServerProcess;
let pgDatabase: { url: string; drop(): Promise<void> } | undefined;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'decompte-bomb-'));
  if (testDatabaseKind() === 'postgres') pgDatabase = await newPgDatabase({ seeded: true });
  else {
    const db = await openPglite({ dataDir, loadDataDir: new Blob([fs.readFileSync(inject('templateDump'))]) });
    await db.close();
  }
  server = await startServerProcess({
    dataDir,
    port: await freePort(),
    ...(pgDatabase ? { databaseUrl: pgDatabase.url } : {}),
  });
}, 180_000);

afterAll(async () => {
  await server?.kill();
  await pgDatabase?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The peak resident memory of the server process so far, in MB (Linux /proc). */
const peakMb = (): number => {
  const status = fs.readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
};

const api = <T>(method: string, url: string, token?: string, body?: unknown) =>
  callJson<T>(server.url, method, url, { token, body });

const upload = async (url: string, token: string, zip: Uint8Array): Promise<{ status: number; code: string }> => {
  const res = await fetch(server.url + url, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/zip' },
    body: Buffer.from(zip),
  });
  const body = (await res.json()) as { error?: { code?: string } };
  return { status: res.status, code: body.error?.code ?? '' };
};

describe('ZIP bombs', () => {
  it('three at once are refused before they inflate, under a memory ceiling, while other calls are answered', async () => {
    const login = await api<{ token: string }>('POST', '/api/session', undefined, {
      username: 'superviseur',
      password: 'demo',
    });
    const token = login.body.token;
    const created = await api<InventoryDto>('POST', '/api/inventories', token, {
      name: 'Bombe',
      locationId: 1,
      kind: 'articles',
    });
    expect(created.status).toBe(201);
    const inv = created.body;
    const wire = (await api<LineDto[]>('GET', `/api/inventories/${inv.id}/lines`, token)).body;
    const header: ExportHeader = {
      phase: 'before',
      inventory: { id: inv.id, name: inv.name, kind: inv.kind, status: inv.status },
      location: { id: 1, code: 'DEP-01', name: 'Dépôt central' },
      generatedBy: 'superviseur',
      generatedAt: '2026-11-25T09:15:00.000Z',
    };
    const [stock, manifest] = await buildBeforeExport(header, stockRowsFromLines(wire.map(lineFromDto)));
    const zeros = await deflatedZeros(BOMB);
    expect(zeros.byteLength).toBeLessThan(2 * 1024 * 1024);

    // 1. Honest: manifest.json and the central directory both say 900 MB.
    const honestManifest = JSON.parse(new TextDecoder().decode(manifest!.bytes)) as {
      files: { bytes: number; sha256: string }[];
    };
    honestManifest.files[0]!.bytes = BOMB;
    honestManifest.files[0]!.sha256 = await sha256Hex(new Uint8Array(1));
    const honestBytes = new TextEncoder().encode(JSON.stringify(honestManifest, null, 2));
    const honest = craftZip([
      { name: 'stock.csv', deflated: zeros, declaredSize: BOMB },
      { name: 'manifest.json', deflated: deflated(honestBytes), declaredSize: honestBytes.byteLength },
    ]);
    // 2. Hidden: the server's own manifest, stock.csv declared at its real size, 900 MB inside.
    const hidden = craftZip([
      { name: 'stock.csv', deflated: zeros, declaredSize: stock!.bytes.byteLength },
      { name: 'manifest.json', deflated: deflated(manifest!.bytes), declaredSize: manifest!.bytes.byteLength },
    ]);
    // 3. Lying: the manifest says 900 MB, the central directory a few bytes.
    const lying = craftZip([
      { name: 'stock.csv', deflated: zeros, declaredSize: 10 },
      { name: 'manifest.json', deflated: deflated(honestBytes), declaredSize: honestBytes.byteLength },
    ]);
    for (const zip of [honest, hidden, lying]) expect(zip.byteLength).toBeLessThan(2 * 1024 * 1024);

    // Warm: one genuine-sized check first, so the baseline holds the code paths' own memory.
    const url = `/api/inventories/${inv.id}/exports/before`;
    expect((await upload(url, token, hidden)).status).toBe(422);
    const baseline = peakMb();
    const [bombs, others] = await Promise.all([
      Promise.all([upload(url, token, honest), upload(url, token, hidden), upload(url, token, lying)]),
      Promise.all(Array.from({ length: 5 }, () => api('GET', `/api/inventories/${inv.id}`, token))),
    ]);
    const peak = peakMb();
    console.log(
      `ZIP bombs: ${bombs.map((b) => `${b.status} ${b.code}`).join(', ')}; peak memory ${Math.round(baseline)} → ${Math.round(peak)} MB`,
    );
    expect(bombs.map((b) => b.status >= 400 && b.status < 500)).toEqual([true, true, true]);
    expect(bombs.map((b) => b.code)).toEqual(['export_too_large', 'export_mismatch', 'export_too_large']);
    expect(others.map((o) => o.status)).toEqual([200, 200, 200, 200, 200]);
    expect(peak - baseline).toBeLessThan(CEILING_MB);
    const stored = await api('GET', url, token);
    expect(stored.status).toBe(404);
  }, 180_000);
});

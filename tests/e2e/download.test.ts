/**
 * The snapshot download (issue 23: read and stored by a worker, not the page). An
 * inventory of several chunks opened on a phone is stored whole: every line the server
 * lists, field for field, in order, and the count opens on it. A download cut midway (the
 * proxy closes the socket in the lines answer, gzip or not) leaves nothing on the device — no
 * inventory record, no chunk — and says the server could not be reached; opening again
 * downloads it whole.
 */
import http from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryDto, LineDto, LocationDto } from '../../src/core/api/dto';
import { newDevice, type Device } from './support/browser';
import { login } from './support/countUi';
import { startCutProxy, type CutProxy } from './support/cutProxy';
import { DEMO, startE2eServer, type E2eServer } from './support/server';

let server: E2eServer;
let proxy: CutProxy;
let device: Device;

beforeAll(async () => {
  // Some 4,000 article lines at DEP-01: three chunks of 2,000 lines (the last one partial).
  server = await startE2eServer({ demoLines: 7000 });
  proxy = await startCutProxy(server.url);
  device = await newDevice(`${proxy.url}/`);
});

afterAll(async () => {
  await device?.close();
  await proxy?.close();
  await server?.dispose();
});

interface DeviceCopy {
  /** The inventory record, or null when the device has none. */
  readonly inventory: { lineCount: number; chunkCount: number } | null;
  /** The snapshot's lines, chunk after chunk, decoded from the stored columns. */
  readonly lines: LineDto[];
  readonly chunks: number;
}

/** What the phone's IndexedDB holds of an inventory, read with raw indexedDB (not the app's code). */
const deviceCopy = (page: Page, inventoryId: number): Promise<DeviceCopy> =>
  page.evaluate(async (id) => {
    const done = <T>(r: IDBRequest<T>): Promise<T> =>
      new Promise((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
      });
    const db = await done(indexedDB.open('decompte'));
    const tx = db.transaction(['inventories', 'chunks'], 'readonly');
    const inventory = ((await done(tx.objectStore('inventories').get(id))) ?? null) as DeviceCopy['inventory'];
    const range = IDBKeyRange.bound([id, -Infinity], [id, Infinity]);
    const chunks = (await done(tx.objectStore('chunks').getAll(range))) as { index: number; columns: string }[];
    db.close();
    const lines: LineDto[] = [];
    for (const c of chunks) {
      const columns = JSON.parse(c.columns) as Record<string, unknown[]>;
      columns.key!.forEach((_, i) => {
        const line: Record<string, unknown> = {};
        for (const [field, values] of Object.entries(columns)) {
          // Absent on the wire is null in a column: the line as the server sent it.
          if ((field === 'packs' || field === 'decimals' || field === 'costMissing') && values[i] === null) continue;
          line[field] = field === 'added' ? values[i] === 1 : values[i];
        }
        lines.push(line as unknown as LineDto);
      });
    }
    return { inventory, lines, chunks: chunks.length };
  }, inventoryId);

/** A new inventory of DEP-01, made through the API (the phone then opens it from the list's address). */
async function newInventory(name: string): Promise<{ id: number; lines: LineDto[]; columnsBytes: number }> {
  const token = await server.login(DEMO.supervisor);
  const locations = (await server.api<LocationDto[]>('GET', '/api/locations', { token })).body;
  const depot = locations.find((l) => l.code === 'DEP-01')!;
  const created = await server.api<InventoryDto>('POST', '/api/inventories', {
    token,
    body: { name, locationId: depot.id, kind: 'articles' },
  });
  expect(created.status).toBe(201);
  const lines = (await server.api<LineDto[]>('GET', `/api/inventories/${created.body.id}/lines`, { token })).body;
  const columnsBytes = await bodyBytes(`/api/inventories/${created.body.id}/lines/columns`, token);
  return { id: created.body.id, lines, columnsBytes };
}

/** What the app downloads (the same lines as the server's chunks of columns): its body's bytes as a browser gets them, gzip included. */
function bodyBytes(urlPath: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      `${server.url}${urlPath}`,
      { headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip, deflate, br' } },
      (res) => {
        let bytes = 0;
        res.on('data', (piece: Buffer) => (bytes += piece.length));
        res.on('end', () => (res.statusCode === 200 ? resolve(bytes) : reject(new Error(`HTTP ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
  });
}

describe('downloading an inventory to the phone', () => {
  it('stores nothing of a download cut midway, says why, and stores every line on the next try', async () => {
    const page = device.page;
    await login(page, DEMO.supervisor);
    const inv = await newInventory('Coupure');
    const chunks = Math.ceil(inv.lines.length / 2000);
    expect(chunks).toBeGreaterThanOrEqual(3);

    // Cut 70 % of the way into the chunks of columns the app downloads: a whole chunk (2,000
    // lines) and more already read, which a download writing as it goes would have stored.
    proxy.cutLines(Math.round(inv.columnsBytes * 0.7));
    await page.evaluate((id) => (location.hash = `#/inventory/${id}`), inv.id);
    await page.getByRole('alert').filter({ hasText: 'Serveur injoignable' }).waitFor({ timeout: 30_000 });
    expect(proxy.cuts).toBe(1);
    const cut = await deviceCopy(page, inv.id);
    expect(cut.inventory).toBeNull();
    expect(cut.chunks).toBe(0);

    // Again: the whole snapshot, field for field; the before ZIP (made by itself on a
    // supervisor's phone) and the count open on it.
    await page.reload();
    await page
      .locator('.lines [role=listitem]')
      .first()
      .waitFor({ timeout: 60_000 })
      .catch(async (e: unknown) => {
        throw new Error(`${String(e)}; the screen: ${await page.locator('main').innerText()}`);
      });
    await page.getByRole('heading', { name: 'Coupure' }).waitFor();
    const stored = await deviceCopy(page, inv.id);
    expect(stored.inventory).toMatchObject({ lineCount: inv.lines.length, chunkCount: chunks });
    expect(stored.chunks).toBe(chunks);
    expect(stored.lines).toEqual(inv.lines);
    expect(device.errorsExcept(/ERR_INCOMPLETE_CHUNKED_ENCODING|ERR_CONNECTION|Failed to load resource/)).toEqual([]);
  }, 180_000);
});

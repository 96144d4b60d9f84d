/**
 * A phone updated in the middle of an inventory: its database was written by the previous
 * version (schema version 3: snapshot chunks as JSON objects) and holds a count not sent
 * yet. The new version opens it: the chunks are rewritten as columns once, every line is
 * there, the count is still shown and still reaches the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CountsPageDto } from '../../src/core/api/dto';
import { newDevice, type Device } from './support/browser';
import { countLine, createInventory, lineRow, login } from './support/countUi';
import { chunkFields, rewriteAsVersion3 } from './support/deviceDb';
import { DEMO, startE2eServer, type E2eServer } from './support/server';

let server: E2eServer;
let phone: Device;

beforeAll(async () => {
  server = await startE2eServer();
  phone = await newDevice(`${server.url}/`);
});

afterAll(async () => {
  await phone?.close();
  await server?.dispose();
});

const COUNTS = '**/api/inventories/*/counts';

describe('the device database written by the previous version', () => {
  it('is upgraded on first open: lines, counts and the outbox kept', async () => {
    const page = phone.page;
    await login(page, DEMO.supervisor);
    const name = 'Mise à jour e2e';
    const { id, lines } = await createInventory(page, server, { name, locationCode: 'DEP-01' });
    const line = lines.find((l) => !l.lot && !l.serial && l.unit === 'pcs')!;
    // The push fails: the count waits on the phone through the update.
    const refuse = (route: import('playwright-core').Route) =>
      route.request().method() === 'POST' ? route.abort() : route.fallback();
    await page.route(COUNTS, refuse);
    await countLine(page, line, '7');
    expect((await chunkFields(page)).fields).toEqual(['columns', 'index', 'inventoryId']);

    // No app on the page while its database is put back as version 3 wrote it.
    await page.goto(`${server.url}/api/`);
    const rewritten = await rewriteAsVersion3(page);
    expect(rewritten.from).toBe(40);
    expect(rewritten.chunks).toBeGreaterThan(0);
    expect(await chunkFields(page)).toEqual({ version: 30, fields: ['index', 'inventoryId', 'json'] });

    await page.goto(`${server.url}/#/inventory/${id}`);
    await page.getByRole('heading', { name }).waitFor();
    await expect.poll(() => page.getByTestId('progress').textContent()).toBe(`1 / ${lines.length} lignes comptées`);
    expect(await chunkFields(page)).toEqual({ version: 40, fields: ['columns', 'index', 'inventoryId'] });
    await page.getByRole('searchbox', { name: /Recherche/ }).fill(line.itemRef);
    await expect.poll(() => lineRow(page, line).textContent()).toContain('7 pcs');
    // Every line of the snapshot is on the phone, none twice.
    await page.getByRole('searchbox', { name: /Recherche/ }).fill('');
    await page.getByText(new RegExp(`^${lines.length} lignes$`)).waitFor();

    // The count made before the update reaches the server once the push goes through.
    await page.unroute(COUNTS, refuse);
    await page.evaluate(() => dispatchEvent(new Event('online')));
    await expect.poll(() => page.getByTestId('unsent').textContent(), { timeout: 60_000 }).toBe('Tout est envoyé');
    const token = await server.login(DEMO.supervisor);
    const counts = await server.api<CountsPageDto>('GET', `/api/inventories/${id}/counts?after=0&limit=50`, { token });
    expect(counts.body.events.map((e) => [e.lineKey, e.qty])).toEqual([[line.key, '7.000']]);
    // Only the refusals this test made: the aborted pushes and the /api/ page.
    const expected = /^console\.error: Failed to load resource: (net::ERR_FAILED \(.*\/counts:0\)|.*404.*\/api\/:0\))$/;
    expect(phone.errors.filter((e) => !expected.test(e))).toEqual([]);
  });
});

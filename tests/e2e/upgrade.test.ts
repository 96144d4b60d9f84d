/**
 * A phone updated in the middle of an inventory: its database was written by the previous
 * version (schema version 3: snapshot chunks as JSON objects) and holds a count not sent
 * yet. The new version opens it: the chunks are rewritten as columns once, every line is
 * there, the count is still shown and still reaches the server.
 *
 * The same update on a FULL phone (Chromium's quota for the app's origin overridden below
 * what it holds): the update cannot be written, so the app must stop on its clear "device
 * full" message with the previous version's data untouched — the unsent counts still
 * there — and, once space is back, reloading completes the update and sends every count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CountsPageDto } from '../../src/core/api/dto';
import { newDevice, type Device } from './support/browser';
import { countLine, createInventory, lineRow, login } from './support/countUi';
import { chunkFields, rewriteAsVersion3, storedEvents } from './support/deviceDb';
import { quotaControl } from './support/quota';
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

  it('on a full device stops with a clear message, changes nothing, and completes once space is back', async () => {
    const full = await newDevice(`${server.url}/`);
    try {
      const page = full.page;
      await login(page, DEMO.supervisor);
      const name = 'Disque plein e2e';
      const { id, lines } = await createInventory(page, server, { name, locationCode: 'MAG-02' });
      const counted = lines.filter((l) => !l.lot && !l.serial && l.unit === 'pcs').slice(0, 3);
      expect(counted).toHaveLength(3);
      // The pushes fail: the counts wait on the phone through the update.
      const refuse = (route: import('playwright-core').Route) =>
        route.request().method() === 'POST' ? route.abort() : route.fallback();
      await page.route(COUNTS, refuse);
      for (const [i, line] of counted.entries()) await countLine(page, line, String(4 + i));

      await page.goto(`${server.url}/api/`);
      await rewriteAsVersion3(page);
      const before = (await storedEvents(page)).sort((a, b) => a.seq - b.seq);
      expect(before.map((e) => [e.lineKey, e.qty, e.pending])).toEqual(
        counted.map((l, i) => [l.key, `${4 + i}.000`, 1]),
      );

      // The phone is full: its quota below what it holds, enforced by IndexedDB too.
      const quota = await quotaControl(page);
      await quota.fill();
      await quota.enforced();
      expect(await quota.usage()).toMatchObject({ quota: 1, overridden: true });

      await page.goto(`${server.url}/#/inventory/${id}`);
      const alert = page.getByRole('alert');
      await expect
        .poll(() => alert.textContent(), { timeout: 30_000 })
        .toBe(
          'La mémoire de l’appareil est pleine : la mise à jour de ses données n’a pas pu se faire. ' +
            'Rien n’a été perdu ni changé. Libérez de la place (photos, autres applications), puis rechargez.',
        );
      await expect(page.getByRole('button', { name: 'Recharger' }).isVisible()).resolves.toBe(true);
      // Nothing changed: still version 3's layout and every unsent count as it was.
      expect(await chunkFields(page)).toEqual({ version: 30, fields: ['index', 'inventoryId', 'json'] });
      expect((await storedEvents(page)).sort((a, b) => a.seq - b.seq)).toEqual(before);

      // Space is back: Recharger, and the update goes through with every count.
      await quota.lift();
      await quota.close();
      await page.getByRole('button', { name: 'Recharger' }).click();
      await page.getByRole('heading', { name }).waitFor({ timeout: 60_000 });
      expect(await chunkFields(page)).toEqual({ version: 40, fields: ['columns', 'index', 'inventoryId'] });
      await expect.poll(() => page.getByTestId('progress').textContent()).toBe(`3 / ${lines.length} lignes comptées`);
      await page.unroute(COUNTS, refuse);
      await page.evaluate(() => dispatchEvent(new Event('online')));
      await expect.poll(() => page.getByTestId('unsent').textContent(), { timeout: 60_000 }).toBe('Tout est envoyé');
      const token = await server.login(DEMO.supervisor);
      const onServer = await server.api<CountsPageDto>('GET', `/api/inventories/${id}/counts?after=0&limit=50`, {
        token,
      });
      const byId = (a: readonly unknown[], b: readonly unknown[]): number => String(a[0]).localeCompare(String(b[0]));
      expect(onServer.body.events.map((e) => [e.id, e.lineKey, e.qty]).sort(byId)).toEqual(
        before.map((e) => [e.id, e.lineKey, e.qty]).sort(byId),
      );
      expect((await storedEvents(page)).filter((e) => e.pending === 1)).toEqual([]);
      // Only the refusals this test made (as above): no uncaught error while the database could not open.
      const expected =
        /^console\.error: Failed to load resource: (net::ERR_FAILED \(.*\/counts:0\)|.*404.*\/api\/:0\))$/;
      expect(full.errors.filter((e) => !expected.test(e))).toEqual([]);
    } finally {
      await full.close();
    }
  }, 240_000);
});

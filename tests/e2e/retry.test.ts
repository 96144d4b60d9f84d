/**
 * Issue #19, finding 4: a server error must never strand a count on the phone. The counts
 * pushed by the app meet, in turn, a 500 (`internal`), a 429 with Retry-After, a 413, a
 * proxy's HTML 502 and a cut answer; every count must still reach the server once, none
 * marked refused. Then a shared phone: two users in turns, each under a device id of their
 * own, the first one's unsent counts waiting for them and sent at their next login.
 */
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CountsPageDto, DeviceStatusDto } from '../../src/core/api/dto';
import { newDevice, setOffline, type Device } from './support/browser';
import { countLine, createInventory, login } from './support/countUi';
import { readStore, until } from './support/phoneStore';
import { DEMO, startE2eServer, type E2eServer } from './support/server';

let server: E2eServer;
let device: Device;

beforeAll(async () => {
  server = await startE2eServer();
  device = await newDevice(`${server.url}/`);
});

afterAll(async () => {
  await device?.close();
  await server?.dispose();
});

interface StoredEvent {
  readonly id: string;
  readonly inventoryId: number;
  readonly deviceId: string;
  readonly pending: number;
  readonly error: string | null;
}

const deviceEvents = async (page: Page, inventoryId: number): Promise<StoredEvent[]> =>
  (await readStore<StoredEvent>(page, 'events')).filter((e) => e.inventoryId === inventoryId);

/** Logs in where the phone is (the count screen stays the route): done once the logout button shows. */
async function loginHere(page: Page, username: string): Promise<void> {
  await page.getByLabel('Identifiant').fill(username);
  await page.getByLabel('Mot de passe').fill(DEMO.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
}

describe('a push that meets server errors', () => {
  it('keeps every count pending through 500, 429, 413, a proxy page and a cut answer, then sends each once', async () => {
    const page = device.page;
    await login(page, DEMO.supervisor);
    const inv = await createInventory(page, server, { name: 'Erreurs serveur', locationCode: 'DEP-01' });
    const lines = inv.lines.filter((l) => !l.lot && !l.serial && l.unit === 'pcs').slice(0, 4);

    const faults = [
      (r: Route) =>
        r.fulfill({
          status: 500,
          contentType: 'application/json',
          body: JSON.stringify({ error: { code: 'internal', message: 'Something went wrong on the server.' } }),
        }),
      (r: Route) =>
        r.fulfill({
          status: 500,
          contentType: 'application/json',
          body: JSON.stringify({ error: { code: 'internal', message: 'Something went wrong on the server.' } }),
        }),
      (r: Route) =>
        r.fulfill({
          status: 429,
          headers: { 'Retry-After': '1' },
          contentType: 'application/json',
          body: JSON.stringify({ error: { code: 'too_many_requests', message: 'Slow down.' } }),
        }),
      (r: Route) =>
        r.fulfill({
          status: 413,
          contentType: 'application/json',
          body: JSON.stringify({ error: { code: 'too_large', message: 'Request body is too large' } }),
        }),
      (r: Route) => r.fulfill({ status: 502, contentType: 'text/html', body: '<html><h1>502 Bad Gateway</h1></html>' }),
      (r: Route) => r.fulfill({ status: 400, contentType: 'text/html', body: '<html>Bad Request (proxy)</html>' }),
      // A cut answer: the server took the events, the phone never heard back.
      async (r: Route) => {
        const res = await r.fetch();
        await r.fulfill({ status: 200, contentType: 'application/json', body: (await res.text()).slice(0, 10) });
      },
    ];
    let hits = 0;
    await page.route('**/api/inventories/*/counts', async (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      const fault = faults[hits++];
      return fault ? fault(route) : route.fallback();
    });
    for (const [i, line] of lines.entries()) await countLine(page, line, String(i + 2));

    await until('sent', async () => (await deviceEvents(page, inv.id)).every((e) => e.pending === 0), page);
    expect(hits).toBeGreaterThan(faults.length);
    const mine = await deviceEvents(page, inv.id);
    expect(mine).toHaveLength(lines.length);
    expect(mine.filter((e) => e.error !== null)).toEqual([]);
    const token = await server.login(DEMO.supervisor);
    const page0 = await server.api<CountsPageDto>('GET', `/api/inventories/${inv.id}/counts?after=0`, { token });
    expect(page0.body.events.map((e) => e.id).sort()).toEqual(mine.map((e) => e.id).sort());
    await page.unroute('**/api/inventories/*/counts');
    await expect(page.getByTestId('refused').count()).resolves.toBe(0);

    // --- A phone shared in turns: the supervisor counts offline, logs out; a counter logs in.
    const shared = lines[0]!;
    const other = lines[1]!;
    await setOffline(device.context, true);
    await countLine(page, shared, '11');
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await setOffline(device.context, false);
    await page.evaluate(() => dispatchEvent(new Event('online')));
    await loginHere(page, DEMO.counter);
    await page.getByText('1 comptage de superviseur attend sa reconnexion sur cet appareil').waitFor();
    await page.getByRole('heading', { name: 'Erreurs serveur' }).waitFor();
    await countLine(page, other, '1');
    await until(
      "the counter's count sent",
      async () => (await deviceEvents(page, inv.id)).filter((e) => e.pending === 1).length === 1,
      page,
    );
    const events = await deviceEvents(page, inv.id);
    const ids = new Set(events.map((e) => e.deviceId));
    expect(ids.size).toBe(2);
    // Back to the supervisor: their waiting count goes, under their own device id.
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await loginHere(page, DEMO.supervisor);
    await until('all sent', async () => (await deviceEvents(page, inv.id)).every((e) => e.pending === 0), page);
    const devices = await server.api<DeviceStatusDto[]>('GET', `/api/inventories/${inv.id}/devices`, { token });
    expect(devices.body.map((d) => d.counter).sort()).toEqual(['compteur', 'superviseur']);
    expect(device.errorsExcept(/Failed to load resource/, /ERR_INTERNET_DISCONNECTED/)).toEqual([]);
  }, 240_000);
});

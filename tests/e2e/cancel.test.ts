/**
 * Annuler l'inventaire, as a supervisor lives it: a location frozen by mistake is released
 * from the inventories list. The confirmation names the location and how many counts stay
 * in the log; "Non" changes nothing; "Oui" lifts the freeze and deletes nothing. A counter
 * is not offered the action.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryDetailDto, InventoryDto, LineDto, LocationDto } from '../../src/core/api/dto';
import { newDevice, type Device } from './support/browser';
import { login } from './support/countUi';
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

describe('Annuler l’inventaire', () => {
  it('names the location and the counts kept, lifts the freeze on Oui and deletes nothing', async () => {
    const supervisorToken = await server.login(DEMO.supervisor);
    const counterToken = await server.login(DEMO.counter);
    const locations = (await server.api<LocationDto[]>('GET', '/api/locations', { token: supervisorToken })).body;
    const location = locations.find((l) => l.code === 'MAG-02' && l.frozenBy === null)!;
    const name = 'Gel par erreur';
    const created = await server.api<InventoryDto>('POST', '/api/inventories', {
      token: supervisorToken,
      body: { name, locationId: location.id, kind: 'articles' },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const lines = (await server.api<LineDto[]>('GET', `/api/inventories/${id}/lines`, { token: counterToken })).body;
    const events = lines.slice(0, 3).map((l, i) => ({
      id: crypto.randomUUID(),
      lineKey: l.key,
      qty: '2',
      seq: i + 1,
      at: new Date().toISOString(),
    }));
    const pushed = await server.api('POST', `/api/inventories/${id}/counts`, {
      token: counterToken,
      body: { deviceId: 'cancel-e2e-phone', events, unsent: 0 },
    });
    expect(pushed.status).toBe(200);

    const page = device.page;
    await login(page, DEMO.supervisor);
    const cancel = page.getByRole('button', { name: `Annuler l’inventaire ${name}` });
    await cancel.click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('heading').textContent()).resolves.toBe(
      `Annuler l’inventaire « ${name} » de ${location.code} — ${location.name} ?`,
    );
    await expect(dialog.textContent()).resolves.toContain('Les 3 comptages reçus restent dans le journal');

    // Non: nothing changes.
    await dialog.getByRole('button', { name: 'Non, le garder' }).click();
    await dialog.waitFor({ state: 'detached' });
    const still = await server.api<InventoryDto>('GET', `/api/inventories/${id}`, { token: supervisorToken });
    expect(still.body.status).toBe('counting');

    // Oui: cancelled, the location free again, the counts still in the log.
    await cancel.click();
    await dialog.getByRole('button', { name: 'Oui, annuler l’inventaire' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Inventaire « ${name} » annulé` })
      .waitFor();
    const row = page.getByRole('listitem').filter({ hasText: name });
    await expect(row.locator('.tag').textContent()).resolves.toBe('Annulé');
    await expect(cancel.count()).resolves.toBe(0);
    const detail = await server.api<InventoryDetailDto>('GET', `/api/inventories/${id}`, { token: supervisorToken });
    expect(detail.body.status).toBe('cancelled');
    expect(detail.body.devices.reduce((n, d) => n + d.events, 0)).toBe(3);
    const after = (await server.api<LocationDto[]>('GET', '/api/locations', { token: supervisorToken })).body;
    expect(after.find((l) => l.id === location.id)!.frozenBy).toBeNull();
    expect(device.errors).toEqual([]);
  });

  it('is not offered to a counter', async () => {
    const counter = await newDevice(`${server.url}/`);
    try {
      const token = await server.login(DEMO.supervisor);
      const locations = (await server.api<LocationDto[]>('GET', '/api/locations', { token })).body;
      const free = locations.find((l) => l.frozenBy === null)!;
      const created = await server.api<InventoryDto>('POST', '/api/inventories', {
        token,
        body: { name: 'Compteur sans annulation', locationId: free.id, kind: 'articles' },
      });
      expect(created.status).toBe(201);
      await login(counter.page, DEMO.counter);
      await counter.page.getByRole('listitem').filter({ hasText: 'Compteur sans annulation' }).waitFor();
      await expect(counter.page.getByRole('button', { name: /Annuler l’inventaire/ }).count()).resolves.toBe(0);
    } finally {
      await counter.close();
    }
  });
});

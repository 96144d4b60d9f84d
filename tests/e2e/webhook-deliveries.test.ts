/**
 * The webhook's delivery log as the supervisor uses it: the server (WEBHOOK_URL set) sends
 * an applied inventory to a receiver that answers 500; from Inventaires → "Envois vers
 * l’ERP" the supervisor sees the failed delivery with its error and its log, presses
 * "Renvoyer", and sees it delivered; in French and in English, with no axe violation.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryDto, LineDto } from '../../src/core/api/dto';
import { openPglite } from '../../src/server/db/pglite';
import { axeViolations, describeViolations } from '../audit/axe';
import { logIn } from '../audit/screens';
import { newDevice, type Device } from './support/browser';
import { DEMO, startE2eServer, type E2eServer } from './support/server';

let server: E2eServer;
let device: Device;
let receiver: http.Server;
const received: string[] = [];
let answer = 500;

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push(String(req.headers['x-decompte-delivery']));
      res.writeHead(answer, { 'content-type': 'text/plain' }).end(answer === 200 ? 'ok' : 'ERP en maintenance');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  // The server process takes its settings from the environment, as in production.
  process.env.WEBHOOK_URL = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/decompte`;
  process.env.WEBHOOK_SECRET = 'e2e-secret-of-some-length';
  server = await startE2eServer();
  device = await newDevice(`${server.url}/`);
});
afterAll(async () => {
  await device?.close();
  await server?.dispose();
  delete process.env.WEBHOOK_URL;
  delete process.env.WEBHOOK_SECRET;
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

async function until(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never happened: ${what}`);
}

describe('Envois vers l’ERP', () => {
  it('shows a failed delivery with its error, sends it again, and shows it delivered', async () => {
    const token = await server.login(DEMO.supervisor);
    const created = await server.api<InventoryDto>('POST', '/api/inventories', {
      token,
      body: { name: 'Inventaire webhook', locationId: 2, kind: 'articles' },
    });
    const id = created.body.id;
    const lines = (await server.api<LineDto[]>('GET', `/api/inventories/${id}/lines`, { token })).body;
    const line = lines.find((l) => !l.serial && !l.lot)!;
    const events = [
      { id: crypto.randomUUID(), lineKey: line.key, qty: '99', seq: 1, counter: 'Zoé', at: new Date().toISOString() },
    ];
    expect(
      (await server.api('POST', `/api/inventories/${id}/counts`, { token, body: { deviceId: 'e2e', events } })).status,
    ).toBe(200);
    expect((await server.api('POST', `/api/inventories/${id}/close`, { token, body: {} })).status).toBe(200);
    expect((await server.api('POST', `/api/inventories/${id}/apply`, { token })).status).toBe(200);
    await until('the receiver refused the delivery', () => received.length === 1);

    // Its ten attempts spread over hours: here it is marked failed by hand, the server stopped.
    await server.stop();
    const db = await openPglite({ dataDir: server.dataDir });
    await db.query(`UPDATE webhook_deliveries SET status = 'failed'`);
    await db.close();
    await server.start();
    answer = 200;

    const { page } = device;
    await page.reload();
    await logIn(page);
    await page.getByRole('button', { name: 'Envois vers l’ERP (webhook)' }).click();
    await page.getByRole('heading', { level: 1, name: 'Envois vers l’ERP' }).waitFor();
    const row = page.locator('tr[data-delivery]').first();
    await row.getByText('Échec').waitFor();
    await row.getByText('HTTP 500: ERP en maintenance', { exact: true }).waitFor();
    await row.getByText(`Inventaire #${id} confirmé`).waitFor();
    await row.getByText('Journal').click();
    await row.getByText(/Essai 1 · .* · HTTP 500 · \d+ ms/).waitFor();
    expect(describeViolations(await axeViolations(page))).toEqual([]);

    await row.getByRole('button', { name: /Renvoyer l’envoi \d+/ }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Envoi \d+ renvoyé/ })
      .waitFor();
    await until('the receiver got it again', () => received.length === 2);
    expect(received[1]).toBe(received[0]);
    await until('shown delivered', async () => {
      await page.getByRole('button', { name: 'Actualiser' }).click();
      return (await row.getByText('Livré', { exact: true }).count()) === 1;
    });
    expect(await row.getByRole('button', { name: /Renvoyer/ }).count()).toBe(0);

    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('heading', { level: 1, name: 'Sent to the ERP' }).waitFor();
    await row.getByText('Delivered', { exact: true }).waitFor();
    expect(describeViolations(await axeViolations(page))).toEqual([]);
    await page.getByLabel('Language').selectOption('fr');
    expect(device.errors).toEqual([]);
  });
});

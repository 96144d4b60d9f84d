/**
 * Every route of core's table, called for real on the demo database until it has given
 * each success status the table lists for it: each answer is checked by the contract
 * audit (contractAudit.ts) against its response schema, and what Fastify's serializer
 * wrote against what the handler gave — nothing dropped, nothing coerced. A route added
 * to the table without a walk here fails the last test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineFromDto, type InventoryDto, type LineDto, type StockLineDto } from '../../src/core/api/dto';
import { ROUTES, ROUTE_NAMES } from '../../src/core/api/routes';
import { buildBeforeExport, stockRowsFromLines, zipExport } from '../../src/core/export';
import type { WebhookDeliveriesDto } from '../../src/core/outbound';
import { startTestServer, type TestServer } from './harness';
import { commit, preview, upload } from './importClient';
import { event, freshInventory, getLines, push } from './support';

let server: TestServer;
beforeAll(async () => {
  // A webhook nobody answers (port 9, discard: refused at once), tried once: its delivery fails, to be retried.
  server = await startTestServer({
    config: { webhook: { url: 'http://127.0.0.1:9/hook', secret: 'a-secret-of-24-characters' } },
    webhook: { pollMs: 20, retryDelaysMs: [20], maxAttempts: 1, timeoutMs: 1_000 },
  });
});
afterAll(() => server.close());

async function ok(method: string, url: string, status: number, token: string, body?: unknown) {
  const res = await server.call(method, url, { token, ...(body === undefined ? {} : { body }) });
  expect(res.status, `${method} ${url}: ${res.body.slice(0, 300)}`).toBe(status);
  return res;
}

describe('every route answers what its response schema says', () => {
  it('session, locations, stock, users', async () => {
    const sup = await server.token('superviseur');
    const admin = await server.token('admin');
    const login = await server.call('POST', '/api/session', { body: { username: 'comptable', password: 'demo' } });
    expect(login.status).toBe(201);
    await ok('DELETE', '/api/session', 204, login.json<{ token: string }>().token);

    await ok('GET', '/api/locations', 200, sup);
    const stock = (await ok('GET', '/api/stock?locationId=2', 200, sup)).json<StockLineDto[]>();
    const line = stock.find((l) => l.serial === null)!;
    await ok('POST', '/api/stock-movements', 201, sup, {
      locationId: 2,
      itemRef: line.itemRef,
      bin: line.bin,
      lot: line.lot,
      delta: '1',
      reason: 'walk',
    });

    const loc = (await ok('POST', '/api/locations', 201, admin, { code: 'WALK-01', name: 'Allée' })).json<{
      id: number;
    }>();
    await ok('PATCH', `/api/locations/${loc.id}`, 200, admin, { name: 'Allée 1' });

    await ok('GET', '/api/users', 200, admin);
    await ok('POST', '/api/users', 201, admin, { username: 'walker', role: 'counter', password: 'a-long-password' });
    await ok('PATCH', '/api/users/walker', 200, admin, { role: 'accountant' });
    await ok('PUT', '/api/users/walker/password', 200, admin, { password: 'another-long-password' });
  });

  it('an inventory from creation to the after export, and one cancelled', async () => {
    const sup = await server.token('superviseur');
    const counter = await server.token('compteur');
    const { inv, lines } = await freshInventory(server, { name: 'Tournée', locationId: 2, kind: 'articles' });
    const id = inv.id;
    await ok('GET', '/api/inventories', 200, sup);
    await ok('GET', `/api/inventories/${id}`, 200, sup);
    await ok('PATCH', `/api/inventories/${id}`, 200, sup, { recountThreshold: { qtyPercent: '5', value: null } });
    await ok('GET', `/api/inventories/${id}/lines`, 200, counter);
    await ok('GET', `/api/inventories/${id}/lines/columns?lines=50`, 200, counter);

    const zip = await zipExport(
      await buildBeforeExport(
        {
          phase: 'before',
          inventory: { id, name: inv.name, kind: inv.kind, status: inv.status },
          location: { id: 2, code: 'MAG-02', name: 'Magasin atelier' },
          generatedBy: 'superviseur',
          generatedAt: '2026-11-25T09:15:00.000Z',
        },
        stockRowsFromLines(lines.map(lineFromDto)),
      ),
      '2026-11-25T09:15:00.000Z',
    );
    await ok('PUT', `/api/inventories/${id}/exports/before`, 201, sup, zip);
    await ok('PUT', `/api/inventories/${id}/exports/before`, 200, sup, zip);
    await ok('GET', `/api/inventories/${id}/exports/before`, 200, sup);

    const first = lines.find((l) => l.serial === null)!;
    await ok('POST', `/api/inventories/${id}/lines`, 200, counter, {
      itemRef: first.itemRef,
      bin: first.bin,
      lot: first.lot,
    });
    const added = (
      await ok('POST', `/api/inventories/${id}/lines`, 201, counter, {
        itemRef: 'WALK-NEW',
        designation: 'Trouvé en rayon',
        unit: 'pcs',
        bin: first.bin,
      })
    ).json<LineDto>();
    await ok('POST', '/api/devices/claim', 204, counter, { deviceId: 'walk-device' });
    await push(server, counter, id, 'walk-device', [event(first.key, '2', 1), event(added.key, '1', 2)]);
    await ok('GET', `/api/inventories/${id}/counts?deviceId=walk-device`, 200, counter);
    await ok('GET', `/api/inventories/${id}/devices`, 200, sup);
    await ok('GET', `/api/inventories/${id}/bins`, 200, counter);
    const other = lines.find((l) => l.bin !== first.bin)!;
    await ok('POST', `/api/inventories/${id}/bins`, 200, counter, {
      deviceId: 'walk-device',
      checks: [{ bin: other.bin, empty: true, seq: 1, counter: 'compteur', at: new Date().toISOString() }],
    });
    await ok('POST', `/api/inventories/${id}/recounts`, 201, sup, { lineKey: first.key });
    await ok('GET', `/api/inventories/${id}/recounts`, 200, counter);
    await ok('POST', `/api/inventories/${id}/close`, 200, sup, { force: true });
    await ok('GET', `/api/inventories/${id}/recap?uncounted=3`, 200, sup);
    await ok('POST', `/api/inventories/${id}/reopen`, 200, sup);
    await ok('POST', `/api/inventories/${id}/close?uncounted=0`, 200, sup, { uncountedPolicy: 'keep', force: true });
    // WALK-NEW came without a cost: valued before the apply (which refuses it otherwise).
    await ok('PUT', `/api/inventories/${id}/line-cost`, 200, sup, { lineKey: added.key, unitCost: '4.5' });
    await ok('POST', `/api/inventories/${id}/apply`, 200, sup);
    await ok('GET', `/api/inventories/${id}/recap?uncounted=0`, 200, sup);

    const cancelled = (
      await ok('POST', '/api/inventories', 201, sup, {
        name: 'Annulé',
        locationId: 1,
        kind: 'pieces',
      })
    ).json<InventoryDto>();
    await ok('POST', `/api/inventories/${cancelled.id}/cancel`, 200, sup);
    expect((await getLines(server, id)).length).toBeGreaterThan(0);
  });

  it('the movements feed and the webhook’s deliveries', async () => {
    const sup = await server.token('superviseur');
    await ok('GET', '/api/movements?after=0&limit=50', 200, sup);
    let page: WebhookDeliveriesDto | null = null;
    for (let i = 0; i < 400; i++) {
      page = (await ok('GET', '/api/webhooks/deliveries', 200, sup)).json<WebhookDeliveriesDto>();
      if (page.deliveries.some((d) => d.status === 'failed')) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const failed = page?.deliveries.find((d) => d.status === 'failed');
    expect(failed, JSON.stringify(page)).toBeDefined();
    await ok('POST', `/api/webhooks/deliveries/${failed!.id}/retry`, 200, sup);
  });

  it('a stock import: upload, list, detail, progress, preview, commit', async () => {
    const sup = await server.token('superviseur');
    const good = 'Référence;Désignation;Emplacement;Quantité;Coût unitaire\nW-1;Vis;A-01;3;0,25\n';
    const info = await upload(server, new TextEncoder().encode(`${good}W-2;Écrou;A-01;trois;x\n`), {
      location: 'WALK-01',
    });
    await ok('GET', '/api/imports', 200, sup);
    await ok('GET', `/api/imports/${info.id}?location=WALK-01`, 200, sup);
    await ok('GET', `/api/imports/${info.id}/progress`, 200, sup);
    const withErrors = await preview(server, info);
    expect(withErrors.errorCount).toBeGreaterThan(0);
    const clean = await upload(server, new TextEncoder().encode(good), { location: 'WALK-01' });
    const p = await preview(server, clean);
    expect(p.errors).toEqual([]);
    await commit(server, clean.id, p.token);
    await ok('GET', `/api/imports/${clean.id}`, 200, sup);
  });

  it('has walked every route of the table, through every success status it lists', () => {
    const missing = ROUTE_NAMES.flatMap((name) =>
      Object.keys(ROUTES[name].responses)
        .map(Number)
        .filter((status) => !server.audit.seen.get(name)?.get(status))
        .map((status) => `${name} ${status}`),
    );
    expect(missing).toEqual([]);
    expect(server.audit.findings).toEqual([]);
  });
});

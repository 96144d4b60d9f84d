/**
 * The before and after ZIPs as a device builds them (core's builders, as the app's worker
 * will), uploaded to the server, downloaded by the accountant, and parsed back.
 */
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countEventFromDto,
  decimalToScaled,
  lineFromDto,
  type CountsPageDto,
  type ExportInfoDto,
  type InventoryDto,
} from '../../src/core/api/dto';
import { lineCounts, registersFrom } from '../../src/core/counting';
import {
  buildAfterExport,
  buildBeforeExport,
  readExport,
  stockAfter,
  stockRowsFromLines,
  zipExport,
  type ExportHeader,
} from '../../src/core/export';
import { buildRecap } from '../../src/core/recap';
import { startTestServer, type TestServer } from './harness';
import { createInventory, event, expectError, getLines, push } from './support';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const header = (inv: InventoryDto, phase: 'before' | 'after'): ExportHeader => ({
  phase,
  inventory: { id: inv.id, name: inv.name, kind: inv.kind, status: inv.status },
  location: { id: 1, code: 'DEP-01', name: 'Dépôt central' },
  generatedBy: 'superviseur',
  generatedAt: '2026-11-25T09:15:00.000Z',
});

const parseCsv = (bytes: Uint8Array): string[][] =>
  Papa.parse<string[]>(new TextDecoder().decode(bytes).replace(/^\uFEFF/, ''), { delimiter: ';', skipEmptyLines: true })
    .data;

describe('exports', () => {
  it('stores the before ZIP once, refuses a different one, and serves it with its SHA-256', async () => {
    const token = await server.token('superviseur');
    const inv = await createInventory(server, { name: 'Inventaire 2026', locationId: 1, kind: 'articles' });
    const lines = (await getLines(server, inv.id)).map(lineFromDto);
    const zip = await zipExport(
      await buildBeforeExport(header(inv, 'before'), stockRowsFromLines(lines)),
      '2026-11-25T09:15:00.000Z',
    );
    const url = `/api/inventories/${inv.id}/exports/before`;

    const put = await server.call('PUT', url, { token, body: zip });
    expect(put.status, put.body).toBe(201);
    const info = put.json<ExportInfoDto>();
    expect(info.fileName).toBe('Inventaire-2026_DEP-01_before_20261125-0915.zip');
    expect(info.bytes).toBe(zip.byteLength);
    expect((await server.call('PUT', url, { token, body: zip })).status).toBe(200); // a retried upload

    // Built again later (another time stamp): genuine, but the stored one stays.
    const again = { ...header(inv, 'before'), generatedAt: '2026-11-25T10:00:00.000Z' };
    const other = await zipExport(await buildBeforeExport(again, stockRowsFromLines(lines)), again.generatedAt);
    expectError(await server.call('PUT', url, { token, body: other }), 409, 'export_exists');
    // A line left out: not what the server builds from its snapshot.
    const short = await zipExport(
      await buildBeforeExport(header(inv, 'before'), stockRowsFromLines(lines.slice(1))),
      '2026-11-25T09:15:00.000Z',
    );
    expectError(await server.call('PUT', url, { token, body: short }), 422, 'export_mismatch');

    const got = await server.call('GET', url, { token: await server.token('comptable') });
    expect(got.status).toBe(200);
    expect(got.headers['x-content-sha256']).toBe(info.sha256);
    expect(new Uint8Array(got.raw)).toEqual(zip);
    const opened = await readExport(new Uint8Array(got.raw));
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    const rows = parseCsv(opened.value.files.get('stock.csv')!);
    expect(rows.length - 1).toBe(lines.length);
    expect(opened.value.manifest.inventory?.id).toBe(inv.id);

    expectError(await server.call('GET', url, { token: await server.token('compteur') }), 403, 'forbidden');
    expectError(
      await server.call('PUT', `/api/inventories/${inv.id}/exports/after`, { token, body: zip }),
      409,
      'not_applied',
    );
    expectError(
      await server.call('PUT', url, { token, body: new TextEncoder().encode('not a zip') }),
      400,
      'invalid_export',
    );
    expect((await server.call('POST', `/api/inventories/${inv.id}/cancel`, { token })).status).toBe(200);
  });

  it('refuses a ZIP of another inventory or with a tampered file, and stores nothing', async () => {
    const token = await server.token('superviseur');
    const inv = await createInventory(server, { name: 'Pièces', locationId: 2, kind: 'pieces' });
    const lines = (await getLines(server, inv.id)).map(lineFromDto);
    const at2 = (phase: 'before' | 'after'): ExportHeader => ({
      ...header(inv, phase),
      location: { id: 2, code: 'MAG-02', name: 'Magasin atelier' },
    });
    const wrong = await zipExport(
      await buildBeforeExport(
        { ...at2('before'), inventory: { ...at2('before').inventory!, id: inv.id + 100 } },
        stockRowsFromLines(lines),
      ),
      '2026-11-25T09:15:00.000Z',
    );
    const url = `/api/inventories/${inv.id}/exports/before`;
    expectError(await server.call('PUT', url, { token, body: wrong }), 400, 'invalid_export');
    const files = await buildBeforeExport(at2('before'), stockRowsFromLines(lines));
    const stock = files[0]!;
    const tampered = new Uint8Array(stock.bytes);
    tampered[tampered.length - 3] = tampered[tampered.length - 3] === 0x31 ? 0x32 : 0x31;
    const bad = await zipExport([{ ...stock, bytes: tampered }, files[1]!], '2026-11-25T09:15:00.000Z');
    // manifest.json is the server's, but stock.csv changed under it.
    expectError(await server.call('PUT', url, { token, body: bad }), 422, 'export_mismatch');
    expectError(await server.call('GET', url, { token }), 404, 'not_found');
  });

  it('takes the after ZIP once applied; its variances match the server recap', async () => {
    const token = await server.token('superviseur');
    const inv = await createInventory(server, { name: 'Après', locationId: 1, kind: 'pieces' });
    const lines = await getLines(server, inv.id);
    const plain = lines.filter((l) => l.serial === null && l.unit === 'pcs').slice(0, 20);
    await push(
      server,
      token,
      inv.id,
      'phone-a',
      plain.map((l, i) => event(l.key, i, i + 1)),
    );
    const closed = await server.call('POST', `/api/inventories/${inv.id}/close`, { token, body: {} });
    expect(closed.status).toBe(200);
    expect((await server.call('POST', `/api/inventories/${inv.id}/apply`, { token })).status).toBe(200);
    const applied = (await server.call('GET', `/api/inventories/${inv.id}`, { token })).json<InventoryDto>();

    // The device rebuilds the recap from its lines and the events, with core's rules.
    const page = (
      await server.call('GET', `/api/inventories/${inv.id}/counts?after=0`, { token })
    ).json<CountsPageDto>();
    const events = page.events.map(countEventFromDto);
    const snapshot = lines.map(lineFromDto);
    const recap = buildRecap(snapshot, lineCounts(registersFrom(events).values()), applied.uncountedPolicy);
    expect(recap.totals.differenceValue.toString()).toBe(
      String(decimalToScaled(closed.json<{ totals: { differenceValue: string } }>().totals.differenceValue, 4)),
    );
    const zip = await zipExport(
      await buildAfterExport(header(applied, 'after'), { stock: stockAfter(snapshot, recap), recap, events }),
      '2026-11-25T09:15:00.000Z',
    );
    const put = await server.call('PUT', `/api/inventories/${inv.id}/exports/after`, { token, body: zip });
    expect(put.status, put.body).toBe(201);

    const got = await server.call('GET', `/api/inventories/${inv.id}/exports/after`, {
      token: await server.token('comptable'),
    });
    const opened = await readExport(new Uint8Array(got.raw));
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect([...opened.value.files.keys()].sort()).toEqual([
      'added.csv',
      'ajustement_erp.csv',
      'counts.csv',
      'stock.csv',
      'variances.csv',
    ]);
    expect(parseCsv(opened.value.files.get('counts.csv')!).length - 1).toBe(20);
    expect(parseCsv(opened.value.files.get('variances.csv')!).length - 1).toBe(lines.length);
    const detail = (await server.call('GET', `/api/inventories/${inv.id}`, { token })).json<{
      exports: { after: ExportInfoDto | null };
    }>();
    expect(detail.exports.after?.sha256).toBe(got.headers['x-content-sha256']);
  });

  it('names a ZIP from the device’s local time in its manifest, whatever the server’s zone', async () => {
    const token = await server.token('superviseur');
    const inv = await createInventory(server, { name: 'Heure locale', locationId: 1, kind: 'articles' });
    const lines = (await getLines(server, inv.id)).map(lineFromDto);
    const url = `/api/inventories/${inv.id}/exports/before`;
    const zone = process.env.TZ;
    try {
      // The server on the US west coast (UTC-8), the shop's phone in Paris (UTC+1).
      process.env.TZ = 'America/Los_Angeles';
      // Without its offset, a time is a different instant on each machine: refused, nothing stored.
      const bare = { ...header(inv, 'before'), generatedAt: '2026-12-04T12:07:00' };
      const vague = await zipExport(
        await buildBeforeExport(bare, stockRowsFromLines(lines)),
        '2026-12-04T12:07:00.000+01:00',
      );
      expectError(await server.call('PUT', url, { token, body: vague }), 400, 'invalid_export');

      const paris = { ...header(inv, 'before'), generatedAt: '2026-12-04T12:07:00.000+01:00' };
      const zip = await zipExport(await buildBeforeExport(paris, stockRowsFromLines(lines)), paris.generatedAt);
      const put = await server.call('PUT', url, { token, body: zip });
      expect(put.status, put.body).toBe(201);
      expect(put.json<ExportInfoDto>().fileName).toBe('Heure-locale_DEP-01_before_20261204-1207.zip');
      const detail = (await server.call('GET', `/api/inventories/${inv.id}`, { token })).json<{
        exports: { before: ExportInfoDto | null };
      }>();
      expect(detail.exports.before?.fileName).toBe('Heure-locale_DEP-01_before_20261204-1207.zip');
      const got = await server.call('GET', url, { token: await server.token('comptable') });
      expect(new Uint8Array(got.raw)).toEqual(zip);
      const opened = await readExport(new Uint8Array(got.raw));
      expect(opened.ok && opened.value.fileName).toBe('Heure-locale_DEP-01_before_20261204-1207.zip');
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    expect((await server.call('POST', `/api/inventories/${inv.id}/cancel`, { token })).status).toBe(200);
  });
});

/**
 * Issue #19, finding 1: the server vouches for every ZIP it keeps. A supervisor's token
 * uploads a before ZIP with an invented stock.csv (another location, totals of 999 999, a
 * formula cell) and an after ZIP whose recap says "difference 0" where the server's does
 * not; both are self-consistent (every SHA-256 right), both must be refused with 422
 * naming what differs, nothing stored — and the real ZIPs are then taken.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countEventFromDto,
  lineFromDto,
  type CountsPageDto,
  type ExportInfoDto,
  type InventoryDto,
} from '../../src/core/api/dto';
import { lineCounts, registersFrom } from '../../src/core/counting';
import {
  buildAfterExport,
  buildBeforeExport,
  stockAfter,
  stockRowsFromLines,
  zipExport,
  type ExportHeader,
} from '../../src/core/export';
import { money } from '../../src/core/money';
import { qty } from '../../src/core/quantity';
import { buildRecap, type Recap } from '../../src/core/recap';
import { startTestServer, type TestServer } from './harness';
import { dbSnapshot, event, expectError, freshInventory, push } from './support';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** The file a 422 export_mismatch names. */
const fileOf = (e: { details?: unknown }): string => String((e.details as { file?: string } | undefined)?.file);

const AT = '2026-11-25T09:15:00.000Z';
const header = (inv: InventoryDto, phase: 'before' | 'after'): ExportHeader => ({
  phase,
  inventory: { id: inv.id, name: inv.name, kind: inv.kind, status: inv.status },
  location: { id: 1, code: 'DEP-01', name: 'Dépôt central' },
  generatedBy: 'superviseur',
  generatedAt: AT,
});

describe('a forged export', () => {
  it('before: an invented stock.csv is refused (422, nothing stored); the real one is then taken', async () => {
    const token = await server.token('superviseur');
    const { inv, lines: wire } = await freshInventory(server, { name: 'Forge avant', locationId: 1, kind: 'articles' });
    const lines = wire.map(lineFromDto);
    const url = `/api/inventories/${inv.id}/exports/before`;
    const invented = lines.map((l, i) => ({
      ...l,
      designation: i === 0 ? '=HYPERLINK("http://evil.example","ok")' : l.designation,
      expectedQty: qty(999_999_000n),
    }));
    const forgeries = [
      // Invented quantities and a formula cell, the right header.
      await zipExport(await buildBeforeExport(header(inv, 'before'), stockRowsFromLines(invented)), AT),
      // The real lines, said to be of another location.
      await zipExport(
        await buildBeforeExport(
          { ...header(inv, 'before'), location: { id: 2, code: 'MAG-02', name: 'Magasin atelier' } },
          stockRowsFromLines(lines),
        ),
        AT,
      ),
      // The real lines, built by nobody this server knows.
      await zipExport(
        await buildBeforeExport({ ...header(inv, 'before'), generatedBy: 'mallory' }, stockRowsFromLines(lines)),
        AT,
      ),
    ];
    const before = await dbSnapshot(server);
    const files: string[] = [];
    for (const zip of forgeries) {
      const e = expectError(await server.call('PUT', url, { token, body: zip }), 422, 'export_mismatch');
      files.push(fileOf(e));
    }
    expect(files).toEqual(['stock.csv', 'manifest.json', 'manifest.json']);
    expect(await dbSnapshot(server)).toEqual(before);
    expectError(await server.call('GET', url, { token }), 404, 'not_found');

    const real = await zipExport(await buildBeforeExport(header(inv, 'before'), stockRowsFromLines(lines)), AT);
    const put = await server.call('PUT', url, { token, body: real });
    expect(put.status, put.body).toBe(201);
    const got = await server.call('GET', url, { token: await server.token('comptable') });
    expect(new Uint8Array(got.raw)).toEqual(real);
    // Once verified, immutable: a forgery after it is still a 422, a genuine rebuild a 409.
    expectError(await server.call('PUT', url, { token, body: forgeries[0] }), 422, 'export_mismatch');
  });

  it('after: a recap saying "difference 0" is refused (422, nothing stored); the real one is then taken', async () => {
    const token = await server.token('superviseur');
    const { inv, lines: wire } = await freshInventory(server, { name: 'Forge après', locationId: 1, kind: 'articles' });
    const plain = wire.filter((l) => l.serial === null && l.unit === 'pcs').slice(0, 12);
    await push(
      server,
      await server.token('compteur'),
      inv.id,
      'phone-f',
      plain.map((l, i) => event(l.key, i, i + 1)),
    );
    expect((await server.call('POST', `/api/inventories/${inv.id}/close`, { token, body: {} })).status).toBe(200);
    expect((await server.call('POST', `/api/inventories/${inv.id}/apply`, { token })).status).toBe(200);
    const applied = (await server.call('GET', `/api/inventories/${inv.id}`, { token })).json<InventoryDto>();
    const page = (
      await server.call('GET', `/api/inventories/${inv.id}/counts?after=0`, { token })
    ).json<CountsPageDto>();
    const events = page.events.map(countEventFromDto);
    const snapshot = wire.map(lineFromDto);
    const recap = buildRecap(snapshot, lineCounts(registersFrom(events).values()), applied.uncountedPolicy);
    expect(recap.totals.differenceValue).not.toBe(0n);

    // Every line "as expected": no difference, no value lost.
    const even = (l: Recap['lines'][number]) => ({
      ...l,
      counted: l.expected,
      difference: qty(0n),
      differenceValue: money(0n),
    });
    const t = recap.totals;
    const forgedRecap: Recap = {
      ...recap,
      lines: recap.lines.map(even),
      totals: {
        ...t,
        counted: t.expected,
        countedValue: t.expectedValue,
        difference: qty(0n),
        differenceValue: money(0n),
        gainValue: money(0n),
        lossValue: money(0n),
        changedLines: 0,
      },
    };
    const url = `/api/inventories/${inv.id}/exports/after`;
    const forged = await zipExport(
      await buildAfterExport(header(applied, 'after'), {
        stock: stockAfter(snapshot, forgedRecap),
        recap: forgedRecap,
        events,
      }),
      AT,
    );
    // The real files, but counts.csv without the events (the log cut short).
    const cut = await zipExport(
      await buildAfterExport(header(applied, 'after'), { stock: stockAfter(snapshot, recap), recap, events: [] }),
      AT,
    );
    const before = await dbSnapshot(server);
    const forgedError = expectError(await server.call('PUT', url, { token, body: forged }), 422, 'export_mismatch');
    expect(fileOf(forgedError)).toBe('stock.csv');
    const cutError = expectError(await server.call('PUT', url, { token, body: cut }), 422, 'export_mismatch');
    expect(fileOf(cutError)).toBe('counts.csv');
    expect(await dbSnapshot(server)).toEqual(before);

    const real = await zipExport(
      await buildAfterExport(header(applied, 'after'), { stock: stockAfter(snapshot, recap), recap, events }),
      AT,
    );
    // A late event arrives after the apply, before the upload: the ZIP built without it is
    // still the server's (counts.csv may leave out late events after every counted one).
    await push(server, await server.token('compteur'), inv.id, 'phone-f', [event(plain[0]!.key, 99, 100)]);
    const put = await server.call('PUT', url, { token, body: real });
    expect(put.status, put.body).toBe(201);
    expect(put.json<ExportInfoDto>().bytes).toBe(real.byteLength);
  });
});

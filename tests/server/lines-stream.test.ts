/**
 * The lines route streams its JSON a page at a time (repos/lines.ts, linesJsonPages) and
 * must send exactly the bytes the one JSON text (linesJson) was: for each role's view
 * (blind counter, supervisor), across page boundaries (pages of 7 lines, a page ending on
 * the last line, one line, none), and with a line added during the count; and the same
 * lines as the app's chunks of columns (`/lines/columns`), read back as the download
 * worker reads them.
 */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeChunk } from '../../src/app/db/chunkColumns';
import { ChunkArrayReader, chunkBins, type ChunkText } from '../../src/app/download/chunkArray';
import type { LineDto } from '../../src/core/api/dto';
import { lineChunksJson, linesJson, linesJsonPages } from '../../src/server/repos/lines';
import { startTestServer, type TestServer } from './harness';
import { createInventory } from './support';

let server: TestServer;
let inventoryId: number;

beforeAll(async () => {
  server = await startTestServer();
  inventoryId = (await createInventory(server, { name: 'Flux', locationId: 1, kind: 'articles' })).id;
  const added = await server.call('POST', `/api/inventories/${inventoryId}/lines`, {
    token: await server.token('compteur'),
    body: { itemRef: 'NEUF-001', designation: 'Trouvé en rayon', bin: 'A-01-1', unitCost: '2.5' },
  });
  expect(added.status, added.body).toBe(201);
});
afterAll(() => server.close());

async function streamed(pageSize: number, hideExpected: boolean, hideCost: boolean): Promise<string> {
  let text = '';
  for await (const piece of await linesJsonPages(server.db, inventoryId, hideExpected, hideCost, pageSize))
    text += piece;
  return text;
}

describe('the lines, streamed a page at a time', () => {
  it('sends the same bytes as the one JSON text, for a counter and for a supervisor', async () => {
    for (const [user, hideExpected, hideCost] of [
      ['compteur', true, true],
      ['superviseur', false, false],
    ] as const) {
      const res = await server.call('GET', `/api/inventories/${inventoryId}/lines`, {
        token: await server.token(user),
      });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      const whole = await linesJson(server.db, inventoryId, hideExpected, hideCost);
      expect(whole.length).toBeGreaterThan(10_000);
      expect(res.body).toBe(whole);
      expect(res.json<unknown[]>().length).toBeGreaterThan(300);
    }
  });

  it('is the same text whatever the page size, at every page boundary', async () => {
    const whole = await linesJson(server.db, inventoryId, false, false);
    const count = (JSON.parse(whole) as unknown[]).length;
    for (const size of [1, 7, count, count - 1, count + 1, 5000]) {
      expect(await streamed(size, false, false), `pages of ${size}`).toBe(whole);
    }
  });

  it('sends the same lines as chunks of columns, for a counter and for a supervisor, whatever the chunk size', async () => {
    // The app's reader (app/download/chunkArray.ts) and decoder (db/chunkColumns.ts), cut anywhere.
    for (const user of ['compteur', 'superviseur'] as const) {
      const token = await server.token(user);
      const objects = await server.call('GET', `/api/inventories/${inventoryId}/lines`, { token });
      const whole = JSON.parse(objects.body) as LineDto[];
      expect(whole.length).toBeGreaterThan(300);
      expect(whole.some((l) => l.added)).toBe(true);
      for (const size of [1, 7, 2000, whole.length, whole.length - 1, undefined]) {
        const res = await server.call(
          'GET',
          `/api/inventories/${inventoryId}/lines/columns${size === undefined ? '' : `?lines=${size}`}`,
          { token },
        );
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
        const chunkLines = size ?? 2000;
        expect(res.json<unknown[]>().length, `chunks of ${size}`).toBe(Math.ceil(whole.length / chunkLines));
        for (const piece of [1, 97, 65_536]) {
          if (piece === 1 && size !== 7) continue;
          const reader = new ChunkArrayReader();
          const chunks: ChunkText[] = [];
          for (let at = 0; at < res.body.length; at += piece)
            chunks.push(...reader.push(res.body.slice(at, at + piece)));
          chunks.push(...reader.end());
          const read: LineDto[] = [];
          for (const c of chunks) decodeChunk(c.text, read);
          expect(read, `${user}, chunks of ${size}, pieces of ${piece}`).toEqual(whole);
          expect(chunks.flatMap((c) => c.keys)).toEqual(whole.map((l) => l.key));
          expect(chunks.flatMap((c) => chunkBins(c.text))).toEqual(whole.map((l) => l.bin));
          expect(chunks.some((c) => c.blind)).toBe(user === 'compteur');
        }
      }
    }
  });

  it('sends the same chunks whatever the lines read per query, at every page boundary', async () => {
    const read = async (chunkLines: number, pageLines?: number): Promise<string> => {
      let text = '';
      for await (const piece of await lineChunksJson(server.db, inventoryId, false, false, chunkLines, pageLines))
        text += piece;
      return text;
    };
    const count = (JSON.parse(await linesJson(server.db, inventoryId, false, false)) as unknown[]).length;
    for (const chunkLines of [1, 7, count - 1]) {
      const whole = await read(chunkLines);
      expect((JSON.parse(whole) as unknown[]).length).toBe(Math.ceil(count / chunkLines));
      // A page of one chunk, of two (7: 14 lines a page), of all but the last line, of every line.
      for (const pageLines of [1, 2 * chunkLines + 3, count - 1, count, count + 1])
        expect(await read(chunkLines, pageLines), `chunks of ${chunkLines}, pages of ${pageLines}`).toBe(whole);
    }
  });

  it('sends the chunks gzipped to a client that takes gzip, the same text once unzipped', async () => {
    const token = await server.token('superviseur');
    const url = `/api/inventories/${inventoryId}/lines/columns`;
    const plain = await server.call('GET', url, { token });
    expect(plain.headers['content-encoding']).toBeUndefined();
    const zipped = await server.call('GET', url, { token, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(zipped.status).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.raw.length).toBeLessThan(plain.raw.length / 3);
    expect(gunzipSync(zipped.raw).toString('utf8')).toBe(plain.body);
  });

  it('refuses a chunk size out of bounds', async () => {
    const token = await server.token('superviseur');
    for (const size of ['0', '10001', '-1', 'x', '2.5']) {
      const res = await server.call('GET', `/api/inventories/${inventoryId}/lines/columns?lines=${size}`, { token });
      expect(res.status, size).toBe(400);
    }
  });

  it('sends [] for an inventory with no line', async () => {
    const [empty] = await server.db.query<{ id: number }>(
      `INSERT INTO inventories (name, location_id, kind, status, created_by)
       VALUES ('Vide', 2, 'pieces', 'cancelled', 'test') RETURNING id`,
    );
    let text = '';
    for await (const piece of await linesJsonPages(server.db, empty!.id, false, false, 7)) text += piece;
    expect(text).toBe('[]');
    expect(await linesJson(server.db, empty!.id, false, false)).toBe('[]');
    let chunks = '';
    for await (const piece of await lineChunksJson(server.db, empty!.id, false, false, 7)) chunks += piece;
    expect(chunks).toBe('[]');
  });
});

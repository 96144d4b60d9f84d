/**
 * The lines route streams its JSON a page at a time (repos/lines.ts, linesJsonPages) and
 * must send exactly the bytes the one JSON text (linesJson) was: for each role's view
 * (blind counter, supervisor), across page boundaries (pages of 7 lines, a page ending on
 * the last line, one line, none), and with a line added during the count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LineArrayReader } from '../../src/app/download/lineArray';
import type { LineDto } from '../../src/core/api/dto';
import { linesJson, linesJsonPages } from '../../src/server/repos/lines';
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

  it("reads back through the phone's reader (app/download/lineArray.ts), cut anywhere, as JSON.parse reads it", async () => {
    // The reader finds each line where the text says `{"key"`: the server's own bytes, blind and not.
    for (const user of ['compteur', 'superviseur'] as const) {
      const res = await server.call('GET', `/api/inventories/${inventoryId}/lines`, {
        token: await server.token(user),
      });
      const whole = JSON.parse(res.body) as LineDto[];
      expect(whole.length).toBeGreaterThan(300);
      for (const size of [1, 97, 4096, 65_536]) {
        const reader = new LineArrayReader();
        const read: LineDto[] = [];
        for (let at = 0; at < res.body.length; at += size) read.push(...reader.push(res.body.slice(at, at + size)));
        read.push(...reader.end());
        expect(read, `${user}, pieces of ${size}`).toEqual(whole);
      }
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
  });
});

/**
 * The snapshot's gzipped chunks are built once and served to every phone
 * (repos/snapshotChunks.ts): the same text as a fresh build, for each role's view, built
 * before the first phone asks; and never stale — a line added during the count, a new
 * reference's cost, whether this server or another one on the same database took it, makes
 * the next download build again. A snapshot line never changes in the product: the tests
 * change one behind the server's back to see which answers came from what was kept.
 */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryDto, LineColumnsDto, LineDto } from '../../src/core/api/dto';
import { buildServer } from '../../src/server/app';
import { addedLinesVersion, chunkVariant, phoneVariants, SnapshotChunks } from '../../src/server/repos/snapshotChunks';
import { startTestServer, type TestServer } from './harness';
import { createInventory } from './support';

let server: TestServer;
let inv: InventoryDto;
let sup: string;
let counter: string;

beforeAll(async () => {
  server = await startTestServer();
  sup = await server.token('superviseur');
  counter = await server.token('compteur');
  inv = await createInventory(server, { name: 'Une fois', locationId: 1, kind: 'articles' });
});
afterAll(() => server.close());

/** Frees the location for the next count (one inventory per location at a time). */
async function cancel(id: number): Promise<void> {
  const res = await server.call('POST', `/api/inventories/${id}/cancel`, { token: sup });
  expect(res.status, res.body).toBe(200);
}

const url = (id: number) => `/api/inventories/${id}/lines/columns`;

/** The columns route's answer as a phone reads it: gzipped, then unzipped. */
async function gzipped(token: string, id = inv.id): Promise<string> {
  const res = await server.call('GET', url(id), { token, headers: { 'accept-encoding': 'gzip' } });
  expect(res.status, res.body).toBe(200);
  expect(res.headers['content-encoding']).toBe('gzip');
  return gunzipSync(res.raw).toString('utf8');
}

/** Built now, never kept: the answer to a client that does not take gzip. */
async function fresh(token: string, id = inv.id): Promise<string> {
  const res = await server.call('GET', url(id), { token });
  expect(res.status, res.body).toBe(200);
  expect(res.headers['content-encoding']).toBeUndefined();
  return res.body;
}

const designations = (text: string): readonly string[] =>
  (JSON.parse(text) as LineColumnsDto[]).flatMap((c) => c.designation);

/** Renames the inventory's first snapshot line, as nothing in the product ever does. */
async function renameFirstLine(id: number, designation: string): Promise<void> {
  await server.db.query(
    `UPDATE inventory_lines SET designation = $2
     WHERE inventory_id = $1 AND line_key = (SELECT min(line_key) FROM inventory_lines WHERE inventory_id = $1 AND NOT added)`,
    [id, designation],
  );
}

describe('the snapshot’s chunks, gzipped once', () => {
  it('are the text a fresh build gives, for a counter and for a supervisor, alike for every download', async () => {
    for (const token of [counter, sup]) {
      const first = await gzipped(token);
      expect(first).toBe(await fresh(token));
      expect(await gzipped(token)).toBe(first);
    }
    // A counter counts blind and without costs: what was kept for the supervisor is not theirs.
    const [asCounter] = JSON.parse(await gzipped(counter)) as LineColumnsDto[];
    expect(asCounter!.expectedQty.every((q) => q === null)).toBe(true);
    expect(asCounter!.unitCost.every((c) => c === null)).toBe(true);
    const [asSupervisor] = JSON.parse(await gzipped(sup)) as LineColumnsDto[];
    expect(asSupervisor!.expectedQty.every((q) => q !== null)).toBe(true);
  });

  it('are built ahead for the phones of a new count: the supervisor’s and the counters’', async () => {
    const created = await createInventory(server, { name: 'Prêt', locationId: 2, kind: 'articles' });
    const chunks = new SnapshotChunks();
    chunks.warm(server.db, created.id, phoneVariants(false));
    await chunks.idle();
    // What the warming built is what a phone gets, even once the line was renamed behind it.
    await renameFirstLine(created.id, 'Renommé en douce');
    for (const role of ['supervisor', 'counter'] as const) {
      const pieces: Buffer[] = [];
      for await (const piece of await chunks.gzipped(server.db, created.id, chunkVariant(role, false)))
        pieces.push(piece);
      const text = gunzipSync(Buffer.concat(pieces)).toString('utf8');
      expect(text, role).not.toContain('Renommé en douce');
      expect(designations(text).length, role).toBeGreaterThan(100);
    }
    expect(await fresh(sup, created.id)).toContain('Renommé en douce');
    await chunks.close();
    await cancel(created.id);
  });

  it('are built again once a line is added or a new reference valued, here or by another server', async () => {
    const before = await gzipped(sup);
    await renameFirstLine(inv.id, 'Renommé pendant le comptage');
    expect(await gzipped(sup)).toBe(before);

    const add = await server.call('POST', `/api/inventories/${inv.id}/lines`, {
      token: counter,
      body: { itemRef: 'NEUF-CHUNK', designation: 'Trouvé en rayon', bin: 'A-01-1' },
    });
    expect(add.status, add.body).toBe(201);
    const added = add.json<LineDto>();
    const afterAdd = await gzipped(sup);
    expect(afterAdd).toBe(await fresh(sup));
    expect(designations(afterAdd)).toContain('Trouvé en rayon');
    expect(designations(afterAdd)).toContain('Renommé pendant le comptage');
    expect(await gzipped(counter)).toBe(await fresh(counter));

    const valued = await server.call('PUT', `/api/inventories/${inv.id}/line-cost`, {
      token: sup,
      body: { lineKey: added.key, unitCost: '7.25' },
    });
    expect(valued.status, valued.body).toBe(200);
    const afterCost = await gzipped(sup);
    expect(afterCost).toBe(await fresh(sup));
    expect(afterCost).toContain('"7.2500"');

    // Another server process on the same database takes a line: this one sees it next time.
    const other = await buildServer(server.db, { tokenTtlMs: 3_600_000, staticDir: '/nonexistent' }, {});
    try {
      const res = await other.inject({
        method: 'POST',
        url: `/api/inventories/${inv.id}/lines`,
        headers: { authorization: `Bearer ${counter}`, 'content-type': 'application/json' },
        payload: JSON.stringify({ itemRef: 'NEUF-AILLEURS', designation: 'Ajouté ailleurs', bin: 'A-01-1' }),
      });
      expect(res.statusCode, res.body).toBe(201);
    } finally {
      await other.close();
    }
    const afterOther = await gzipped(sup);
    expect(designations(afterOther)).toContain('Ajouté ailleurs');
    expect(afterOther).toBe(await fresh(sup));
  });

  it('give two phones asking at once the same text', async () => {
    const created = await createInventory(server, { name: 'À deux', locationId: 2, kind: 'articles' });
    const [a, b, c] = await Promise.all([
      gzipped(counter, created.id),
      gzipped(counter, created.id),
      fresh(counter, created.id),
    ]);
    expect(a).toBe(c);
    expect(b).toBe(c);
    await cancel(created.id);
  });
});

describe('what is kept', () => {
  it('stays within its budget of bytes: one larger than it is served, not kept', async () => {
    const chunks = new SnapshotChunks(1);
    const variant = chunkVariant('supervisor', false);
    const read = async (): Promise<string> => {
      const pieces: Buffer[] = [];
      for await (const piece of await chunks.gzipped(server.db, inv.id, variant)) pieces.push(piece);
      return gunzipSync(Buffer.concat(pieces)).toString('utf8');
    };
    const first = await read();
    await renameFirstLine(inv.id, 'Pas gardé');
    const second = await read();
    expect(second).not.toBe(first);
    expect(second).toContain('Pas gardé');
    await chunks.close();
  });

  it('follows the added lines: their count, keys and costs', async () => {
    const created = await createInventory(server, { name: 'Version', locationId: 2, kind: 'articles' });
    const v0 = await addedLinesVersion(server.db, created.id);
    expect(v0).toBe('0:');
    const res = await server.call('POST', `/api/inventories/${created.id}/lines`, {
      token: counter,
      body: { itemRef: 'NEUF-V', designation: 'Version', bin: 'A-01-1' },
    });
    expect(res.status, res.body).toBe(201);
    const v1 = await addedLinesVersion(server.db, created.id);
    expect(v1).toMatch(/^1:[0-9a-f]{32}$/);
    const key = res.json<LineDto>().key;
    const cost = await server.call('PUT', `/api/inventories/${created.id}/line-cost`, {
      token: sup,
      body: { lineKey: key, unitCost: '1.5' },
    });
    expect(cost.status, cost.body).toBe(200);
    const v2 = await addedLinesVersion(server.db, created.id);
    expect(v2).not.toBe(v1);
    expect(v2.startsWith('1:')).toBe(true);
    await cancel(created.id);
  });
});

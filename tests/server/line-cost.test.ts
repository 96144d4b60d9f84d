/**
 * Issue 21: a new reference added without its unit cost is marked "à valoriser"
 * (costMissing) instead of being valued 0 € silently. The mark is set only for a new
 * reference left without a cost; a supervisor values it (PUT /line-cost) while counting
 * or closed, which clears it; other roles, other states and bad input change nothing; the
 * apply is refused (409 unvalued_lines) while a line is marked, unless the supervisor
 * confirms 0 €; the recap, the movements, the catalogue and the after ZIP's variances
 * carry the cost given.
 */
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  countEventFromDto,
  lineFromDto,
  type CountsPageDto,
  type InventoryDto,
  type LineDto,
  type RecapDto,
} from '../../src/core/api/dto';
import { lineCounts, registersFrom } from '../../src/core/counting';
import { buildAfterExport, readExport, stockAfter, zipExport } from '../../src/core/export';
import { buildRecap } from '../../src/core/recap';
import {
  dbSnapshot,
  event,
  expectError,
  freshInventory,
  getLines,
  getRecap,
  push,
  type FullLineDto,
  fileServer,
} from './support';

const { server, sup, counter, accountant } = await fileServer();

const addLine = async (inventoryId: number, body: object, token = counter): Promise<LineDto> => {
  const res = await server.call('POST', `/api/inventories/${inventoryId}/lines`, { token, body });
  expect(res.status, res.body).toBe(201);
  return res.json<LineDto>();
};

const setCost = (inventoryId: number, body: unknown, token = sup) =>
  server.call('PUT', `/api/inventories/${inventoryId}/line-cost`, { token, body });

const recapLine = (r: RecapDto, key: string) => [...r.lines, ...r.uncounted].find((l) => l.key === key);

const marked = async (inventoryId: number): Promise<string[]> =>
  (
    await server.db.query<{ line_key: string }>(
      'SELECT line_key FROM inventory_lines WHERE inventory_id = $1 AND cost_missing ORDER BY line_key',
      [inventoryId],
    )
  ).map((r) => r.line_key);

describe('a new reference added without its cost', () => {
  let inv: InventoryDto;
  let lines: FullLineDto[];
  let fresh: LineDto;
  let bin: string;

  beforeAll(async () => {
    ({ inv, lines } = await freshInventory(server, { name: 'À valoriser', locationId: 1, kind: 'articles' }));
    bin = lines[0]!.bin;
  });

  it('is marked; a catalogue item and a new reference with its cost are not', async () => {
    fresh = await addLine(inv.id, { itemRef: 'NEUF-SANS-COUT', designation: 'Trouvé en rayon', bin, unitCost: null });
    // A counter sees no cost, but sees that it is missing: not a secret, a task for the supervisor.
    expect(fresh).toMatchObject({ itemRef: 'NEUF-SANS-COUT', unitCost: null, added: true, costMissing: true });
    const catalogued = lines.find((l) => l.serial === null && l.lot === null)!;
    const known = await addLine(inv.id, { itemRef: catalogued.itemRef, bin: 'Z-TROUVE' });
    expect(known.costMissing).toBeUndefined();
    const valued = await addLine(inv.id, { itemRef: 'NEUF-AVEC-COUT', designation: 'Avec coût', bin, unitCost: '3.5' });
    expect(valued.costMissing).toBeUndefined();

    // The supervisor's list and the recap say it; the line is valued 0 € meanwhile.
    const listed = (await getLines(server, inv.id)).filter((l) => l.added);
    const row = (l: LineDto) => `${l.itemRef} ${l.unitCost} ${l.costMissing ?? false}`;
    expect(new Set(listed.map(row))).toEqual(
      new Set([
        'NEUF-AVEC-COUT 3.5000 false',
        'NEUF-SANS-COUT 0.0000 true',
        `${catalogued.itemRef} ${catalogued.unitCost} false`,
      ]),
    );
    expect(listed).toHaveLength(3);
    expect(lines.every((l) => l.costMissing === undefined)).toBe(true);
    await push(server, counter, inv.id, 'tel-cout', [event(fresh.key, 5, 1)]);
    const recap = await getRecap(server, inv.id);
    expect(recapLine(recap, fresh.key)).toMatchObject({
      costMissing: true,
      unitCost: '0.0000',
      differenceValue: '0.0000',
    });
    expect([...recap.lines, ...recap.uncounted].filter((l) => l.costMissing).map((l) => l.key)).toEqual([fresh.key]);
    expect(await marked(inv.id)).toEqual([fresh.key]);
  });

  it('cannot be valued by a counter or an accountant, nor with bad input: nothing changes', async () => {
    const before = await dbSnapshot(server);
    expectError(await setCost(inv.id, { lineKey: fresh.key, unitCost: '12.5' }, counter), 403, 'forbidden');
    expectError(await setCost(inv.id, { lineKey: fresh.key, unitCost: '12.5' }, accountant), 403, 'forbidden');
    expectError(
      await server.call('PUT', `/api/inventories/${inv.id}/line-cost`, {
        body: { lineKey: fresh.key, unitCost: '12.5' },
      }),
      401,
      'unauthenticated',
    );
    const bad: readonly [unknown, number, string][] = [
      [{ lineKey: fresh.key, unitCost: 'abc' }, 400, 'invalid_money'],
      [{ lineKey: fresh.key, unitCost: '-1' }, 400, 'invalid_money'],
      [{ lineKey: fresh.key, unitCost: -1 }, 400, 'invalid_money'],
      [{ lineKey: fresh.key, unitCost: '1.00001' }, 400, 'invalid_money'],
      [{ lineKey: fresh.key, unitCost: '1e3' }, 400, 'invalid_money'],
      [{ lineKey: fresh.key, unitCost: '12,5' }, 400, 'invalid_money'],
      [{ lineKey: fresh.key, unitCost: true }, 400, 'invalid_request'],
      [{ lineKey: fresh.key, unitCost: null }, 400, 'invalid_request'],
      [{ lineKey: fresh.key }, 400, 'invalid_request'],
      [{ unitCost: '12.5' }, 400, 'invalid_request'],
      [{ lineKey: fresh.key, unitCost: '12.5', costMissing: false }, 400, 'invalid_request'],
      [{ lineKey: '', unitCost: '12.5' }, 400, 'invalid_request'],
      [{ lineKey: 'PAS-LA|A-01-1||', unitCost: '12.5' }, 400, 'unknown_line'],
      // A snapshot line's cost is the catalogue's (and the before ZIP's).
      [{ lineKey: lines[0]!.key, unitCost: '12.5' }, 409, 'cost_known'],
    ];
    for (const [body, status, code] of bad) expectError(await setCost(inv.id, body), status, code);
    // A catalogue item found on the shelf: its cost is the catalogue's too.
    const known = (await getLines(server, inv.id)).find((l) => l.added && l.bin === 'Z-TROUVE')!;
    expectError(await setCost(inv.id, { lineKey: known.key, unitCost: '1' }), 409, 'cost_known');
    expectError(await setCost(999999, { lineKey: fresh.key, unitCost: '1' }), 404, 'not_found');
    expect(await dbSnapshot(server)).toEqual(before);
    expect(await marked(inv.id)).toEqual([fresh.key]);
  });

  it('closed, the apply is refused while it is marked, and nothing changes', async () => {
    const closed = await server.call('POST', `/api/inventories/${inv.id}/close`, { token: sup, body: {} });
    expect(closed.status, closed.body).toBe(200);
    const before = await dbSnapshot(server);
    const refused = expectError(
      await server.call('POST', `/api/inventories/${inv.id}/apply`, { token: sup }),
      409,
      'unvalued_lines',
    );
    expect(refused.details).toEqual({ lineKeys: [fresh.key] });
    expectError(
      await server.call('POST', `/api/inventories/${inv.id}/apply`, { token: sup, body: { confirmZeroCost: false } }),
      409,
      'unvalued_lines',
    );
    expectError(
      await server.call('POST', `/api/inventories/${inv.id}/apply`, { token: sup, body: { confirmZeroCost: 'oui' } }),
      400,
      'invalid_request',
    );
    expect(await dbSnapshot(server)).toEqual(before);
  });

  it('valued by the supervisor while closed: the mark clears, the recap, the apply and the after ZIP use the cost', async () => {
    const res = await setCost(inv.id, { lineKey: fresh.key, unitCost: '12.5' });
    expect(res.status, res.body).toBe(200);
    const line = res.json<LineDto>();
    expect(line).toMatchObject({ key: fresh.key, unitCost: '12.5000', added: true });
    expect(line.costMissing).toBeUndefined();
    expect(await marked(inv.id)).toEqual([]);
    // Valuing it again (a typing mistake corrected) is allowed: it is still a new reference.
    expect((await setCost(inv.id, { lineKey: fresh.key, unitCost: 12.5 })).status).toBe(200);

    const recap = await getRecap(server, inv.id);
    expect(recapLine(recap, fresh.key)).toMatchObject({
      costMissing: false,
      counted: '5.000',
      unitCost: '12.5000',
      differenceValue: '62.5000',
    });
    const applied = await server.call('POST', `/api/inventories/${inv.id}/apply`, { token: sup });
    expect(applied.status, applied.body).toBe(200);
    expect(applied.json<{ totals: RecapDto['totals'] }>().totals).toEqual(recap.totals);
    const [movement] = await server.db.query<{ delta: string; unit_cost: string }>(
      `SELECT delta::text AS delta, unit_cost::text AS unit_cost FROM stock_movements
       WHERE inventory_id = $1 AND item_ref = 'NEUF-SANS-COUT'`,
      [inv.id],
    );
    expect(movement).toEqual({ delta: '5.000', unit_cost: '12.5000' });
    const [item] = await server.db.query<{ unit_cost: string }>(
      `SELECT unit_cost::text AS unit_cost FROM items WHERE ref = 'NEUF-SANS-COUT'`,
    );
    expect(item?.unit_cost).toBe('12.5000');

    // The after ZIP as a device builds it from the server's lines: the server, rebuilding it
    // from its own data, takes the same bytes; its variances carry the cost given.
    const inventory = (await server.call('GET', `/api/inventories/${inv.id}`, { token: sup })).json<InventoryDto>();
    const snapshot = (await getLines(server, inv.id)).map(lineFromDto);
    const events = (await server.call('GET', `/api/inventories/${inv.id}/counts?after=0`, { token: sup }))
      .json<CountsPageDto>()
      .events.map(countEventFromDto);
    const built = buildRecap(snapshot, lineCounts(registersFrom(events).values()), inventory.uncountedPolicy);
    const zip = await zipExport(
      await buildAfterExport(
        {
          phase: 'after',
          inventory: { id: inventory.id, name: inventory.name, kind: inventory.kind, status: inventory.status },
          location: { id: 1, code: 'DEP-01', name: 'Dépôt central' },
          generatedBy: 'superviseur',
          generatedAt: '2026-12-04T10:00:00.000Z',
        },
        { stock: stockAfter(snapshot, built), recap: built, events },
      ),
      '2026-12-04T10:00:00.000Z',
    );
    const put = await server.call('PUT', `/api/inventories/${inv.id}/exports/after`, { token: sup, body: zip });
    expect(put.status, put.body).toBe(201);
    const got = await server.call('GET', `/api/inventories/${inv.id}/exports/after`, { token: accountant });
    const opened = await readExport(new Uint8Array(got.raw));
    if (!opened.ok) throw new Error(opened.error.message);
    const rows = Papa.parse<Record<string, string>>(
      new TextDecoder().decode(opened.value.files.get('variances.csv')).replace(/^\uFEFF/, ''),
      { delimiter: ';', header: true, skipEmptyLines: true },
    ).data;
    expect(rows.find((r) => r.cle_ligne === fresh.key)).toMatchObject({
      quantite_comptee: '5,000',
      cout_unitaire: '12,5000',
      valeur_ecart: '62,5000',
    });
  });

  it('applied, its cost no longer changes', async () => {
    const before = await dbSnapshot(server);
    expectError(await setCost(inv.id, { lineKey: fresh.key, unitCost: '1' }), 409, 'not_editable');
    expect(await dbSnapshot(server)).toEqual(before);
  });
});

describe('confirmed at 0 €', () => {
  it('valued while counting, or applied at 0 € when the supervisor confirms it', async () => {
    const { inv, lines } = await freshInventory(server, { name: 'Zéro confirmé', locationId: 2, kind: 'articles' });
    const bin = lines[0]!.bin;
    const a = await addLine(inv.id, { itemRef: 'NEUF-ZERO-A', designation: 'Sans coût A', bin });
    const b = await addLine(inv.id, { itemRef: 'NEUF-ZERO-B', designation: 'Sans coût B', bin });
    // While counting: valued.
    expect((await setCost(inv.id, { lineKey: a.key, unitCost: '2' })).status).toBe(200);
    await push(server, counter, inv.id, 'tel-zero', [event(a.key, 4, 1), event(b.key, 3, 2)]);
    expect((await server.call('POST', `/api/inventories/${inv.id}/close`, { token: sup, body: {} })).status).toBe(200);
    const refused = expectError(
      await server.call('POST', `/api/inventories/${inv.id}/apply`, { token: sup }),
      409,
      'unvalued_lines',
    );
    expect(refused.details).toEqual({ lineKeys: [b.key] });
    const res = await server.call('POST', `/api/inventories/${inv.id}/apply`, {
      token: sup,
      body: { confirmZeroCost: true },
    });
    expect(res.status, res.body).toBe(200);
    const moved = await server.db.query<{ item_ref: string; delta: string; unit_cost: string }>(
      `SELECT item_ref, delta::text AS delta, unit_cost::text AS unit_cost FROM stock_movements
       WHERE inventory_id = $1 AND item_ref LIKE 'NEUF-ZERO-%' ORDER BY item_ref`,
      [inv.id],
    );
    expect(moved).toEqual([
      { item_ref: 'NEUF-ZERO-A', delta: '4.000', unit_cost: '2.0000' },
      { item_ref: 'NEUF-ZERO-B', delta: '3.000', unit_cost: '0.0000' },
    ]);
    // Still marked: the record says nobody gave its cost; the recap, read-only now, says so.
    expect(recapLine(await getRecap(server, inv.id), b.key)?.costMissing).toBe(true);
  });

  it('a cancelled inventory takes no cost', async () => {
    const { inv, lines } = await freshInventory(server, { name: 'Annulé', locationId: 2, kind: 'articles' });
    const line = await addLine(inv.id, { itemRef: 'NEUF-ANNULE', designation: 'Annulé', bin: lines[0]!.bin });
    expect((await server.call('POST', `/api/inventories/${inv.id}/cancel`, { token: sup })).status).toBe(200);
    const before = await dbSnapshot(server);
    expectError(await setCost(inv.id, { lineKey: line.key, unitCost: '1' }), 409, 'not_editable');
    expect(await dbSnapshot(server)).toEqual(before);
  });
});

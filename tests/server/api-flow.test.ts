/**
 * The whole workflow as a supervisor and counters drive it, against the real embedded
 * database: freeze, snapshot, counts from two devices, pull, "Ajouter réf.", close under
 * both uncounted policies, recap, apply once, unfreeze; then cancel and reopen.
 * The steps share one server and run in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CountsPageDto,
  CountEventDto,
  InventoryDetailDto,
  InventoryDto,
  LocationDto,
  RecapDto,
  RecapTotalsDto,
  SessionDto,
  StockLineDto,
} from '../../src/core/api/dto';
import { makeLineKey } from '../../src/core/lineKey';
import { startTestServer, type TestServer } from './harness';
import {
  MONEY,
  QTY,
  createInventory,
  dbSnapshot,
  event,
  expectError,
  getLines,
  push,
  scaled,
  stockInDb,
  stockKey,
  sumScaled,
  type EventBody,
  type FullLineDto,
  type WireLineDto,
} from './support';

let server: TestServer;
let sup: string;
let counter: string;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const DECIMAL_UNITS = new Set(['m', 'kg', 'l']);
const isPlainPcs = (l: { unit: string; lot: string | null; serial: string | null }): boolean =>
  l.unit === 'pcs' && l.lot === null && l.serial === null;

function pick<T>(list: readonly T[], predicate: (x: T) => boolean, skip = 0): T {
  const found = list.filter(predicate)[skip];
  if (!found) throw new Error('test data: no matching element');
  return found;
}

async function stockOf(locationId: number): Promise<StockLineDto[]> {
  const res = await server.call('GET', `/api/stock?locationId=${locationId}`, { token: sup });
  expect(res.status, res.body).toBe(200);
  return res.json<StockLineDto[]>();
}

async function locations(): Promise<LocationDto[]> {
  const res = await server.call('GET', '/api/locations', { token: sup });
  expect(res.status).toBe(200);
  return res.json<LocationDto[]>();
}

const movement = (
  locationId: number,
  s: Pick<StockLineDto, 'itemRef' | 'bin' | 'lot' | 'serial'>,
  delta: number | string,
) => ({
  locationId,
  itemRef: s.itemRef,
  bin: s.bin,
  lot: s.lot,
  serial: s.serial,
  delta,
  reason: 'réception fournisseur',
});

describe('the full inventory flow', () => {
  // State carried from step to step.
  let stock1: StockLineDto[];
  let stock2: StockLineDto[];
  let inv1: InventoryDto;
  let inv2: InventoryDto;
  let lines1: FullLineDto[];
  let lines2: FullLineDto[];
  let counted1: FullLineDto; // counted by two devices
  let unchanged1: FullLineDto; // counted at its expected quantity
  let decimal1: FullLineDto; // a line in m, kg or l
  let uncounted1: FullLineDto; // nobody counts it: zero policy
  let uncounted2: FullLineDto; // nobody counts it: keep policy
  let counted2: FullLineDto;
  let movedAt2: StockLineDto;
  let byBarcode: FullLineDto;
  let newRef: FullLineDto;
  const pushed: EventBody[] = [];
  let closed1: RecapDto;
  let closed2: RecapDto;

  it('logs in and lists the locations, none frozen', async () => {
    const res = await server.call('POST', '/api/session', { body: { username: 'superviseur', password: 'demo' } });
    expect(res.status).toBe(201);
    const session = res.json<SessionDto>();
    expect(session.user).toEqual({ username: 'superviseur', role: 'supervisor' });
    expect(session.token.length).toBeGreaterThanOrEqual(20);
    expect(Date.parse(session.expiresAt)).toBeGreaterThan(Date.now());
    sup = session.token;
    counter = await server.token('compteur');

    const locs = await locations();
    expect(locs).toEqual([
      { id: 1, code: 'DEP-01', name: 'Dépôt central', frozenBy: null },
      { id: 2, code: 'MAG-02', name: 'Magasin atelier', frozenBy: null },
    ]);
  });

  it('reads the stock of location 1 with exact decimal strings', async () => {
    stock1 = await stockOf(1);
    expect(stock1).toHaveLength(600);
    for (const s of stock1) {
      expect(s.qty).toMatch(QTY);
      expect(s.unitCost).toMatch(MONEY);
      expect(['articles', 'pieces']).toContain(s.kind);
      if (s.serial !== null) expect(s.qty === '1.000' || s.qty === '0.000').toBe(true);
    }
    expect(stock1.some((s) => s.lot === null && s.serial === null)).toBe(true);
    expect(stock1.some((s) => s.lot !== null)).toBe(true);
    expect(stock1.some((s) => s.serial !== null)).toBe(true);
    stock2 = await stockOf(2);
    expect(stock2).toHaveLength(800);
  });

  it('creates an inventory: 201, counting, location frozen', async () => {
    const res = await server.call('POST', '/api/inventories', {
      token: sup,
      body: { name: 'Inventaire 2026', locationId: 1, kind: 'articles' },
    });
    expect(res.status, res.body).toBe(201);
    inv1 = res.json<InventoryDto>();
    expect(inv1).toMatchObject({ name: 'Inventaire 2026', locationId: 1, kind: 'articles', status: 'counting' });
    expect(Number.isInteger(inv1.id)).toBe(true);
    expect(Math.abs(Date.parse(inv1.createdAt) - Date.now())).toBeLessThan(60_000);
    expect(inv1).not.toHaveProperty('showExpected');

    const locs = await locations();
    expect(locs.find((l) => l.id === 1)?.frozenBy).toBe(inv1.id);
    expect(locs.find((l) => l.id === 2)?.frozenBy).toBeNull();
  });

  it('snapshots every articles line of the location, in the contract shape', async () => {
    lines1 = await getLines(server, inv1.id);
    const articles = stock1.filter((s) => s.kind === 'articles');
    expect(lines1).toHaveLength(articles.length);
    const stockByKey = new Map(articles.map((s) => [stockKey(s), s]));
    for (const l of lines1) {
      const s = stockByKey.get(stockKey(l));
      expect(s, stockKey(l)).toBeDefined();
      expect(l.key).toBe(makeLineKey(l));
      expect(l.kind).toBe('articles');
      expect(l.expectedQty).toMatch(QTY);
      expect(l.expectedQty).toBe(s?.qty);
      expect(l.unitCost).toMatch(MONEY);
      expect(l.unitCost).toBe(s?.unitCost);
      expect(l.designation).toBe(s?.designation);
      expect(l.added).toBe(false);
      expect(Array.isArray(l.barcodes)).toBe(true);
      expect(l.barcodes.length).toBeGreaterThan(0);
      for (const b of l.barcodes) expect(b).toMatch(/^\d{13}$/);
    }
    const plain = lines1.filter(isPlainPcs);
    expect(plain.length).toBeGreaterThan(10);
    for (const l of plain) {
      expect(l.lot).toBeNull();
      expect(l.serial).toBeNull();
    }
    counted1 = pick(plain, () => true, 0);
    unchanged1 = pick(plain, () => true, 1);
    uncounted1 = pick(plain, (l) => l.expectedQty !== '0.000', 2);
    decimal1 = pick(lines1, (l) => DECIMAL_UNITS.has(l.unit));

    const detail = await server.call('GET', `/api/inventories/${inv1.id}`, { token: counter });
    expect(detail.status).toBe(200);
    expect(detail.json<InventoryDetailDto>()).toMatchObject({
      id: inv1.id,
      status: 'counting',
      lineCount: lines1.length,
      countedLines: 0,
      devices: [],
    });
  });

  it('refuses stock movements at the frozen location with 423, naming the inventory', async () => {
    const before = await dbSnapshot(server);
    for (const s of [pick(stock1, (x) => x.kind === 'articles'), pick(stock1, (x) => x.kind === 'pieces')]) {
      const res = await server.call('POST', '/api/stock-movements', {
        token: sup,
        body: movement(1, s, s.serial ? -1 : 1),
      });
      const error = expectError(res, 423, 'location_frozen');
      expect(error.details).toEqual({ inventoryId: inv1.id, inventoryName: 'Inventaire 2026' });
      expect(error.message).toContain('Inventaire 2026');
    }
    expect(await dbSnapshot(server)).toEqual(before);
  });

  it('refuses a second inventory on the same location with 409', async () => {
    const before = await dbSnapshot(server);
    const res = await server.call('POST', '/api/inventories', {
      token: sup,
      body: { name: 'Pièces', locationId: 1, kind: 'pieces' },
    });
    const error = expectError(res, 409, 'location_already_counted');
    expect(error.details).toEqual({ inventoryId: inv1.id, inventoryName: 'Inventaire 2026' });
    expect(await dbSnapshot(server)).toEqual(before);
  });

  it('still accepts movements at another location', async () => {
    movedAt2 = pick(stock2, (s) => s.kind === 'articles' && isPlainPcs(s));
    const res = await server.call('POST', '/api/stock-movements', {
      token: sup,
      body: movement(2, movedAt2, 5),
    });
    expect(res.status, res.body).toBe(201);
    const expected = scaled(movedAt2.qty, 3) + 5000n;
    expect(scaled(res.json<{ qty: string }>().qty, 3)).toBe(expected);
    expect(scaled((await stockInDb(server, 2)).get(stockKey(movedAt2)) ?? '', 3)).toBe(expected);
    const [row] = await server.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM stock_movements WHERE location_id = 2 AND item_ref = $1 AND delta = 5`,
      [movedAt2.itemRef],
    );
    expect(row?.n).toBe(1);
  });

  it('takes counts pushed by two devices', async () => {
    const a = [
      event(counted1.key, 10, 1, 'Alice'),
      event(unchanged1.key, unchanged1.expectedQty, 2, 'Alice'),
      event(decimal1.key, '12.345', 3, 'Alice'),
    ];
    const b = [event(counted1.key, 5, 1, 'Bob'), event(decimal1.key, 0.5, 2, 'Bob')];
    expect(await push(server, counter, inv1.id, 'tablette-A', a)).toEqual({ accepted: 3, duplicates: 0, late: 0 });
    expect(await push(server, sup, inv1.id, 'phone-B', b)).toEqual({ accepted: 2, duplicates: 0, late: 0 });
    pushed.push(...a, ...b);

    const detail = (await server.call('GET', `/api/inventories/${inv1.id}`, { token: sup })).json<InventoryDetailDto>();
    expect(detail.countedLines).toBe(3);
    expect(detail.devices.map((d) => [d.deviceId, d.counter, d.events])).toEqual([
      // The counter is the logged-in user, whatever name the client wrote.
      ['phone-B', 'superviseur', 2],
      ['tablette-A', 'compteur', 3],
    ]);
  });

  it('pulls the events of all devices page by page with a monotonic cursor', async () => {
    const seen: CountEventDto[] = [];
    let cursor = 0;
    const pages: boolean[] = [];
    for (;;) {
      // The supervisor's pull: a counter's, on this blind inventory, leaves the quantities out (blind-counts.test.ts).
      const res = await server.call('GET', `/api/inventories/${inv1.id}/counts?after=${cursor}&limit=2`, {
        token: sup,
      });
      expect(res.status, res.body).toBe(200);
      const page = res.json<CountsPageDto>();
      expect(page.events.length).toBeLessThanOrEqual(2);
      for (const e of page.events) {
        expect(e.cursor).toBeGreaterThan(cursor);
        cursor = e.cursor;
      }
      expect(page.cursor).toBe(cursor);
      seen.push(...page.events);
      pages.push(page.more);
      if (!page.more) break;
      expect(pages.length).toBeLessThan(10);
    }
    expect(pages).toEqual([true, true, false]);
    expect(seen.map((e) => e.id)).toEqual(pushed.map((e) => e.id));
    const first = seen[0];
    expect(first).toMatchObject({
      lineKey: counted1.key,
      deviceId: 'tablette-A',
      qty: '10.000',
      seq: 1,
      counter: 'compteur',
      late: false,
    });
    expect(seen.find((e) => e.deviceId === 'phone-B' && e.lineKey === decimal1.key)?.qty).toBe('0.500');

    // Nothing after the last cursor; the cursor stays put.
    const tail = (
      await server.call('GET', `/api/inventories/${inv1.id}/counts?after=${cursor}`, { token: sup })
    ).json<CountsPageDto>();
    expect(tail).toEqual({ events: [], cursor, more: false, emptyBins: [] });
    const all = (await server.call('GET', `/api/inventories/${inv1.id}/counts`, { token: sup })).json<CountsPageDto>();
    expect(all.events).toHaveLength(pushed.length);
    expect(all.more).toBe(false);
  });

  it('"Ajouter réf.": adds an existing item by barcode in another bin', async () => {
    const item = pick(lines1, isPlainPcs, 5);
    const barcode = item.barcodes[0] ?? '';
    const res = await server.call('POST', `/api/inventories/${inv1.id}/lines`, {
      token: counter,
      body: { barcode, bin: 'Z-99-9' },
    });
    expect(res.status, res.body).toBe(201);
    // A counter counts blind, even the lines they add.
    expect(res.json<WireLineDto>().expectedQty).toBeNull();
    byBarcode = (await getLines(server, inv1.id)).find((l) => l.key === res.json<FullLineDto>().key) as FullLineDto;
    expect(byBarcode).toMatchObject({
      key: makeLineKey({ itemRef: item.itemRef, bin: 'Z-99-9', lot: null, serial: null }),
      itemRef: item.itemRef,
      designation: item.designation,
      kind: 'articles',
      bin: 'Z-99-9',
      lot: null,
      serial: null,
      unit: item.unit,
      expectedQty: '0.000',
      unitCost: item.unitCost,
      added: true,
    });
    expect(byBarcode.barcodes).toContain(barcode);
  });

  it('"Ajouter réf.": adds a brand-new reference; the same again is 200 with the same line', async () => {
    const body = {
      itemRef: 'NOUV-0001',
      designation: 'Étagère métallique',
      supplier: 'Würth France',
      unit: 'pcs',
      unitCost: '12.5',
      barcode: '3999999999996',
      bin: 'A-01-1',
    };
    const res = await server.call('POST', `/api/inventories/${inv1.id}/lines`, { token: sup, body });
    expect(res.status, res.body).toBe(201);
    newRef = res.json<FullLineDto>();
    expect(newRef).toMatchObject({
      key: 'NOUV-0001|A-01-1||',
      itemRef: 'NOUV-0001',
      designation: 'Étagère métallique',
      supplier: 'Würth France',
      barcodes: ['3999999999996'],
      unit: 'pcs',
      expectedQty: '0.000',
      unitCost: '12.5000',
      added: true,
    });

    const again = await server.call('POST', `/api/inventories/${inv1.id}/lines`, { token: sup, body });
    expect(again.status).toBe(200);
    expect(again.json<FullLineDto>()).toEqual(newRef);
    const byCode = await server.call('POST', `/api/inventories/${inv1.id}/lines`, {
      token: counter,
      body: { barcode: byBarcode.barcodes[0], bin: 'Z-99-9' },
    });
    expect(byCode.status).toBe(200);
    expect(byCode.json<FullLineDto>().key).toBe(byBarcode.key);

    const lines = await getLines(server, inv1.id);
    expect(lines).toHaveLength(lines1.length + 2);
    expect(lines.filter((l) => l.added).map((l) => l.key)).toEqual(expect.arrayContaining([byBarcode.key, newRef.key]));
    // The detail counts them too (the snapshot's lines are counted once, when it is taken).
    const detail = await server.call('GET', `/api/inventories/${inv1.id}`, { token: counter });
    expect(detail.json<InventoryDetailDto>().lineCount).toBe(lines1.length + 2);
  });

  it('"Ajouter réf.": refuses an unknown barcode (404) and a new reference without designation (400)', async () => {
    const before = await dbSnapshot(server);
    expectError(
      await server.call('POST', `/api/inventories/${inv1.id}/lines`, {
        token: counter,
        body: { barcode: '0000000000000', bin: 'A-01-1' },
      }),
      404,
      'not_found',
    );
    expectError(
      await server.call('POST', `/api/inventories/${inv1.id}/lines`, {
        token: counter,
        body: { itemRef: 'NOUV-0002', bin: 'A-01-1' },
      }),
      400,
      'designation_required',
    );
    expect(await dbSnapshot(server)).toEqual(before);
  });

  it('counts the added lines like any other', async () => {
    const more = [event(byBarcode.key, 3, 4, 'Alice'), event(newRef.key, '2', 5, 'Alice')];
    expect(await push(server, counter, inv1.id, 'tablette-A', more)).toEqual({ accepted: 2, duplicates: 0, late: 0 });
  });

  it('counts a second location (after its movement) in another inventory', async () => {
    inv2 = await createInventory(server, { name: 'Magasin 2026', locationId: 2, kind: 'articles' });
    lines2 = await getLines(server, inv2.id);
    const moved = lines2.find((l) => stockKey(l) === stockKey(movedAt2));
    expect(scaled(moved?.expectedQty ?? '', 3)).toBe(scaled(movedAt2.qty, 3) + 5000n);
    counted2 = pick(lines2, (l) => isPlainPcs(l) && l.key !== moved?.key, 0);
    uncounted2 = pick(lines2, (l) => isPlainPcs(l) && l.key !== moved?.key, 1);
    const c = await push(server, counter, inv2.id, 'tablette-A', [event(counted2.key, 1, 6, 'Alice')]);
    expect(c.accepted).toBe(1);
  });

  it('closes with the zero policy: the recap lists counted and uncounted lines with totals', async () => {
    const res = await server.call('POST', `/api/inventories/${inv1.id}/close`, {
      token: sup,
      body: { uncountedPolicy: 'zero' },
    });
    expect(res.status, res.body).toBe(200);
    closed1 = res.json<RecapDto>();
    expect(closed1.uncountedPolicy).toBe('zero');
    expect(closed1.lines).toHaveLength(5);
    expect(closed1.uncounted).toHaveLength(lines1.length + 2 - 5);
    const byKey = new Map([...closed1.lines, ...closed1.uncounted].map((l) => [l.key, l]));

    const c = byKey.get(counted1.key);
    expect(c).toMatchObject({ expected: counted1.expectedQty, counted: '15.000', unitCost: counted1.unitCost });
    expect(scaled(c?.difference ?? '', 3)).toBe(15000n - scaled(counted1.expectedQty, 3));
    expect(c?.devices.map((d) => [d.deviceId, d.counter, d.qty])).toEqual([
      ['phone-B', 'superviseur', '5.000'],
      ['tablette-A', 'compteur', '10.000'],
    ]);
    expect(byKey.get(unchanged1.key)).toMatchObject({ counted: unchanged1.expectedQty, difference: '0.000' });
    expect(byKey.get(decimal1.key)?.counted).toBe('12.845');
    expect(byKey.get(byBarcode.key)).toMatchObject({ expected: '0.000', counted: '3.000', added: true });
    expect(byKey.get(newRef.key)).toMatchObject({ counted: '2.000', differenceValue: '25.0000', added: true });

    const u = closed1.uncounted.find((l) => l.key === uncounted1.key);
    expect(u).toMatchObject({ expected: uncounted1.expectedQty, counted: '0.000', devices: [] });
    expect(scaled(u?.difference ?? '', 3)).toBe(-scaled(uncounted1.expectedQty, 3));
    for (const l of closed1.uncounted) expect(l.counted).toBe('0.000');

    checkTotals(closed1);
    expect(closed1.totals).toMatchObject({ lines: lines1.length + 2, countedLines: 5 });

    const recap = await server.call('GET', `/api/inventories/${inv1.id}/recap`, { token: sup });
    expect(recap.json<RecapDto>()).toEqual(closed1);
    const asAccountant = await server.call('GET', `/api/inventories/${inv1.id}/recap`, {
      token: await server.token('comptable'),
    });
    expect(asAccountant.json<RecapDto>()).toEqual(closed1);
  });

  it('closes without a body: the default policy keeps the expected quantity', async () => {
    const res = await server.call('POST', `/api/inventories/${inv2.id}/close`, { token: sup });
    expect(res.status, res.body).toBe(200);
    closed2 = res.json<RecapDto>();
    expect(closed2.uncountedPolicy).toBe('keep');
    expect(closed2.lines.map((l) => l.key)).toEqual([counted2.key]);
    expect(closed2.uncounted).toHaveLength(lines2.length - 1);
    for (const l of closed2.uncounted) {
      expect(l.counted).toBe(l.expected);
      expect(l.difference).toBe('0.000');
      expect(l.differenceValue).toBe('0.0000');
    }
    checkTotals(closed2);
    const detail = (await server.call('GET', `/api/inventories/${inv2.id}`, { token: sup })).json<InventoryDetailDto>();
    expect(detail).toMatchObject({ status: 'closed', uncountedPolicy: 'keep' });
    expect(detail.closedAt).not.toBeNull();
  });

  it('keeps a closed location frozen', async () => {
    const res = await server.call('POST', '/api/stock-movements', {
      token: sup,
      body: movement(2, movedAt2, 1),
    });
    expect(expectError(res, 423, 'location_frozen').details).toEqual({
      inventoryId: inv2.id,
      inventoryName: 'Magasin 2026',
    });
  });

  it('applies: the stock takes the counted quantities, movements are recorded, the location is free', async () => {
    const pieceBefore = stock1.filter((s) => s.kind === 'pieces');
    const res = await server.call('POST', `/api/inventories/${inv1.id}/apply`, { token: sup });
    expect(res.status, res.body).toBe(200);
    const applied = res.json<{ inventory: InventoryDto; movements: number; totals: RecapTotalsDto }>();
    expect(applied.inventory).toMatchObject({ id: inv1.id, status: 'applied' });
    expect(applied.inventory.appliedAt).not.toBeNull();
    expect(applied.totals).toEqual(closed1.totals);
    expect(applied.movements).toBe(closed1.totals.changedLines);

    const stock = await stockInDb(server, 1);
    expect(stock.get(stockKey(counted1))).toBe('15.000');
    expect(stock.get(stockKey(unchanged1))).toBe(unchanged1.expectedQty);
    expect(stock.get(stockKey(decimal1))).toBe('12.845');
    expect(stock.get(stockKey(uncounted1))).toBe('0.000');
    expect(stock.get(stockKey(byBarcode))).toBe('3.000');
    expect(stock.get('NOUV-0001|A-01-1||')).toBe('2.000');
    for (const l of [...closed1.lines, ...closed1.uncounted]) expect(stock.get(stockKey(l)), l.key).toBe(l.counted);
    for (const s of pieceBefore) expect(stock.get(stockKey(s)), stockKey(s)).toBe(s.qty);

    // Through the API too, with the new reference now in the catalogue.
    const viaApi = await stockOf(1);
    expect(viaApi.find((s) => s.itemRef === 'NOUV-0001')).toMatchObject({
      designation: 'Étagère métallique',
      bin: 'A-01-1',
      qty: '2.000',
      unitCost: '12.5000',
      lot: null,
      serial: null,
    });
    const [barcode] = await server.db.query<{ item_ref: string }>(
      `SELECT item_ref FROM item_barcodes WHERE barcode = '3999999999996'`,
    );
    expect(barcode?.item_ref).toBe('NOUV-0001');

    const movements = await server.db.query<{ key: string; delta: string; reason: string; created_by: string }>(
      `SELECT item_ref || '|' || bin || '|' || lot || '|' || serial AS key, delta::text AS delta, reason, created_by
       FROM stock_movements WHERE inventory_id = $1`,
      [inv1.id],
    );
    expect(movements).toHaveLength(closed1.totals.changedLines);
    for (const m of movements) expect([m.reason, m.created_by]).toEqual(['inventory', 'superviseur']);
    expect(
      sumScaled(
        movements.map((m) => m.delta),
        3,
      ),
    ).toBe(scaled(closed1.totals.difference, 3));
    const delta = new Map(movements.map((m) => [m.key, m.delta]));
    expect(scaled(delta.get(stockKey(counted1)) ?? '', 3)).toBe(15000n - scaled(counted1.expectedQty, 3));
    expect(scaled(delta.get(stockKey(uncounted1)) ?? '', 3)).toBe(-scaled(uncounted1.expectedQty, 3));
    expect(delta.has(stockKey(unchanged1))).toBe(false);

    expect((await locations()).find((l) => l.id === 1)?.frozenBy).toBeNull();
    const again = await server.call('POST', '/api/stock-movements', {
      token: sup,
      body: movement(1, counted1, -2),
    });
    expect(again.status, again.body).toBe(201);
    expect(again.json<{ qty: string }>().qty).toBe('13.000');
  });

  it('applies with the keep policy (two confirmations at once: one wins): uncounted stock stays', async () => {
    const both = await Promise.all([
      server.call('POST', `/api/inventories/${inv2.id}/apply`, { token: sup }),
      server.call('POST', `/api/inventories/${inv2.id}/apply`, { token: sup }),
    ]);
    expect(both.map((r) => r.status).sort((a, b) => a - b)).toEqual([200, 409]);
    const stock = await stockInDb(server, 2);
    expect(stock.get(stockKey(counted2))).toBe('1.000');
    expect(stock.get(stockKey(uncounted2))).toBe(uncounted2.expectedQty);
    for (const l of closed2.uncounted) expect(stock.get(stockKey(l))).toBe(l.expected);
    const [row] = await server.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM stock_movements WHERE inventory_id = $1',
      [inv2.id],
    );
    expect(row?.n).toBe(counted2.expectedQty === '1.000' ? 0 : 1);
  });

  it('refuses to apply twice and leaves the stock alone', async () => {
    const before = await dbSnapshot(server);
    const stock = await stockInDb(server, 1);
    for (const id of [inv1.id, inv2.id]) {
      const res = await server.call('POST', `/api/inventories/${id}/apply`, { token: sup });
      expectError(res, 409, 'invalid_transition');
    }
    expect(await stockInDb(server, 1)).toEqual(stock);
    expect(await dbSnapshot(server)).toEqual(before);
    // Nor can it be closed, reopened or cancelled any more.
    for (const action of ['close', 'reopen', 'cancel']) {
      expectError(
        await server.call('POST', `/api/inventories/${inv1.id}/${action}`, { token: sup }),
        409,
        'invalid_transition',
      );
    }
    expect(await dbSnapshot(server)).toEqual(before);
  });

  it('cancels an inventory: the location is unfrozen and nothing is applied', async () => {
    const inv = await createInventory(server, { name: 'Pièces 2026', locationId: 1, kind: 'pieces' });
    const lines = await getLines(server, inv.id);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.kind === 'pieces')).toBe(true);
    const line = lines[0] as FullLineDto;
    await push(server, counter, inv.id, 'tablette-A', [event(line.key, 0, 100)]);
    const stock = await stockInDb(server, 1);

    const res = await server.call('POST', `/api/inventories/${inv.id}/cancel`, { token: sup });
    expect(res.status, res.body).toBe(200);
    expect(res.json<InventoryDto>()).toMatchObject({ id: inv.id, status: 'cancelled' });
    expect((await locations()).find((l) => l.id === 1)?.frozenBy).toBeNull();
    expect(await stockInDb(server, 1)).toEqual(stock);

    const s = pick(stock1, (x) => x.kind === 'pieces' && isPlainPcs(x));
    const moved = await server.call('POST', '/api/stock-movements', {
      token: sup,
      body: movement(1, s, 1),
    });
    expect(moved.status, moved.body).toBe(201);
    expectError(
      await server.call('POST', `/api/inventories/${inv.id}/cancel`, { token: sup }),
      409,
      'invalid_transition',
    );
    expectError(
      await server.call('POST', `/api/inventories/${inv.id}/apply`, { token: sup }),
      409,
      'invalid_transition',
    );
    // A count arriving after the cancel is kept, as late.
    expect(await push(server, counter, inv.id, 'tablette-A', [event(line.key, 1, 101)])).toEqual({
      accepted: 1,
      duplicates: 0,
      late: 1,
    });
  });

  it('reopens a closed inventory: counting resumes and the next close sees the new counts', async () => {
    const inv = await createInventory(server, { name: 'Recomptage', locationId: 2, kind: 'pieces' });
    const lines = await getLines(server, inv.id);
    const line = pick(lines, (l) => l.serial === null && l.unit === 'pcs');
    await push(server, counter, inv.id, 'tablette-A', [event(line.key, 7, 200)]);
    const first = await server.call('POST', `/api/inventories/${inv.id}/close`, { token: sup, body: {} });
    expect(first.json<RecapDto>().lines.map((l) => [l.key, l.counted])).toEqual([[line.key, '7.000']]);
    expectError(
      await server.call('POST', `/api/inventories/${inv.id}/lines`, {
        token: counter,
        body: { itemRef: line.itemRef, bin: 'Z-00-0' },
      }),
      409,
      'not_counting',
    );

    const res = await server.call('POST', `/api/inventories/${inv.id}/reopen`, { token: sup });
    expect(res.status, res.body).toBe(200);
    expect(res.json<InventoryDto>()).toMatchObject({ id: inv.id, status: 'counting', closedAt: null });
    expect((await locations()).find((l) => l.id === 2)?.frozenBy).toBe(inv.id);
    expect(await push(server, counter, inv.id, 'tablette-A', [event(line.key, 9, 201)])).toEqual({
      accepted: 1,
      duplicates: 0,
      late: 0,
    });
    const second = (await server.call('POST', `/api/inventories/${inv.id}/close`, { token: sup })).json<RecapDto>();
    expect(second.lines.map((l) => [l.key, l.counted])).toEqual([[line.key, '9.000']]);
    checkTotals(second);
    const cancel = await server.call('POST', `/api/inventories/${inv.id}/cancel`, { token: sup });
    expect(cancel.json<InventoryDto>().status).toBe('cancelled');

    const list = (await server.call('GET', '/api/inventories', { token: counter })).json<InventoryDto[]>();
    expect(list.map((i) => [i.name, i.status])).toEqual([
      ['Recomptage', 'cancelled'],
      ['Pièces 2026', 'cancelled'],
      ['Magasin 2026', 'applied'],
      ['Inventaire 2026', 'applied'],
    ]);
  });
});

/** Totals equal the sums of the lines, exactly (BigInt on the decimal text). */
function checkTotals(recap: RecapDto): void {
  const all = [...recap.lines, ...recap.uncounted];
  const t = recap.totals;
  expect(t.lines).toBe(all.length);
  expect(t.countedLines).toBe(recap.lines.length);
  expect(t.uncountedLines).toBe(recap.uncounted.length);
  expect(t.changedLines).toBe(all.filter((l) => l.difference !== '0.000').length);
  expect(scaled(t.expected, 3)).toBe(
    sumScaled(
      all.map((l) => l.expected),
      3,
    ),
  );
  expect(scaled(t.counted, 3)).toBe(
    sumScaled(
      all.map((l) => l.counted),
      3,
    ),
  );
  expect(scaled(t.difference, 3)).toBe(
    sumScaled(
      all.map((l) => l.difference),
      3,
    ),
  );
  expect(scaled(t.differenceValue, 4)).toBe(
    sumScaled(
      all.map((l) => l.differenceValue),
      4,
    ),
  );
}

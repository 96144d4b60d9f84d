/**
 * A device withdraws its count of a line (`qty: null`, the undo of a first count made on
 * the wrong line): the line goes back to NOT counted — apply keeps its stock under the
 * 'keep' policy — instead of counted 0, which would zero it. The withdrawal is an
 * ordinary event (own id, higher seq, kept in the log), so it merges like any other.
 */
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  countEventFromDto,
  type ApiError,
  type BinDto,
  type CountsPageDto,
  type InventoryDetailDto,
  type InventoryDto,
  type LocationDto,
  type RecapDto,
  type RecapLineDto,
} from '../../src/core/api/dto';
import { countsCsv } from '../../src/core/export/counts';
import { FRENCH_CSV } from '../../src/core/export/csv';
import {
  createInventory,
  dbSnapshot,
  event,
  expectError,
  figures,
  getLines,
  push,
  stockInDb,
  stockKey,
  type EventBody,
  type FullLineDto,
  fileServer,
} from './support';

const { server, sup, counter } = await fileServer();

const withdrawal = (lineKey: string, seq: number, counterName = 'Test'): EventBody => ({
  ...event(lineKey, 0, seq, counterName),
  qty: null,
});

async function freshInventory(
  locationId: number,
  kind: 'articles' | 'pieces',
): Promise<{ inv: InventoryDto; lines: FullLineDto[] }> {
  const locations = (await server.call('GET', '/api/locations', { token: sup })).json<LocationDto[]>();
  const frozenBy = locations.find((l) => l.id === locationId)?.frozenBy;
  if (frozenBy)
    expect((await server.call('POST', `/api/inventories/${frozenBy}/cancel`, { token: sup })).status).toBe(200);
  const inv = await createInventory(server, { name: `Retrait ${kind}`, locationId, kind });
  return { inv, lines: await getLines(server, inv.id) };
}

async function recap(inventoryId: number): Promise<RecapDto> {
  const res = await server.call('GET', `/api/inventories/${inventoryId}/recap`, { token: sup });
  expect(res.status, res.body).toBe(200);
  return res.json<RecapDto>();
}

/** Where the line is in the recap: 'counted' or 'uncounted', with its recap row. */
async function recapLine(inventoryId: number, key: string): Promise<{ list: string; line: RecapLineDto }> {
  const r = await recap(inventoryId);
  const counted = r.lines.find((l) => l.key === key);
  if (counted) return { list: 'counted', line: counted };
  const uncounted = r.uncounted.find((l) => l.key === key);
  if (uncounted) return { list: 'uncounted', line: uncounted };
  throw new Error(`line ${key} is not in the recap`);
}

async function pulled(inventoryId: number): Promise<CountsPageDto['events']> {
  const res = await server.call('GET', `/api/inventories/${inventoryId}/counts`, { token: sup });
  expect(res.status, res.body).toBe(200);
  return res.json<CountsPageDto>().events;
}

/** Whole-unit lines with a non-zero expected quantity, so "kept" and "zeroed" differ. */
const stockedPcs = (lines: readonly FullLineDto[]): FullLineDto[] =>
  lines.filter((l) => l.unit === 'pcs' && l.serial === null && l.expectedQty !== '0.000');

describe('withdrawing a count (qty null)', () => {
  let inv: InventoryDto;
  let L: FullLineDto[];

  beforeAll(async () => {
    const fresh = await freshInventory(1, 'articles');
    inv = fresh.inv;
    L = stockedPcs(fresh.lines);
    expect(L.length).toBeGreaterThan(8);
  });

  it('count then withdrawal: the line is uncounted again, not counted 0', async () => {
    const line = L[0] as FullLineDto;
    const detail0 = (await server.call('GET', `/api/inventories/${inv.id}`, { token: sup })).json<InventoryDetailDto>();
    expect(await push(server, counter, inv.id, 'dev-A', [event(line.key, 3, 1)])).toEqual({
      accepted: 1,
      duplicates: 0,
      late: 0,
    });
    expect((await recapLine(inv.id, line.key)).list).toBe('counted');
    expect(await push(server, counter, inv.id, 'dev-A', [withdrawal(line.key, 2)])).toEqual({
      accepted: 1,
      duplicates: 0,
      late: 0,
    });
    const { list, line: r } = await recapLine(inv.id, line.key);
    expect(list).toBe('uncounted');
    expect(r.counted).toBe(line.expectedQty); // policy keep
    expect(r.difference).toBe('0.000');
    expect(r.devices).toEqual([]);
    // The inventory's counted-lines figure agrees with the recap.
    const detail = (await server.call('GET', `/api/inventories/${inv.id}`, { token: sup })).json<InventoryDetailDto>();
    expect(detail.countedLines).toBe(detail0.countedLines);
    expect(detail.countedLines).toBe((await recap(inv.id)).totals.countedLines);
    // Both events stay in the log; the withdrawal travels as qty null, never "0.000".
    expect((await pulled(inv.id)).filter((e) => e.lineKey === line.key).map((e) => [e.seq, e.qty])).toEqual([
      [1, '3.000'],
      [2, null],
    ]);
  });

  it("a withdrawn-only line does not make its bin's checklist count it", async () => {
    const line = L[0] as FullLineDto;
    const res = await server.call('GET', `/api/inventories/${inv.id}/bins`, { token: sup });
    expect(res.status, res.body).toBe(200);
    const bin = res.json<BinDto[]>().find((b) => b.code === line.bin);
    const countedInRecap = (await recap(inv.id)).lines.filter((l) => l.bin === line.bin).length;
    expect(bin?.countedLines).toBe(countedInRecap);
  });

  it('withdrawal then recount: the recount counts', async () => {
    const line = L[1] as FullLineDto;
    await push(server, counter, inv.id, 'dev-A', [event(line.key, 2, 3), withdrawal(line.key, 4)]);
    expect((await recapLine(inv.id, line.key)).list).toBe('uncounted');
    await push(server, counter, inv.id, 'dev-A', [event(line.key, 5, 5)]);
    const { list, line: r } = await recapLine(inv.id, line.key);
    expect([list, r.counted]).toEqual(['counted', '5.000']);
  });

  it("two devices, one withdraws: the other's part remains", async () => {
    const line = L[2] as FullLineDto;
    await push(server, counter, inv.id, 'dev-A', [event(line.key, 3, 6, 'Alice')]);
    await push(server, sup, inv.id, 'dev-B', [event(line.key, 4, 1, 'Bob')]);
    expect((await recapLine(inv.id, line.key)).line.counted).toBe('7.000');
    await push(server, sup, inv.id, 'dev-B', [withdrawal(line.key, 2, 'Bob')]);
    const { list, line: r } = await recapLine(inv.id, line.key);
    expect([list, r.counted]).toEqual(['counted', '3.000']);
    expect(r.devices.map((d) => [d.deviceId, d.counter, d.qty])).toEqual([['dev-A', 'compteur', '3.000']]);
  });

  it('out of order: a withdrawal with the higher seq arriving first is not undone by the older count', async () => {
    const [line, other] = L.slice(3) as [FullLineDto, FullLineDto];
    const count = event(line.key, 6, 7);
    const withdraw = withdrawal(line.key, 8);
    await push(server, counter, inv.id, 'dev-A', [withdraw]);
    expect(await push(server, counter, inv.id, 'dev-A', [count])).toEqual({ accepted: 1, duplicates: 0, late: 0 });
    expect((await recapLine(inv.id, line.key)).list).toBe('uncounted');
    // The same within one batch, newest first.
    await push(server, counter, inv.id, 'dev-C', [withdrawal(other.key, 2), event(other.key, 9, 1)]);
    expect((await recapLine(inv.id, other.key)).list).toBe('uncounted');
    // Converged to what the in-order arrival gives: the register holds the withdrawal.
    const regs = await server.db.query<{ line_key: string; qty: string | null; seq: number }>(
      `SELECT line_key, qty::text AS qty, seq::int AS seq FROM count_registers
       WHERE inventory_id = $1 AND line_key = ANY($2) ORDER BY seq DESC`,
      [inv.id, [line.key, other.key]],
    );
    expect(regs.map((r) => [r.line_key, r.qty, r.seq])).toEqual([
      [line.key, null, 8],
      [other.key, null, 2],
    ]);
  });

  it('is idempotent: the same count + withdrawal pushed again changes nothing', async () => {
    const line = L[5] as FullLineDto;
    const batch = [event(line.key, 4, 9), withdrawal(line.key, 10)];
    expect(await push(server, counter, inv.id, 'dev-A', batch)).toEqual({ accepted: 2, duplicates: 0, late: 0 });
    const before = await dbSnapshot(server);
    const recapBefore = await recap(inv.id);
    expect(await push(server, counter, inv.id, 'dev-A', batch)).toEqual({ accepted: 0, duplicates: 2, late: 0 });
    expect(await push(server, counter, inv.id, 'dev-A', [batch[1] as EventBody])).toEqual({
      accepted: 0,
      duplicates: 1,
      late: 0,
    });
    expect(await dbSnapshot(server)).toEqual(before);
    expect(await recap(inv.id)).toEqual(recapBefore);
    expect((await recapLine(inv.id, line.key)).list).toBe('uncounted');
  });

  it('still refuses an event without qty, and a qty that is not a number', async () => {
    const line = L[6] as FullLineDto;
    const { qty: _drop, ...noQty } = event(line.key, 1, 11);
    expectError(
      await server.call('POST', `/api/inventories/${inv.id}/counts`, {
        token: counter,
        body: { deviceId: 'dev-A', events: [noQty] },
      }),
      400,
    );
    expectError(
      await server.call('POST', `/api/inventories/${inv.id}/counts`, {
        token: counter,
        body: { deviceId: 'dev-A', events: [{ ...noQty, qty: 'null' }] },
      }),
      400,
      'invalid_quantity',
    );
  });

  it('apply keeps the stock of withdrawn lines (policy keep), while a counted 0 zeroes it', async () => {
    const zeroLine = L[7] as FullLineDto;
    await push(server, counter, inv.id, 'dev-A', [event(zeroLine.key, 0, 12)]);
    const stockBefore = await stockInDb(server, 1);
    const close = await server.call('POST', `/api/inventories/${inv.id}/close`, { token: sup, body: {} });
    expect(close.status, close.body).toBe(200);
    const apply = await server.call('POST', `/api/inventories/${inv.id}/apply`, { token: sup });
    expect(apply.status, apply.body).toBe(200);
    const stock = await stockInDb(server, 1);
    for (const withdrawn of [L[0], L[3], L[4], L[5]] as FullLineDto[]) {
      expect(stock.get(stockKey(withdrawn)), withdrawn.key).toBe(withdrawn.expectedQty);
      expect(stock.get(stockKey(withdrawn))).toBe(stockBefore.get(stockKey(withdrawn)));
    }
    expect(stock.get(stockKey(zeroLine))).toBe('0.000');
    expect(stock.get(stockKey(L[1] as FullLineDto))).toBe('5.000');
    expect(stock.get(stockKey(L[2] as FullLineDto))).toBe('3.000');
    const moved = await server.db.query<{ item_ref: string; bin: string }>(
      'SELECT item_ref, bin FROM stock_movements WHERE inventory_id = $1',
      [inv.id],
    );
    for (const withdrawn of [L[0], L[3], L[4], L[5]] as FullLineDto[]) {
      expect(moved.some((m) => m.item_ref === withdrawn.itemRef && m.bin === withdrawn.bin)).toBe(false);
    }
  });

  it("counts.csv (after ZIP) shows each withdrawal: empty quantite, retrait 'oui'", async () => {
    const events = (await pulled(inv.id)).map(countEventFromDto);
    const text = new TextDecoder().decode(countsCsv(events, new Map(), FRENCH_CSV).bytes).replace(/^\uFEFF/, '');
    const rows = Papa.parse<Record<string, string>>(text, { delimiter: ';', header: true, skipEmptyLines: true }).data;
    expect(rows).toHaveLength(events.length);
    const withdrawals = rows.filter((r) => r.retrait === 'oui');
    expect(withdrawals.length).toBe(events.filter((e) => e.qty === null).length);
    expect(withdrawals.length).toBeGreaterThanOrEqual(6);
    for (const r of withdrawals) expect(r.quantite).toBe('');
    for (const r of rows.filter((x) => x.retrait === 'non')) expect(r.quantite).toMatch(/^\d+,\d{3}$/);
  });
});

describe('withdrawals and serial numbers', () => {
  it('a serial counted by two devices, withdrawn by one, is no longer a double count', async () => {
    const { inv, lines } = await freshInventory(2, 'pieces');
    const serial = lines.find((l) => l.serial !== null) as FullLineDto;
    expect(serial).toBeDefined();
    await push(server, counter, inv.id, 'sn-A', [event(serial.key, 1, 1)]);
    await push(server, counter, inv.id, 'sn-B', [event(serial.key, 1, 1)]);
    expect((await server.call('POST', `/api/inventories/${inv.id}/close`, { token: sup, body: {} })).status).toBe(200);
    const refused = await server.call('POST', `/api/inventories/${inv.id}/apply`, { token: sup });
    expect(refused.status).toBe(409);
    expect(refused.json<ApiError>().error.code).toBe('serial_counted_twice');

    expect((await server.call('POST', `/api/inventories/${inv.id}/reopen`, { token: sup })).status).toBe(200);
    // qty null on a serial line passes validation (there is no quantity to check).
    expect(await push(server, counter, inv.id, 'sn-B', [withdrawal(serial.key, 2)])).toMatchObject({ accepted: 1 });
    const { list, line } = await recapLine(inv.id, serial.key);
    expect([list, line.counted, line.devices.map((d) => d.deviceId)]).toEqual(['counted', '1.000', ['sn-A']]);
    expect((await server.call('POST', `/api/inventories/${inv.id}/close`, { token: sup, body: {} })).status).toBe(200);
    const apply = await server.call('POST', `/api/inventories/${inv.id}/apply`, { token: sup });
    expect(apply.status, apply.body).toBe(200);
    expect((await stockInDb(server, 2)).get(stockKey(serial))).toBe('1.000');
  });
});

describe('late withdrawals and the zero policy', () => {
  it('a withdrawal after the close is late (recap unchanged); reopening takes it in; policy zero then zeroes the line', async () => {
    const { inv, lines } = await freshInventory(2, 'articles');
    const line = stockedPcs(lines)[0] as FullLineDto;
    await push(server, counter, inv.id, 'late-A', [event(line.key, 2, 1)]);
    const close = await server.call('POST', `/api/inventories/${inv.id}/close`, { token: sup, body: {} });
    expect(close.status, close.body).toBe(200);
    const atClose = close.json<RecapDto>();
    expect(await push(server, counter, inv.id, 'late-A', [withdrawal(line.key, 2)])).toEqual({
      accepted: 1,
      duplicates: 0,
      late: 1,
    });
    const afterLate = await recap(inv.id);
    expect(figures(afterLate)).toEqual(figures(atClose));
    expect(afterLate.totals.lateEvents).toBe(1);
    expect((await pulled(inv.id)).map((e) => [e.qty, e.late])).toEqual([
      ['2.000', false],
      [null, true],
    ]);

    expect((await server.call('POST', `/api/inventories/${inv.id}/reopen`, { token: sup })).status).toBe(200);
    expect((await recapLine(inv.id, line.key)).list).toBe('uncounted');
    const zero = await server.call('POST', `/api/inventories/${inv.id}/close`, {
      token: sup,
      body: { uncountedPolicy: 'zero' },
    });
    expect(zero.status, zero.body).toBe(200);
    const r = zero.json<RecapDto>().uncounted.find((l) => l.key === line.key);
    expect([r?.counted, r?.difference]).toEqual(['0.000', `-${line.expectedQty}`]);
  });
});

/**
 * Recounts as count rounds (issue #5) on the real database: a recount by another device
 * replaces the line's counted quantity in the recap and in apply, while both rounds stay
 * in /counts and counts.csv; withdrawal inside a round; idempotent pushes with rounds; bin
 * recounts; the exact threshold (by % and by value) that suggests one; and counters stay
 * blind: the recount list carries no quantity.
 */
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  countEventFromDto,
  type CountsPageDto,
  type InventoryDto,
  type RecapDto,
  type RecountDto,
} from '../../src/core/api/dto';
import { countsCsv } from '../../src/core/export/counts';
import { FRENCH_CSV } from '../../src/core/export/csv';
import {
  event,
  expectError,
  freshInventory,
  getRecap,
  push,
  scaled,
  stockInDb,
  stockKey,
  type FullLineDto,
  fileServer,
} from './support';

const { server, sup, counter } = await fileServer();

const inRound = (round: number, e: ReturnType<typeof event>) => ({ ...e, round });

async function requestRecount(inventoryId: number, body: object): Promise<RecountDto> {
  const res = await server.call('POST', `/api/inventories/${inventoryId}/recounts`, { token: sup, body });
  expect(res.status, res.body).toBe(201);
  return res.json<RecountDto>();
}

async function recounts(inventoryId: number, token = counter): Promise<RecountDto[]> {
  const res = await server.call('GET', `/api/inventories/${inventoryId}/recounts`, { token });
  expect(res.status, res.body).toBe(200);
  return res.json<RecountDto[]>();
}

const lineOf = (r: RecapDto, key: string) => [...r.lines, ...r.uncounted].find((l) => l.key === key);

/** Whole-unit lines with stock, so differences are easy to reason about. */
const pcs = (lines: readonly FullLineDto[]) =>
  lines.filter((l) => l.unit === 'pcs' && l.serial === null && l.expectedQty !== '0.000');

describe('a line recount', () => {
  let inv: InventoryDto;
  let L: FullLineDto[];

  beforeAll(async () => {
    const fresh = await freshInventory(server, { name: 'Recomptage', locationId: 1, kind: 'articles' });
    inv = fresh.inv;
    L = pcs(fresh.lines);
  });

  it('by another device replaces the counted quantity; both rounds stay in /counts and counts.csv; apply uses the recount', async () => {
    const line = L[0] as FullLineDto;
    await push(server, await server.userToken('alice'), inv.id, 'dev-A', [event(line.key, 40, 1, 'Alice')]);
    const recount = await requestRecount(inv.id, { lineKey: line.key });
    expect(recount).toMatchObject({
      lineKey: line.key,
      bin: null,
      round: 1,
      reason: 'manual',
      requestedBy: 'superviseur',
      avoidCounters: ['alice'],
      status: 'open',
    });
    // Counters see it — blind: no quantity of any kind.
    const seen = await recounts(inv.id);
    expect(seen).toEqual([recount]);
    expect(JSON.stringify(seen)).not.toMatch(/expected|qty|counted/i);

    // Until the recount is counted, the first count stands.
    expect(lineOf(await getRecap(server, inv.id), line.key)).toMatchObject({ counted: '40.000', round: 0 });
    const recounted = [inRound(1, event(line.key, 3, 1, 'Bob'))];
    expect(await push(server, await server.userToken('bob'), inv.id, 'dev-B', recounted)).toMatchObject({
      accepted: 1,
    });
    // Pushed again (a retry): a duplicate.
    expect(await push(server, await server.userToken('bob'), inv.id, 'dev-B', recounted)).toEqual({
      accepted: 0,
      duplicates: 1,
      late: 0,
    });
    expect(lineOf(await getRecap(server, inv.id), line.key)).toMatchObject({
      counted: '3.000',
      round: 1,
      possibleDoubleCount: false,
      devices: [expect.objectContaining({ deviceId: 'dev-B', counter: 'bob', qty: '3.000' })],
    });
    expect((await recounts(inv.id))[0]?.status).toBe('done');

    // Device A counting the line again in round 0 (it never heard of the recount) changes nothing.
    await push(server, await server.userToken('alice'), inv.id, 'dev-A', [event(line.key, 41, 2, 'Alice')]);
    expect(lineOf(await getRecap(server, inv.id), line.key)?.counted).toBe('3.000');

    // The supervisor reads the quantities: a counter on a blind inventory gets them withheld.
    const page = (await server.call('GET', `/api/inventories/${inv.id}/counts`, { token: sup })).json<CountsPageDto>();
    const mine = page.events.filter((e) => e.lineKey === line.key);
    expect(mine.map((e) => [e.deviceId, e.qty, e.round])).toEqual([
      ['dev-A', '40.000', 0],
      ['dev-B', '3.000', 1],
      ['dev-A', '41.000', 0],
    ]);
    const csv = new TextDecoder()
      .decode(countsCsv(page.events.map(countEventFromDto), new Map(), FRENCH_CSV).bytes)
      .replace(/^\uFEFF/, '');
    const rows = Papa.parse<Record<string, string>>(csv, { header: true, delimiter: ';', skipEmptyLines: true }).data;
    expect(rows.filter((r) => r.cle_ligne === line.key).map((r) => [r.appareil, r.quantite, r.tour])).toEqual([
      ['dev-A', '40,000', '0'],
      ['dev-B', '3,000', '1'],
      ['dev-A', '41,000', '0'],
    ]);
  });

  it('a withdrawal in the recount round falls back to the first count', async () => {
    const line = L[1] as FullLineDto;
    await push(server, await server.userToken('alice'), inv.id, 'dev-A', [event(line.key, 8, 10, 'Alice')]);
    await requestRecount(inv.id, { lineKey: line.key });
    await push(server, await server.userToken('bob'), inv.id, 'dev-B', [inRound(1, event(line.key, 2, 10, 'Bob'))]);
    expect(lineOf(await getRecap(server, inv.id), line.key)).toMatchObject({ counted: '2.000', round: 1 });
    await push(server, await server.userToken('bob'), inv.id, 'dev-B', [
      { ...inRound(1, event(line.key, 0, 11, 'Bob')), qty: null },
    ]);
    expect(lineOf(await getRecap(server, inv.id), line.key)).toMatchObject({ counted: '8.000', round: 0 });
    expect((await recounts(inv.id)).find((r) => r.lineKey === line.key)?.status).toBe('open');
  });

  it('two devices in the recount round add up and are flagged as a possible double count', async () => {
    const line = L[2] as FullLineDto;
    await push(server, await server.userToken('alice'), inv.id, 'dev-A', [event(line.key, 1, 20, 'Alice')]);
    await requestRecount(inv.id, { lineKey: line.key });
    await push(server, await server.userToken('bob'), inv.id, 'dev-B', [inRound(1, event(line.key, 2, 20, 'Bob'))]);
    await push(server, await server.userToken('chloe'), inv.id, 'dev-C', [inRound(1, event(line.key, 2, 1, 'Chloé'))]);
    expect(lineOf(await getRecap(server, inv.id), line.key)).toMatchObject({
      counted: '4.000',
      round: 1,
      possibleDoubleCount: true,
    });
  });

  it('refuses a round nobody opened (the batch stores nothing), a second open recount, and counters asking', async () => {
    const line = L[3] as FullLineDto;
    const res = await server.call('POST', `/api/inventories/${inv.id}/counts`, {
      token: counter,
      body: { deviceId: 'dev-A', events: [event(L[4]!.key, 1, 30), inRound(1, event(line.key, 1, 31))] },
    });
    expect(expectError(res, 400, 'unknown_round').details).toMatchObject({ index: 1, round: 1 });
    expect(lineOf(await getRecap(server, inv.id), L[4]!.key)?.devices).toEqual([]);

    await requestRecount(inv.id, { lineKey: line.key });
    expectError(
      await server.call('POST', `/api/inventories/${inv.id}/recounts`, { token: sup, body: { lineKey: line.key } }),
      409,
      'recount_open',
    );
    expectError(
      await server.call('POST', `/api/inventories/${inv.id}/recounts`, { token: counter, body: { lineKey: line.key } }),
      403,
    );
    expectError(
      await server.call('POST', `/api/inventories/${inv.id}/recounts`, { token: sup, body: { lineKey: 'NOPE|X||' } }),
      400,
      'unknown_line',
    );
    expectError(
      await server.call('POST', `/api/inventories/${inv.id}/recounts`, { token: sup, body: { bin: 'NO-BIN' } }),
      400,
      'unknown_bin',
    );
    expectError(
      await server.call('POST', `/api/inventories/${inv.id}/recounts`, {
        token: sup,
        body: { lineKey: line.key, bin: line.bin },
      }),
      400,
    );
  });
});

describe('a bin recount', () => {
  it('opens one round above the highest of its lines for every line, done when all are counted', async () => {
    const { inv, lines } = await freshInventory(server, { name: 'Recomptage bac', locationId: 1, kind: 'articles' });
    const byBin = new Map<string, FullLineDto[]>();
    for (const l of pcs(lines)) byBin.set(l.bin, [...(byBin.get(l.bin) ?? []), l]);
    const [bin, binLines] = [...byBin].find(([, ls]) => ls.length >= 2) as [string, FullLineDto[]];
    const [first, second] = binLines as [FullLineDto, FullLineDto];
    await push(server, await server.userToken('alice'), inv.id, 'dev-A', [event(first.key, 5, 1)]);
    await push(server, await server.userToken('anne'), inv.id, 'dev-A2', [event(second.key, 6, 2)]);
    await requestRecount(inv.id, { lineKey: first.key }); // round 1 for the first line
    const r = await requestRecount(inv.id, { bin });
    expect(r).toMatchObject({ lineKey: null, bin, round: 2, avoidCounters: ['alice', 'anne'], status: 'open' });

    await push(server, await server.userToken('bob'), inv.id, 'dev-B', [inRound(2, event(first.key, 1, 1, 'Bob'))]);
    expect((await recounts(inv.id)).map((x) => x.status)).toEqual(['done', 'open']);
    await push(server, await server.userToken('bob'), inv.id, 'dev-B', [inRound(2, event(second.key, 2, 2, 'Bob'))]);
    expect((await recounts(inv.id)).map((x) => x.status)).toEqual(['done', 'done']);
    const recap = await getRecap(server, inv.id);
    expect([lineOf(recap, first.key)?.counted, lineOf(recap, second.key)?.counted]).toEqual(['1.000', '2.000']);

    // Apply takes the recounted quantities.
    expect((await server.call('POST', `/api/inventories/${inv.id}/close`, { token: sup, body: {} })).status).toBe(200);
    const apply = await server.call('POST', `/api/inventories/${inv.id}/apply`, { token: sup });
    expect(apply.status, apply.body).toBe(200);
    const stock = await stockInDb(server, 1);
    expect([stock.get(stockKey(first)), stock.get(stockKey(second))]).toEqual(['1.000', '2.000']);
    expectError(
      await server.call('POST', `/api/inventories/${inv.id}/recounts`, { token: sup, body: { bin } }),
      409,
      'not_counting',
    );
  });
});

describe('the recount threshold', () => {
  it('suggests a recount by % of expected (exact at the boundary) and by value; set at creation or by PATCH', async () => {
    const { inv, lines } = await freshInventory(server, {
      name: 'Seuil',
      locationId: 1,
      kind: 'articles',
      recountThreshold: { qtyPercent: '10', value: null },
    });
    expect(inv.recountThreshold).toEqual({ qtyPercent: '10.000', value: null });
    // Lines whose expected quantity is a multiple of 10, so 10 % is a whole number.
    const tens = pcs(lines).filter((l) => Number(l.expectedQty) % 10 === 0 && Number(l.expectedQty) >= 20);
    const [at, below, byValue] = tens as [FullLineDto, FullLineDto, FullLineDto];
    const tenth = (l: FullLineDto) => Number(l.expectedQty) / 10;
    await push(server, await server.userToken('alice'), inv.id, 'dev-A', [
      event(at.key, Number(at.expectedQty) - tenth(at), 1), // exactly −10 %
      event(below.key, Number(below.expectedQty) - tenth(below) + 1, 2), // one unit under 10 %
      event(byValue.key, Number(byValue.expectedQty) + 1, 3), // +1 unit
    ]);
    let recap = await getRecap(server, inv.id);
    expect([at, below, byValue].map((l) => lineOf(recap, l.key)?.suggestRecount)).toEqual([true, false, false]);

    // By value: one unit's cost exactly, from the supervisor's PATCH.
    const cost = byValue.unitCost;
    const patch = await server.call('PATCH', `/api/inventories/${inv.id}`, {
      token: sup,
      body: { recountThreshold: { qtyPercent: null, value: cost } },
    });
    expect(patch.status, patch.body).toBe(200);
    expect(patch.json<InventoryDto>().recountThreshold.value).toBe(cost);
    recap = await getRecap(server, inv.id);
    expect(lineOf(recap, byValue.key)?.suggestRecount).toBe(true);
    const atValue = scaled(lineOf(recap, at.key)?.differenceValue ?? '0', 4);
    expect(lineOf(recap, at.key)?.suggestRecount).toBe(-atValue >= scaled(cost, 4));

    // A recount of a suggested line says why.
    expect((await requestRecount(inv.id, { lineKey: byValue.key })).reason).toBe('threshold');

    expectError(
      await server.call('PATCH', `/api/inventories/${inv.id}`, {
        token: sup,
        body: { recountThreshold: { qtyPercent: '0', value: null } },
      }),
      400,
      'invalid_threshold',
    );
    expectError(
      await server.call('PATCH', `/api/inventories/${inv.id}`, {
        token: counter,
        body: { recountThreshold: { qtyPercent: '5', value: null } },
      }),
      403,
    );
  });
});

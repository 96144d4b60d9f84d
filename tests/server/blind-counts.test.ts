/**
 * Blind means blind (issue 21): on a blind inventory a counter's API answers hold no
 * expected quantity and no device's counted quantity — the pull says THAT a line was
 * counted (`withheld`), never how much, whoever counted it; a withdrawal stays a
 * withdrawal. Supervisors and accountants get every quantity; on an inventory created with
 * `showExpected`, counters do too. Every other route a counter may read on the inventory
 * (detail, list, bins, recounts) carries no quantity at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CountsPageDto, InventoryDetailDto, InventoryDto } from '../../src/core/api/dto';
import { startTestServer, type DemoUser, type TestServer } from './harness';
import { createInventory, event, getLines, push, type FullLineDto, type WireLineDto } from './support';

let server: TestServer;
let blind: InventoryDto;
let shown: InventoryDto;
let blindLines: FullLineDto[];
let shownLines: FullLineDto[];

/** A quantity as the API writes one ("110.000"): any quoted decimal with three places. */
const QUOTED_QTY = /"\d+\.\d{3}"/;

const get = async (user: DemoUser, path: string) => {
  const res = await server.call('GET', path, { token: await server.token(user) });
  expect(res.status, res.body).toBe(200);
  return res;
};
const pull = async (user: DemoUser, id: number) =>
  (await get(user, `/api/inventories/${id}/counts?after=0&limit=1000`)).json<CountsPageDto>();

beforeAll(async () => {
  server = await startTestServer();
  blind = await createInventory(server, { name: 'Aveugle', locationId: 1, kind: 'articles' });
  shown = await createInventory(server, {
    name: 'Attendu montré',
    locationId: 2,
    kind: 'articles',
    showExpected: true,
  });
  blindLines = (await getLines(server, blind.id)).filter((l) => l.unit === 'pcs' && l.serial === null);
  shownLines = (await getLines(server, shown.id)).filter((l) => l.unit === 'pcs' && l.serial === null);
  const sup = await server.token('superviseur');
  const counter = await server.token('compteur');
  for (const [inv, lines] of [
    [blind, blindLines],
    [shown, shownLines],
  ] as const) {
    // The supervisor's phone: 110 on line 0, 7 on line 2 then withdrawn; the counter's: 3 on line 1.
    await push(server, sup, inv.id, `sup-${inv.id}`, [
      event(lines[0]!.key, 110, 1),
      event(lines[2]!.key, 7, 2),
      { ...event(lines[2]!.key, 0, 3), qty: null },
    ]);
    await push(server, counter, inv.id, `cnt-${inv.id}`, [event(lines[1]!.key, 3, 1)]);
  }
});
afterAll(() => server.close());

describe('a counter on a blind inventory', () => {
  it('pulls that lines were counted, without any quantity (its own included); a withdrawal stays one', async () => {
    const page = await pull('compteur', blind.id);
    expect(page.events).toHaveLength(4);
    const byLine = (i: number) => page.events.filter((e) => e.lineKey === blindLines[i]!.key);
    expect(byLine(0).map((e) => [e.qty, e.withheld])).toEqual([[null, true]]);
    expect(byLine(1).map((e) => [e.qty, e.withheld])).toEqual([[null, true]]);
    expect(byLine(2).map((e) => [e.seq, e.qty, e.withheld ?? false])).toEqual([
      [2, null, true],
      [3, null, false],
    ]);
    expect(JSON.stringify(page)).not.toMatch(QUOTED_QTY);
    // The rest of the contract is whole: devices, rounds, order, cursor.
    expect(page.events.map((e) => e.deviceId)).toEqual([
      `sup-${blind.id}`,
      `sup-${blind.id}`,
      `sup-${blind.id}`,
      `cnt-${blind.id}`,
    ]);
    expect(page.events.every((e) => e.round === 0 && e.late === false)).toBe(true);
  });

  it('reads no quantity anywhere else: lines, detail, inventories, bins, recounts', async () => {
    const lines = (await get('compteur', `/api/inventories/${blind.id}/lines`)).json<WireLineDto[]>();
    expect(lines.length).toBeGreaterThan(100);
    expect(lines.every((l) => l.expectedQty === null && l.unitCost === null)).toBe(true);
    const detail = (await get('compteur', `/api/inventories/${blind.id}`)).json<InventoryDetailDto>();
    expect(detail.blind).toBe(true);
    expect(detail.countedLines).toBe(2);
    for (const path of [
      `/api/inventories/${blind.id}`,
      '/api/inventories',
      `/api/inventories/${blind.id}/bins`,
      `/api/inventories/${blind.id}/recounts`,
    ])
      expect((await get('compteur', path)).body, path).not.toMatch(QUOTED_QTY);
  });
});

describe('who sees the quantities', () => {
  it('supervisors and accountants pull every quantity of a blind inventory', async () => {
    for (const user of ['superviseur', 'comptable', 'admin'] as const) {
      const page = await pull(user, blind.id);
      expect(
        page.events.map((e) => [e.qty, e.withheld ?? false]),
        user,
      ).toEqual([
        ['110.000', false],
        ['7.000', false],
        [null, false],
        ['3.000', false],
      ]);
    }
  });

  it('counters pull the quantities of an inventory created with showExpected', async () => {
    const page = await pull('compteur', shown.id);
    expect(page.events.map((e) => e.qty)).toEqual(['110.000', '7.000', null, '3.000']);
    expect(page.events.some((e) => e.withheld)).toBe(false);
    const detail = (await get('compteur', `/api/inventories/${shown.id}`)).json<InventoryDetailDto>();
    expect(detail.blind).toBe(false);
  });
});

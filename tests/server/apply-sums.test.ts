/**
 * The apply's stock changes and totals are made by the database (repos/applyChanges.ts);
 * here they are held against core's recap of the same inventory, built the old way over
 * every line (buildRecap, stockChanges): every movement's quantity and unit cost, every
 * stock line and every total, to the digit. The inventories mix lines counted more, less
 * and the same, by one to three devices, withdrawals, recount rounds (one withdrawn),
 * decimal units, lots and serial numbers, lines added during the count (valued, at 0 €,
 * to be valued, a catalogue item in a new bin), values that round half away from zero
 * both ways, late events, and both uncounted policies, on both databases.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, InventoryDto, RecapTotalsDto } from '../../src/core/api/dto';
import { recapTotalsToDto } from '../../src/core/api/dto';
import type { InventoryKind, UncountedPolicy } from '../../src/core/inventory';
import { lineAllowsDecimals } from '../../src/core/line';
import { formatMoney } from '../../src/core/money';
import { formatQty } from '../../src/core/quantity';
import { serialDoubleCounts, stockChanges, type Recap, type RecapLine } from '../../src/core/recap';
import { recapOf } from '../../src/server/repos/apply';
import { getInventory } from '../../src/server/repos/inventories';
import {
  event,
  expectError,
  fileServer,
  freshInventory,
  getLines,
  push,
  stockInDb,
  stockKey,
  type EventBody,
  type FullLineDto,
} from './support';

const { server, sup, counter } = await fileServer();
const LOCATION = 2;

/** A small seeded generator: the same inventory on every run. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Stock whose values land exactly half way at the fifth decimal (0.005 × 0.0100 =
 * 0.00005): a difference of ±0.005 must round to ±0.0001, never to 0.
 */
beforeAll(async () => {
  const [bin] = await server.db.query<{ code: string }>(
    'SELECT code FROM bins WHERE location_id = $1 ORDER BY code LIMIT 1',
    [LOCATION],
  );
  for (const kind of ['articles', 'pieces'] as const) {
    for (const [n, stock] of [
      [1, '0.015'],
      [2, '0.005'],
      [3, '2.505'],
    ] as const) {
      const ref = `HALF-${kind}-${n}`;
      await server.db.query(
        `INSERT INTO items (ref, designation, kind, unit, unit_cost) VALUES ($1, 'Demi', $2, 'kg', '0.0100')`,
        [ref, kind],
      );
      await server.db.query('INSERT INTO stock_lines (location_id, item_ref, bin, qty) VALUES ($1, $2, $3, $4)', [
        LOCATION,
        ref,
        bin?.code ?? null,
        stock,
      ]);
    }
  }
});

async function addLine(inventoryId: number, body: object): Promise<void> {
  const res = await server.call('POST', `/api/inventories/${inventoryId}/lines`, { token: counter, body });
  expect(res.status, res.body).toBe(201);
}

async function requestRecount(inventoryId: number, lineKey: string): Promise<void> {
  const res = await server.call('POST', `/api/inventories/${inventoryId}/recounts`, { token: sup, body: { lineKey } });
  expect(res.status, res.body).toBe(201);
}

/** Events of every device, each later one with a higher seq than any before (a device's later event wins). */
let seq = 0;

/** The events to push, per device. */
class Devices {
  private readonly events = new Map<string, EventBody[]>();

  add(deviceId: string, lineKey: string, qty: number | string | null, round = 0): void {
    const list = this.events.get(deviceId) ?? [];
    list.push({ ...event(lineKey, 0, ++seq), qty, round });
    this.events.set(deviceId, list);
  }

  async push(inventoryId: number): Promise<void> {
    for (const [deviceId, events] of this.events) {
      for (let i = 0; i < events.length; i += 500) {
        await push(server, counter, inventoryId, deviceId, events.slice(i, i + 500));
      }
    }
    this.events.clear();
  }
}

/** A count near `expected`: more, less or the same, with decimals where the line takes them. */
function countNear(line: FullLineDto, random: () => number): string {
  const expected = Number(line.expectedQty);
  const decimals = lineAllowsDecimals(line);
  const r = random();
  if (r < 0.2) return line.expectedQty;
  const spread = Math.max(3, expected * 0.4);
  const value = Math.max(0, expected + (random() - 0.5) * 2 * spread);
  return decimals ? value.toFixed(3) : String(Math.round(value));
}

/** Counts an inventory's lines in every way a count can go; returns the keys of some counted lines. */
async function countEverything(inv: InventoryDto, lines: readonly FullLineDto[], random: () => number): Promise<void> {
  const devices = new Devices();
  const plain = lines.filter((l) => l.serial === null);
  // Recount rounds on a few lines: one counted again, one whose recount is withdrawn (falls back to round 0).
  const recounted = plain.slice(5, 8);
  for (const l of recounted) await requestRecount(inv.id, l.key);
  const withdrawn = plain[9];
  // Counted in round 0 too: the recount's round decides, never a sum of both.
  for (const l of recounted) devices.add('dev-0', l.key, countNear(l, random));
  for (const l of lines) {
    if (l.itemRef.startsWith('HALF-') || l === withdrawn || recounted.includes(l)) continue;
    const r = random();
    if (l.serial !== null) {
      if (r < 0.3) continue;
      devices.add(`dev-${Math.floor(random() * 3)}`, l.key, r < 0.7 ? 1 : 0);
      continue;
    }
    if (r < 0.25) continue;
    const many = r < 0.45 ? 3 : r < 0.65 ? 2 : 1;
    for (let d = 0; d < many; d++) {
      const device = `dev-${d}`;
      const first = countNear(l, random);
      devices.add(device, l.key, first);
      const after = random();
      // A correction (a later seq wins), or a withdrawal, or a withdrawal then a count again.
      if (after < 0.1) devices.add(device, l.key, countNear(l, random));
      else if (after < 0.15) devices.add(device, l.key, null);
      else if (after < 0.18) {
        devices.add(device, l.key, null);
        devices.add(device, l.key, first);
      }
    }
  }
  // Only withdrawals: the line is not counted at all.
  if (withdrawn) {
    devices.add('dev-w', withdrawn.key, '1');
    devices.add('dev-w', withdrawn.key, null);
  }
  const [again, back] = recounted;
  if (again) devices.add('dev-r', again.key, countNear(again, random), 1);
  if (back) {
    devices.add('dev-r', back.key, '1', 1);
    devices.add('dev-r', back.key, null, 1);
  }
  // The half-way lines: HALF-…-1 counted 0.005 less, HALF-…-3 0.005 more; HALF-…-2 left uncounted.
  for (const l of lines.filter((x) => x.itemRef.startsWith('HALF-'))) {
    const step = l.itemRef.endsWith('-1') ? -0.005 : l.itemRef.endsWith('-3') ? 0.005 : 0;
    if (step !== 0) devices.add('dev-h', l.key, (Number(l.expectedQty) + step).toFixed(3));
  }
  await devices.push(inv.id);
}

/** A fresh inventory of `kind`, counted, with lines added during the count (see the header). */
async function countedInventory(kind: InventoryKind, name: string, seed: number): Promise<InventoryDto> {
  const random = prng(seed);
  const { inv, lines } = await freshInventory(server, { name, locationId: LOCATION, kind });
  const bin = lines[0]!.bin;
  const catalogued = lines.find((l) => l.serial === null && l.lot === null && !l.itemRef.startsWith('HALF-'))!;
  await addLine(inv.id, { itemRef: `${name}-VALUED`, designation: 'Trouvé', bin, unitCost: '3.3333' });
  await addLine(inv.id, { itemRef: `${name}-HALF`, designation: 'Demi', bin, unit: 'kg', unitCost: '0.0100' });
  await addLine(inv.id, { itemRef: `${name}-FREE`, designation: 'Gratuit', bin, unitCost: '0' });
  await addLine(inv.id, { itemRef: `${name}-TO-VALUE`, designation: 'À valoriser', bin, unitCost: null });
  await addLine(inv.id, { itemRef: catalogued.itemRef, bin: `Z-${name}` });
  await addLine(inv.id, { itemRef: `${name}-UNCOUNTED`, designation: 'Jamais compté', bin, unitCost: '1' });
  const all = await getLines(server, inv.id);
  const added = all.filter((l) => l.added && !l.itemRef.endsWith('-UNCOUNTED'));
  expect(added).toHaveLength(5);
  const devices = new Devices();
  for (const [i, l] of added.entries()) devices.add(`dev-${i % 3}`, l.key, l.itemRef.endsWith('-HALF') ? '0.005' : '7');
  await devices.push(inv.id);
  await countEverything(
    inv,
    all.filter((l) => !l.added),
    random,
  );
  return inv;
}

async function close(inventoryId: number, uncountedPolicy: UncountedPolicy): Promise<void> {
  const res = await server.call('POST', `/api/inventories/${inventoryId}/close?uncounted=0`, {
    token: sup,
    body: { uncountedPolicy, force: true },
  });
  expect(res.status, res.body).toBe(200);
}

/** Core's recap over every line (no sums from the database), read before the apply. */
async function coreRecap(inventoryId: number): Promise<Recap> {
  const recap = await recapOf(server.db, await getInventory(server.db, inventoryId));
  expect(recap.uncounted.length).toBe(recap.totals.uncountedLines);
  return recap;
}

interface MovementRow {
  readonly item_ref: string;
  readonly bin: string;
  readonly lot: string;
  readonly serial: string;
  readonly delta: string;
  readonly unit_cost: string;
}

const asMovement = (l: RecapLine): MovementRow => ({
  item_ref: l.itemRef,
  bin: l.bin,
  lot: l.lot ?? '',
  serial: l.serial ?? '',
  delta: formatQty(l.difference),
  unit_cost: formatMoney(l.unitCost),
});

const byIdentity = (a: MovementRow, b: MovementRow): number =>
  `${a.bin}|${a.item_ref}|${a.lot}|${a.serial}` < `${b.bin}|${b.item_ref}|${b.lot}|${b.serial}` ? -1 : 1;

describe.each([
  ['articles', 'keep', 11],
  ['articles', 'zero', 12],
  ['pieces', 'keep', 13],
  ['pieces', 'zero', 14],
] as const)('the apply of %s inventory, uncounted lines %s', (kind, policy, seed) => {
  it("writes core's stock changes and answers core's totals, to the digit", async () => {
    const name = `SUMS-${kind}-${policy}`.toUpperCase();
    const inv = await countedInventory(kind, name, seed);
    await close(inv.id, policy);
    // Late events: reported apart (lateEvents), never in the figures.
    const lines = await getLines(server, inv.id);
    const late = new Devices();
    for (const l of lines.filter((x) => x.serial === null).slice(0, 4)) late.add('dev-late', l.key, '5');
    await late.push(inv.id);

    const recap = await coreRecap(inv.id);
    const changes = stockChanges(recap);
    // Every kind of line is there: gains, losses, equal counts, uncounted lines, late events.
    expect(recap.lines.some((l) => l.difference > 0n)).toBe(true);
    expect(recap.lines.some((l) => l.difference < 0n)).toBe(true);
    expect(recap.lines.some((l) => l.difference === 0n)).toBe(true);
    expect(recap.lines.some((l) => l.devices.length >= 2)).toBe(true);
    expect(recap.lines.some((l) => l.round === 1)).toBe(true);
    expect(recap.lines.some((l) => l.added && l.costMissing)).toBe(true);
    expect(recap.uncounted.length).toBeGreaterThan(0);
    expect(recap.totals.lateEvents).toBe(4);
    expect(serialDoubleCounts(recap)).toEqual([]);
    // The half-way values, both signs.
    expect(recap.lines.some((l) => l.differenceValue === -1n && l.difference === -5n)).toBe(true);
    expect(recap.lines.some((l) => l.differenceValue === 1n && l.difference === 5n)).toBe(true);

    const { id: lastBefore } = (
      await server.db.query<{ id: number }>('SELECT coalesce(max(id), 0)::float8 AS id FROM stock_movements')
    )[0]!;
    const res = await server.call('POST', `/api/inventories/${inv.id}/apply`, {
      token: sup,
      body: { confirmZeroCost: true },
    });
    expect(res.status, res.body).toBe(200);
    const answer = res.json<{ movements: number; totals: RecapTotalsDto }>();
    expect(answer.totals).toEqual(recapTotalsToDto(recap.totals));
    expect(answer.movements).toBe(changes.length);

    const moved = await server.db.query<MovementRow & { id: number }>(
      `SELECT id::float8 AS id, item_ref, bin, lot, serial, delta::text AS delta, unit_cost::text AS unit_cost
       FROM stock_movements WHERE inventory_id = $1 ORDER BY id`,
      [inv.id],
    );
    expect(moved[0]?.id).toBe(lastBefore + 1);
    const rows = moved.map(({ id: _id, ...m }) => m);
    // The counted lines' movements first, in recap order; then the zeroed uncounted lines.
    const counted = recap.lines.filter((l) => l.difference !== 0n).map(asMovement);
    expect(rows.slice(0, counted.length)).toEqual(counted);
    const zeroed = recap.uncounted.filter((l) => l.difference !== 0n).map(asMovement);
    expect(zeroed.length > 0).toBe(policy === 'zero');
    expect(rows.slice(counted.length).sort(byIdentity)).toEqual([...zeroed].sort(byIdentity));

    const stock = await stockInDb(server, LOCATION);
    for (const l of changes) expect([stockKey(l), stock.get(stockKey(l))]).toEqual([stockKey(l), formatQty(l.counted)]);
    // The uncounted lines kept: their stock is what the inventory expected (none for a line added and never counted).
    if (policy === 'keep') {
      for (const l of recap.uncounted) expect(stock.get(stockKey(l)) ?? '0.000').toBe(formatQty(l.expected));
    }
    // The movements add up to the recap's difference value, line by line rounded.
    const [sum] = await server.db.query<{ v: string }>(
      'SELECT coalesce(sum(round(delta * unit_cost, 4)), 0)::text AS v FROM stock_movements WHERE inventory_id = $1',
      [inv.id],
    );
    expect(sum?.v).toBe(formatMoney(recap.totals.differenceValue));
  });
});

describe('the apply refuses, writing nothing', () => {
  it("a serial number counted twice, naming core's lines, before the lines to value", async () => {
    const inv = await countedInventory('pieces', 'SUMS-TWICE', 21);
    const lines = (await getLines(server, inv.id)).filter((l) => l.serial !== null);
    expect(lines.length).toBeGreaterThan(2);
    const devices = new Devices();
    // Two lines counted 1 by two devices each (1 + 1 = 2 on one serial number).
    for (const l of lines.slice(0, 2)) {
      devices.add('dev-x', l.key, 1);
      devices.add('dev-y', l.key, 1);
    }
    await devices.push(inv.id);
    await close(inv.id, 'zero');
    const recap = await coreRecap(inv.id);
    const doubled = serialDoubleCounts(recap).map((l) => l.key);
    expect(doubled.length).toBeGreaterThanOrEqual(2);
    const [before] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM stock_movements');
    const stockBefore = await stockInDb(server, LOCATION);

    const refused = await server.call('POST', `/api/inventories/${inv.id}/apply`, { token: sup, body: {} });
    expect(expectError(refused, 409, 'serial_counted_twice').details).toEqual({ lineKeys: doubled });
    const [after] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM stock_movements');
    expect(after?.n).toBe(before?.n);
    expect(await stockInDb(server, LOCATION)).toEqual(stockBefore);

    // Recounted as absent by one device each: then only the line to value stops it.
    await server.call('POST', `/api/inventories/${inv.id}/reopen`, { token: sup });
    const fix = new Devices();
    for (const l of lines.slice(0, 2)) {
      fix.add('dev-x', l.key, 0);
      fix.add('dev-y', l.key, 0);
    }
    await fix.push(inv.id);
    await close(inv.id, 'zero');
    const unvalued = await server.call('POST', `/api/inventories/${inv.id}/apply`, { token: sup, body: {} });
    expect(unvalued.json<ApiError>().error.code).toBe('unvalued_lines');
    expect(await stockInDb(server, LOCATION)).toEqual(stockBefore);
    const applied = await server.call('POST', `/api/inventories/${inv.id}/apply`, {
      token: sup,
      body: { confirmZeroCost: true },
    });
    expect(applied.status, applied.body).toBe(200);
    const recapAfter = await coreRecap(inv.id);
    expect(applied.json<{ totals: RecapTotalsDto }>().totals).toEqual(recapTotalsToDto(recapAfter.totals));
  });
});

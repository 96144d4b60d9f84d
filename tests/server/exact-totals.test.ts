/**
 * Exact numbers end to end: counts like 0.1 + 0.2 on lines measured in m, kg or l, and a
 * recap whose totals equal the sum of its lines to the last digit. Every check here is
 * BigInt arithmetic on the decimal strings, never floats.
 */
import { describe, expect, it } from 'vitest';
import type { LineDto, RecapDto, RecapLineDto } from '../../src/core/api/dto';
import {
  MONEY,
  QTY,
  createInventory,
  event,
  expectError,
  formatScaled,
  getLines,
  push,
  scaled,
  sumScaled,
  valueOf,
  type EventBody,
  fileServer,
} from './support';

const { server, sup, counter } = await fileServer();

const DECIMAL_UNITS = new Set(['m', 'kg', 'l']);
const VALUES_A: readonly (number | string)[] = [0.1, '0.2', 0.7, '0.3', 1.1, '0.001', 0.05, '12.345', 0.6];
const VALUES_B: readonly (number | string)[] = ['0.2', 0.1, '0.7', 0.9, '2.2', 0.333, '0.01'];

/** Counts every decimal-unit line from two devices and a few whole-unit lines from one. */
async function countAwkwardly(inventoryId: number, lines: readonly LineDto[]): Promise<Set<string>> {
  const decimal = lines.filter((l) => DECIMAL_UNITS.has(l.unit) && l.serial === null);
  const whole = lines.filter((l) => l.unit === 'pcs' && l.serial === null).slice(0, 15);
  expect(decimal.length).toBeGreaterThan(10);
  const a: EventBody[] = decimal.map((l, i) => event(l.key, VALUES_A[i % VALUES_A.length] ?? 0, i + 1));
  const b: EventBody[] = decimal
    .filter((_, i) => i % 2 === 0)
    .map((l, i) => event(l.key, VALUES_B[i % VALUES_B.length] ?? 0, i + 1));
  const c: EventBody[] = whole.map((l, i) => event(l.key, (i * 7) % 23, i + 1));
  expect((await push(server, counter, inventoryId, 'device-A', a)).accepted).toBe(a.length);
  expect((await push(server, counter, inventoryId, 'device-B', b)).accepted).toBe(b.length);
  expect((await push(server, counter, inventoryId, 'device-C', c)).accepted).toBe(c.length);
  return new Set([...decimal, ...whole].map((l) => l.key));
}

function checkLine(l: RecapLineDto, policy: 'keep' | 'zero', counted: boolean): void {
  for (const q of [l.expected, l.counted, l.difference]) expect(q).toMatch(QTY);
  for (const m of [l.unitCost, l.differenceValue]) expect(m).toMatch(MONEY);
  if (counted) {
    expect(scaled(l.counted, 3)).toBe(
      sumScaled(
        l.devices.map((d) => d.qty),
        3,
      ),
    );
  } else {
    expect(l.devices).toEqual([]);
    expect(l.counted).toBe(policy === 'keep' ? l.expected : '0.000');
  }
  expect(scaled(l.difference, 3)).toBe(scaled(l.counted, 3) - scaled(l.expected, 3));
  expect(scaled(l.differenceValue, 4)).toBe(valueOf(l.difference, l.unitCost));
}

/** The recap's totals against sums of its lines computed here, independently. */
function checkTotals(recap: RecapDto): void {
  const all = [...recap.lines, ...recap.uncounted];
  const t = recap.totals;
  const sum = (pick: (l: RecapLineDto) => string, scale: number): string =>
    formatScaled(sumScaled(all.map(pick), scale), scale);
  expect(t.expected).toBe(sum((l) => l.expected, 3));
  expect(t.counted).toBe(sum((l) => l.counted, 3));
  expect(t.difference).toBe(sum((l) => l.difference, 3));
  expect(t.differenceValue).toBe(sum((l) => l.differenceValue, 4));
  const values = all.map((l) => scaled(l.differenceValue, 4));
  expect(t.gainValue).toBe(
    formatScaled(
      values.filter((v) => v > 0n).reduce((s, v) => s + v, 0n),
      4,
    ),
  );
  expect(t.lossValue).toBe(
    formatScaled(
      values.filter((v) => v < 0n).reduce((s, v) => s + v, 0n),
      4,
    ),
  );
  expect(scaled(t.gainValue, 4) + scaled(t.lossValue, 4)).toBe(scaled(t.differenceValue, 4));
  expect(t.expectedValue).toBe(
    formatScaled(
      all.reduce((s, l) => s + valueOf(l.expected, l.unitCost), 0n),
      4,
    ),
  );
  expect(t.countedValue).toBe(
    formatScaled(
      all.reduce((s, l) => s + valueOf(l.counted, l.unitCost), 0n),
      4,
    ),
  );
  expect(t.changedLines).toBe(all.filter((l) => l.difference !== '0.000').length);
  // Per unit: metres, kilograms, litres and pieces each summed apart, sorted by unit.
  const units = [...new Set(all.map((l) => l.unit))].sort();
  expect(units.length).toBeGreaterThan(1);
  expect(t.byUnit).toEqual(
    units.map((unit) => {
      const of = all.filter((l) => l.unit === unit);
      const total = (pick: (l: RecapLineDto) => string): string => formatScaled(sumScaled(of.map(pick), 3), 3);
      return {
        unit,
        lines: of.length,
        expected: total((l) => l.expected),
        counted: total((l) => l.counted),
        difference: total((l) => l.difference),
      };
    }),
  );
  expect([t.lines, t.countedLines, t.uncountedLines]).toEqual([all.length, recap.lines.length, recap.uncounted.length]);
}

/** At least one line value had to be rounded, so the test exercises rounding, not just sums. */
function roundedSomewhere(recap: RecapDto): boolean {
  return [...recap.lines, ...recap.uncounted].some(
    (l) => (scaled(l.difference, 3) * scaled(l.unitCost, 4)) % 1000n !== 0n,
  );
}

describe('exact totals', () => {
  it('0.1 + 0.2 on one line is exactly 0.300; 0.1 + 0.2 + 0.7 is exactly 1.000', async () => {
    const inv = await createInventory(server, { name: 'Flottants', locationId: 2, kind: 'articles' });
    const lines = (await getLines(server, inv.id)).filter((l) => DECIMAL_UNITS.has(l.unit));
    const [x, y] = lines as [LineDto, LineDto];
    await push(server, counter, inv.id, 'p', [event(x.key, 0.1, 1), event(y.key, 0.1, 2)]);
    await push(server, counter, inv.id, 'q', [event(x.key, 0.2, 1), event(y.key, '0.2', 2)]);
    await push(server, counter, inv.id, 'r', [event(y.key, 0.7, 1)]);
    const recap = (await server.call('GET', `/api/inventories/${inv.id}/recap`, { token: sup })).json<RecapDto>();
    const byKey = new Map(recap.lines.map((l) => [l.key, l]));
    expect(byKey.get(x.key)?.counted).toBe('0.300');
    expect(byKey.get(y.key)?.counted).toBe('1.000');
    checkTotals(recap);

    // A float artefact is not a quantity anybody typed: refused, not rounded.
    expectError(
      await server.call('POST', `/api/inventories/${inv.id}/counts`, {
        token: counter,
        body: `{"deviceId":"s","events":[{"id":"${crypto.randomUUID()}","lineKey":${JSON.stringify(x.key)},"qty":0.30000000000000004,"seq":1,"counter":"T","at":"2026-01-05T10:00:00Z"}]}`,
      }),
      400,
      'invalid_quantity',
    );
    expect((await server.call('POST', `/api/inventories/${inv.id}/cancel`, { token: sup })).status).toBe(200);
  });

  it('zero policy: totals equal the exact sums of the lines', async () => {
    const inv = await createInventory(server, { name: 'Exact zéro', locationId: 1, kind: 'articles' });
    const lines = await getLines(server, inv.id);
    const counted = await countAwkwardly(inv.id, lines);
    const res = await server.call('POST', `/api/inventories/${inv.id}/close`, {
      token: sup,
      body: { uncountedPolicy: 'zero' },
    });
    expect(res.status, res.body).toBe(200);
    const recap = res.json<RecapDto>();
    expect(recap.lines.map((l) => l.key).sort()).toEqual([...counted].sort());
    expect(recap.uncounted).toHaveLength(lines.length - counted.size);
    for (const l of recap.lines) checkLine(l, 'zero', true);
    for (const l of recap.uncounted) checkLine(l, 'zero', false);
    checkTotals(recap);
    expect(roundedSomewhere(recap)).toBe(true);
    expect(scaled(recap.totals.lossValue, 4)).toBeLessThan(0n);
    // The same recap summed in the database for the unlisted uncounted lines.
    const capped = await server.call('GET', `/api/inventories/${inv.id}/recap?uncounted=2`, { token: sup });
    expect(capped.json<RecapDto>()).toEqual({ ...recap, uncounted: recap.uncounted.slice(0, 2) });

    // Applying moves the stock by exactly the recap's difference.
    const apply = await server.call('POST', `/api/inventories/${inv.id}/apply`, { token: sup });
    expect(apply.status, apply.body).toBe(200);
    const [row] = await server.db.query<{ total: string }>(
      `SELECT coalesce(sum(delta), 0)::numeric(16,3)::text AS total FROM stock_movements WHERE inventory_id = $1`,
      [inv.id],
    );
    expect(row?.total).toBe(recap.totals.difference);
    // Line by line: one movement of the recap's difference, and the stock at the counted
    // quantity, for counted and uncounted lines alike (apply zeroes the uncounted in SQL).
    const changed = [...recap.lines, ...recap.uncounted].filter((l) => l.difference !== '0.000');
    expect(changed.filter((l) => recap.uncounted.includes(l)).length).toBeGreaterThan(0);
    const moved = await server.db.query<{ key: string; delta: string; qty: string }>(
      `SELECT decompte_line_key(m.item_ref, m.bin, m.lot, m.serial) AS key, m.delta::text AS delta, s.qty::text AS qty
       FROM stock_movements m JOIN stock_lines s USING (location_id, item_ref, bin, lot, serial)
       WHERE m.inventory_id = $1`,
      [inv.id],
    );
    const byKey = (rows: readonly { key: string }[]) => [...rows].sort((a, b) => (a.key < b.key ? -1 : 1));
    expect(byKey(moved)).toEqual(byKey(changed.map((l) => ({ key: l.key, delta: l.difference, qty: l.counted }))));
    expect(apply.json<{ movements: number }>().movements).toBe(changed.length);
  });

  it('keep policy: totals equal the exact sums of the lines', async () => {
    const inv = await createInventory(server, { name: 'Exact garde', locationId: 2, kind: 'articles' });
    // Two lines found during the count (Ajouter réf.): one counted, one left uncounted.
    // The listed recap's sums take them from the added lines, not from the snapshot's.
    const plain = (await getLines(server, inv.id)).filter((l) => !l.lot && !l.serial && l.barcodes.length > 0);
    for (const [i, l] of plain.slice(0, 2).entries()) {
      const res = await server.call('POST', `/api/inventories/${inv.id}/lines`, {
        token: sup,
        body: { barcode: l.barcodes[0], bin: `Z-TROUVE-${i}`, lot: null, serial: null },
      });
      expect(res.status, res.body).toBe(201);
    }
    const lines = await getLines(server, inv.id);
    const found = lines.filter((l) => l.added);
    expect(found).toHaveLength(2);
    await push(server, counter, inv.id, 'device-D', [event(found[0]!.key, 3, 1)]);
    const counted = new Set([found[0]!.key, ...(await countAwkwardly(inv.id, lines))]);
    // A few found exactly as expected: counted, yet nothing for the recap screen to show.
    const asExpected = lines
      .filter((l) => !counted.has(l.key) && !l.added && l.unit === 'pcs' && l.serial === null)
      .slice(0, 4);
    expect(asExpected).toHaveLength(4);
    const exact = asExpected.map((l, i) => event(l.key, Number(l.expectedQty), i + 1));
    expect((await push(server, counter, inv.id, 'device-E', exact)).accepted).toBe(4);
    for (const l of asExpected) counted.add(l.key);
    const res = await server.call('POST', `/api/inventories/${inv.id}/close`, { token: sup });
    expect(res.status, res.body).toBe(200);
    const recap = res.json<RecapDto>();
    expect(recap.lines).toHaveLength(counted.size);
    expect(recap.uncounted.map((l) => l.key)).toContain(found[1]!.key);
    for (const l of recap.lines) checkLine(l, 'keep', true);
    for (const l of recap.uncounted) checkLine(l, 'keep', false);
    checkTotals(recap);
    expect(roundedSomewhere(recap)).toBe(true);
    // With keep, only counted lines can move.
    expect(recap.totals.difference).toBe(
      formatScaled(
        sumScaled(
          recap.lines.map((l) => l.difference),
          3,
        ),
        3,
      ),
    );

    // ?uncounted=N: the same recap with only the first N uncounted lines (the screen's
    // cap, and 0 for the after export); the totals still count every line.
    const capped = await server.call('GET', `/api/inventories/${inv.id}/recap?uncounted=3`, { token: sup });
    expect(capped.status, capped.body).toBe(200);
    expect(capped.json<RecapDto>()).toEqual({ ...recap, uncounted: recap.uncounted.slice(0, 3) });
    expect(recap.uncounted.length).toBeGreaterThan(3);
    const none = (
      await server.call('GET', `/api/inventories/${inv.id}/recap?uncounted=0`, { token: sup })
    ).json<RecapDto>();
    expect(none).toEqual({ ...recap, uncounted: [] });
    for (const bad of ['-1', 'abc', '1.5', '99999999']) {
      const res = await server.call('GET', `/api/inventories/${inv.id}/recap?uncounted=${bad}`, { token: sup });
      expect(res.status, `uncounted=${bad}`).toBe(400);
    }

    // ?lines=changed: only the counted lines the recap screen shows (a change of stock, a
    // recount suggested, a possible double count, a cost to give); those found as expected
    // count in the totals only.
    const shown = await server.call('GET', `/api/inventories/${inv.id}/recap?uncounted=3&lines=changed`, {
      token: sup,
    });
    expect(shown.status, shown.body).toBe(200);
    const review = recap.lines.filter(
      (l) => l.difference !== '0.000' || l.suggestRecount || l.possibleDoubleCount || l.costMissing,
    );
    expect(shown.json<RecapDto>()).toEqual({ ...recap, lines: review, uncounted: recap.uncounted.slice(0, 3) });
    const reviewed = new Set(review.map((l) => l.key));
    for (const l of asExpected) expect(reviewed.has(l.key), l.key).toBe(false);
    expect(reviewed.has(found[0]!.key)).toBe(true);
    expect(review.length).toBeGreaterThan(10);
    const all = await server.call('GET', `/api/inventories/${inv.id}/recap?lines=all`, { token: sup });
    expect(all.json<RecapDto>()).toEqual(recap);
    for (const bad of ['some', '', 'CHANGED']) {
      const res = await server.call('GET', `/api/inventories/${inv.id}/recap?lines=${bad}`, { token: sup });
      expect(res.status, `lines=${bad}`).toBe(400);
    }
  });
});

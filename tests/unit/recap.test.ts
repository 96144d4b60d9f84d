import { describe, expect, it } from 'vitest';
import { lineCounts, registersFrom, type CountEvent, type LineCount } from '../../src/core/counting';
import { checkLineQty, unitAllowsDecimals, type InventoryLine } from '../../src/core/line';
import type { LineKey } from '../../src/core/lineKey';
import { formatMoney, lineValue, money } from '../../src/core/money';
import { formatQty, qty } from '../../src/core/quantity';
import {
  buildListedRecap,
  buildRecap,
  compareLines,
  serialDoubleCounts,
  stockChanges,
  summaryWithout,
  type Recap,
  type RecapLine,
} from '../../src/core/recap';
import { event, line, pick, prng, q, shuffled, unwrap, unwrapErr } from './coreTestUtils';

/** One device ("dev") counted each given line at the given quantity. */
function counted(...entries: [InventoryLine, string][]): Map<LineKey, LineCount> {
  const events: CountEvent[] = entries.map(([l, quantity], i) => event(`e${i}`, l.key, 'dev', quantity, i + 1));
  return lineCounts(registersFrom(events).values());
}

const keys = (lines: readonly RecapLine[]): string[] => lines.map((l) => `${l.bin} ${l.itemRef} ${l.lot ?? ''}`);
const byRef = (recap: Recap, ref: string): RecapLine => {
  const found = [...recap.lines, ...recap.uncounted].find((l) => l.itemRef === ref);
  if (!found) throw new Error(`no recap line for ${ref}`);
  return found;
};

describe('buildRecap: counted and uncounted lines', () => {
  const a = line({ itemRef: 'A', bin: 'B-01', expected: '10', unitCost: '2.5' });
  const b = line({ itemRef: 'B', bin: 'B-01', expected: '12.5', unitCost: '3.3333', unit: 'kg' });
  const c = line({ itemRef: 'C', bin: 'B-02', expected: '4', unitCost: '1' });

  it('lists counted and uncounted lines apart', () => {
    const recap = buildRecap([a, b, c], counted([a, '8']), 'keep');
    expect(recap.lines.map((l) => l.itemRef)).toEqual(['A']);
    expect(recap.uncounted.map((l) => l.itemRef)).toEqual(['B', 'C']);
    expect(recap.totals).toMatchObject({ lines: 3, countedLines: 1, uncountedLines: 2 });
    expect(recap.uncountedPolicy).toBe('keep');
  });

  it('computes a counted line: difference = counted − expected, valued, with device parts', () => {
    const recap = buildRecap([a], counted([a, '8']), 'keep');
    const l = byRef(recap, 'A');
    expect([formatQty(l.expected), formatQty(l.counted), formatQty(l.difference)]).toEqual([
      '10.000',
      '8.000',
      '-2.000',
    ]);
    expect(formatMoney(l.differenceValue)).toBe('-5.0000');
    expect(l.devices.map((d) => [d.deviceId, formatQty(d.qty)])).toEqual([['dev', '8.000']]);
    expect(l.key).toBe(a.key);
  });

  it("policy 'keep': an uncounted line keeps its expected quantity, no difference, no stock change", () => {
    const recap = buildRecap([a, b, c], counted([a, '10']), 'keep');
    for (const l of recap.uncounted) {
      expect(l.counted).toBe(l.expected);
      expect(l.difference).toBe(0n);
      expect(l.differenceValue).toBe(0n);
      expect(l.devices).toEqual([]);
    }
    expect(stockChanges(recap)).toEqual([]);
    expect(recap.totals).toMatchObject({ changedLines: 0, difference: 0n, differenceValue: 0n });
  });

  it("policy 'zero': an uncounted line counts 0, its difference is −expected and is valued", () => {
    const recap = buildRecap([a, b, c], counted([a, '10']), 'zero');
    const lb = byRef(recap, 'B');
    expect(lb.counted).toBe(0n);
    expect(formatQty(lb.difference)).toBe('-12.500');
    expect(formatMoney(lb.differenceValue)).toBe('-41.6663'); // −41.66625, half away from zero
    const lc = byRef(recap, 'C');
    expect(formatQty(lc.difference)).toBe('-4.000');
    expect(formatMoney(lc.differenceValue)).toBe('-4.0000');
    expect(stockChanges(recap).map((l) => l.itemRef)).toEqual(['B', 'C']);
    expect(formatMoney(recap.totals.lossValue)).toBe('-45.6663');
    expect(formatMoney(recap.totals.gainValue)).toBe('0.0000');
    expect(formatMoney(recap.totals.differenceValue)).toBe('-45.6663');
    expect(recap.totals.uncountedLines).toBe(2); // still listed apart
    expect(recap.uncountedPolicy).toBe('zero');
  });

  it('a line counted at 0 is a counted line, whatever the policy', () => {
    for (const policy of ['keep', 'zero'] as const) {
      const recap = buildRecap([a], counted([a, '0']), policy);
      expect(recap.uncounted).toEqual([]);
      expect(formatQty(byRef(recap, 'A').difference)).toBe('-10.000');
    }
  });

  it('ignores counts for keys that are not in the snapshot', () => {
    const stranger = line({ itemRef: 'ZZ', bin: 'X' });
    const recap = buildRecap([a], counted([a, '10'], [stranger, '3']), 'keep');
    expect(recap.totals.lines).toBe(1);
    expect(recap.totals.counted).toBe(q(10));
  });

  it('adds devices up on a line counted by two people', () => {
    const events = [event('x', a.key, 'tablet', '6', 1), event('y', a.key, 'phone', '5.5', 1)];
    const recap = buildRecap([a], lineCounts(registersFrom(events).values()), 'keep');
    const l = byRef(recap, 'A');
    expect(formatQty(l.counted)).toBe('11.500');
    expect(formatQty(l.difference)).toBe('1.500');
    expect(l.devices.map((d) => d.deviceId)).toEqual(['phone', 'tablet']);
  });
});

describe('buildRecap: withdrawn counts (qty null)', () => {
  const a = line({ itemRef: 'A', bin: 'B-01', expected: '10', unitCost: '2.5' });
  const b = line({ itemRef: 'B', bin: 'B-01', expected: '12.5', unitCost: '3.3333', unit: 'kg' });
  const withdrawal = (id: string, l: InventoryLine, deviceId: string, seq: number): CountEvent => ({
    ...event(id, l.key, deviceId, '0', seq),
    qty: null,
  });
  /** A counted 4, then the device took its count back (undo of a count on the wrong line); B counted 13. */
  const events: CountEvent[] = [
    event('a1', a.key, 'phone', '4', 1),
    withdrawal('a2', a, 'phone', 2),
    event('b1', b.key, 'tablet', '13', 1),
  ];
  const counts = lineCounts(registersFrom(events).values());

  it("policy 'keep': a withdrawn-only line is uncounted and keeps its expected quantity (no stock change)", () => {
    const recap = buildRecap([a, b], counts, 'keep');
    expect(recap.lines.map((l) => l.itemRef)).toEqual(['B']);
    expect(recap.uncounted.map((l) => l.itemRef)).toEqual(['A']);
    const la = byRef(recap, 'A');
    expect(la.counted).toBe(la.expected);
    expect(la.difference).toBe(0n);
    expect(la.devices).toEqual([]);
    expect(stockChanges(recap).map((l) => l.itemRef)).toEqual(['B']);
    expect(recap.totals).toMatchObject({ lines: 2, countedLines: 1, uncountedLines: 1, changedLines: 1 });
  });

  it("policy 'zero': a withdrawn-only line is uncounted and goes to 0, as any uncounted line", () => {
    const recap = buildRecap([a, b], counts, 'zero');
    expect(recap.uncounted.map((l) => l.itemRef)).toEqual(['A']);
    expect(formatQty(byRef(recap, 'A').difference)).toBe('-10.000');
    expect(formatMoney(byRef(recap, 'A').differenceValue)).toBe('-25.0000');
  });

  it('is the same recap as if the withdrawn count had never been made, totals exact', () => {
    for (const policy of ['keep', 'zero'] as const) {
      const recap = buildRecap([a, b], counts, policy);
      const withoutA = lineCounts(registersFrom(events.filter((e) => e.lineKey !== a.key)).values());
      expect(recap).toEqual(buildRecap([a, b], withoutA, policy));
      const all = [...recap.lines, ...recap.uncounted];
      const t = recap.totals;
      expect(t.counted).toBe(all.reduce((s, l) => s + l.counted, 0n));
      expect(t.differenceValue).toBe(all.reduce((s, l) => s + l.differenceValue, 0n));
      expect(t.gainValue + t.lossValue).toBe(t.differenceValue);
    }
  });

  it('a serial withdrawn by one of two devices is no longer a double count', () => {
    const s = line({ itemRef: 'S', serial: 'SN-1', expected: '1' });
    const twice = [event('x', s.key, 'tablet', '1', 1), event('y', s.key, 'phone', '1', 1)];
    expect(serialDoubleCounts(buildRecap([s], lineCounts(registersFrom(twice).values()), 'keep'))).toHaveLength(1);
    const fixed = lineCounts(registersFrom([...twice, withdrawal('z', s, 'phone', 2)]).values());
    const recap = buildRecap([s], fixed, 'keep');
    expect(serialDoubleCounts(recap)).toEqual([]);
    expect(formatQty(byRef(recap, 'S').counted)).toBe('1.000');
  });
});

describe('buildRecap: added lines', () => {
  const known = line({ itemRef: 'K', bin: 'A', expected: '1', unitCost: '1' });
  const added = line({ itemRef: 'NEW', bin: 'A', expected: '0', unitCost: '2.25', added: true });

  it('an added line (expected 0) that was counted is a gain', () => {
    const recap = buildRecap([known, added], counted([known, '1'], [added, '3']), 'keep');
    const l = byRef(recap, 'NEW');
    expect(l.added).toBe(true);
    expect(l.expected).toBe(0n);
    expect(formatQty(l.difference)).toBe('3.000');
    expect(formatMoney(l.differenceValue)).toBe('6.7500');
    expect(formatMoney(recap.totals.gainValue)).toBe('6.7500');
    expect(stockChanges(recap).map((x) => x.itemRef)).toEqual(['NEW']);
  });

  it('an added line nobody counted changes nothing, under either policy', () => {
    for (const policy of ['keep', 'zero'] as const) {
      const recap = buildRecap([known, added], counted([known, '1']), policy);
      expect(byRef(recap, 'NEW').difference).toBe(0n);
      expect(stockChanges(recap)).toEqual([]);
    }
  });
});

describe('buildRecap: order', () => {
  it('sorts by bin, then reference, then lot, then serial, in both lists', () => {
    const specs = [
      { itemRef: 'B', bin: 'A-02' },
      { itemRef: 'A', bin: 'A-02' },
      { itemRef: 'C', bin: 'A-01' },
      { itemRef: 'A', bin: 'B-01', lot: 'L2' },
      { itemRef: 'A', bin: 'B-01', lot: 'L1' },
      { itemRef: 'A', bin: 'B-01' },
      { itemRef: 'Z', bin: 'A-01' },
    ];
    const lines = specs.map((s) => line({ ...s, expected: '1' }));
    const expectedOrder = ['A-01 C ', 'A-01 Z ', 'A-02 A ', 'A-02 B ', 'B-01 A ', 'B-01 A L1', 'B-01 A L2'];
    const rand = prng(11);
    for (let i = 0; i < 20; i++) {
      const input = shuffled(rand, lines);
      expect(keys(buildRecap(input, new Map(), 'keep').uncounted)).toEqual(expectedOrder);
      const all = counted(...input.map((l): [InventoryLine, string] => [l, '1']));
      expect(keys(buildRecap(input, all, 'keep').lines)).toEqual(expectedOrder);
    }
  });

  it('compareLines orders by bin before reference', () => {
    const x = { itemRef: 'A', bin: 'Z', lot: null, serial: null };
    const y = { itemRef: 'Z', bin: 'A', lot: null, serial: null };
    expect(compareLines(x, y)).toBeGreaterThan(0);
    expect(compareLines(y, x)).toBeLessThan(0);
    expect(compareLines(x, { ...x })).toBe(0);
    expect(compareLines({ ...x, serial: 'S1' }, { ...x, serial: 'S2' })).toBeLessThan(0);
    expect(compareLines({ ...x, lot: '' }, x)).toBe(0); // '' and null are the same lot
  });
});

describe('recap totals are exactly the sum of the lines', () => {
  const QUANTITIES = ['0', '0.1', '0.2', '0.3', '0.7', '1', '1.001', '2.5', '12.345', '0.001', '99.999', '7'];
  const COSTS = ['3.3333', '0.0001', '0.7', '0.1', '1.2345', '9999.9999', '0.3333', '0.05', '0'];

  function randomInventory(seed: number, size: number): { snapshot: InventoryLine[]; counts: Map<LineKey, LineCount> } {
    const rand = prng(seed);
    const snapshot: InventoryLine[] = [];
    const entries: [InventoryLine, string][] = [];
    for (let i = 0; i < size; i++) {
      const l = line({
        itemRef: `REF-${i}`,
        bin: `BIN-${i % 17}`,
        expected: pick(rand, QUANTITIES),
        unitCost: pick(rand, COSTS),
        unit: 'kg',
        added: rand() < 0.05,
      });
      snapshot.push(l);
      if (rand() < 0.8) entries.push([l, pick(rand, QUANTITIES)]);
    }
    return { snapshot, counts: counted(...entries) };
  }

  for (const policy of ['keep', 'zero'] as const) {
    it(`with hundreds of awkward lines (policy ${policy})`, () => {
      for (const seed of [1, 2, 3, 4, 5]) {
        const { snapshot, counts } = randomInventory(seed, 400);
        const recap = buildRecap(snapshot, counts, policy);
        const all = [...recap.lines, ...recap.uncounted];
        expect(all).toHaveLength(400);
        const t = recap.totals;

        let diffValue = 0n;
        let gain = 0n;
        let loss = 0n;
        let expected = 0n;
        let countedQty = 0n;
        let difference = 0n;
        let expectedValue = 0n;
        let countedValue = 0n;
        for (const l of all) {
          // Each line's value, rounded independently of the code under test.
          const exact = l.difference * l.unitCost;
          const magnitude = ((exact < 0n ? -exact : exact) + 500n) / 1000n;
          expect(l.differenceValue, l.itemRef).toBe(exact < 0n ? -magnitude : magnitude);
          expect(l.difference).toBe(l.counted - l.expected);
          diffValue += l.differenceValue;
          if (l.differenceValue > 0n) gain += l.differenceValue;
          if (l.differenceValue < 0n) loss += l.differenceValue;
          expected += l.expected;
          countedQty += l.counted;
          difference += l.difference;
          expectedValue += lineValue(l.expected, l.unitCost);
          countedValue += lineValue(l.counted, l.unitCost);
        }
        expect(t.differenceValue).toBe(diffValue);
        expect(t.gainValue + t.lossValue).toBe(t.differenceValue);
        expect(t.gainValue).toBe(gain);
        expect(t.lossValue).toBe(loss);
        expect(t.gainValue >= 0n && t.lossValue <= 0n).toBe(true);
        expect(t.expected).toBe(expected);
        expect(t.counted).toBe(countedQty);
        expect(t.difference).toBe(difference);
        expect(t.difference).toBe(t.counted - t.expected);
        expect(t.expectedValue).toBe(expectedValue);
        expect(t.countedValue).toBe(countedValue);
        expect(t.changedLines).toBe(all.filter((l) => l.difference !== 0n).length);
        expect(t.changedLines).toBe(stockChanges(recap).length);
        expect(t.countedLines + t.uncountedLines).toBe(t.lines);
        // The accountant adds up the formatted lines of variances.csv and lands on the total.
        const fromText = all.reduce((s, l) => s + BigInt(formatMoney(l.differenceValue).replace('.', '')), 0n);
        expect(formatMoney(money(fromText))).toBe(formatMoney(t.differenceValue));
      }
    });
  }

  it('adds 0.1, 0.2 and 0.7 to exactly 1', () => {
    const lines = ['0.1', '0.2', '0.7'].map((e, i) =>
      line({ itemRef: `R${i}`, expected: e, unitCost: '1', unit: 'kg' }),
    );
    const recap = buildRecap(lines, new Map(), 'zero');
    expect(formatQty(recap.totals.expected)).toBe('1.000');
    expect(formatQty(recap.totals.difference)).toBe('-1.000');
    expect(formatMoney(recap.totals.differenceValue)).toBe('-1.0000');
    expect(formatMoney(recap.totals.expectedValue)).toBe('1.0000');
  });

  it('ten gains of 0.1 × 0.7 total exactly 0.7000', () => {
    const lines = Array.from({ length: 10 }, (_, i) =>
      line({ itemRef: `R${i}`, expected: '0', unitCost: '0.7', unit: 'kg', added: true }),
    );
    const recap = buildRecap(lines, counted(...lines.map((l): [InventoryLine, string] => [l, '0.1'])), 'keep');
    expect(formatMoney(recap.totals.differenceValue)).toBe('0.7000');
    expect(formatMoney(recap.totals.gainValue)).toBe('0.7000');
    expect(formatMoney(recap.totals.lossValue)).toBe('0.0000');
  });

  it('rounds each line once and sums the rounded values (3 × 0.00005 → 0.0003, not 0.0002)', () => {
    const lines = Array.from({ length: 3 }, (_, i) =>
      line({ itemRef: `R${i}`, expected: '0', unitCost: '0.05', unit: 'kg' }),
    );
    const recap = buildRecap(lines, counted(...lines.map((l): [InventoryLine, string] => [l, '0.001'])), 'keep');
    for (const l of recap.lines) expect(formatMoney(l.differenceValue)).toBe('0.0001');
    expect(formatMoney(recap.totals.differenceValue)).toBe('0.0003');
  });

  it('mixes gains and losses: 3.3333 per unit, +1 and −2', () => {
    const up = line({ itemRef: 'UP', expected: '1', unitCost: '3.3333' });
    const down = line({ itemRef: 'DOWN', expected: '3', unitCost: '3.3333' });
    const recap = buildRecap([up, down], counted([up, '2'], [down, '1']), 'keep');
    expect(formatMoney(recap.totals.gainValue)).toBe('3.3333');
    expect(formatMoney(recap.totals.lossValue)).toBe('-6.6666');
    expect(formatMoney(recap.totals.differenceValue)).toBe('-3.3333');
    expect(recap.totals.changedLines).toBe(2);
  });
});

describe('stockChanges', () => {
  it('lists only lines whose difference is not zero, from both lists', () => {
    const same = line({ itemRef: 'SAME', expected: '5', unitCost: '1' });
    const more = line({ itemRef: 'MORE', expected: '5', unitCost: '1' });
    const tiny = line({ itemRef: 'TINY', expected: '1', unitCost: '0.0001', unit: 'kg' });
    const gone = line({ itemRef: 'GONE', expected: '2', unitCost: '1' });
    const recap = buildRecap([same, more, tiny, gone], counted([same, '5'], [more, '6'], [tiny, '1.001']), 'zero');
    const changes = stockChanges(recap);
    expect(changes.map((l) => l.itemRef).sort()).toEqual(['GONE', 'MORE', 'TINY']);
    // TINY's difference is worth less than the smallest money unit but still moves stock.
    expect(changes.find((l) => l.itemRef === 'TINY')?.differenceValue).toBe(0n);
    expect(changes.every((l) => l.difference !== 0n)).toBe(true);
  });

  it('is empty when everything matches', () => {
    const l = line({ itemRef: 'X', expected: '3' });
    expect(stockChanges(buildRecap([l], counted([l, '3']), 'keep'))).toEqual([]);
  });
});

describe('serialDoubleCounts', () => {
  it('finds serial numbers whose devices add up to more than 1', () => {
    const twice = line({ itemRef: 'S', serial: 'SN-1', expected: '1' });
    const once = line({ itemRef: 'S', serial: 'SN-2', expected: '1' });
    const bulk = line({ itemRef: 'BULK', expected: '1' });
    const events = [
      event('a', twice.key, 'tablet', '1', 1),
      event('b', twice.key, 'phone', '1', 1),
      event('c', once.key, 'tablet', '1', 2),
      event('d', once.key, 'phone', '0', 2),
      event('e', bulk.key, 'tablet', '1', 3),
      event('f', bulk.key, 'phone', '1', 3),
    ];
    const recap = buildRecap([twice, once, bulk], lineCounts(registersFrom(events).values()), 'keep');
    expect(serialDoubleCounts(recap).map((l) => l.serial)).toEqual(['SN-1']);
  });

  it('is empty when each serial is counted at most once', () => {
    const s = line({ itemRef: 'S', serial: 'SN-1', expected: '1' });
    expect(serialDoubleCounts(buildRecap([s], counted([s, '1']), 'keep'))).toEqual([]);
    expect(serialDoubleCounts(buildRecap([s], new Map(), 'zero'))).toEqual([]);
  });
});

describe('checkLineQty', () => {
  const serialLine = { serial: 'SN-1', unit: 'pcs' };
  const pcs = { serial: null, unit: 'pcs' };
  const kg = { serial: null, unit: 'kg' };

  it('a serial number is there or not: 0 or 1', () => {
    expect(unwrap(checkLineQty(serialLine, q(0)))).toBe(0n);
    expect(unwrap(checkLineQty(serialLine, q(1)))).toBe(1000n);
    for (const bad of ['2', '0.5', '1.001', '10']) {
      const error = unwrapErr(checkLineQty(serialLine, q(bad)));
      expect(error.code, bad).toBe('serial_quantity');
      expect(error.message).toContain('SN-1');
      expect(error.details).toEqual({ serial: 'SN-1' });
    }
  });

  it('a serial line measured in kg is still 0 or 1', () => {
    expect(unwrapErr(checkLineQty({ serial: 'SN-2', unit: 'kg' }, q('0.5'))).code).toBe('serial_quantity');
  });

  it('an empty serial is no serial (same as null, as in line keys)', () => {
    expect(unwrap(checkLineQty({ serial: '', unit: 'pcs' }, q(5)))).toBe(q(5));
  });

  it('pieces are whole units', () => {
    expect(unwrap(checkLineQty(pcs, q(3)))).toBe(q(3));
    expect(unwrap(checkLineQty(pcs, q(0)))).toBe(0n);
    const error = unwrapErr(checkLineQty(pcs, q('2.5')));
    expect(error.code).toBe('invalid_quantity');
    expect(error.message).toContain('whole');
    expect(error.details).toEqual({ unit: 'pcs' });
    expect(unwrapErr(checkLineQty(pcs, q('0.001'))).code).toBe('invalid_quantity');
    expect(unwrapErr(checkLineQty({ serial: null, unit: 'box' }, q('1.5'))).code).toBe('invalid_quantity');
  });

  it('measured units take decimals', () => {
    expect(unwrap(checkLineQty(kg, q('2.345')))).toBe(q('2.345'));
    expect(unwrap(checkLineQty({ serial: null, unit: 'KG' }, q('0.001')))).toBe(1n);
    for (const unit of ['kg', 'g', 'l', 'ml', 'm', 'm2', 'm3', 't', 'L', 'M']) {
      expect(unitAllowsDecimals(unit), unit).toBe(true);
    }
    for (const unit of ['pcs', 'u', 'box', 'pair', '', 'kgs']) {
      expect(unitAllowsDecimals(unit), unit).toBe(false);
    }
  });

  it('does not change the quantity it accepts', () => {
    const v = qty(12_345n);
    expect(unwrap(checkLineQty(kg, v))).toBe(v);
  });
});

describe('buildListedRecap: the first uncounted lines listed, the rest summed', () => {
  const rand = prng(11);
  const lines = Array.from({ length: 200 }, (_, i) =>
    line({
      itemRef: `R${i % 31}`,
      bin: `B-${i % 7}`,
      lot: i % 3 === 0 ? `L${i}` : null,
      expected: i % 6 === 0 ? '0' : `${(i * 13) % 41}.${(i * 7) % 1000}`,
      unitCost: `${(i * 3) % 19}.${(i * 7919) % 10000}`,
      // Mixed units, one of them ('l') on a single line: counted, so absent from the summary.
      unit: i === 5 ? 'l' : (['kg', 'm', 'pcs'] as const)[i % 3]!,
    }),
  );
  const countedLines = shuffled(rand, [
    lines[5]!,
    ...shuffled(
      rand,
      lines.filter((_, i) => i !== 5),
    ).slice(0, 59),
  ]);
  const counts = counted(...countedLines.map((l, i): [InventoryLine, string] => [l, `${i % 9}.${(i * 37) % 1000}`]));

  for (const policy of ['keep', 'zero'] as const) {
    it(`gives buildRecap's totals to the last digit (${policy} policy)`, () => {
      const whole = buildRecap(lines, counts, policy, { late: { lines: new Set([lines[1]!.key]), events: 2 } });
      const uncounted = lines.filter((l) => !counts.has(l.key));
      const summary = {
        lines: uncounted.length,
        expected: qty(uncounted.reduce((s, l) => s + l.expectedQty, 0n)),
        expectedValue: money(uncounted.reduce((s, l) => s + lineValue(l.expectedQty, l.unitCost), 0n)),
        nonZeroLines: uncounted.filter((l) => l.expectedQty !== 0n).length,
        // As the server sums them: every line of the unit, less the counted ones (summaryWithout's way).
        byUnit: ['pcs', 'm', 'kg'].map((unit) => {
          const of = uncounted.filter((l) => l.unit === unit);
          return { unit, lines: of.length, expected: qty(of.reduce((s, l) => s + l.expectedQty, 0n)) };
        }),
      };
      const first = [...whole.uncounted].slice(0, 10).map((r) => lines.find((l) => l.key === r.key)!);
      const listed = buildListedRecap(
        shuffled(rand, countedLines),
        counts,
        policy,
        { late: { lines: new Set([lines[1]!.key]), events: 2 } },
        shuffled(rand, first),
        summary,
      );
      expect(listed.totals).toEqual(whole.totals);
      expect(listed.totals.byUnit.map((u) => u.unit)).toEqual(['kg', 'l', 'm', 'pcs']);
      expect(listed.lines).toEqual(whole.lines);
      expect(listed.uncounted).toEqual(whole.uncounted.slice(0, 10));
      if (policy === 'zero') expect(listed.totals.changedLines).toBeGreaterThan(listed.lines.length);
    });
  }
});

describe('quantities per unit: metres, kilograms and pieces are not added together', () => {
  const cable = line({ itemRef: 'CAB', bin: 'A-1', expected: '12.5', unitCost: '1.2', unit: 'm' });
  const cable2 = line({ itemRef: 'CAB', bin: 'A-2', expected: '0.125', unitCost: '1.2', unit: 'm' });
  const grease = line({ itemRef: 'GRA', bin: 'A-1', expected: '3.333', unitCost: '7', unit: 'kg' });
  const bolts = line({ itemRef: 'BOL', bin: 'A-1', expected: '40', unitCost: '0.05', unit: 'pcs' });
  const nuts = line({ itemRef: 'NUT', bin: 'A-2', expected: '7', unitCost: '0.02', unit: 'pcs' });
  const all = [nuts, grease, cable2, bolts, cable];
  const counts = counted([cable, '12.75'], [grease, '3.334'], [bolts, '38']);
  const shown = (recap: Recap) =>
    recap.totals.byUnit.map((u) => [
      u.unit,
      u.lines,
      formatQty(u.expected),
      formatQty(u.counted),
      formatQty(u.difference),
    ]);

  it("policy 'keep': each unit's own sums, exact, sorted by unit", () => {
    const recap = buildRecap(all, counts, 'keep');
    expect(shown(recap)).toEqual([
      ['kg', 1, '3.333', '3.334', '0.001'],
      ['m', 2, '12.625', '12.875', '0.250'],
      ['pcs', 2, '47.000', '45.000', '-2.000'],
    ]);
    // The headline quantities still add every unit (the API keeps them); the units add up to them.
    const sum = (f: (u: Recap['totals']['byUnit'][number]) => bigint) =>
      recap.totals.byUnit.reduce((s, u) => s + f(u), 0n);
    expect(sum((u) => u.expected)).toBe(recap.totals.expected);
    expect(sum((u) => u.counted)).toBe(recap.totals.counted);
    expect(recap.totals.byUnit.reduce((s, u) => s + u.lines, 0)).toBe(recap.totals.lines);
  });

  it("policy 'zero': an uncounted line's unit counts 0", () => {
    expect(shown(buildRecap(all, counts, 'zero'))).toEqual([
      ['kg', 1, '3.333', '3.334', '0.001'],
      ['m', 2, '12.625', '12.750', '0.125'],
      ['pcs', 2, '47.000', '38.000', '-9.000'],
    ]);
  });

  it('sums beyond 2^53 thousandths exactly (bigint, no float)', () => {
    const huge = Array.from({ length: 3 }, (_, i) =>
      line({ itemRef: `H${i}`, bin: 'Z', expected: '999999999.999', unitCost: '0.0001', unit: 'kg' }),
    );
    const recap = buildRecap(huge, counted([huge[0]!, '999999999.998']), 'keep');
    expect(shown(recap)).toEqual([['kg', 3, '2999999999.997', '2999999999.996', '-0.001']]);
  });

  it('the listed recap (first uncounted lines, the rest summed as the server does) gives the same units', () => {
    for (const policy of ['keep', 'zero'] as const) {
      const whole = buildRecap(all, counts, policy);
      const countedLines = all.filter((l) => counts.has(l.key));
      const everyUnit = ['m', 'kg', 'pcs'].map((unit) => {
        const of = all.filter((l) => l.unit === unit);
        return { unit, lines: of.length, expected: qty(of.reduce((s, l) => s + l.expectedQty, 0n)) };
      });
      const everyLine = {
        lines: all.length,
        expected: qty(all.reduce((s, l) => s + l.expectedQty, 0n)),
        expectedValue: money(all.reduce((s, l) => s + lineValue(l.expectedQty, l.unitCost), 0n)),
        nonZeroLines: all.filter((l) => l.expectedQty !== 0n).length,
        byUnit: everyUnit,
      };
      const summary = summaryWithout(everyLine, countedLines);
      // kg's only line is counted: 0 lines left, and no uncounted kg in the recap.
      expect(summary.byUnit.find((u) => u.unit === 'kg')).toEqual({ unit: 'kg', lines: 0, expected: 0n });
      const listed = buildListedRecap(countedLines, counts, policy, {}, [], summary);
      expect(listed.totals).toEqual(whole.totals);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { divRound, formatFixed } from '../../src/core/fixed';
import { formatMoney, lineValue, money, parseMoney, sumMoney, ValueTotal } from '../../src/core/money';
import {
  formatQty,
  isWholeQty,
  ONE_QTY,
  parseDelta,
  parseQty,
  qty,
  QTY_MAX,
  sumQty,
  ZERO_QTY,
} from '../../src/core/quantity';
import { prng, q, unwrap, unwrapErr } from './coreTestUtils';

describe('parseQty: accepted inputs', () => {
  const accepted: [unknown, bigint, string][] = [
    ['12.5', 12_500n, '12.500'],
    [12.5, 12_500n, '12.500'],
    ['0.1', 100n, '0.100'],
    [0.1, 100n, '0.100'],
    ['0.001', 1n, '0.001'],
    [0.001, 1n, '0.001'],
    ['0', 0n, '0.000'],
    [0, 0n, '0.000'],
    ['7', 7_000n, '7.000'],
    [7, 7_000n, '7.000'],
    ['12.500', 12_500n, '12.500'],
    ['  3.25  ', 3_250n, '3.250'], // surrounding blanks are trimmed
    ['1.000000', 1_000n, '1.000'], // trailing zeros are not "decimals"
    ['0001.5', 1_500n, '1.500'],
    ['+5', 5_000n, '5.000'],
    [1e3, 1_000_000n, '1000.000'], // the number 1e3 is just 1000
    ['999999999.999', 999_999_999_999n, '999999999.999'],
    [999_999_999.999, 999_999_999_999n, '999999999.999'],
    ['1000000000', QTY_MAX, '1000000000.000'], // 1e9 itself is allowed
    [1e9, QTY_MAX, '1000000000.000'],
  ];
  it.each(accepted)('%j → %s thousandths, formatted %s', (input, thousandths, text) => {
    const value = unwrap(parseQty(input));
    expect(value).toBe(thousandths);
    expect(formatQty(value)).toBe(text);
  });

  it('parses the canonical text back to the same value', () => {
    const rand = prng(42);
    for (let i = 0; i < 2000; i++) {
      const v = qty(BigInt(Math.floor(rand() * 1e12)));
      expect(unwrap(parseQty(formatQty(v)))).toBe(v);
    }
    expect(unwrap(parseQty(formatQty(qty(QTY_MAX))))).toBe(QTY_MAX);
  });

  it('accepts every JSON number with at most 3 decimals as the decimal it prints as', () => {
    for (let thousandths = 0; thousandths <= 5000; thousandths += 7) {
      const n = thousandths / 1000; // a float, e.g. 0.007 or 4.963
      expect(unwrap(parseQty(n))).toBe(BigInt(thousandths));
    }
  });
});

describe('parseQty: refused inputs', () => {
  type Problem = 'not_a_number' | 'negative' | 'too_many_decimals' | 'too_large';
  const refused: [string, unknown, Problem][] = [
    ['negative string', '-1', 'negative'],
    ['negative decimal string', '-0.001', 'negative'],
    ['negative number', -0.5, 'negative'],
    ['negative integer', -3, 'negative'],
    ['letters', 'abc', 'not_a_number'],
    ['empty string', '', 'not_a_number'],
    ['blank string', '   ', 'not_a_number'],
    ['decimal comma', '1,5', 'not_a_number'],
    ['exponent in a string', '1e3', 'not_a_number'],
    ['exponent in a string (big)', '1E21', 'not_a_number'],
    ['leading dot', '.5', 'not_a_number'],
    ['two dots', '1.2.3', 'not_a_number'],
    ['hex', '0x10', 'not_a_number'],
    ['thousands separator', '1 000', 'not_a_number'],
    ['unit suffix', '12kg', 'not_a_number'],
    ['non-ASCII digits', '١٢', 'not_a_number'],
    ['"NaN" text', 'NaN', 'not_a_number'],
    ['"Infinity" text', 'Infinity', 'not_a_number'],
    ['4 decimals', '1.0001', 'too_many_decimals'],
    ['4 decimals, number', 1.0001, 'too_many_decimals'],
    ['float artefact', 0.30000000000000004, 'too_many_decimals'],
    ['float artefact of 0.1 + 0.2', 0.1 + 0.2, 'too_many_decimals'],
    ['tiny number printed with an exponent', 1e-7, 'too_many_decimals'],
    ['above 1e9 by a thousandth', '1000000000.001', 'too_large'],
    ['above 1e9 as a number', 1e9 + 1, 'too_large'],
    ['huge number printed with an exponent', 1e21, 'too_large'],
    ['absurdly long integer', '9'.repeat(40), 'too_large'],
    ['NaN', Number.NaN, 'not_a_number'],
    ['Infinity', Number.POSITIVE_INFINITY, 'not_a_number'],
    ['-Infinity', Number.NEGATIVE_INFINITY, 'not_a_number'],
    ['null', null, 'not_a_number'],
    ['undefined', undefined, 'not_a_number'],
    ['true', true, 'not_a_number'],
    ['false', false, 'not_a_number'],
    ['object', {}, 'not_a_number'],
    ['array', [1], 'not_a_number'],
    ['boxed number', { valueOf: () => 1 }, 'not_a_number'],
    ['bigint', 12n, 'not_a_number'],
  ];

  it.each(refused)('%s → invalid_quantity / %s', (_label, input, problem) => {
    const error = unwrapErr(parseQty(input));
    expect(error.code).toBe('invalid_quantity');
    expect(error.details).toEqual({ field: 'quantity', problem });
    expect(error.message).toMatch(/^quantity /);
  });

  it('names the field it was given in the message and details', () => {
    const error = unwrapErr(parseQty('-2', 'counted quantity'));
    expect(error.message).toMatch(/^counted quantity cannot be negative/);
    expect(error.details).toEqual({ field: 'counted quantity', problem: 'negative' });
  });

  it('says why: negative, decimals, size', () => {
    expect(unwrapErr(parseQty('-1')).message).toContain('negative');
    expect(unwrapErr(parseQty('1.0001')).message).toContain('more than 3 decimals');
    expect(unwrapErr(parseQty('2000000000')).message).toContain('1,000,000,000');
  });

  it('does not throw on long garbage, and truncates it in the message', () => {
    const error = unwrapErr(parseQty('x'.repeat(10_000)));
    expect(error.code).toBe('invalid_quantity');
    expect(error.message.length).toBeLessThan(200);
  });
});

describe('parseDelta (the only signed quantity)', () => {
  it.each([
    ['-12.5', -12_500n, '-12.500'],
    [-12.5, -12_500n, '-12.500'],
    ['-0.001', -1n, '-0.001'],
    [-0.001, -1n, '-0.001'],
    ['+3', 3_000n, '3.000'],
    ['4.2', 4_200n, '4.200'],
    ['-1000000000', -QTY_MAX, '-1000000000.000'],
  ] as const)('%j → %s', (input, thousandths, text) => {
    const v = unwrap(parseDelta(input));
    expect(v).toBe(thousandths);
    expect(formatQty(v)).toBe(text);
  });

  it.each([
    ['-1.0001', 'too_many_decimals'],
    ['-1000000000.001', 'too_large'],
    ['1000000000.001', 'too_large'],
    ['--1', 'not_a_number'],
    ['abc', 'not_a_number'],
    [null, 'not_a_number'],
  ] as const)('refuses %j (%s)', (input, problem) => {
    const error = unwrapErr(parseDelta(input));
    expect(error.code).toBe('invalid_quantity');
    expect(error.details).toEqual({ field: 'delta', problem });
  });
});

describe('Qty arithmetic is exact', () => {
  it('0.1 + 0.2 is exactly 0.3 (unlike floats)', () => {
    expect(0.1 + 0.2).not.toBe(0.3); // the trap this whole module avoids
    const sum = qty(q('0.1') + q('0.2'));
    expect(sum).toBe(q('0.3'));
    expect(formatQty(sum)).toBe('0.300');
    expect(sumQty([q(0.1), q(0.2)])).toBe(q(0.3));
  });

  it('ten times 0.1 is exactly 1, a thousand times 0.001 is exactly 1', () => {
    expect(sumQty(Array.from({ length: 10 }, () => q('0.1')))).toBe(ONE_QTY);
    expect(sumQty(Array.from({ length: 1000 }, () => q(0.001)))).toBe(ONE_QTY);
    expect(formatQty(sumQty(Array.from({ length: 7 }, () => q(0.7))))).toBe('4.900');
  });

  it('sumQty of nothing is zero and works on any iterable', () => {
    expect(sumQty([])).toBe(ZERO_QTY);
    expect(sumQty(new Set([q(1), q(2.5)]))).toBe(q(3.5));
  });

  it.each([
    [0n, true],
    [1000n, true],
    [-2000n, true],
    [1500n, false],
    [1n, false],
    [-1500n, false],
    [999n, false],
  ])('isWholeQty(%s) is %s', (v, whole) => {
    expect(isWholeQty(qty(v))).toBe(whole);
  });
});

describe('formatQty / formatFixed', () => {
  it.each([
    [0n, '0.000'],
    [1n, '0.001'],
    [-1n, '-0.001'],
    [10n, '0.010'],
    [999n, '0.999'],
    [1000n, '1.000'],
    [12_500n, '12.500'],
    [-12_500n, '-12.500'],
    [QTY_MAX, '1000000000.000'],
  ])('formatQty(%s) = %s', (v, text) => {
    expect(formatQty(qty(v))).toBe(text);
  });

  it('takes another decimal separator and any scale', () => {
    expect(formatFixed(12_500n, 3, ',')).toBe('12,500');
    expect(formatFixed(-5n, 4, ',')).toBe('-0,0005');
    expect(formatFixed(42n, 0)).toBe('42');
    expect(formatFixed(-42n, 0)).toBe('-42');
  });
});

describe('money', () => {
  it.each([
    ['3.3333', 33_333n, '3.3333'],
    [3.3333, 33_333n, '3.3333'],
    ['0.0001', 1n, '0.0001'],
    [0.0001, 1n, '0.0001'],
    ['3.14', 31_400n, '3.1400'],
    [12, 120_000n, '12.0000'],
    ['0', 0n, '0.0000'],
    ['1000000000', 10_000_000_000_000n, '1000000000.0000'],
  ] as const)('parseMoney(%j) = %s, formatted %s', (input, scaled, text) => {
    const m = unwrap(parseMoney(input));
    expect(m).toBe(scaled);
    expect(formatMoney(m)).toBe(text);
  });

  it.each([
    ['0.00001', 'too_many_decimals'],
    [0.00001, 'too_many_decimals'],
    ['1.23456', 'too_many_decimals'],
    ['-1', 'negative'],
    [-0.01, 'negative'],
    ['1000000000.0001', 'too_large'],
    ['abc', 'not_a_number'],
    ['3,14', 'not_a_number'],
    ['', 'not_a_number'],
    [null, 'not_a_number'],
    [Number.NaN, 'not_a_number'],
    [{}, 'not_a_number'],
  ] as const)('parseMoney refuses %j (%s) with invalid_money', (input, problem) => {
    const error = unwrapErr(parseMoney(input, 'unit cost'));
    expect(error.code).toBe('invalid_money');
    expect(error.details).toEqual({ field: 'unit cost', problem });
    expect(error.message).toMatch(/^unit cost: /);
  });

  it('sumMoney is exact', () => {
    const costs = Array.from({ length: 3 }, () => unwrap(parseMoney('3.3333')));
    expect(formatMoney(sumMoney(costs))).toBe('9.9999');
    expect(sumMoney([])).toBe(0n);
  });
});

describe('lineValue: qty × unit cost, rounded once to 4 decimals, half away from zero', () => {
  // [quantity, unit cost, expected value]; each exact product is in the comment.
  const cases: [string, string, string][] = [
    ['1', '3.3333', '3.3333'],
    ['12.5', '3.3333', '41.6663'], // 41.66625 → up
    ['-12.5', '3.3333', '-41.6663'], // −41.66625 → away from zero, not −41.6662
    ['0.5', '0.0001', '0.0001'], // 0.00005 → up
    ['-0.5', '0.0001', '-0.0001'], // −0.00005 → down (away from zero)
    ['2.5', '0.0001', '0.0003'], // 0.00025 → 0.0003, not banker's 0.0002
    ['-2.5', '0.0001', '-0.0003'],
    ['1.5', '0.0001', '0.0002'], // 0.00015
    ['-1.5', '0.0001', '-0.0002'],
    ['0.499', '0.0001', '0.0000'], // 0.0000499 → 0
    ['-0.499', '0.0001', '0.0000'], // and never "-0.0000"
    ['0.001', '0.0500', '0.0001'], // 0.00005 → up
    ['-0.001', '0.0500', '-0.0001'],
    ['0.001', '0.0499', '0.0000'], // 0.0000499
    ['0.333', '3.3333', '1.1100'], // 1.1099889
    ['-0.333', '3.3333', '-1.1100'],
    ['12.345', '1.2345', '15.2399'], // 15.2399025
    ['-12.345', '1.2345', '-15.2399'],
    ['0.1', '0.7', '0.0700'],
    ['0', '9999.9999', '0.0000'],
    ['1000000000', '1000000000', '1000000000000000000.0000'], // largest line: still exact
  ];
  it.each(cases)('%s × %s = %s', (quantity, cost, value) => {
    const v = lineValue(unwrap(parseDelta(quantity)), unwrap(parseMoney(cost)));
    expect(formatMoney(v)).toBe(value);
  });

  it('is symmetric: value(−q) = −value(q) for every q', () => {
    const rand = prng(7);
    for (let i = 0; i < 2000; i++) {
      const qv = qty(BigInt(Math.floor(rand() * 2_000_000)));
      const cost = money(BigInt(Math.floor(rand() * 100_000)));
      expect(lineValue(qty(-qv), cost)).toBe(-lineValue(qv, cost));
    }
  });

  it('matches an independent rounding of the exact product', () => {
    const rand = prng(99);
    for (let i = 0; i < 5000; i++) {
      const qv = BigInt(Math.floor(rand() * 2_000_000) - 1_000_000);
      const cost = BigInt(Math.floor(rand() * 1_000_000));
      const exact = qv * cost; // in 1e-7 units
      const magnitude = ((exact < 0n ? -exact : exact) + 500n) / 1000n;
      const expected = exact < 0n ? -magnitude : magnitude;
      expect(lineValue(qty(qv), money(cost))).toBe(expected);
    }
  });

  it('stays exact around 2^53, where it leaves doubles for bigints', () => {
    const rand = prng(53);
    const edge = 2n ** 53n;
    for (let i = 0; i < 5000; i++) {
      // A product within a few thousand of ±2^53, on either side.
      const cost = BigInt(1 + Math.floor(rand() * 10_000_000));
      const qv = (edge / cost + BigInt(Math.floor(rand() * 5) - 2)) * (rand() < 0.5 ? -1n : 1n);
      const exact = qv * cost;
      const magnitude = ((exact < 0n ? -exact : exact) + 500n) / 1000n;
      expect(lineValue(qty(qv), money(cost))).toBe(exact < 0n ? -magnitude : magnitude);
    }
    // Just past 2^53 a double cannot hold an odd product: x…499 would round like x…500.
    for (let m = -20n; m <= 20n; m++) {
      for (const r of [499n, 500n, 501n]) {
        const qv = edge - (edge % 1000n) + 1000n * m + r;
        const up = (qv + 500n) / 1000n;
        expect(lineValue(qty(qv), money(1n))).toBe(up);
        expect(lineValue(qty(-qv), money(1n))).toBe(-up);
      }
    }
  });
});

describe('divRound', () => {
  it.each([
    [10n, 4n, 3n], // 2.5 → 3
    [-10n, 4n, -3n], // −2.5 → −3
    [10n, -4n, -3n],
    [-10n, -4n, 3n],
    [9n, 4n, 2n], // 2.25
    [11n, 4n, 3n], // 2.75
    [-9n, 4n, -2n],
    [-11n, 4n, -3n],
    [5n, 2n, 3n],
    [-5n, 2n, -3n],
    [6n, 3n, 2n],
    [-6n, 3n, -2n],
    [1n, 3n, 0n],
    [-1n, 3n, 0n],
    [2n, 3n, 1n],
    [-2n, 3n, -1n],
    [0n, 7n, 0n],
  ])('divRound(%s, %s) = %s', (n, d, r) => {
    expect(divRound(n, d)).toBe(r);
  });
});

describe('ValueTotal: a sum of line values without a bigint per line', () => {
  it('equals the sum of lineValue, line by line, small and huge lines mixed', () => {
    const rand = prng(2026);
    const total = new ValueTotal();
    let expected = 0n;
    for (let i = 0; i < 20_000; i++) {
      // Mostly shop-sized lines; now and then one whose product passes 2^53, and runs of
      // large ones that push the running sum past 2^52 (the double part flushes).
      const huge = i % 997 === 0;
      const q = huge ? 1e12 : Math.floor(rand() * 2_000_000) - (i % 5 === 0 ? 1_000_000 : 0);
      const cost = money(BigInt(huge ? 99_999_999 : Math.floor(rand() * 10_000_000)));
      total.add(q, cost);
      expected += lineValue(qty(BigInt(q)), cost);
    }
    expect(total.total).toBe(expected);
    expect(expected > 2n ** 53n).toBe(true);
    expect(new ValueTotal().total).toBe(0n);
  });
});

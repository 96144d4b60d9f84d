import { describe, expect, it } from 'vitest';
import {
  countEventFromDto,
  countEventToDto,
  decimalToScaled,
  lineFromDto,
  lineToDto,
  recapToDto,
  type LineDto,
  type RecapLineDto,
} from '../../src/core/api/dto';
import { lineCounts, registersFrom } from '../../src/core/counting';
import { formatFixed, parseFixed } from '../../src/core/fixed';
import type { InventoryLine } from '../../src/core/line';
import { parseMoney } from '../../src/core/money';
import { parseDelta, parseQty } from '../../src/core/quantity';
import { buildRecap } from '../../src/core/recap';
import { event, line, pick, prng, unwrap } from './coreTestUtils';

const QTY_TEXT = /^-?\d+\.\d{3}$/;
const MONEY_TEXT = /^-?\d+\.\d{4}$/;

/** Fails if a bigint (or anything JSON cannot carry) is left anywhere in a DTO. */
function assertPlainJson(value: unknown, path = '$'): void {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertPlainJson(v, `${path}[${i}]`));
    return;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) assertPlainJson(v, `${path}.${k}`);
    return;
  }
  throw new Error(`${path} is a ${typeof value}, which JSON cannot carry`);
}

describe('lineToDto / lineFromDto', () => {
  const sample: InventoryLine = {
    ...line({ itemRef: 'RÉF|1', bin: 'A/01', lot: 'L 1', serial: null, expected: '12.5', unitCost: '3.3333' }),
    supplier: 'ACME',
    barcodes: ['3012345678901', '0001'],
    kind: 'pieces',
  };

  it('sends quantities and money as canonical strings', () => {
    const dto = lineToDto(sample);
    expect(dto.expectedQty).toBe('12.500');
    expect(dto.unitCost).toBe('3.3333');
    expect(dto.key).toBe(sample.key);
    expect(dto).toMatchObject({ itemRef: 'RÉF|1', bin: 'A/01', lot: 'L 1', serial: null, supplier: 'ACME' });
    assertPlainJson(dto);
  });

  it('round-trips through JSON to the same line', () => {
    const back = lineFromDto(JSON.parse(JSON.stringify(lineToDto(sample))) as LineDto);
    expect(back).toEqual(sample);
    expect(back.expectedQty).toBe(12_500n);
    expect(back.unitCost).toBe(33_333n);
  });

  it('round-trips many quantities and costs exactly', () => {
    const rand = prng(17);
    for (let i = 0; i < 500; i++) {
      const l = line({
        itemRef: `R${i}`,
        expected: (Math.floor(rand() * 1e9) / 1000).toFixed(3),
        unitCost: (Math.floor(rand() * 1e8) / 10_000).toFixed(4),
        unit: pick(rand, ['kg', 'pcs']),
        added: rand() < 0.5,
      });
      const dto = lineToDto(l);
      expect(dto.expectedQty).toMatch(QTY_TEXT);
      expect(dto.unitCost).toMatch(MONEY_TEXT);
      expect(lineFromDto(JSON.parse(JSON.stringify(dto)) as LineDto)).toEqual(l);
    }
  });
});

describe('recapToDto', () => {
  const a = line({ itemRef: 'A', bin: 'B1', expected: '10', unitCost: '2.5' });
  const b = line({ itemRef: 'B', bin: 'B1', expected: '12.5', unitCost: '3.3333', unit: 'kg' });
  const c = line({ itemRef: 'C', bin: 'B2', expected: '0', unitCost: '0.0001', added: true });
  const counts = lineCounts(
    registersFrom([
      event('1', a.key, 'tablet', '8', 1, { counter: 'alice', at: '2026-01-01T08:00:00.000Z' }),
      event('2', a.key, 'phone', '1', 1, { counter: 'bob', at: '2026-01-01T08:01:00.000Z' }),
      event('3', c.key, 'phone', '5', 2, { counter: 'bob', at: '2026-01-01T08:02:00.000Z' }),
    ]).values(),
  );
  const recap = buildRecap([a, b, c], counts, 'zero');
  const dto = recapToDto(recap);

  it('is plain JSON (no bigint left)', () => {
    assertPlainJson(dto);
    expect(JSON.parse(JSON.stringify(dto))).toEqual(dto);
  });

  it('formats every quantity with 3 decimals and every amount with 4', () => {
    const all: RecapLineDto[] = [...dto.lines, ...dto.uncounted];
    expect(all).toHaveLength(3);
    for (const l of all) {
      for (const v of [l.expected, l.counted, l.difference, ...l.devices.map((d) => d.qty)])
        expect(v).toMatch(QTY_TEXT);
      for (const v of [l.unitCost, l.differenceValue]) expect(v).toMatch(MONEY_TEXT);
    }
    const t = dto.totals;
    for (const v of [t.expected, t.counted, t.difference]) expect(v).toMatch(QTY_TEXT);
    for (const v of [t.expectedValue, t.countedValue, t.differenceValue, t.gainValue, t.lossValue]) {
      expect(v).toMatch(MONEY_TEXT);
    }
  });

  it('carries the exact values', () => {
    const la = dto.lines.find((l) => l.itemRef === 'A');
    expect(la).toMatchObject({
      expected: '10.000',
      counted: '9.000',
      difference: '-1.000',
      differenceValue: '-2.5000',
    });
    expect(la?.devices).toEqual([
      { deviceId: 'phone', counter: 'bob', qty: '1.000', at: '2026-01-01T08:01:00.000Z' },
      { deviceId: 'tablet', counter: 'alice', qty: '8.000', at: '2026-01-01T08:00:00.000Z' },
    ]);
    expect(dto.lines.find((l) => l.itemRef === 'C')).toMatchObject({
      added: true,
      difference: '5.000',
      unitCost: '0.0001',
      differenceValue: '0.0005',
    });
    expect(dto.uncounted).toHaveLength(1);
    expect(dto.uncounted[0]).toMatchObject({ itemRef: 'B', counted: '0.000', differenceValue: '-41.6663' });
    expect(dto.totals).toEqual({
      lines: 3,
      countedLines: 2,
      uncountedLines: 1,
      changedLines: 3,
      expected: '22.500',
      counted: '14.000',
      difference: '-8.500',
      expectedValue: '66.6663',
      countedValue: '22.5005',
      differenceValue: '-44.1658',
      gainValue: '0.0005',
      lossValue: '-44.1663',
      lateEvents: 0,
      byUnit: [
        { unit: 'kg', lines: 1, expected: '12.500', counted: '0.000', difference: '-12.500' },
        { unit: 'pcs', lines: 2, expected: '10.000', counted: '14.000', difference: '4.000' },
      ],
    });
    expect(dto.uncountedPolicy).toBe('zero');
  });

  it('each string parses back, with the core parsers, to the recap value', () => {
    recap.lines.forEach((l, i) => {
      const d = dto.lines[i];
      expect(unwrap(parseDelta(d?.difference))).toBe(l.difference);
      expect(unwrap(parseQty(d?.counted))).toBe(l.counted);
      expect(decimalToScaled(d?.differenceValue ?? '', 4)).toBe(l.differenceValue);
    });
  });
});

describe('countEventToDto', () => {
  it('formats the quantity and adds cursor and late', () => {
    const e = event('uuid-1', line().key, 'dev', '2.5', 4, { counter: 'c', at: 'now' });
    const dto = countEventToDto(e, 42, true);
    expect(dto).toEqual({
      id: 'uuid-1',
      lineKey: e.lineKey,
      deviceId: 'dev',
      qty: '2.500',
      seq: 4,
      counter: 'c',
      at: 'now',
      cursor: 42,
      late: true,
      round: 0,
    });
    assertPlainJson(dto);
  });
});

describe('a withdrawal (qty null) on the wire', () => {
  it('travels as qty null both ways, never as "0.000"', () => {
    const e = { ...event('uuid-2', line().key, 'dev', '0', 5, { counter: 'c', at: 'now' }), qty: null };
    const dto = countEventToDto(e, 7, false);
    expect(dto.qty).toBeNull();
    assertPlainJson(dto);
    const back = countEventFromDto(JSON.parse(JSON.stringify(dto)) as typeof dto);
    expect(back).toEqual({ ...e, cursor: 7, late: false });
    expect(countEventFromDto({ ...dto, qty: '2.500' }).qty).toBe(2500n);
  });
});

describe('decimalToScaled', () => {
  it.each([
    ['12.500', 3, 12_500n],
    ['0.001', 3, 1n],
    ['-0.001', 3, -1n],
    ['-12.500', 3, -12_500n],
    ['0.000', 3, 0n],
    ['7', 3, 7_000n],
    ['0.5', 3, 500n],
    ['3.3333', 4, 33_333n],
    ['-41.6663', 4, -416_663n],
    ['0.0001', 4, 1n],
    ['1000000000.0000', 4, 10_000_000_000_000n],
  ] as const)('decimalToScaled(%s, %s) = %s', (text, scale, value) => {
    expect(decimalToScaled(text, scale)).toBe(value);
  });

  it('inverts formatFixed for every scale used', () => {
    const rand = prng(3);
    for (let i = 0; i < 3000; i++) {
      const v = BigInt(Math.floor((rand() - 0.5) * 2e12));
      for (const scale of [3, 4]) expect(decimalToScaled(formatFixed(v, scale), scale)).toBe(v);
    }
  });

  it('agrees with parseFixed on both sides of 10^15, where it leaves doubles for bigints', () => {
    const rand = prng(15);
    for (let i = 0; i < 3000; i++) {
      const whole = String(Math.floor(rand() * 10 ** (8 + Math.floor(rand() * 11))));
      const frac = String(Math.floor(rand() * 10_000)).slice(0, Math.floor(rand() * 5));
      const sign = rand() < 0.3 ? '-' : '';
      const text = `${sign}${whole}${frac ? `.${frac}` : ''}`;
      for (const scale of [3, 4]) {
        // Digits past the scale are dropped (canonical text never has them).
        const reference = parseFixed(`${sign}${whole}.${frac.slice(0, scale)}`, {
          scale,
          max: 10n ** 40n,
          signed: true,
        });
        expect(decimalToScaled(text, scale), text).toBe(unwrap(reference));
      }
    }
  });

  it('agrees with parseQty and parseMoney on canonical text', () => {
    const rand = prng(8);
    for (let i = 0; i < 1000; i++) {
      const v = BigInt(Math.floor(rand() * 1e12));
      const text3 = formatFixed(v, 3);
      const text4 = formatFixed(v, 4);
      expect(decimalToScaled(text3, 3)).toBe(unwrap(parseQty(text3)));
      expect(decimalToScaled(text4, 4)).toBe(unwrap(parseMoney(text4)));
    }
  });
});

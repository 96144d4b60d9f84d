/**
 * Recounts as count ROUNDS in the core: registers per line × device × round, a line counted
 * in its highest round holding a quantity, earlier rounds kept; the result depends only
 * on the set of events (any order, any repetition). And the recount rules: which round a
 * line is in, and the exact threshold that suggests a recount.
 */
import { describe, expect, it } from 'vitest';
import { foldEvents, lineCounts, registersFrom, type CountEvent } from '../../src/core/counting';
import { makeLineKey } from '../../src/core/lineKey';
import { money } from '../../src/core/money';
import { qty } from '../../src/core/quantity';
import { buildRecap } from '../../src/core/recap';
import { currentRound, parseRecountThreshold, suggestsRecount } from '../../src/core/recount';
import { event, line, prng, q, shuffled, unwrap, unwrapErr } from './coreTestUtils';

const K1 = makeLineKey({ itemRef: 'REF-1', bin: 'A-01', lot: null, serial: null });
const K2 = makeLineKey({ itemRef: 'REF-2', bin: 'A-01', lot: null, serial: null });

const at = (round: number, e: CountEvent): CountEvent => ({ ...e, round });
const withdrawal = (id: string, deviceId: string, seq: number, round: number): CountEvent => ({
  ...event(id, K1, deviceId, '0', seq, { round }),
  qty: null,
});

describe('lineCounts with rounds', () => {
  it('a recount by another device replaces the count; both rounds stay in the registers', () => {
    const regs = registersFrom([event('a1', K1, 'phone-A', '10', 1), event('b1', K1, 'phone-B', '7', 1, { round: 1 })]);
    expect(regs.size).toBe(2);
    const count = lineCounts(regs.values()).get(K1);
    expect(count?.qty).toBe(q(7));
    expect(count?.round).toBe(1);
    expect(count?.devices.map((d) => d.deviceId)).toEqual(['phone-B']);
  });

  it('the same device recounting keeps its first count as a register of round 0', () => {
    const regs = registersFrom([event('a1', K1, 'phone-A', '10', 1), event('a2', K1, 'phone-A', '9', 2, { round: 1 })]);
    expect([...regs.values()].map((r) => [r.round, r.qty])).toEqual([
      [0, q(10)],
      [1, q(9)],
    ]);
    expect(lineCounts(regs.values()).get(K1)?.qty).toBe(q(9));
  });

  it('two devices in the recount round add up, as in any round', () => {
    const regs = registersFrom([
      event('a1', K1, 'phone-A', '10', 1),
      event('b1', K1, 'phone-B', '4', 1, { round: 1 }),
      event('c1', K1, 'phone-C', '5', 1, { round: 1 }),
    ]);
    expect(lineCounts(regs.values()).get(K1)).toMatchObject({ qty: q(9), round: 1 });
  });

  it('a recount withdrawn entirely falls back to the round before', () => {
    const regs = registersFrom([
      event('a1', K1, 'phone-A', '10', 1),
      event('b1', K1, 'phone-B', '4', 1, { round: 1 }),
      withdrawal('b2', 'phone-B', 2, 1),
    ]);
    expect(lineCounts(regs.values()).get(K1)).toMatchObject({ qty: q(10), round: 0 });
  });

  it('a withdrawal in round 0 leaves a round-1 count alone', () => {
    const regs = registersFrom([
      event('a1', K1, 'phone-A', '10', 1),
      event('b1', K1, 'phone-B', '4', 1, { round: 1 }),
      withdrawal('a2', 'phone-A', 2, 0),
    ]);
    expect(lineCounts(regs.values()).get(K1)).toMatchObject({ qty: q(4), round: 1 });
  });

  it('rounds need not follow each other: a bin recount may jump to round 3', () => {
    const regs = registersFrom([
      event('a1', K1, 'A', '1', 1, { round: 1 }),
      event('b1', K1, 'B', '3', 1, { round: 3 }),
    ]);
    expect(lineCounts(regs.values()).get(K1)).toMatchObject({ qty: q(3), round: 3 });
  });

  it('is order-independent and idempotent over random histories with rounds and withdrawals', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const rand = prng(seed);
      const events: CountEvent[] = [];
      for (const device of ['A', 'B', 'C']) {
        for (let seq = 1; seq <= 20; seq++) {
          const key = rand() < 0.5 ? K1 : K2;
          const round = Math.floor(rand() * 3);
          const e = event(`${device}-${seq}`, key, device, String(Math.floor(rand() * 20)), seq, { round });
          events.push(rand() < 0.2 ? { ...e, qty: null } : e);
        }
      }
      const reference = lineCounts(registersFrom(events).values());
      const regs = registersFrom(shuffled(rand, [...events, ...events.slice(0, 15)]));
      expect(lineCounts(regs.values())).toEqual(reference);
      expect(foldEvents(regs, shuffled(rand, events))).toEqual([]);
      // The obvious computation: highest round with a non-null winning register, summed.
      for (const key of [K1, K2]) {
        const best = new Map<string, CountEvent>();
        for (const e of events.filter((x) => x.lineKey === key)) {
          const id = `${e.deviceId}/${e.round}`;
          const cur = best.get(id);
          if (!cur || e.seq > cur.seq) best.set(id, e);
        }
        const live = [...best.values()].filter((e) => e.qty !== null);
        const top = Math.max(-1, ...live.map((e) => e.round));
        const sum = live.filter((e) => e.round === top).reduce((s, e) => s + (e.qty ?? 0n), 0n);
        expect(reference.get(key)?.qty ?? null).toBe(top < 0 ? null : sum);
      }
    }
  });

  it('late from an old round changes nothing once a higher round counts', () => {
    const regs = registersFrom([event('b1', K1, 'B', '4', 1, { round: 1 })]);
    expect(foldEvents(regs, [at(0, event('a9', K1, 'A', '100', 9))])).toHaveLength(1);
    expect(lineCounts(regs.values()).get(K1)?.qty).toBe(q(4));
  });
});

describe('currentRound', () => {
  const a = { key: K1, bin: 'A-01' };
  it('is 0 without a recount, else the highest round covering the line (by line or by bin)', () => {
    expect(currentRound(a, [])).toBe(0);
    expect(currentRound(a, [{ lineKey: K1, bin: null, round: 1 }])).toBe(1);
    expect(
      currentRound(a, [
        { lineKey: K1, bin: null, round: 1 },
        { lineKey: null, bin: 'A-01', round: 2 },
        { lineKey: K2, bin: null, round: 5 },
        { lineKey: null, bin: 'B-02', round: 7 },
      ]),
    ).toBe(2);
  });
});

describe('recount threshold (exact)', () => {
  const t = (qtyPercent: string | null, value: string | null) => unwrap(parseRecountThreshold({ qtyPercent, value }));

  it('is canonical and refuses 0, negatives and too many decimals', () => {
    expect(t('5', '100')).toEqual({ qtyPercent: '5.000', value: '100.0000' });
    expect(t(null, null)).toEqual({ qtyPercent: null, value: null });
    for (const bad of [
      { qtyPercent: '0', value: null },
      { qtyPercent: '-1', value: null },
      { qtyPercent: '1.0001', value: null },
      { qtyPercent: null, value: '0' },
      { qtyPercent: null, value: '1.00001' },
      { qtyPercent: 'abc', value: null },
    ])
      expect(unwrapErr(parseRecountThreshold(bad)).code).toBe('invalid_threshold');
  });

  it('by %: exactly at the threshold suggests, one thousandth below does not', () => {
    const ten = t('10', null);
    // expected 3 → 10 % is 0.3 exactly
    expect(suggestsRecount(q(3), qty(-300n), money(0n), ten)).toBe(true);
    expect(suggestsRecount(q(3), qty(-299n), money(0n), ten)).toBe(false);
    // 2.5 % of 0.4 = 0.01
    expect(suggestsRecount(q('0.4'), qty(10n), money(0n), t('2.5', null))).toBe(true);
    expect(suggestsRecount(q('0.4'), qty(9n), money(0n), t('2.5', null))).toBe(false);
    // 1/3 %: 0.333 % of 300 = 0.999
    expect(suggestsRecount(q(300), qty(999n), money(0n), t('0.333', null))).toBe(true);
    expect(suggestsRecount(q(300), qty(998n), money(0n), t('0.333', null))).toBe(false);
  });

  it('with nothing expected, any difference suggests; no difference never does', () => {
    expect(suggestsRecount(q(0), qty(1n), money(0n), t('50', null))).toBe(true);
    expect(suggestsRecount(q(0), qty(0n), money(0n), t('0.001', '0.0001'))).toBe(false);
  });

  it('by value: |difference value| ≥ value, gains and losses alike', () => {
    const v = t(null, '100');
    expect(suggestsRecount(q(10), qty(-1000n), money(-1_000_000n), v)).toBe(true);
    expect(suggestsRecount(q(10), qty(1000n), money(999_999n), v)).toBe(false);
    expect(suggestsRecount(q(10), qty(1000n), money(1_000_000n), v)).toBe(true);
  });

  it('flags recap lines; a recount that matches clears it', () => {
    const l = line({ expected: '10', unitCost: '2' });
    const threshold = t('10', null);
    const first = registersFrom([event('a', l.key, 'A', '8', 1)]);
    const r1 = buildRecap([l], lineCounts(first.values()), 'keep', { threshold });
    expect(r1.lines[0]).toMatchObject({ suggestRecount: true, round: 0, possibleDoubleCount: false });
    foldEvents(first, [event('b', l.key, 'B', '10', 1, { round: 1 })]);
    const r2 = buildRecap([l], lineCounts(first.values()), 'keep', { threshold });
    expect(r2.lines[0]).toMatchObject({ suggestRecount: false, round: 1, counted: q(10) });
  });

  it('possibleDoubleCount: two devices with a quantity in the deciding round', () => {
    const l = line({ expected: '10' });
    const regs = registersFrom([event('a', l.key, 'A', '5', 1), event('b', l.key, 'B', '5', 1)]);
    expect(buildRecap([l], lineCounts(regs.values()), 'keep').lines[0]?.possibleDoubleCount).toBe(true);
    foldEvents(regs, [event('c', l.key, 'C', '10', 1, { round: 1 })]);
    expect(buildRecap([l], lineCounts(regs.values()), 'keep').lines[0]?.possibleDoubleCount).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import {
  foldEvents,
  lineCounts,
  registersFrom,
  type CountEvent,
  type Register,
  type Registers,
} from '../../src/core/counting';
import { makeLineKey, type LineKey } from '../../src/core/lineKey';
import { formatQty } from '../../src/core/quantity';
import { event, pick, prng, q, shuffled } from './coreTestUtils';

const K1 = makeLineKey({ itemRef: 'REF-1', bin: 'A-01', lot: null, serial: null });
const K2 = makeLineKey({ itemRef: 'REF-2', bin: 'A-01', lot: 'L|1', serial: null });
const K3 = makeLineKey({ itemRef: 'REF-3', bin: 'B/02', lot: null, serial: 'SN 1' });

/** Registers as a plain, order-independent value for comparisons. */
const snapshot = (r: Registers): Register[] =>
  [...r.values()]
    .map((x) => ({ ...x }))
    .sort((a, b) => `${a.deviceId}/${a.lineKey}`.localeCompare(`${b.deviceId}/${b.lineKey}`));

/** What the fold must produce, computed the obvious way: per (line, device), the highest seq. */
function expectedRegisters(events: readonly CountEvent[]): Register[] {
  const best = new Map<string, CountEvent>();
  for (const e of events) {
    const k = `${e.deviceId}/${e.lineKey}`;
    const cur = best.get(k);
    if (!cur || e.seq > cur.seq) best.set(k, e);
  }
  return [...best.values()]
    .map(({ id, ...rest }): Register => ({ ...rest, eventId: id }))
    .sort((a, b) => `${a.deviceId}/${a.lineKey}`.localeCompare(`${b.deviceId}/${b.lineKey}`));
}

/** A device withdrawing its count of a line (the undo of a first count): qty null. */
const withdrawal = (id: string, lineKey: LineKey, deviceId: string, seq: number): CountEvent => ({
  ...event(id, lineKey, deviceId, '0', seq),
  qty: null,
});

/** Line counts computed the obvious way: sum of the non-null winning registers; absent when none. */
function expectedCounts(events: readonly CountEvent[]): Map<LineKey, bigint> {
  const sums = new Map<LineKey, bigint>();
  for (const r of expectedRegisters(events)) {
    if (r.qty !== null) sums.set(r.lineKey, (sums.get(r.lineKey) ?? 0n) + r.qty);
  }
  return sums;
}

/**
 * A realistic history: 3 devices, each with its own increasing seq across 3 lines; with a
 * `withdrawRate`, that share of the events are withdrawals (qty null).
 */
function history(seed: number, perDevice = 25, withdrawRate = 0): CountEvent[] {
  const rand = prng(seed);
  const events: CountEvent[] = [];
  for (const device of ['tablet-1', 'phone-2', 'phone-3']) {
    let seq = 0;
    for (let i = 0; i < perDevice; i++) {
      seq += 1 + Math.floor(rand() * 3); // increasing, with gaps (other inventories)
      const quantity = (Math.floor(rand() * 20_000) / 1000).toFixed(3);
      const e = event(`${device}-${seq}`, pick(rand, [K1, K2, K3]), device, quantity, seq);
      events.push(withdrawRate > 0 && rand() < withdrawRate ? { ...e, qty: null } : e);
    }
  }
  return events;
}

describe('foldEvents: highest seq wins per (line, device)', () => {
  it('gives the same registers for every arrival order', () => {
    const events = history(1);
    const expected = expectedRegisters(events);
    expect(expected.length).toBeGreaterThan(5); // the history really spans several registers
    const rand = prng(123);
    for (let i = 0; i < 300; i++) {
      const regs = registersFrom(shuffled(rand, events));
      expect(snapshot(regs)).toEqual(expected);
    }
  });

  it('gives the same registers when events arrive several times and in batches', () => {
    const events = history(2);
    const expected = expectedRegisters(events);
    const rand = prng(456);
    for (let i = 0; i < 100; i++) {
      const stream = shuffled(
        rand,
        events.flatMap((e) => Array.from({ length: 1 + Math.floor(rand() * 3) }, () => e)),
      );
      const regs: Registers = new Map();
      let at = 0;
      while (at < stream.length) {
        const size = 1 + Math.floor(rand() * 10);
        foldEvents(regs, stream.slice(at, at + size));
        at += size;
      }
      expect(snapshot(regs)).toEqual(expected);
    }
  });

  it('gives the same line counts for every arrival order', () => {
    const events = history(3);
    const reference = lineCounts(registersFrom(events).values());
    const rand = prng(789);
    for (let i = 0; i < 100; i++) {
      expect(lineCounts(registersFrom(shuffled(rand, events)).values())).toEqual(reference);
    }
  });

  it('keeps the register of the highest seq, with its counter, time and event id', () => {
    const regs = registersFrom([
      event('e3', K1, 'dev', '3', 3, { counter: 'alice', at: '2026-01-01T10:03:00.000Z' }),
      event('e1', K1, 'dev', '1', 1, { counter: 'bob', at: '2026-01-01T10:01:00.000Z' }),
      event('e2', K1, 'dev', '2', 2, { counter: 'carol', at: '2026-01-01T10:02:00.000Z' }),
    ]);
    expect([...regs.values()]).toEqual([
      {
        lineKey: K1,
        deviceId: 'dev',
        qty: q(3),
        seq: 3,
        counter: 'alice',
        at: '2026-01-01T10:03:00.000Z',
        round: 0,
        eventId: 'e3',
      },
    ]);
  });

  it('compares seq as numbers, not text (10 beats 9)', () => {
    const regs = registersFrom([event('b', K1, 'dev', '10', 10), event('a', K1, 'dev', '9', 9)]);
    expect([...regs.values()][0]?.qty).toBe(q(10));
  });

  it('breaks a (never expected) seq tie on the event id, the same way in both orders', () => {
    const x = event('id-a', K1, 'dev', '1', 5);
    const y = event('id-b', K1, 'dev', '2', 5);
    expect([...registersFrom([x, y]).values()][0]?.eventId).toBe('id-b');
    expect([...registersFrom([y, x]).values()][0]?.eventId).toBe('id-b');
  });

  it('reports which events changed a register', () => {
    const e1 = event('e1', K1, 'dev', '1', 1);
    const e2 = event('e2', K1, 'dev', '2', 2);
    const inOrder: Registers = new Map();
    expect(foldEvents(inOrder, [e1, e2])).toEqual([e1, e2]);
    const reversed: Registers = new Map();
    expect(foldEvents(reversed, [e2, e1])).toEqual([e2]);
    expect(snapshot(reversed)).toEqual(snapshot(inOrder));
  });
});

describe('foldEvents is idempotent', () => {
  it('folding the same events again changes nothing and reports nothing', () => {
    const events = history(4);
    const regs: Registers = new Map();
    const first = foldEvents(regs, events);
    expect(first.length).toBeGreaterThan(0);
    const before = snapshot(regs);
    expect(foldEvents(regs, events)).toEqual([]);
    expect(foldEvents(regs, shuffled(prng(1), events))).toEqual([]);
    expect(snapshot(regs)).toEqual(before);
  });

  it('the same event twice in one batch counts once', () => {
    const e = event('only', K1, 'dev', '4', 1);
    const regs: Registers = new Map();
    expect(foldEvents(regs, [e, e, e])).toEqual([e]);
    expect(lineCounts(regs.values()).get(K1)?.qty).toBe(q(4));
  });

  it('replaying an old event after a newer one changes nothing', () => {
    const older = event('old', K1, 'dev', '7', 1);
    const newer = event('new', K1, 'dev', '2', 2);
    const regs = registersFrom([older, newer]);
    const before = snapshot(regs);
    expect(foldEvents(regs, [older])).toEqual([]);
    expect(snapshot(regs)).toEqual(before);
    expect(lineCounts(regs.values()).get(K1)?.qty).toBe(q(2));
  });

  it('a late event from an offline phone with a higher seq does win', () => {
    const regs = registersFrom([event('a', K1, 'phone', '1', 1), event('b', K1, 'phone', '2', 2)]);
    const late = event('c', K1, 'phone', '5', 3);
    expect(foldEvents(regs, [late])).toEqual([late]);
    expect(lineCounts(regs.values()).get(K1)?.qty).toBe(q(5));
  });
});

describe('lineCounts: the line count is the sum over devices', () => {
  it('adds two devices counting the same line, never overwrites', () => {
    const regs = registersFrom([
      event('a1', K1, 'tablet', '2.5', 1, { counter: 'alice', at: 't1' }),
      event('b1', K1, 'phone', '1.5', 1, { counter: 'bob', at: 't2' }),
    ]);
    const count = lineCounts(regs.values()).get(K1);
    expect(count?.qty).toBe(q(4));
    expect(count?.devices).toEqual([
      { deviceId: 'phone', counter: 'bob', qty: q(1.5), at: 't2' },
      { deviceId: 'tablet', counter: 'alice', qty: q(2.5), at: 't1' },
    ]);
  });

  it("counts are absolute per device: a device's later event replaces its own earlier one", () => {
    const regs = registersFrom([
      event('a1', K1, 'tablet', '3', 1),
      event('a2', K1, 'tablet', '5', 2),
      event('b1', K1, 'phone', '1', 1),
    ]);
    expect(lineCounts(regs.values()).get(K1)?.qty).toBe(q(6)); // 5 + 1, not 3 + 5 + 1
  });

  it('keeps a device part set back to 0 (the device counted nothing)', () => {
    const regs = registersFrom([event('a1', K1, 'tablet', '3', 1), event('a2', K1, 'tablet', '0', 2)]);
    const count = lineCounts(regs.values()).get(K1);
    expect(count?.qty).toBe(0n);
    expect(count?.devices.map((d) => [d.deviceId, formatQty(d.qty)])).toEqual([['tablet', '0.000']]);
  });

  it('keeps lines apart and lists device parts ordered by device', () => {
    const regs = registersFrom([
      event('z', K1, 'zulu', '1', 1),
      event('a', K1, 'alpha', '0.1', 1),
      event('m', K1, 'mike', '0.2', 1),
      event('a2', K2, 'alpha', '7', 2),
    ]);
    const counts = lineCounts(regs.values());
    expect([...counts.keys()].sort()).toEqual([K1, K2].sort());
    expect(counts.get(K1)?.devices.map((d) => d.deviceId)).toEqual(['alpha', 'mike', 'zulu']);
    expect(formatQty(counts.get(K1)?.qty ?? q(0))).toBe('1.300'); // 1 + 0.1 + 0.2 exactly
    expect(counts.get(K2)?.qty).toBe(q(7));
    expect(counts.has(K3)).toBe(false);
  });

  it('matches an independent sum over the winning events of a long history', () => {
    const events = history(9, 60);
    const counts = lineCounts(registersFrom(events).values());
    expect(new Map([...counts].map(([k, c]) => [k, c.qty as bigint]))).toEqual(expectedCounts(events));
    for (const c of counts.values()) expect(c.devices.reduce((s, d) => s + d.qty, 0n)).toBe(c.qty);
  });

  it('has nothing for no registers', () => {
    expect(lineCounts([]).size).toBe(0);
  });
});

describe("withdrawals: qty null takes back a device's count of a line", () => {
  it('a first count then its withdrawal leaves the line NOT counted (absent), not counted 0', () => {
    const regs = registersFrom([event('c1', K1, 'phone', '4', 1), withdrawal('w2', K1, 'phone', 2)]);
    // The register is still there (the withdrawal won it) but holds no quantity…
    expect([...regs.values()]).toMatchObject([{ lineKey: K1, deviceId: 'phone', qty: null, seq: 2, eventId: 'w2' }]);
    // …so the line is absent from the counts, unlike a count set back to 0.
    expect(lineCounts(regs.values()).has(K1)).toBe(false);
    const zeroed = registersFrom([event('c1', K1, 'phone', '4', 1), event('z2', K1, 'phone', '0', 2)]);
    expect(lineCounts(zeroed.values()).get(K1)?.qty).toBe(0n);
  });

  it('withdraw then recount: the later count wins', () => {
    const regs = registersFrom([
      event('c1', K1, 'phone', '4', 1),
      withdrawal('w2', K1, 'phone', 2),
      event('c3', K1, 'phone', '6', 3),
    ]);
    expect(lineCounts(regs.values()).get(K1)?.qty).toBe(q(6));
  });

  it("two devices, one withdraws: the other's part remains, and only it is listed", () => {
    const regs = registersFrom([
      event('a1', K1, 'tablet', '2', 1, { counter: 'alice', at: 't1' }),
      event('b1', K1, 'phone', '3', 1),
      withdrawal('b2', K1, 'phone', 2),
    ]);
    const count = lineCounts(regs.values()).get(K1);
    expect(count?.qty).toBe(q(2));
    expect(count?.devices).toEqual([{ deviceId: 'tablet', counter: 'alice', qty: q(2), at: 't1' }]);
  });

  it('a withdrawal with the higher seq arriving first is not undone by the older count', () => {
    const regs: Registers = new Map();
    const w = withdrawal('w2', K1, 'phone', 2);
    expect(foldEvents(regs, [w])).toEqual([w]);
    expect(foldEvents(regs, [event('c1', K1, 'phone', '4', 1)])).toEqual([]);
    expect(lineCounts(regs.values()).has(K1)).toBe(false);
    // Folding the withdrawal again changes nothing: idempotent like any event.
    expect(foldEvents(regs, [w, w])).toEqual([]);
  });

  it('a withdrawal of a line the device never counted is harmless', () => {
    const regs = registersFrom([withdrawal('w1', K2, 'phone', 1), event('a1', K1, 'tablet', '1', 1)]);
    expect([...lineCounts(regs.values()).keys()]).toEqual([K1]);
  });

  it('gives the same registers and line counts for every arrival order, with withdrawals', () => {
    const events = history(11, 40, 0.3);
    const expected = expectedRegisters(events);
    // The history really has withdrawals that win a register, and counts that do.
    expect(expected.some((r) => r.qty === null)).toBe(true);
    expect(expected.some((r) => r.qty !== null)).toBe(true);
    const reference = expectedCounts(events);
    const rand = prng(321);
    for (let i = 0; i < 300; i++) {
      const regs = registersFrom(shuffled(rand, [...events, ...events.slice(0, 10)]));
      expect(snapshot(regs)).toEqual(expected);
      const counts = lineCounts(regs.values());
      expect(new Map([...counts].map(([k, c]) => [k, c.qty as bigint]))).toEqual(reference);
      for (const c of counts.values()) {
        expect(c.devices.length).toBeGreaterThan(0);
        expect(c.devices.reduce((s, d) => s + d.qty, 0n)).toBe(c.qty);
      }
    }
  });

  it('a line whose every device withdrew is absent, whatever the arrival order', () => {
    const events = [
      event('a1', K3, 'tablet', '1', 1),
      event('b1', K3, 'phone', '1', 5),
      withdrawal('a2', K3, 'tablet', 2),
      withdrawal('b2', K3, 'phone', 6),
    ];
    const rand = prng(7);
    for (let i = 0; i < 50; i++) {
      expect(lineCounts(registersFrom(shuffled(rand, events)).values()).size).toBe(0);
    }
  });
});

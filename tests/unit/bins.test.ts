/**
 * Bins as a checklist: counted beats empty, the newest check of each device wins in any
 * arrival order, and the list covers the location's bins and the bins only lines have.
 */
import { describe, expect, it } from 'vitest';
import {
  binChecklist,
  binsNotVisited,
  binState,
  emptyElsewhere,
  latestChecks,
  summariseBins,
  tallyBins,
  type BinCheck,
} from '../../src/core/bins';
import { lineCounts, registersFrom } from '../../src/core/counting';
import type { LineKey } from '../../src/core/lineKey';
import { event, line, prng, shuffled } from './coreTestUtils';

const check = (bin: string, deviceId: string, empty: boolean, seq: number, counter = deviceId): BinCheck => ({
  bin,
  deviceId,
  empty,
  seq,
  counter,
  at: `2026-01-05T10:00:${String(seq % 60).padStart(2, '0')}Z`,
});

const A1 = line({ itemRef: 'REF-1', bin: 'A-01' });
const A2 = line({ itemRef: 'REF-2', bin: 'A-01' });
const B1 = line({ itemRef: 'REF-3', bin: 'B-01' });
const X1 = line({ itemRef: 'REF-9', bin: 'Z-99', added: true }); // added during the count, in a bin the location does not list
const LOCATION_BINS = ['C-01', 'A-01', 'B-01'];

describe('binState', () => {
  it('is counted as soon as one line has a count, whatever the checks say', () => {
    expect(binState({ lines: 2, countedLines: 1 }, [])).toBe('counted');
    expect(binState({ lines: 2, countedLines: 1 }, ['Alice'])).toBe('counted');
  });
  it('is empty when confirmed and nothing counted, not visited otherwise', () => {
    expect(binState({ lines: 2, countedLines: 0 }, ['Alice'])).toBe('empty');
    expect(binState({ lines: 0, countedLines: 0 }, ['Alice'])).toBe('empty');
    expect(binState({ lines: 2, countedLines: 0 }, [])).toBe('not_visited');
  });
});

describe('tallyBins', () => {
  it('counts lines and counted lines per bin', () => {
    const t = tallyBins([A1, A2, B1, X1], new Set([A2.key, X1.key]));
    expect(Object.fromEntries(t)).toEqual({
      'A-01': { lines: 2, countedLines: 1 },
      'B-01': { lines: 1, countedLines: 0 },
      'Z-99': { lines: 1, countedLines: 1 },
    });
  });
});

describe('latestChecks: highest seq per (bin, device)', () => {
  it('keeps the newest check of each device whatever the arrival order, and is idempotent', () => {
    const checks = [
      check('A-01', 'd1', true, 1),
      check('A-01', 'd1', false, 4),
      check('A-01', 'd1', true, 2),
      check('A-01', 'd2', true, 3),
      check('B-01', 'd1', true, 5),
    ];
    const expected = [check('A-01', 'd1', false, 4), check('A-01', 'd2', true, 3), check('B-01', 'd1', true, 5)];
    const sorted = (l: readonly BinCheck[]) =>
      [...l].sort((a, b) => (a.bin + a.deviceId).localeCompare(b.bin + b.deviceId));
    const rand = prng(7);
    for (let i = 0; i < 100; i++) {
      const once = latestChecks(shuffled(rand, checks));
      expect(sorted(once)).toEqual(expected);
      expect(sorted(latestChecks([...once, ...checks]))).toEqual(expected);
    }
  });

  it('keeps the first of two checks with the same seq (the same check sent again)', () => {
    const first = check('A-01', 'd1', true, 3);
    expect(latestChecks([first, { ...first, empty: false }])).toEqual([first]);
  });
});

describe('binChecklist', () => {
  it('lists every bin of the location and the bins only lines have, sorted by code', () => {
    const bins = binChecklist(LOCATION_BINS, [X1, B1, A1, A2], new Set<LineKey>(), []);
    expect(bins.map((b) => [b.code, b.state, b.lines, b.countedLines])).toEqual([
      ['A-01', 'not_visited', 2, 0],
      ['B-01', 'not_visited', 1, 0],
      ['C-01', 'not_visited', 0, 0],
      ['Z-99', 'not_visited', 1, 0],
    ]);
    expect(binsNotVisited(bins).map((b) => b.code)).toEqual(['A-01', 'B-01', 'C-01', 'Z-99']);
  });

  it('takes the counted lines from line counts (any device) and the confirmations from checks', () => {
    const registers = registersFrom([event('e1', A2.key, 'phone-1', '0', 1), event('e2', X1.key, 'phone-2', '3', 1)]);
    const checks = [
      check('A-01', 'phone-1', true, 2, 'Alice'), // contradicted by a count: still counted
      check('B-01', 'phone-1', true, 3, 'Alice'),
      check('B-01', 'phone-2', true, 2, 'Bob'),
      check('B-01', 'phone-3', true, 1, 'Alice'), // the same counter on another device: named once
      check('C-01', 'phone-2', true, 3, 'Bob'),
      check('C-01', 'phone-2', false, 4, 'Bob'), // taken back
      check('NOWHERE', 'phone-2', true, 5, 'Bob'), // neither a location bin nor a line bin
    ];
    const bins = binChecklist(LOCATION_BINS, [A1, A2, B1, X1], lineCounts(registers.values()), checks);
    expect(bins).toEqual([
      { code: 'A-01', state: 'counted', lines: 2, countedLines: 1, emptyBy: ['Alice'] },
      { code: 'B-01', state: 'empty', lines: 1, countedLines: 0, emptyBy: ['Alice', 'Bob'] },
      { code: 'C-01', state: 'not_visited', lines: 0, countedLines: 0, emptyBy: [] },
      { code: 'Z-99', state: 'counted', lines: 1, countedLines: 1, emptyBy: [] },
    ]);
    expect(binsNotVisited(bins).map((b) => b.code)).toEqual(['C-01']);
  });

  it('gives the same checklist for every arrival order of the checks', () => {
    const rand = prng(11);
    const checks: BinCheck[] = [];
    for (const device of ['d1', 'd2', 'd3']) {
      let seq = 0;
      for (let i = 0; i < 20; i++) {
        seq += 1 + Math.floor(rand() * 3);
        checks.push(check(LOCATION_BINS[Math.floor(rand() * 3)] as string, device, rand() < 0.6, seq));
      }
    }
    const expected = binChecklist(LOCATION_BINS, [A1], new Set<LineKey>(), checks);
    for (let i = 0; i < 100; i++) {
      expect(binChecklist(LOCATION_BINS, [A1], new Set<LineKey>(), shuffled(rand, checks))).toEqual(expected);
    }
  });

  it('equals summariseBins over the tallies (what the server does with SQL tallies)', () => {
    const lines = [A1, A2, B1, X1];
    const counted = new Set([A1.key]);
    const checks = [check('B-01', 'd1', true, 1)];
    expect(summariseBins(LOCATION_BINS, tallyBins(lines, counted), checks)).toEqual(
      binChecklist(LOCATION_BINS, lines, counted, checks),
    );
  });

  it('names a bin once when the location lists it twice', () => {
    expect(binChecklist(['A-01', 'A-01'], [A1], new Set<LineKey>(), []).map((b) => b.code)).toEqual(['A-01']);
  });
});

describe('emptyElsewhere (the pull’s empty bins, as another phone sees them)', () => {
  const me = 'd-me';
  it('keeps the other devices’ entries, each name once and sorted, and leaves this device’s own out', () => {
    const got = emptyElsewhere(
      [
        { bin: 'A-01', deviceId: 'd2', counter: 'zoe' },
        { bin: 'A-01', deviceId: me, counter: 'moi' },
        { bin: 'A-01', deviceId: 'd3', counter: 'anne' },
        { bin: 'B-01', deviceId: 'd4', counter: 'zoe' },
        { bin: 'B-01', deviceId: 'd5', counter: 'zoe' },
        { bin: 'C-01', deviceId: me, counter: 'moi' },
      ],
      me,
    );
    expect([...got]).toEqual([
      ['A-01', ['anne', 'zoe']],
      ['B-01', ['zoe']],
    ]);
  });

  it('with core’s rule: another device’s "empty" makes an uncounted bin empty, never a counted one', () => {
    const others = emptyElsewhere([{ bin: 'A-01', deviceId: 'd2', counter: 'zoe' }], me);
    expect(binState({ lines: 0, countedLines: 0 }, others.get('A-01') ?? [])).toBe('empty');
    expect(binState({ lines: 2, countedLines: 1 }, others.get('A-01') ?? [])).toBe('counted');
    expect(binState({ lines: 2, countedLines: 0 }, others.get('B-01') ?? [])).toBe('not_visited');
  });
});

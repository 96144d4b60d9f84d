/**
 * What "Confirmer l'inventaire" shows (core/applyPreview.ts), from a recap built by core:
 * the figures are the recap's own totals; a recount suggested counts as not done until a
 * recount round has a count; double counts; lines still to be valued, counted or not.
 */
import { describe, expect, it } from 'vitest';
import { recapToDto } from '../../src/core/api/dto';
import { applyPreview } from '../../src/core/applyPreview';
import { lineCounts, registersFrom } from '../../src/core/counting';
import type { InventoryLine } from '../../src/core/line';
import { formatMoney } from '../../src/core/money';
import { buildRecap, type RecapLine } from '../../src/core/recap';
import { event, line } from './coreTestUtils';

const refs = (lines: readonly { readonly itemRef: string }[]): string[] => lines.map((l) => l.itemRef);

describe('applyPreview', () => {
  const a = line({ itemRef: 'A', bin: 'B-01', expected: '10', unitCost: '2' });
  const b = line({ itemRef: 'B', bin: 'B-01', expected: '10', unitCost: '1' });
  const c = line({ itemRef: 'C', bin: 'B-02', expected: '4', unitCost: '3' });
  const d = line({ itemRef: 'D', bin: 'B-02', expected: '6', unitCost: '1' });
  const fresh: InventoryLine = { ...line({ itemRef: 'NEUF', bin: 'B-03', added: true }), costMissing: true };
  const freshUncounted: InventoryLine = {
    ...line({ itemRef: 'NEUF-2', bin: 'B-04', added: true }),
    costMissing: true,
  };
  const events = [
    // A: 20 for 10 (+10, +20 €), past a 10 % threshold, never recounted.
    event('a', a.key, 'p1', '20', 1),
    // B: 5 for 10 (−5, −5 €), recounted: round 1 says 6 (−4, −4 €), still past the threshold.
    event('b0', b.key, 'p1', '5', 2),
    { ...event('b1', b.key, 'p2', '6', 1), round: 1 },
    // C: two phones counted it, 2 each (4 for 4: no difference).
    event('c1', c.key, 'p1', '2', 3),
    event('c2', c.key, 'p2', '2', 2),
    // NEUF: found on the shelf, 5, no cost.
    event('n', fresh.key, 'p1', '5', 4),
  ];
  const counts = lineCounts(registersFrom(events).values());
  const threshold = { qtyPercent: '10', value: null } as const;

  it('reads the recap: changed lines, gain and loss, the uncounted policy and what to look at first', () => {
    const recap = buildRecap([a, b, c, d, fresh, freshUncounted], counts, 'zero', { threshold });
    const p = applyPreview(recap);
    expect(p.changedLines).toBe(recap.totals.changedLines);
    // A +10, B −4, NEUF +5 (at 0 €), D 6 → 0 (zero policy); C unchanged.
    expect(p.changedLines).toBe(4);
    expect([formatMoney(p.gainValue), formatMoney(p.lossValue)]).toEqual(['20.0000', '-10.0000']);
    expect([p.uncountedLines, p.uncountedPolicy]).toEqual([2, 'zero']);
    // B's suggestion is the recount's own figure: done. A's is not, nor NEUF's (found on
    // the shelf, nothing expected: any difference passes the threshold).
    expect(refs(p.recountsNotDone)).toEqual(['A', 'NEUF']);
    expect(refs(p.doubleCounts)).toEqual(['C']);
    // Counted or not, a line without its cost is listed.
    expect(refs(p.unvalued)).toEqual(['NEUF', 'NEUF-2']);
  });

  it('reads the API recap the same way (the screen has the DTO)', () => {
    const recap = buildRecap([a, b, c, d, fresh, freshUncounted], counts, 'keep', { threshold });
    const fromCore = applyPreview(recap);
    const fromDto = applyPreview(recapToDto(recap));
    expect([fromDto.changedLines, fromDto.gainValue, fromDto.lossValue, fromDto.uncountedLines]).toEqual([
      fromCore.changedLines,
      formatMoney(fromCore.gainValue),
      formatMoney(fromCore.lossValue),
      fromCore.uncountedLines,
    ]);
    expect([refs(fromDto.recountsNotDone), refs(fromDto.doubleCounts), refs(fromDto.unvalued)]).toEqual([
      refs(fromCore.recountsNotDone),
      refs(fromCore.doubleCounts),
      refs(fromCore.unvalued),
    ]);
    expect(fromDto.uncountedPolicy).toBe('keep');
  });

  it('a line valued, or a recap with nothing to look at, lists nothing', () => {
    const valued: readonly RecapLine[] = buildRecap([{ ...fresh, costMissing: false }], counts, 'keep').lines;
    expect(valued.map((l) => l.costMissing)).toEqual([false]);
    const p = applyPreview(buildRecap([a, { ...fresh, costMissing: false }], counts, 'keep'));
    expect([p.recountsNotDone, p.doubleCounts, p.unvalued]).toEqual([[], [], []]);
  });
});

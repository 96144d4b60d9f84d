/**
 * The after export fetches the recap without its uncounted lines (`?uncounted=0`) and
 * rebuilds them from the device's snapshot. Whatever the policy, the rebuilt recap must
 * be the one the server would have sent in full and the stock lines those stockAfter
 * lists from it, or null when the snapshot cannot tell.
 */
import { describe, expect, it } from 'vitest';
import { lineToDto, recapToDto, type LineDto } from '../../src/core/api/dto';
import { lineCounts, registersFrom } from '../../src/core/counting';
import type { UncountedPolicy } from '../../src/core/inventory';
import { buildRecap } from '../../src/core/recap';
import { afterFromSnapshot, recapFromDto } from '../../src/app/export/dto';
import { stockAfter } from '../../src/core/export/stock';
import { event, line, pick, prng, shuffled } from './coreTestUtils';

const rand = prng(7);
const snapshot = Array.from({ length: 120 }, (_, i) =>
  line({
    itemRef: `REF-${i % 37}`,
    bin: `B-${String(i % 9).padStart(2, '0')}`,
    lot: i % 5 === 0 ? `L${i}` : null,
    serial: i % 11 === 0 ? `S${i}` : null,
    expected: String((i * 7) % 23),
    unitCost: `${i % 13}.${(i * 37) % 10000}`,
    unit: i % 4 === 0 ? 'kg' : 'pcs',
  }),
);
const added = line({ itemRef: 'NEW-1', bin: 'B-03', added: true, unitCost: '4.5' });
const countedLines = [...shuffled(rand, snapshot).slice(0, 40), added];
const counts = lineCounts(
  registersFrom(
    countedLines.map((l, i) => event(`e${i}`, l.key, pick(rand, ['d1', 'd2']), l.serial ? '1' : String(i % 17), i + 1)),
  ).values(),
);
const deviceSnapshot: LineDto[] = [...snapshot, added].map(lineToDto);

describe('the after export rebuilds the uncounted lines from its snapshot', () => {
  for (const policy of ['keep', 'zero'] as UncountedPolicy[]) {
    it(`gives the very recap the server sends in full (${policy} policy)`, () => {
      const recap = buildRecap([...snapshot, added], counts, policy);
      const withoutUncounted = recapToDto(recap, { uncounted: 0 });
      expect(withoutUncounted.uncounted).toEqual([]);
      expect(withoutUncounted.totals.uncountedLines).toBe(80);
      // The device's snapshot in its own order (chunks, then added lines), not the recap's.
      const device = shuffled(rand, deviceSnapshot);
      const rebuilt = afterFromSnapshot(recapFromDto(withoutUncounted), device);
      const full = recapFromDto(recapToDto(recap));
      expect(rebuilt?.recap).toEqual(full);
      // The lines stock.csv lists: those stockAfter gives from the full recap.
      expect(rebuilt?.stock).toEqual(stockAfter(device, full));
      // The snapshot's lines in its order, then the added ones: one order on every device.
      expect(rebuilt?.stock.map((l) => l.key)).toEqual([
        ...device.filter((l) => !l.added).map((l) => l.key),
        ...device.filter((l) => l.added).map((l) => l.key),
      ]);
    });
  }

  it('lists a line counted on another device and added there, after the snapshot lines', () => {
    const recap = recapFromDto(recapToDto(buildRecap([...snapshot, added], counts, 'zero')));
    const device = deviceSnapshot.filter((l) => l.key !== added.key);
    const rebuilt = afterFromSnapshot({ ...recap, uncounted: [] }, device);
    expect(rebuilt?.recap).toEqual(recap);
    expect(rebuilt?.stock.at(-1)).toMatchObject({ key: added.key, added: true });
    expect(rebuilt?.stock).toEqual(stockAfter(device, recap));
  });

  it('sends the first N uncounted lines in recap order when asked for N', () => {
    const recap = buildRecap([...snapshot, added], counts, 'keep');
    const full = recapToDto(recap);
    const capped = recapToDto(recap, { uncounted: 25 });
    expect(capped.uncounted).toEqual(full.uncounted.slice(0, 25));
    expect(capped.lines).toEqual(full.lines);
    expect(capped.totals).toEqual(full.totals);
  });

  it('gives up (null) when the snapshot cannot tell, so the export downloads them', () => {
    const recap = recapFromDto(recapToDto(buildRecap([...snapshot, added], counts, 'keep'), { uncounted: 0 }));
    const uncountedKey = snapshot.find((l) => !counts.has(l.key))!.key;
    // A blind snapshot: no expected quantities.
    expect(
      afterFromSnapshot(
        recap,
        deviceSnapshot.map((l) => ({ ...l, expectedQty: null })),
      ),
    ).toBeNull();
    // A line the server has that this device does not (added on another phone).
    expect(
      afterFromSnapshot(
        recap,
        deviceSnapshot.filter((l) => l.key !== uncountedKey),
      ),
    ).toBeNull();
    // An uncounted line added here, in place of one of the server's: same number, other lines.
    const swapped = deviceSnapshot.map((l) =>
      l.key === uncountedKey ? lineToDto(line({ itemRef: 'MINE', added: true })) : l,
    );
    expect(afterFromSnapshot(recap, swapped)).toBeNull();
  });
});

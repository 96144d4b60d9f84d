/**
 * The count list's filter (search text, supplier, bin, counted or not), kept while the
 * inventory is open rather than in the list's own state: "Imprimer" prints exactly what the
 * list shows, and the filter is still there back from the bins or the print sheet.
 */
import { signal } from '@preact/signals';
import { filterLines, NO_FILTER, type LineFilter } from './filter';
import { isCounted } from './counted';
import type { OpenCount } from './open';
import { toRecount } from './recounts';
import { haystackOf } from './searchIndex';

const kept = signal<{ readonly inventoryId: number; readonly filter: LineFilter }>({
  inventoryId: 0,
  filter: NO_FILTER,
});

/** The filter of the inventory's list (none when another inventory's was kept). */
export const filterOf = (inventoryId: number): LineFilter =>
  kept.value.inventoryId === inventoryId ? kept.value.filter : NO_FILTER;

export function setFilterOf(inventoryId: number, filter: LineFilter): void {
  kept.value = { inventoryId, filter };
}

/** The positions of the lines the filter shows, in list order (counted or not: the team's). */
export const visibleLines = (open: OpenCount, filter: LineFilter): number[] =>
  filterLines(
    open.lines,
    () => haystackOf(open),
    filter,
    (k) => isCounted(open, k),
    (l) => toRecount(open, l) !== null,
  );

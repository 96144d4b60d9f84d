/**
 * "Afficher les filtres": supplier, bin, free text on reference / designation / barcode,
 * counted or not. Pure, over the lines in memory; the text index is built once per
 * inventory so a keystroke is a sweep over precomputed lowercase texts (textSearch.ts).
 */
import type { LineDto } from '../../core/api/dto';
import { compareText } from '../i18n/intl';
import type { TextSearch } from './textSearch';

/** `torecount`: lines an open recount asks this device to count (not yet counted in that round). */
export type CountedFilter = 'all' | 'counted' | 'uncounted' | 'torecount';

export interface LineFilter {
  readonly text: string;
  readonly supplier: string;
  readonly bin: string;
  readonly counted: CountedFilter;
}

export const NO_FILTER: LineFilter = { text: '', supplier: '', bin: '', counted: 'all' };

/** Accents and case do not matter: "ecrou" finds "Écrou". */
export const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** What a line is searched on (reference, designation, barcodes, lot, serial), before `fold`. */
export const rawSearchText = (l: LineDto): string =>
  `${l.itemRef}\u0001${l.designation}\u0001${l.barcodes.join('\u0001')}\u0001${l.lot ?? ''}\u0001${l.serial ?? ''}`;

export function filterLines(
  lines: readonly LineDto[],
  /** The lines' search texts (searchIndex.ts), asked for only when the filter has words. */
  haystack: () => TextSearch,
  f: LineFilter,
  isCounted: (key: string) => boolean,
  toRecount: (line: LineDto) => boolean = () => false,
): number[] {
  const words = fold(f.text).split(/\s+/).filter(Boolean);
  // Per line, whether its text holds every word: one sweep per word over the packed texts.
  const hits = words.length ? haystack().lineHits(words) : null;
  const out: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (f.bin && l.bin !== f.bin) continue;
    if (f.supplier && (l.supplier ?? '') !== f.supplier) continue;
    if (f.counted === 'torecount') {
      if (!toRecount(l)) continue;
    } else if (f.counted !== 'all' && isCounted(l.key) !== (f.counted === 'counted')) continue;
    if (hits && hits[i] !== 1) continue;
    out.push(i);
  }
  return out;
}

/**
 * The filters' choices: the lines' suppliers and bins (with the location's empty bins), each
 * once, in French order. One pass over the lines, no array of every line's value: at
 * 250,000 lines, the two copies and the spread of them were most of the panel's opening.
 */
export function filterChoices(
  lines: readonly LineDto[],
  locationBins: readonly string[],
): { readonly suppliers: string[]; readonly bins: string[] } {
  const suppliers = new Set<string>();
  const bins = new Set<string>(locationBins);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.supplier) suppliers.add(l.supplier);
    bins.add(l.bin);
  }
  bins.delete('');
  return { suppliers: [...suppliers].sort(compareText), bins: [...bins].sort(compareText) };
}

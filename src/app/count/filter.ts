/**
 * "Afficher les filtres": supplier, bin, free text on reference / designation / barcode,
 * counted or not. Pure, over the lines in memory; the text index is built once per
 * inventory so a keystroke is one pass over precomputed lowercase strings.
 */
import type { LineDto } from '../../core/api/dto';
import { compareText } from '../i18n/intl';

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

export const searchText = (l: LineDto): string => fold(rawSearchText(l));

export function filterLines(
  lines: readonly LineDto[],
  /** Each line's search text (`searchText`), asked for only when the filter has words. */
  haystack: () => readonly string[],
  f: LineFilter,
  isCounted: (key: string) => boolean,
  toRecount: (line: LineDto) => boolean = () => false,
): number[] {
  const words = fold(f.text).split(/\s+/).filter(Boolean);
  const texts = words.length ? haystack() : [];
  const out: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (f.bin && l.bin !== f.bin) continue;
    if (f.supplier && (l.supplier ?? '') !== f.supplier) continue;
    if (f.counted === 'torecount') {
      if (!toRecount(l)) continue;
    } else if (f.counted !== 'all' && isCounted(l.key) !== (f.counted === 'counted')) continue;
    if (words.length && !containsAll(texts[i]!, words)) continue;
    out.push(i);
  }
  return out;
}

/** A plain loop: this runs once per line per keystroke (250,000 times), no closure per call. */
function containsAll(text: string, words: readonly string[]): boolean {
  for (let w = 0; w < words.length; w++) if (!text.includes(words[w]!)) return false;
  return true;
}

export function distinctSorted(values: Iterable<string | null>): string[] {
  const set = new Set<string>();
  for (const v of values) if (v) set.add(v);
  return [...set].sort(compareText);
}

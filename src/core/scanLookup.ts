/**
 * Which lines of the open inventory a scan names, in O(1) whatever the size of the list:
 * a Map from lookup key (GTIN-14 or upper-cased code, see gs1.ts) to the indexes of the
 * lines carrying it, built once when the inventory opens. Pièces carry their reference
 * as a Code 128, so references are keys too. A GS1 label's lot and serial then narrow the
 * lines of that item down to the one on the shelf.
 */
import type { LineDto } from './api/dto';
import { barcodeKey, lookupKeys, type ScanQuery } from './gs1';
import { packFromDto } from './api/dto';
import { ONE_QTY, type Qty } from './quantity';

export type IndexedLine = Pick<LineDto, 'itemRef' | 'lot' | 'serial' | 'barcodes' | 'packs'>;

interface Entry {
  readonly lines: number[];
  /** How many units one scan of this code is: a carton's barcode counts its pack. */
  readonly pack: Qty;
  /** The code as the catalogue has it (for Ajouter réf., which looks it up as is). */
  readonly code: string;
}

export type ScanMatch =
  | {
      readonly kind: 'lines';
      /** Indexes into the lines the index was built from; one or more. */
      readonly lines: readonly number[];
      readonly pack: Qty;
      readonly query: ScanQuery;
    }
  | {
      readonly kind: 'unknown';
      readonly query: ScanQuery;
      /** Set when the item is known but not with this lot / serial: the reference and its barcode. */
      readonly item: { readonly itemRef: string; readonly barcode: string } | null;
    };

export class CodeIndex {
  private readonly entries = new Map<string, Entry>();

  constructor(lines: readonly IndexedLine[] = []) {
    lines.forEach((l, i) => this.add(l, i));
  }

  get size(): number {
    return this.entries.size;
  }

  /** Registers line `index` under its barcodes and its reference. */
  add(line: IndexedLine, index: number): void {
    const packs = new Map((line.packs ?? []).map((p) => [barcodeKey(p.code), packFromDto(p).qty]));
    for (const code of line.barcodes) {
      const key = barcodeKey(code);
      this.put(key, index, code, packs.get(key) ?? ONE_QTY);
    }
    this.put(barcodeKey(line.itemRef), index, line.itemRef, ONE_QTY);
  }

  private put(key: string, index: number, code: string, pack: Qty): void {
    const entry = this.entries.get(key);
    if (!entry) this.entries.set(key, { lines: [index], pack, code });
    else if (!entry.lines.includes(index)) entry.lines.push(index);
  }

  find(lines: readonly IndexedLine[], query: ScanQuery): ScanMatch {
    const entry = lookupKeys(query.code)
      .map((k) => this.entries.get(k))
      .find((e) => e !== undefined);
    if (!entry) return { kind: 'unknown', query, item: null };
    const narrowed = entry.lines.filter((i) => {
      const l = lines[i]!;
      return (query.lot === null || l.lot === query.lot) && (query.serial === null || l.serial === query.serial);
    });
    if (narrowed.length === 0) {
      const first = lines[entry.lines[0]!]!;
      return { kind: 'unknown', query, item: { itemRef: first.itemRef, barcode: entry.code } };
    }
    return { kind: 'lines', lines: narrowed, pack: entry.pack, query };
  }
}

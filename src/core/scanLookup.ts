/**
 * Which lines of the open inventory a scan names, in O(1) whatever the size of the list:
 * a Map from lookup key (GTIN-14 or upper-cased code, see gs1.ts) to the indexes of the
 * lines carrying it, built once when the inventory opens. Pièces carry their reference
 * as a Code 128, so references are keys too. A GS1 label's lot and serial then narrow the
 * lines of that item down to the one on the shelf.
 */
import type { LineDto, PackDto } from './api/dto';
import { barcodeKey, lookupKeys, type ScanQuery } from './gs1';
import { packFromDto } from './api/dto';
import { ONE_QTY, type Qty } from './quantity';

export type IndexedLine = Pick<LineDto, 'itemRef' | 'lot' | 'serial' | 'barcodes' | 'packs'>;

/** A code on several lines, or one whose scan is a carton: the rest are a bare line index. */
interface Entry {
  /** Replaced by a copy one longer while short: a pushed-to array keeps room for 16 more (~64 bytes). */
  lines: number[];
  /** How many units one scan of this code is: a carton's barcode counts its pack. */
  readonly pack: Qty;
  /** The code as the catalogue has it (for Ajouter réf., which looks it up as is); null: the first line's, read back. */
  readonly code: string | null;
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

/**
 * Most codes name one line and count 1: their entry is that line's index alone, its code read
 * back from the line when asked for. An object and an array per code were 26 MB of a
 * 250,000-line count's page (two codes a line, ~52 bytes each).
 */
type Slot = number | Entry;

export class CodeIndex {
  private readonly entries = new Map<string, Slot>();

  constructor(lines: readonly IndexedLine[] = []) {
    lines.forEach((l, i) => this.add(l, i));
  }

  get size(): number {
    return this.entries.size;
  }

  /** Registers line `index` under its barcodes and its reference. */
  add(line: IndexedLine, index: number): void {
    for (const code of line.barcodes) {
      const key = barcodeKey(code);
      this.put(key, index, code, line.packs?.length ? packOf(line.packs, key) : ONE_QTY);
    }
    this.put(barcodeKey(line.itemRef), index, line.itemRef, ONE_QTY);
  }

  private put(key: string, index: number, code: string, pack: Qty): void {
    const slot = this.entries.get(key);
    if (slot === undefined) this.entries.set(key, pack === ONE_QTY ? index : { lines: [index], pack, code });
    else if (typeof slot === 'number') {
      if (slot !== index) this.entries.set(key, { lines: [slot, index], pack: ONE_QTY, code: null });
    } else if (slot.lines.includes(index)) return;
    else if (slot.lines.length < 16) slot.lines = [...slot.lines, index];
    else slot.lines.push(index);
  }

  find(lines: readonly IndexedLine[], query: ScanQuery): ScanMatch {
    const found = lookupKeys(query.code)
      .map((k): [string, Slot | undefined] => [k, this.entries.get(k)])
      .find(([, e]) => e !== undefined);
    if (!found) return { kind: 'unknown', query, item: null };
    const [key, slot] = found as [string, Slot];
    const entry: Entry = typeof slot === 'number' ? { lines: [slot], pack: ONE_QTY, code: null } : slot;
    const narrowed = entry.lines.filter((i) => {
      const l = lines[i]!;
      return (query.lot === null || l.lot === query.lot) && (query.serial === null || l.serial === query.serial);
    });
    if (narrowed.length === 0) {
      const first = lines[entry.lines[0]!]!;
      return { kind: 'unknown', query, item: { itemRef: first.itemRef, barcode: entry.code ?? codeOf(first, key) } };
    }
    return { kind: 'lines', lines: narrowed, pack: entry.pack, query };
  }
}

/** The line's code under `key`, as the catalogue has it: the first barcode that gave the key, else the reference. */
function codeOf(line: IndexedLine, key: string): string {
  for (const code of line.barcodes) if (barcodeKey(code) === key) return code;
  return line.itemRef;
}

/** A barcode's pack (the last listed for it, as a Map built from the list kept it), or 1. */
function packOf(packs: readonly PackDto[], key: string): Qty {
  let pack: Qty = ONE_QTY;
  for (const p of packs) if (barcodeKey(p.code) === key) pack = packFromDto(p).qty;
  return pack;
}

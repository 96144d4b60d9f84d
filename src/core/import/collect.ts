/**
 * What a whole file says, gathered row by row as it is read: one description per
 * reference (the first value each row gives, every later different value an error at
 * that row), its barcodes and packs, and the checks between rows — the same stock line
 * twice, a serial number in stock twice, a barcode on two items, a location named two
 * ways — and, replacing stock, its stock lines as columns (FileLines). Memory grows with
 * the file's references and lines, not with its cells: a 250,000-line file keeps ~60 MB.
 */
import type { InventoryKind } from '../inventory';
import type { Tracking } from '../line';
import type { Money } from '../money';
import type { Qty } from '../quantity';
import type { ImportField } from './fields';
import type { ImportErrorCode } from './issues';
import type { ImportRow } from './row';
import { stockKey } from './stockKey';

/** A reference as the file describes it; null where no row says. */
export interface FileItem {
  readonly itemRef: string;
  readonly firstRow: number;
  designation: string | null;
  kind: InventoryKind | null;
  unit: string | null;
  decimals: boolean | null;
  unitCost: Money | null;
  supplier: string | null;
  tracking: Tracking | null;
  hasSerial: boolean;
  hasLot: boolean;
}

export interface FileCode {
  readonly code: string;
  readonly itemRef: string;
  /** 1 (as thousandths: 1000n) for a unit barcode, the pack's quantity for a pack. */
  readonly qty: Qty;
  readonly row: number;
}

/**
 * The file's stock lines as columns: a quantity is thousandths in a double (exact: at
 * most 1e12, far below 2^53), a row number an int. One array per field, not an object
 * per line: 250,000 lines are ~25 MB instead of ~80.
 */
export class FileLines {
  /** Each line's key (stockKey), the collector's own string: no second copy. */
  readonly key: string[] = [];
  readonly location: string[] = [];
  readonly itemRef: string[] = [];
  readonly bin: string[] = [];
  readonly lot: string[] = [];
  readonly serial: string[] = [];
  private rowsOf = new Int32Array(1024);
  private qtyOf = new Float64Array(1024);

  get length(): number {
    return this.itemRef.length;
  }

  push(r: {
    key: string;
    location: string;
    itemRef: string;
    bin: string;
    lot: string;
    serial: string;
    qty: Qty;
    row: number;
  }): void {
    const i = this.itemRef.length;
    if (i === this.rowsOf.length) {
      const rows = new Int32Array(i * 2);
      rows.set(this.rowsOf);
      this.rowsOf = rows;
      const q = new Float64Array(i * 2);
      q.set(this.qtyOf);
      this.qtyOf = q;
    }
    this.key.push(r.key);
    this.location.push(r.location);
    this.itemRef.push(r.itemRef);
    this.bin.push(r.bin);
    this.lot.push(r.lot);
    this.serial.push(r.serial);
    this.rowsOf[i] = r.row;
    this.qtyOf[i] = Number(r.qty);
  }

  row(i: number): number {
    return this.rowsOf[i] ?? 0;
  }

  /** Thousandths of a unit. */
  qty(i: number): number {
    return this.qtyOf[i] ?? 0;
  }
}

export interface Finding {
  readonly row: number;
  readonly field: ImportField;
  readonly code: ImportErrorCode;
  readonly message: string;
  /** What the screen's words need: the other row, the values, the item. */
  readonly details: Readonly<Record<string, string | number>>;
}

type Attribute = 'designation' | 'kind' | 'unit' | 'decimals' | 'unitCost' | 'supplier' | 'tracking';
const ATTRIBUTES: readonly Attribute[] = [
  'designation',
  'kind',
  'unit',
  'decimals',
  'unitCost',
  'supplier',
  'tracking',
];
const LABEL: Readonly<Record<Attribute, string>> = {
  designation: 'designation',
  kind: 'kind',
  unit: 'unit',
  decimals: 'decimals',
  unitCost: 'unit cost',
  supplier: 'supplier',
  tracking: 'tracking',
};

const NOTHING: readonly Finding[] = Object.freeze([]);

const show = (v: unknown): string => (typeof v === 'bigint' ? v.toString() : String(v));

export class FileCollector {
  readonly items = new Map<string, FileItem>();
  readonly codes = new Map<string, FileCode>();
  readonly locationNames = new Map<string, { name: string; row: number }>();
  /** Per reference, the row each attribute came from when a later row than its first gave it. */
  private readonly laterRows = new Map<string, Partial<Record<Attribute, number>>>();
  /** Replacing stock: the file's stock lines, and their locations. */
  readonly stockLines = new FileLines();
  readonly locations = new Set<string>();
  private readonly lines = new Map<string, number>();
  private readonly serials = new Map<string, number>();
  /** Bins, locations and lots, each kept once (a file names a few thousand, on 250,000 lines). */
  private readonly names = new Map<string, string>();

  /** `stock`: the rows are stock lines (replacing stock), not only catalogue. */
  constructor(private readonly stock: boolean) {}

  /** Takes one row in; returns what it contradicts in the rows before it. */
  add(r: ImportRow): readonly Finding[] {
    // Most rows contradict nothing: no array for them.
    let found: Finding[] | null = null;
    const item = this.items.get(r.itemRef);
    if (!item) {
      this.items.set(r.itemRef, {
        itemRef: r.itemRef,
        firstRow: r.row,
        designation: r.designation,
        kind: r.kind,
        unit: r.unit,
        decimals: r.decimals,
        unitCost: r.unitCost,
        supplier: r.supplier,
        tracking: r.tracking,
        hasSerial: r.serial !== null,
        hasLot: r.lot !== null,
      });
    } else {
      for (const a of ATTRIBUTES) {
        const v = r[a];
        if (v === null) continue;
        const had = item[a];
        if (had === null) {
          (item as Record<Attribute, unknown>)[a] = v;
          // Where a value first came from, when not from the item's first row.
          let rows = this.laterRows.get(r.itemRef);
          if (!rows) this.laterRows.set(r.itemRef, (rows = {}));
          rows[a] = r.row;
        } else if (had !== v) {
          const first = this.laterRows.get(r.itemRef)?.[a] ?? item.firstRow;
          (found ??= []).push({
            row: r.row,
            field: a,
            code: 'conflicting_item',
            message: `${LABEL[a]} of ${r.itemRef} is "${show(v)}" here and "${show(had)}" on row ${first}`,
            details: { item: r.itemRef, field: a, value: show(v), other: show(had), first },
          });
        }
      }
      item.hasSerial ||= r.serial !== null;
      item.hasLot ||= r.lot !== null;
    }
    for (const code of r.barcodes) {
      const f = this.addCode(code, r.itemRef, 1000n as Qty, r.row);
      if (f) (found ??= []).push(f);
    }
    if (r.pack) {
      const f = this.addCode(r.pack.code, r.itemRef, r.pack.qty, r.row);
      if (f) (found ??= []).push(f);
    }
    if (r.location !== null && r.locationName !== null) {
      const named = this.locationNames.get(r.location);
      if (!named) this.locationNames.set(r.location, { name: r.locationName, row: r.row });
      else if (named.name !== r.locationName) {
        (found ??= []).push({
          row: r.row,
          field: 'locationName',
          code: 'conflicting_item',
          message: `location ${r.location} is named "${r.locationName}" here and "${named.name}" on row ${named.row}`,
          details: {
            item: r.location,
            field: 'locationName',
            value: r.locationName,
            other: named.name,
            first: named.row,
          },
        });
      }
    }
    if (this.stock) {
      const key = stockKey(r.location ?? '', r.itemRef, r.bin, r.lot ?? '', r.serial ?? '');
      const first = this.lines.get(key);
      if (first !== undefined) {
        (found ??= []).push({
          row: r.row,
          field: 'itemRef',
          code: 'duplicate_line',
          message: `the same stock line as row ${first} (${r.itemRef}, bin ${r.bin}${r.lot ? `, lot ${r.lot}` : ''}${r.serial ? `, serial ${r.serial}` : ''})`,
          details: { item: r.itemRef, first },
        });
      } else {
        this.lines.set(key, r.row);
        this.locations.add(r.location ?? '');
        // One string per reference, bin, location and lot, however many lines name it.
        this.stockLines.push({
          key,
          location: this.shared(r.location ?? ''),
          itemRef: item?.itemRef ?? r.itemRef,
          bin: this.shared(r.bin),
          lot: this.shared(r.lot ?? ''),
          serial: r.serial ?? '',
          qty: r.qty ?? (0n as Qty),
          row: r.row,
        });
      }
      if (r.serial !== null && r.qty !== null && r.qty > 0n) {
        const skey = `${r.itemRef}\u0000${r.serial}`;
        const had = this.serials.get(skey);
        if (had !== undefined && had !== r.row) {
          (found ??= []).push({
            row: r.row,
            field: 'serial',
            code: 'serial_twice',
            message: `serial number ${r.serial} of ${r.itemRef} is in stock on two lines (rows ${had} and ${r.row})`,
            details: { item: r.itemRef, value: r.serial, first: had },
          });
        } else this.serials.set(skey, r.row);
      }
    }
    return found ?? NOTHING;
  }

  private shared(text: string): string {
    const had = this.names.get(text);
    if (had !== undefined) return had;
    this.names.set(text, text);
    return text;
  }

  /** Whether the file has this stock line (a stockKey). */
  hasLine(key: string): boolean {
    return this.lines.has(key);
  }

  private addCode(code: string, itemRef: string, qty: Qty, row: number): Finding | null {
    const had = this.codes.get(code);
    if (!had) {
      this.codes.set(code, { code, itemRef, qty, row });
      return null;
    }
    if (had.itemRef === itemRef && had.qty === qty) return null;
    return {
      row,
      field: 'barcode',
      code: 'barcode_two_items',
      details: { value: code, item: itemRef, other: had.itemRef, first: had.row },
      message:
        had.itemRef === itemRef
          ? `barcode ${code} of ${itemRef} is given two pack quantities (row ${had.row} and here)`
          : `barcode ${code} is given to ${had.itemRef} on row ${had.row} and to ${itemRef} here`,
    };
  }
}

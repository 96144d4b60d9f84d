/**
 * One row of a stock file, read through the mapping into what it says (ImportRow), or into
 * the reasons it cannot be read, each naming its column. What one row cannot know — a
 * reference given twice, a barcode on two items, a decimal quantity of an item whose unit
 * is given on another row or only in the catalogue — is checked once every row is staged
 * (server/import/checks.ts).
 */
import { hasValidCheckDigit } from '../gs1';
import type { InventoryKind } from '../inventory';
import type { Pack, Tracking } from '../line';
import { parseMoney, type Money } from '../money';
import { parseQty, qty, type Qty } from '../quantity';
import {
  excelNumber,
  readBoolean,
  readKind,
  readNumber,
  readText,
  readTracking,
  splitBarcodes,
  splitProduct,
  type CellResult,
  type DecimalMark,
  ownText,
} from './cells';
import { CODE_FIELDS, MAX_LENGTH, type ImportField } from './fields';
import type { ImportErrorCode, ImportIssue, ImportWarningCode } from './issues';
import type { Mapping } from './mapping';

/** A cell as a file holds it: text (CSV, or a text cell), a number cell, or a spreadsheet error (#N/A). */
export type Cell = string | { readonly number: string } | { readonly error: string };

export interface ImportRow {
  readonly row: number;
  readonly location: string | null;
  readonly locationName: string | null;
  readonly itemRef: string;
  readonly designation: string | null;
  readonly kind: InventoryKind | null;
  readonly unit: string | null;
  readonly decimals: boolean | null;
  readonly unitCost: Money | null;
  readonly supplier: string | null;
  readonly tracking: Tracking | null;
  readonly barcodes: readonly string[];
  readonly pack: Pack | null;
  readonly bin: string;
  readonly lot: string | null;
  readonly serial: string | null;
  readonly qty: Qty | null;
}

export interface RowContext {
  readonly mapping: Mapping;
  readonly decimal: DecimalMark;
  /** The location of rows whose file names none. */
  readonly defaultLocation: string | null;
  /** The bin of rows whose file names none (many ERPs know warehouses, not bins). */
  readonly defaultBin: string;
  /** Replacing stock: an empty quantity is an error (0 or a forgotten cell? the file must say). */
  readonly requireQty: boolean;
}

export interface ReadRow {
  /** Usually one; several when one cell lists several serial numbers (ERPNext does). */
  readonly rows: readonly ImportRow[];
  readonly issues: readonly ImportIssue<ImportErrorCode | ImportWarningCode>[];
}

type Issue = ImportIssue<ImportErrorCode | ImportWarningCode>;

const MONEY_SCALE_DIGITS = 4;
/** Most rows have no issue: they share this empty list (never pushed to). */
const NONE: Issue[] = [];

/** A row read one-off (tests, the odd caller); a whole file uses one RowReader. */
export const readRow = (row: number, cells: readonly Cell[], ctx: RowContext): ReadRow =>
  new RowReader(ctx).read(row, cells);

/**
 * Reads the rows of one file: the columns of each field are found once, and reading a
 * row makes no closure and no object it does not return (250,000 rows: the garbage of
 * per-row helpers cost more than the reading).
 */
export class RowReader {
  private readonly col: Readonly<Partial<Record<ImportField, number>>>;
  private readonly barcodeColumns: readonly number[];
  private cells: readonly Cell[] = [];
  private row = 0;
  private issues: Issue[] = NONE;

  constructor(private readonly ctx: RowContext) {
    const col: Partial<Record<ImportField, number>> = {};
    const barcodes: number[] = [];
    for (const m of ctx.mapping) {
      if (m.field === null) continue;
      if (m.field === 'barcode') barcodes.push(m.column);
      col[m.field] ??= m.column;
    }
    this.col = col;
    this.barcodeColumns = barcodes;
  }

  read(row: number, cells: readonly Cell[]): ReadRow {
    this.row = row;
    this.cells = cells;
    this.issues = NONE;
    const ctx = this.ctx;
    const col = this.col;

    // The reference, or Odoo's "[REF] Name".
    const refText = this.text('itemRef');
    const product = refText === null ? null : splitProduct(refText);
    const itemRef = product?.ref ?? null;
    if (itemRef === null && !this.hasIssueAt(col.itemRef))
      this.issue(col.itemRef ?? null, 'required', 'the item reference is empty');
    const designation = this.text('designation') ?? product?.name ?? null;

    const qtyText = this.decimalText('qty');
    const quantity = qtyText === null ? null : this.quantity(qtyText, col.qty as number);
    if (ctx.requireQty && qtyText === null && col.qty !== undefined && !this.hasIssueAt(col.qty)) {
      this.issue(col.qty, 'required', 'the quantity is empty (write 0 for none)');
    }
    const costText = this.decimalText('unitCost');
    const unitCost = costText === null ? null : this.cost(costText, col.unitCost as number);

    const kindText = this.rawText('kind');
    const kind = kindText === null ? null : this.take(col.kind as number, readKind(kindText));
    const trackingText = this.rawText('tracking');
    const tracking = trackingText === null ? null : this.take(col.tracking as number, readTracking(trackingText));
    const decimalsText = this.rawText('decimals');
    const decimals = decimalsText === null ? null : this.take(col.decimals as number, readBoolean(decimalsText));

    const barcodes: string[] = [];
    for (const column of this.barcodeColumns) {
      const c = cells[column] ?? '';
      let cellText: string | null;
      if (typeof c === 'string') cellText = c;
      else if ('error' in c) {
        this.issue(column, 'error_cell', `the cell holds the spreadsheet error ${c.error}`);
        continue;
      } else cellText = this.take(column, excelNumber(c.number));
      if (!cellText) continue;
      for (const code of cellText.includes('|') || cellText.includes(',') ? splitBarcodes(cellText) : [cellText]) {
        const b = this.barcode(code, column);
        if (b !== null && !barcodes.includes(b)) barcodes.push(b);
      }
    }
    const packText = this.rawText('packBarcode');
    const packCode = packText === null ? null : this.barcode(packText, col.packBarcode as number);
    const packQtyText = this.decimalText('packQty');
    let pack: Pack | null = null;
    if (packCode !== null) {
      const q = packQtyText === null ? null : parseQty(packQtyText, 'pack quantity');
      if (!q || !q.ok || q.value <= 0n) {
        this.issue(
          col.packQty ?? col.packBarcode ?? null,
          'pack_qty_required',
          `pack barcode ${packCode} needs a pack quantity above 0`,
        );
      } else {
        pack = { code: packCode, qty: q.value };
      }
    }

    const location = this.text('location') ?? ctx.defaultLocation;
    if (location === null && col.location !== undefined) {
      this.issue(col.location, 'location_required', 'the location is empty and the import names none');
    }
    const locationName = this.text('locationName');
    const supplier = this.text('supplier');
    const unit = this.text('unit');
    const bin = this.text('bin') ?? ctx.defaultBin;
    const lot = this.text('lot');
    const serials = this.serials();

    const issues = this.issues;
    if (itemRef === null || issues.some((i) => isError(i.code))) return { rows: [], issues: this.issues };

    if (serials.length <= 1) {
      const serial = serials[0] ?? null;
      if (serial !== null && quantity !== null && quantity !== 0n && quantity !== 1000n) {
        this.issue(col.qty ?? null, 'serial_quantity', `serial number ${serial} can only be in stock 0 or 1 times`);
        return { rows: [], issues: this.issues };
      }
      // One object, built whole (not spread from a base): this runs for every row of the file.
      const one: ImportRow = {
        row,
        location,
        locationName,
        itemRef,
        designation,
        kind,
        unit,
        decimals,
        unitCost,
        supplier,
        tracking,
        barcodes,
        pack,
        bin,
        lot,
        serial,
        qty: quantity,
      };
      return { rows: [one], issues };
    }
    // "SN1, SN2, SN3" with a quantity of 3: three lines of one each.
    if (quantity !== null && quantity !== qty(BigInt(serials.length) * 1000n)) {
      this.issue(
        col.qty ?? null,
        'serial_quantity',
        `${serials.length} serial numbers listed for a quantity other than ${serials.length}`,
      );
      return { rows: [], issues: this.issues };
    }
    const base = {
      row,
      location,
      locationName,
      itemRef,
      designation,
      kind,
      unit,
      decimals,
      unitCost,
      supplier,
      tracking,
      barcodes,
      pack,
      bin,
      lot,
    };
    return { rows: serials.map((serial) => ({ ...base, serial, qty: qty(1000n) })), issues };
  }

  private issue(column: number | null, code: ImportErrorCode | ImportWarningCode, message: string): void {
    if (this.issues === NONE) this.issues = [];
    const cell = column === null ? undefined : this.cells[column];
    const value =
      cell === undefined ? '' : typeof cell === 'string' ? cell : 'number' in cell ? cell.number : cell.error;
    this.issues.push({
      row: this.row,
      column,
      header: column === null ? null : (this.ctx.mapping[column]?.header ?? null),
      code,
      message,
      ...(value.trim() ? { details: { value: value.length > 60 ? `${value.slice(0, 60)}…` : value } } : {}),
    });
  }

  private hasIssueAt(column: number | undefined): boolean {
    return column !== undefined && this.issues.some((i) => i.column === column);
  }

  private take<T>(column: number, r: CellResult<T>): T | null {
    if (r.ok) return r.value;
    this.issue(column, r.error.code, r.error.message);
    return null;
  }

  /** The cell of a field as text: a number cell becomes its digits (a barcode saved as a number). */
  private rawText(field: ImportField): string | null {
    const column = this.col[field];
    if (column === undefined) return null;
    const c = this.cells[column] ?? '';
    if (typeof c === 'string') return c;
    if ('error' in c) {
      this.issue(column, 'error_cell', `the cell holds the spreadsheet error ${c.error}`);
      return '';
    }
    return c.number;
  }

  private text(field: ImportField): string | null {
    const raw = this.rawText(field);
    if (raw === null) return null;
    const text = this.take(this.col[field] as number, readText(raw, MAX_LENGTH[field] ?? 200, CODE_FIELDS.has(field)));
    return text === null ? null : ownText(text);
  }

  /** A numeric field as canonical decimal text; a text cell is read with the file's decimal mark. */
  private decimalText(field: ImportField): string | null {
    const column = this.col[field];
    if (column === undefined) return null;
    const c = this.cells[column] ?? '';
    if (typeof c !== 'string' && 'error' in c) {
      this.issue(column, 'error_cell', `the cell holds the spreadsheet error ${c.error}`);
      return null;
    }
    return this.take(column, typeof c === 'string' ? readNumber(c, this.ctx.decimal) : excelNumber(c.number));
  }

  private quantity(text: string, column: number): Qty | null {
    const q = parseQty(text);
    if (q.ok) return q.value;
    const problem = q.error.details?.problem;
    this.issue(
      column,
      problem === 'negative'
        ? 'negative_quantity'
        : problem === 'too_many_decimals'
          ? 'too_many_decimals'
          : 'too_large',
      problem === 'negative' ? `stock cannot be negative (${text})` : q.error.message,
    );
    return null;
  }

  /** ERP costs often carry more decimals than money here (ERPNext keeps 9): rounded, and said so. */
  private cost(text: string, column: number): Money | null {
    if (text.startsWith('-') && /[1-9]/.test(text)) {
      this.issue(column, 'negative_quantity', `a unit cost cannot be negative (${text})`);
      return null;
    }
    const [whole = '', frac = ''] = text.replace(/^-/, '').split('.');
    let exact = text;
    if (frac.replace(/0+$/, '').length > MONEY_SCALE_DIGITS) {
      const scaled =
        BigInt(whole + frac.slice(0, MONEY_SCALE_DIGITS)) + (Number(frac[MONEY_SCALE_DIGITS]) >= 5 ? 1n : 0n);
      exact = `${scaled / 10_000n}.${String(scaled % 10_000n).padStart(4, '0')}`;
      this.issue(column, 'cost_rounded', `unit cost ${text} rounded to ${exact}`);
    }
    const m = parseMoney(exact);
    if (m.ok) return m.value;
    this.issue(column, 'too_large', m.error.message);
    return null;
  }

  private barcode(code: string, column: number): string | null {
    if (/^\d+(?:[.,]\d+)?e\+?\d+$/i.test(code.trim())) {
      this.issue(
        column,
        'scientific_number',
        `barcode "${code}" was turned into a number by a spreadsheet and lost its digits: format the column as text`,
      );
      return null;
    }
    const r = readText(code, 64, true);
    if (!r.ok) {
      this.issue(column, r.error.code, `barcode ${r.error.message}`);
      return null;
    }
    const b = r.value;
    if (
      b !== null &&
      (b.length === 8 || b.length >= 12) &&
      b.length <= 14 &&
      /^\d+$/.test(b) &&
      !hasValidCheckDigit(b)
    ) {
      this.issue(column, 'check_digit', `barcode ${b} has a wrong check digit (a digit lost or mistyped?)`);
    }
    return b === null ? null : ownText(b);
  }

  private serials(): string[] {
    const raw = this.rawText('serial');
    if (raw === null || raw === '') return [];
    const column = this.col.serial as number;
    const parts = /[\r\n,]/.test(raw) ? raw.split(/[\r\n,]+/) : [raw];
    const serials: string[] = [];
    for (const p of parts) {
      const r = readText(p, 64, true);
      if (!r.ok) this.issue(column, r.error.code, `serial ${r.error.message}`);
      else if (r.value !== null && serials.includes(r.value))
        this.issue(column, 'duplicate_line', `serial ${r.value} is listed twice`);
      else if (r.value !== null) serials.push(ownText(r.value));
    }
    return serials;
  }
}

export const isError = (code: ImportErrorCode | ImportWarningCode): code is ImportErrorCode =>
  code !== 'cost_rounded' && code !== 'designation_missing' && code !== 'check_digit';

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

export function readRow(row: number, cells: readonly Cell[], ctx: RowContext): ReadRow {
  const issues: Issue[] = [];
  const columnOf = new Map<ImportField, number[]>();
  for (const m of ctx.mapping) {
    if (m.field !== null) columnOf.set(m.field, [...(columnOf.get(m.field) ?? []), m.column]);
  }
  const issue = (column: number | null, code: ImportErrorCode | ImportWarningCode, message: string): void => {
    issues.push({ row, column, header: column === null ? null : (ctx.mapping[column]?.header ?? null), code, message });
  };
  const cellAt = (column: number): Cell => cells[column] ?? '';
  /** The cell of a field as text: a number cell becomes its digits (a barcode saved as a number). */
  const rawText = (field: ImportField): { column: number; text: string } | null => {
    const column = columnOf.get(field)?.[0];
    if (column === undefined) return null;
    const c = cellAt(column);
    if (typeof c === 'string') return { column, text: c };
    if ('error' in c) {
      issue(column, 'error_cell', `the cell holds the spreadsheet error ${c.error}`);
      return { column, text: '' };
    }
    return { column, text: c.number };
  };
  const text = (field: ImportField): string | null => {
    const raw = rawText(field);
    if (!raw) return null;
    return take(raw.column, readText(raw.text, MAX_LENGTH[field] ?? 200, CODE_FIELDS.has(field)));
  };
  const take = <T>(column: number, r: CellResult<T>): T | null => {
    if (r.ok) return r.value;
    issue(column, r.error.code, r.error.message);
    return null;
  };
  /** A numeric field as canonical decimal text; a text cell is read with the file's decimal mark. */
  const decimalText = (field: ImportField): { column: number; value: string } | null => {
    const column = columnOf.get(field)?.[0];
    if (column === undefined) return null;
    const c = cellAt(column);
    if (typeof c !== 'string' && 'error' in c) {
      issue(column, 'error_cell', `the cell holds the spreadsheet error ${c.error}`);
      return null;
    }
    const value = take(column, typeof c === 'string' ? readNumber(c, ctx.decimal) : excelNumber(c.number));
    return value === null ? null : { column, value };
  };

  // The reference, or Odoo's "[REF] Name".
  const refText = text('itemRef');
  const product = refText === null ? null : splitProduct(refText);
  const itemRef = product?.ref ?? null;
  if (itemRef === null && !issues.some((i) => i.column === columnOf.get('itemRef')?.[0])) {
    issue(columnOf.get('itemRef')?.[0] ?? null, 'required', 'the item reference is empty');
  }
  const designation = text('designation') ?? product?.name ?? null;

  const qtyCell = decimalText('qty');
  const quantity = readQuantity(qtyCell, issue);
  if (
    ctx.requireQty &&
    qtyCell === null &&
    columnOf.has('qty') &&
    !issues.some((i) => i.column === columnOf.get('qty')?.[0])
  ) {
    issue(columnOf.get('qty')?.[0] ?? null, 'required', 'the quantity is empty (write 0 for none)');
  }
  const unitCost = readCost(decimalText('unitCost'), issue);

  const kindRaw = rawText('kind');
  const kind = kindRaw ? take(kindRaw.column, readKind(kindRaw.text)) : null;
  const trackingRaw = rawText('tracking');
  const tracking = trackingRaw ? take(trackingRaw.column, readTracking(trackingRaw.text)) : null;
  const decimalsRaw = rawText('decimals');
  const decimals = decimalsRaw ? take(decimalsRaw.column, readBoolean(decimalsRaw.text)) : null;

  const barcodes: string[] = [];
  for (const column of columnOf.get('barcode') ?? []) {
    const c = cellAt(column);
    if (typeof c !== 'string' && 'error' in c) {
      issue(column, 'error_cell', `the cell holds the spreadsheet error ${c.error}`);
      continue;
    }
    const cellText = typeof c === 'string' ? c : take(column, excelNumber(c.number));
    for (const code of splitBarcodes(cellText ?? '')) {
      const b = readBarcode(code, column, issue);
      if (b !== null && !barcodes.includes(b)) barcodes.push(b);
    }
  }
  const packCode = (() => {
    const raw = rawText('packBarcode');
    return raw ? readBarcode(raw.text, raw.column, issue) : null;
  })();
  const packQtyText = decimalText('packQty');
  let pack: Pack | null = null;
  if (packCode !== null) {
    const q = packQtyText ? parseQty(packQtyText.value, 'pack quantity') : null;
    if (!q || !q.ok || q.value <= 0n) {
      issue(
        packQtyText?.column ?? columnOf.get('packBarcode')?.[0] ?? null,
        'pack_qty_required',
        `pack barcode ${packCode} needs a pack quantity above 0`,
      );
    } else {
      pack = { code: packCode, qty: q.value };
    }
  }

  const location = text('location') ?? ctx.defaultLocation;
  if (location === null && columnOf.has('location')) {
    issue(
      columnOf.get('location')?.[0] ?? null,
      'location_required',
      'the location is empty and the import names none',
    );
  }
  const locationName = text('locationName');
  const supplier = text('supplier');
  const unit = text('unit');
  const bin = text('bin') ?? ctx.defaultBin;
  const lot = text('lot');
  const serials = readSerials(rawText('serial'), issue);

  if (issues.some((i) => isError(i.code)) || itemRef === null) return { rows: [], issues };

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
  if (serials.length <= 1) {
    const serial = serials[0] ?? null;
    if (serial !== null && quantity !== null && quantity !== 0n && quantity !== 1000n) {
      issue(
        columnOf.get('qty')?.[0] ?? null,
        'serial_quantity',
        `serial number ${serial} can only be in stock 0 or 1 times`,
      );
      return { rows: [], issues };
    }
    return { rows: [{ ...base, serial, qty: quantity }], issues };
  }
  // "SN1, SN2, SN3" with a quantity of 3: three lines of one each.
  if (quantity !== null && quantity !== qty(BigInt(serials.length) * 1000n)) {
    issue(
      columnOf.get('qty')?.[0] ?? null,
      'serial_quantity',
      `${serials.length} serial numbers listed for a quantity other than ${serials.length}`,
    );
    return { rows: [], issues };
  }
  return { rows: serials.map((serial) => ({ ...base, serial, qty: qty(1000n) })), issues };
}

export const isError = (code: ImportErrorCode | ImportWarningCode): code is ImportErrorCode =>
  code !== 'cost_rounded' && code !== 'designation_missing' && code !== 'check_digit';

type AddIssue = (column: number | null, code: ImportErrorCode | ImportWarningCode, message: string) => void;

function readQuantity(cell: { column: number; value: string } | null, issue: AddIssue): Qty | null {
  if (!cell) return null;
  const q = parseQty(cell.value);
  if (q.ok) return q.value;
  const problem = q.error.details?.problem;
  issue(
    cell.column,
    problem === 'negative' ? 'negative_quantity' : problem === 'too_many_decimals' ? 'too_many_decimals' : 'too_large',
    problem === 'negative' ? `stock cannot be negative (${cell.value})` : q.error.message,
  );
  return null;
}

/** ERP costs often carry more decimals than money here (ERPNext keeps 9): rounded, and said so. */
function readCost(cell: { column: number; value: string } | null, issue: AddIssue): Money | null {
  if (!cell) return null;
  const [whole = '', frac = ''] = cell.value.replace(/^-/, '').split('.');
  if (cell.value.startsWith('-') && /[1-9]/.test(cell.value)) {
    issue(cell.column, 'negative_quantity', `a unit cost cannot be negative (${cell.value})`);
    return null;
  }
  let text = cell.value;
  if (frac.replace(/0+$/, '').length > MONEY_SCALE_DIGITS) {
    const scaled =
      BigInt(whole + frac.slice(0, MONEY_SCALE_DIGITS)) + (Number(frac[MONEY_SCALE_DIGITS]) >= 5 ? 1n : 0n);
    text = `${scaled / 10_000n}.${String(scaled % 10_000n).padStart(4, '0')}`;
    issue(cell.column, 'cost_rounded', `unit cost ${cell.value} rounded to ${text}`);
  }
  const m = parseMoney(text);
  if (m.ok) return m.value;
  issue(cell.column, 'too_large', m.error.message);
  return null;
}

function readBarcode(code: string, column: number, issue: AddIssue): string | null {
  if (/^\d+(?:[.,]\d+)?e\+?\d+$/i.test(code.trim())) {
    issue(
      column,
      'scientific_number',
      `barcode "${code}" was turned into a number by a spreadsheet and lost its digits: format the column as text`,
    );
    return null;
  }
  const r = readText(code, 64, true);
  if (!r.ok) {
    issue(column, r.error.code, `barcode ${r.error.message}`);
    return null;
  }
  const b = r.value;
  if (b !== null && /^\d+$/.test(b) && [8, 12, 13, 14].includes(b.length) && !hasValidCheckDigit(b)) {
    issue(column, 'check_digit', `barcode ${b} has a wrong check digit (a digit lost or mistyped?)`);
  }
  return b;
}

function readSerials(raw: { column: number; text: string } | null, issue: AddIssue): string[] {
  if (!raw) return [];
  const parts = raw.text
    .split(/[\r\n,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const serials: string[] = [];
  for (const p of parts) {
    const r = readText(p, 64, true);
    if (!r.ok) issue(raw.column, r.error.code, `serial ${r.error.message}`);
    else if (r.value !== null && serials.includes(r.value))
      issue(raw.column, 'duplicate_line', `serial ${r.value} is listed twice`);
    else if (r.value !== null) serials.push(r.value);
  }
  return serials;
}

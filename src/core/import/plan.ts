/**
 * What importing a file will do, from what the file says (FileCollector) and what the
 * database holds of the same references, barcodes and locations (CatalogueState): every
 * reference as it will be (the file's word, else the catalogue's, else the defaults),
 * the checks that need the catalogue, the figures a preview shows, and the writes the
 * import makes. Pure, so the preview and the import (which plans again inside its
 * transaction, on the catalogue as it is then) cannot disagree.
 */
import type { InventoryKind } from '../inventory';
import { unitAllowsDecimals, type Tracking } from '../line';
import { formatMoney, money, ValueTotal, type Money } from '../money';
import type { Qty } from '../quantity';
import type { FileCollector, Finding } from './collect';
import type { ImportMode } from './fields';
import type { ImportCounts, ImportLocation } from './preview';
import { stockKeyParts } from './stockKey';

export interface CatalogueItem {
  readonly designation: string;
  readonly kind: InventoryKind;
  readonly unit: string;
  readonly decimals: boolean;
  readonly unitCost: Money;
  readonly supplier: string | null;
  readonly tracking: Tracking;
}

export interface CatalogueState {
  /** The file's references that the catalogue has. */
  readonly items: ReadonlyMap<string, CatalogueItem>;
  /** Every reference of the catalogue, counted. */
  readonly itemCount: number;
  /** The file's barcodes that the catalogue has. */
  readonly codes: ReadonlyMap<string, { readonly itemRef: string; readonly qty: Qty }>;
  /** The file's locations that exist. */
  readonly locations: ReadonlyMap<
    string,
    { readonly id: number; readonly name: string; readonly frozenBy: ImportLocation['frozenBy'] }
  >;
  /** Stock of those locations: `stockKey` → quantity (thousandths) and the item's unit cost. */
  readonly stock: ReadonlyMap<string, { readonly qty: number; readonly unitCost: Money }>;
}

/** A reference as the import leaves it. */
export interface PlannedItem extends CatalogueItem {
  readonly itemRef: string;
}

export interface ZeroedLine {
  readonly location: string;
  readonly itemRef: string;
  readonly bin: string;
  readonly lot: string;
  readonly serial: string;
  readonly qtyBefore: number;
}

export interface ImportPlan {
  readonly locations: readonly ImportLocation[];
  readonly items: ImportCounts;
  readonly lines: ImportCounts;
  readonly movements: number;
  readonly valueBefore: string;
  readonly valueAfter: string;
  /** What needs the catalogue to be seen: a barcode of another item, a lot or serial missing, decimals. */
  readonly findings: readonly Finding[];
  readonly newItems: readonly PlannedItem[];
  readonly changedItems: readonly PlannedItem[];
  /** Barcodes to add, or whose pack quantity changes. */
  readonly codes: readonly { readonly code: string; readonly itemRef: string; readonly qty: Qty }[];
  /** Indexes into the file's stock lines whose quantity is new or changes, with the quantity before (thousandths). */
  readonly changedLines: Int32Array;
  readonly qtyBefore: Float64Array;
  /** Stock lines of the file's locations that the file does not have, with stock: they go to 0. */
  readonly zeroed: readonly ZeroedLine[];
  /** The unit cost each reference of the writes is left at (for the movements' value). */
  readonly unitCosts: ReadonlyMap<string, Money>;
}

export function planImport(
  file: FileCollector,
  db: CatalogueState,
  options: { readonly mode: ImportMode; readonly defaultKind: InventoryKind; readonly locations: readonly string[] },
): ImportPlan {
  const findings: Finding[] = [];
  const planned = new Map<string, PlannedItem>();
  const newItems: PlannedItem[] = [];
  const changedItems: PlannedItem[] = [];
  let unchanged = 0;
  for (const f of file.items.values()) {
    const old = db.items.get(f.itemRef);
    const unit = f.unit ?? old?.unit ?? 'pcs';
    const item: PlannedItem = {
      itemRef: f.itemRef,
      designation: f.designation ?? old?.designation ?? f.itemRef,
      kind: f.kind ?? old?.kind ?? options.defaultKind,
      unit,
      // A new unit brings its own rule, unless the file says.
      decimals: f.decimals ?? (f.unit === null && old ? old.decimals : unitAllowsDecimals(unit)),
      unitCost: f.unitCost ?? old?.unitCost ?? money(0n),
      supplier: f.supplier ?? old?.supplier ?? null,
      tracking: f.tracking ?? old?.tracking ?? (f.hasSerial ? 'serial' : f.hasLot ? 'lot' : 'none'),
    };
    planned.set(f.itemRef, item);
    if (!old) newItems.push(item);
    else if (differs(item, old)) changedItems.push(item);
    else unchanged++;
  }

  const codes: { code: string; itemRef: string; qty: Qty }[] = [];
  const codeChanged = new Set<string>();
  for (const c of file.codes.values()) {
    const had = db.codes.get(c.code);
    if (had && had.itemRef !== c.itemRef) {
      findings.push({
        row: c.row,
        field: 'barcode',
        code: 'barcode_taken',
        message: `barcode ${c.code} already belongs to item ${had.itemRef} in the catalogue`,
        details: { value: c.code, other: had.itemRef },
      });
    } else if (!had || had.qty !== c.qty) {
      codes.push({ code: c.code, itemRef: c.itemRef, qty: c.qty });
      codeChanged.add(c.itemRef);
    }
  }
  // An item whose only change is a new barcode is a changed item too.
  let codesOnly = 0;
  const changedRefs = new Set(changedItems.map((i) => i.itemRef));
  for (const ref of codeChanged) {
    if (db.items.has(ref) && !changedRefs.has(ref)) codesOnly++;
  }

  const lines = file.stockLines;
  const changed: number[] = [];
  const before: number[] = [];
  let newLines = 0;
  let changedCount = 0;
  let unchangedLines = 0;
  let moves = 0;
  const valueBefore = new ValueTotal();
  const valueAfter = new ValueTotal();
  const stock = options.mode === 'replace';
  if (stock) {
    for (let i = 0; i < lines.length; i++) {
      const ref = lines.itemRef[i] as string;
      const item = planned.get(ref) as PlannedItem;
      const q = lines.qty(i);
      const row = lines.row(i);
      if (item.tracking === 'serial' && lines.serial[i] === '') {
        findings.push({
          row,
          field: 'serial',
          code: 'serial_required',
          message: `${ref} is tracked by serial number: this row gives none`,
          details: { item: ref },
        });
      } else if (item.tracking === 'lot' && lines.lot[i] === '') {
        findings.push({
          row,
          field: 'lot',
          code: 'lot_required',
          message: `${ref} is tracked by lot: this row gives none`,
          details: { item: ref },
        });
      }
      if (!item.decimals && q % 1000 !== 0) {
        findings.push({
          row,
          field: 'qty',
          code: 'whole_quantity',
          message: `${(q / 1000).toString()} ${item.unit} of ${ref}: this item is counted in whole numbers`,
          details: { item: ref, value: String(q / 1000), unit: item.unit },
        });
      }
      const was = db.stock.get(lines.key[i] as string);
      valueAfter.add(q, item.unitCost);
      if (was) valueBefore.add(was.qty, was.unitCost);
      if (!was) newLines++;
      else if (was.qty !== q) changedCount++;
      else unchangedLines++;
      if (!was || was.qty !== q) {
        changed.push(i);
        before.push(was?.qty ?? 0);
        if ((was?.qty ?? 0) !== q) moves++;
      }
    }
  }
  const zeroed: ZeroedLine[] = [];
  const unitCosts = new Map<string, Money>();
  for (const [ref, item] of planned) unitCosts.set(ref, item.unitCost);
  if (stock) {
    for (const [key, was] of db.stock) {
      if (file.hasLine(key)) continue;
      valueBefore.add(was.qty, was.unitCost);
      if (was.qty === 0) continue;
      const line = stockKeyParts(key);
      zeroed.push({ ...line, qtyBefore: was.qty });
      if (!unitCosts.has(line.itemRef)) unitCosts.set(line.itemRef, was.unitCost);
    }
  }
  if (!stock) {
    // The catalogue only: the stock keeps its quantities, its value follows the new costs.
    for (const [key, was] of db.stock) {
      const ref = stockKeyParts(key).itemRef;
      valueBefore.add(was.qty, was.unitCost);
      valueAfter.add(was.qty, planned.get(ref)?.unitCost ?? was.unitCost);
    }
  }
  const movements = moves + zeroed.length;

  return {
    locations: options.locations.map((code) => {
      const l = db.locations.get(code);
      return {
        code,
        name: l?.name ?? file.locationNames.get(code)?.name ?? code,
        isNew: !l,
        frozenBy: l?.frozenBy ?? null,
      };
    }),
    items: {
      new: newItems.length,
      changed: changedItems.length + codesOnly,
      unchanged: unchanged - codesOnly,
      missing: db.itemCount - db.items.size,
    },
    lines: { new: newLines, changed: changedCount, unchanged: unchangedLines, missing: zeroed.length },
    movements,
    valueBefore: formatMoney(valueBefore.total),
    valueAfter: formatMoney(valueAfter.total),
    findings,
    newItems,
    changedItems,
    codes,
    changedLines: Int32Array.from(changed),
    qtyBefore: Float64Array.from(before),
    zeroed,
    unitCosts,
  };
}

function differs(a: CatalogueItem, b: CatalogueItem): boolean {
  return (
    a.designation !== b.designation ||
    a.kind !== b.kind ||
    a.unit !== b.unit ||
    a.decimals !== b.decimals ||
    a.unitCost !== b.unitCost ||
    a.supplier !== b.supplier ||
    a.tracking !== b.tracking
  );
}

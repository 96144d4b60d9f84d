/**
 * A snapshot line of an inventory: what the stock said when counting started (or a line
 * added during the count, with an expected quantity of 0).
 */
import type { InventoryKind } from './inventory';
import type { LineIdentity, LineKey } from './lineKey';
import type { Money } from './money';
import { isWholeQty, type Qty } from './quantity';
import { fail, ok, type Result } from './errors';

export type Tracking = 'none' | 'lot' | 'serial';

export interface Pack {
  readonly code: string;
  readonly qty: Qty;
}

export interface InventoryLine extends LineIdentity {
  readonly key: LineKey;
  readonly designation: string;
  readonly kind: InventoryKind;
  readonly supplier: string | null;
  readonly barcodes: readonly string[];
  /** Barcodes of packs (a carton of 12): one scan counts `qty`. Absent: every barcode is one unit. */
  readonly packs?: readonly Pack[];
  readonly unit: string;
  readonly expectedQty: Qty;
  readonly unitCost: Money;
  readonly added: boolean;
  /**
   * A reference added during the count without its unit cost ("Ajouter réf.", cost left
   * empty): `unitCost` is 0 until a supervisor values it. Absent: the cost is known.
   */
  readonly costMissing?: boolean;
  /** Whether quantities take decimals, when the item says otherwise than its unit (absent: the unit's rule). */
  readonly decimals?: boolean;
}

/** A line of a location's current stock (no key: it is not part of an inventory). */
export interface StockLine extends LineIdentity {
  readonly designation: string;
  readonly kind: InventoryKind;
  readonly supplier: string | null;
  readonly unit: string;
  readonly qty: Qty;
  readonly unitCost: Money;
}

/** Units that are measured rather than counted take decimals; everything else is whole. */
const DECIMAL_UNITS = new Set(['kg', 'g', 'l', 'ml', 'm', 'm2', 'm3', 't']);
export const unitAllowsDecimals = (unit: string): boolean => DECIMAL_UNITS.has(unit.toLowerCase());

/** A line's own rule (an item may say so, imported from its ERP), else its unit's. */
export const lineAllowsDecimals = (line: { readonly unit: string; readonly decimals?: boolean | undefined }): boolean =>
  line.decimals ?? unitAllowsDecimals(line.unit);

/**
 * Can this quantity be on this line? Serial numbers are there or not (0 or 1).
 * An empty serial is no serial, as in line keys.
 */
export function checkLineQty(
  line: Pick<LineIdentity, 'serial'> & { readonly unit: string; readonly decimals?: boolean | undefined },
  q: Qty,
): Result<Qty> {
  if (line.serial !== null && line.serial !== '' && q !== 0n && q !== 1000n) {
    return fail('serial_quantity', `serial ${line.serial} can only be counted 0 or 1`, { serial: line.serial });
  }
  if (!lineAllowsDecimals(line) && !isWholeQty(q)) {
    return fail('invalid_quantity', `a quantity in "${line.unit}" must be a whole number`, { unit: line.unit });
  }
  return ok(q);
}

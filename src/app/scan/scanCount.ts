/**
 * A scan, turned into what the count screen does with it: the lines of the code (the
 * inventory's CodeIndex); one line → +1, or a carton's pack (or, in quantity mode, the
 * keypad); several → the counter chooses, the current bin filter preselected; none →
 * Ajouter réf. with what the label says filled in. Counting goes through count/scanQueue.ts, so
 * each count is in IndexedDB (with its outbox event) before the screen shows it.
 */
import type { LineDto } from '../../core/api/dto';
import { scanQuery } from '../../core/gs1';
import type { Qty } from '../../core/quantity';
import { whenComplete, type OpenCount } from '../count/open';
import { addToLine } from '../count/scanQueue';
import { codesOf, whenScannable } from '../count/searchIndex';
import type { AddPrefill } from '../router';

export type ScanOutcome =
  | { readonly kind: 'counted'; readonly line: LineDto; readonly qty: string; readonly added: Qty }
  | { readonly kind: 'refused'; readonly line: LineDto; readonly error: { code: string; message: string } }
  | { readonly kind: 'edit'; readonly line: LineDto }
  | {
      readonly kind: 'choose';
      readonly code: string;
      readonly lines: readonly LineDto[];
      readonly pack: Qty;
      /** The line in the bin the list is filtered on, if exactly one is. */
      readonly preselected: string | null;
    }
  | { readonly kind: 'unknown'; readonly code: string; readonly itemRef: string | null; readonly prefill: AddPrefill };

export interface ScanContext {
  readonly binFilter: string;
  readonly quantityMode: boolean;
}

export async function scanToCount(open: OpenCount, text: string, gs1: boolean, ctx: ScanContext): Promise<ScanOutcome> {
  const query = scanQuery(text, gs1);
  // Scanned while the lines still load: the code may be on a line not read yet, never "unknown" for that.
  await whenComplete(open);
  await whenScannable(open);
  const match = codesOf(open).find(open.lines, query);
  if (match.kind === 'unknown') {
    const { lot, serial } = query;
    const prefill: AddPrefill = {
      barcode: match.item?.barcode ?? query.code,
      ...(match.item ? { itemRef: match.item.itemRef } : {}),
      ...(lot ? { lot } : {}),
      ...(serial ? { serial } : {}),
    };
    return { kind: 'unknown', code: query.code, itemRef: match.item?.itemRef ?? null, prefill };
  }
  const lines = match.lines.map((i) => open.lines[i]!);
  if (lines.length > 1) {
    const inBin = ctx.binFilter ? lines.filter((l) => l.bin === ctx.binFilter) : [];
    return {
      kind: 'choose',
      code: query.code,
      lines,
      pack: match.pack,
      preselected: inBin.length === 1 ? inBin[0]!.key : null,
    };
  }
  return ctx.quantityMode ? { kind: 'edit', line: lines[0]! } : countOn(open, lines[0]!, match.pack);
}

/** Adds `pack` (1, or a carton's quantity) to this device's count of the line. */
export async function countOn(open: OpenCount, line: LineDto, pack: Qty): Promise<ScanOutcome> {
  const res = await addToLine(open, line, pack);
  return res.ok ? { kind: 'counted', line, qty: res.value, added: pack } : { kind: 'refused', line, error: res.error };
}

/**
 * The recap the server answered to Clôturer, handed to the recap screen that opens next, so
 * that screen does not ask the server to compute the same recap again (at 250,000 lines
 * each computation and its transfer cost seconds). Taken once; a reload asks the server.
 */
import type { RecapDto } from '../../core/api/dto';

/**
 * Rows the recap screen can show per table. The screen asks the server for no more
 * uncounted lines than that (`?uncounted=`): at 250,000 lines nearly all are uncounted,
 * ~100 MB of JSON to parse for rows nobody could read on a phone. Their totals still
 * count every line; the after ZIP lists them all.
 */
export const RECAP_ROWS = 500;

let handed: { readonly inventoryId: number; readonly recap: RecapDto } | null = null;

export function handOverRecap(inventoryId: number, recap: RecapDto): void {
  handed = { inventoryId, recap };
}

/** The recap handed over for this inventory (then forgotten), or null. */
export function takeRecap(inventoryId: number): RecapDto | null {
  const recap = handed?.inventoryId === inventoryId ? handed.recap : null;
  handed = null;
  return recap;
}

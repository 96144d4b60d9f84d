/** Scans add to a line's count one after the other, so no two quick scans read the same count. */
import { decimalToScaled, type LineDto } from '../../core/api/dto';
import type { Result } from '../../core/errors';
import { formatQty, qty, type Qty } from '../../core/quantity';
import { countLine } from './countLine';
import { countedQty } from './counted';
import type { OpenCount } from './open';

let adding: Promise<unknown> = Promise.resolve();

/**
 * Adds to this device's count of a line (a scan: 1, or a carton's 12). Calls run one
 * after the other, each reading the count the previous one wrote: two quick scans of the
 * same line make 2, never 1.
 */
export function addToLine(open: OpenCount, line: LineDto, delta: Qty): Promise<Result<string, string>> {
  const run = adding.then(() => {
    const current = countedQty(open, line.key);
    const base = current === null ? 0n : decimalToScaled(current, 3);
    return countLine(open, line, formatQty(qty(base + delta)));
  });
  adding = run.catch(() => undefined);
  return run;
}

/**
 * Recounts (issue #5): a recount request opens a new count ROUND for one line or for every
 * line of a bin (counting.ts folds rounds; the deciding round is the highest one with a
 * quantity). This module holds the rules app and server share: which round a line is
 * counted in now, when a request is done, and when a difference is large enough to
 * suggest a recount (a per-inventory threshold, exact: no float ever compares).
 */
import { fail, ok, type Result } from './errors';
import { abs, formatFixed, parseFixed } from './fixed';
import type { RecountThreshold } from './inventory';
import { formatMoney, parseMoney, type Money } from './money';
import type { Qty } from './quantity';

/** What a recount covers and the round it opened (RecountDto has more). */
export interface RecountScope {
  readonly lineKey: string | null;
  readonly bin: string | null;
  readonly round: number;
}

export const covers = (r: RecountScope, line: { readonly key: string; readonly bin: string }): boolean =>
  r.lineKey !== null ? r.lineKey === line.key : r.bin === line.bin;

/** The round a line is counted in now: the highest round any recount opened for it, else 0. */
export function currentRound(
  line: { readonly key: string; readonly bin: string },
  recounts: Iterable<RecountScope>,
): number {
  let round = 0;
  for (const r of recounts) if (r.round > round && covers(r, line)) round = r.round;
  return round;
}

/** Percentages are kept to the thousandth of a percent ("2.5" → 2500n). */
const PERCENT_SCALE = 3;
const PERCENT = { scale: PERCENT_SCALE, max: 1_000_000n * 1000n, signed: false } as const;

/**
 * Checks a threshold from the API and returns it canonical ("5" → "5.000", "100" →
 * "100.0000"); 0 is refused (it would suggest every line), null turns a test off.
 */
export function parseRecountThreshold(input: {
  readonly qtyPercent: unknown;
  readonly value: unknown;
}): Result<RecountThreshold> {
  let qtyPercent: string | null = null;
  let value: string | null = null;
  if (input.qtyPercent !== null && input.qtyPercent !== undefined) {
    const p = parseFixed(input.qtyPercent, PERCENT);
    if (!p.ok || p.value === 0n)
      return fail(
        'invalid_threshold',
        'recountThreshold.qtyPercent must be a percentage above 0 (at most 3 decimals).',
        {
          field: 'qtyPercent',
        },
      );
    qtyPercent = formatFixed(p.value, PERCENT_SCALE);
  }
  if (input.value !== null && input.value !== undefined) {
    const v = parseMoney(input.value, 'recountThreshold.value');
    if (!v.ok || v.value === 0n)
      return fail('invalid_threshold', 'recountThreshold.value must be an amount above 0 (at most 4 decimals).', {
        field: 'value',
      });
    value = formatMoney(v.value);
  }
  return ok({ qtyPercent, value });
}

/**
 * Does a counted line's difference call for a recount? |difference| ≥ qtyPercent % of the
 * expected quantity (with nothing expected, any difference), or |difference value| ≥
 * value. No difference never does. Thresholds are canonical (parseRecountThreshold).
 */
export function suggestsRecount(
  expected: Qty,
  difference: Qty,
  differenceValue: Money,
  threshold: RecountThreshold,
): boolean {
  if (difference === 0n) return false;
  if (threshold.qtyPercent !== null) {
    const percent = parseFixed(threshold.qtyPercent, PERCENT);
    // |d| / expected ≥ p / 100, in integers: |d| × 100 × 10^scale ≥ p_scaled × expected.
    if (
      percent.ok &&
      (expected === 0n || abs(difference) * 100n * 10n ** BigInt(PERCENT_SCALE) >= percent.value * expected)
    )
      return true;
  }
  if (threshold.value !== null) {
    const value = parseMoney(threshold.value);
    if (value.ok && abs(differenceValue) >= value.value) return true;
  }
  return false;
}

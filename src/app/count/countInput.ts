/** A typed count read as a quantity the line can hold, or the reason it cannot (a code for the screen to translate). */
import type { LineDto } from '../../core/api/dto';
import { fail, ok, type Result } from '../../core/errors';
import { checkLineQty } from '../../core/line';
import { formatQty, parseQty } from '../../core/quantity';

/** Typed text → a quantity the line can hold, or the reason it cannot (for the screen to translate). */
export function parseCountInput(line: LineDto, text: string): Result<string, string> {
  const cleaned = text.trim().replace(/\s/g, '').replace(',', '.');
  if (cleaned === '') return fail('empty_quantity', 'Type a quantity.');
  if (cleaned.startsWith('-')) return fail('negative_quantity', 'A counted quantity cannot be negative.');
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return fail('not_a_number', `"${text}" is not a number.`);
  const q = parseQty(cleaned);
  if (!q.ok) return fail(q.error.code, q.error.message);
  const checked = checkLineQty(line, q.value);
  if (!checked.ok)
    return fail(
      checked.error.code === 'invalid_quantity' ? 'whole_quantity' : checked.error.code,
      checked.error.message,
    );
  return ok(formatQty(checked.value));
}

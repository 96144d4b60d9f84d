/**
 * What the routes check beyond their JSON schemas (core/api/schemas.ts):
 * a text not blank, a decimal written plainly.
 */
import type { ErrorCode } from '../../core/api/errorCodes';
import { badRequest } from './errors';

/**
 * A required text, trimmed; only spaces is refused like an empty string (a schema's
 * minLength cannot see it), so no inventory has a blank name and no line a blank bin.
 */
export function notBlank(value: string, field: string): string {
  const trimmed = value.trim();
  if (!trimmed) throw badRequest('invalid_request', `body/${field} must not be blank`);
  return trimmed;
}

const PLAIN_DECIMAL = /^-?[0-9]+(?:\.[0-9]+)?$/;
const NEGATIVE_ZERO = /^-0+(?:\.0+)?$/;

/**
 * A decimal string written plainly, as the API writes them: digits, one optional '.', an
 * optional leading '-'; no spaces, no '+', no exponent, no negative zero ("-0" is a
 * client's bug, not a quantity). Core's parsers are kinder to what people type; the API
 * is not. A JSON number with an exponent is refused before parsing (jsonText.ts).
 */
export function plainDecimal<T>(value: T, code: ErrorCode, where: string): T {
  if (typeof value === 'string' && (!PLAIN_DECIMAL.test(value) || NEGATIVE_ZERO.test(value))) {
    throw badRequest(code, `${where}: "${value.slice(0, 40)}" is not a decimal written plainly (like 12 or 12.5)`);
  }
  return value;
}

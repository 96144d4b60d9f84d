/**
 * JSON-schema fragments the request schemas are made of: ids, short texts, decimals, a
 * device's clock. Plain data: the server validates with them (ajv), the fuzz test builds
 * its hostile requests from them, and a client may read them.
 */

export const idParams = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', pattern: '^[1-9][0-9]{0,8}$' } },
} as const;

/**
 * No control characters (they break CSV files, labels and printouts, and no real code has
 * them), no lone UTF-16 surrogates (not text at all; ajv matches in unicode mode, so
 * real emoji pass), and no U+FEFF (an invisible byte-order mark: the embedded database's
 * driver drops it from the start of a text it reads back, so "\uFEFFA-01" would be stored
 * but compared as "A-01" — the fuzz test found a bin check accepted that way), and no
 * other invisible or direction-changing characters: zero-width spaces and joiners
 * (U+200B-U+200D, U+2060-U+2064) make two references that look the same differ, and the
 * bidirectional controls (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069) make a
 * reference, a CSV cell or a printout read otherwise than it is stored.
 */
const PRINTABLE =
  '^[^\\u0000-\\u001f\\u007f\\uD800-\\uDFFF\\uFEFF\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069]*$';
export const text = (maxLength: number, minLength = 1) =>
  ({ type: 'string', minLength, maxLength, pattern: PRINTABLE }) as const;

export const nullableText = (maxLength: number) =>
  ({ type: ['string', 'null'], maxLength, pattern: PRINTABLE }) as const;

/** A JSON number or a decimal string; exactness and range are checked by core's parsers, the writing by the server. */
export const decimal = { anyOf: [{ type: 'number' }, { type: 'string', maxLength: 40 }] } as const;

export const id = { type: 'integer', minimum: 1, maximum: 2147483647 } as const;

/**
 * A device's clock reading: RFC 3339 as ajv's date-time checks it, narrowed to what
 * PostgreSQL's timestamptz takes (no year 0000, UTC offsets up to ±15:59), so a push with
 * an odd time is a 400, never a 500.
 */
export const deviceTime = {
  type: 'string',
  format: 'date-time',
  maxLength: 40,
  pattern: '^(?!0000)[0-9]{4}-.*(?:[Zz]|[+-](?:0[0-9]|1[0-5])(?::?[0-9]{2})?)$',
} as const;

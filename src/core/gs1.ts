/**
 * What a scanned code means for the count: GS1 element strings and retail barcodes.
 *
 * A GS1 label (GS1-128, GS1 DataMatrix / QR) carries several fields, each behind an
 * Application Identifier (AI): the GTIN (01), the lot (10), the serial (21), the expiry
 * (17)… Fixed-length fields follow each other directly; a variable-length field ends at
 * a GS (ASCII 29, the FNC1 separator) or at the end of the text. Because a field's length
 * comes from its AI, an AI this table does not know stops the parse (an error, not a
 * guess that would misread the rest). Three spellings arrive here: the raw form from a
 * decoder, the same behind a symbology identifier (`]C1`, `]d2`, `]Q3`, `]e0`) as a
 * handheld scanner may send it, and the printed human-readable "(01)…(10)…" form.
 *
 * Retail codes name the same product in several lengths (EAN-8, UPC-A, EAN-13, GTIN-14
 * differ by leading zeros), so lookups use one key per product: the GTIN-14.
 */
import { fail, ok, type Result } from './errors';

export type Gs1ErrorCode = 'gs1_empty' | 'gs1_unknown_ai' | 'gs1_bad_field' | 'gs1_bad_check_digit';

export interface Gs1Data {
  /** GTIN-14, check digit verified. */
  readonly gtin: string | null;
  readonly lot: string | null;
  readonly serial: string | null;
  /** YYMMDD as printed (DD 00 means the end of the month). */
  readonly expiry: string | null;
  /** Every field, by AI, in label order (including the ones above). */
  readonly fields: ReadonlyMap<string, string>;
}

/** FNC1 as a decoder and most scanners transmit it. */
export const GS = '\u001d';

/** Symbology identifiers that announce GS1 data (ISO/IEC 15424). */
const GS1_SYMBOLOGY_IDS = new Set([']C1', ']d2', ']Q3', ']e0', ']J1']);

interface AiRule {
  /** Fixed data length; undefined for a variable-length field (up to `max`). */
  readonly fixed?: number;
  readonly max: number;
  readonly numeric: boolean;
}

const fixed = (n: number): AiRule => ({ fixed: n, max: n, numeric: true });
const upTo = (max: number, numeric = false): AiRule => ({ max, numeric });

/** The AIs a warehouse label carries, with their lengths (GS1 General Specifications, section 3). */
function ruleOf(ai: string): AiRule | undefined {
  const two = ai.slice(0, 2);
  const three = ai.slice(0, 3);
  if (ai.length === 2) {
    if (two === '00') return fixed(18);
    if (two === '01' || two === '02' || two === '03') return fixed(14);
    if (['11', '12', '13', '15', '16', '17'].includes(two)) return fixed(6);
    if (two === '20') return fixed(2);
    if (two === '10' || two === '21' || two === '22') return upTo(20);
    if (two === '30' || two === '37') return upTo(8, true);
    if (two === '90') return upTo(30);
    if (/^9[1-9]$/.test(two)) return upTo(90);
    return undefined;
  }
  if (ai.length === 3) {
    if (['240', '241', '250', '251', '400', '401', '403'].includes(three)) return upTo(30);
    if (/^41[0-7]$/.test(three)) return fixed(13);
    if (three === '420') return upTo(20);
    if (three === '422') return fixed(3);
    return undefined;
  }
  // Four-digit AIs: measures (31nn–36nn: 6 digits) and a few others.
  if (/^3[1-6]\d\d$/.test(ai)) return fixed(6);
  if (ai === '7003') return fixed(10);
  return undefined;
}

/** The AI at the start of `text`: the shortest prefix this table knows. */
function aiAt(text: string): string | undefined {
  for (const n of [2, 3, 4]) {
    const ai = text.slice(0, n);
    if (ai.length === n && /^\d+$/.test(ai) && ruleOf(ai)) return ai;
  }
  return undefined;
}

/** Is this text (as decoded or typed) written as GS1 element strings? */
export function looksLikeGs1(text: string, decoderSaysGs1 = false): boolean {
  if (decoderSaysGs1 || GS1_SYMBOLOGY_IDS.has(text.slice(0, 3))) return true;
  if (/^\(\d{2,4}\)/.test(text)) return true;
  // A scanner that drops the identifier still sends "01" + 14 digits + more.
  return text.includes(GS) || (/^01\d{14}./.test(text) && parseGs1(text).ok);
}

export function parseGs1(input: string): Result<Gs1Data, Gs1ErrorCode> {
  let text = input.trim();
  if (text.startsWith(']')) text = text.slice(3);
  if (text.startsWith(GS)) text = text.slice(1);
  if (text === '') return fail('gs1_empty', 'No GS1 data.');
  const pairs = text.startsWith('(') ? splitHumanReadable(text) : splitRaw(text);
  if (!pairs.ok) return pairs;
  const fields = new Map<string, string>();
  for (const [ai, value] of pairs.value) {
    const checked = checkField(ai, value);
    if (!checked.ok) return checked;
    fields.set(ai, value);
  }
  return ok({
    gtin: fields.get('01') ?? null,
    lot: fields.get('10') ?? null,
    serial: fields.get('21') ?? null,
    expiry: fields.get('17') ?? null,
    fields,
  });
}

function splitRaw(text: string): Result<[string, string][], Gs1ErrorCode> {
  const out: [string, string][] = [];
  let rest = text;
  while (rest.length > 0) {
    const ai = aiAt(rest);
    if (!ai) return fail('gs1_unknown_ai', `Unknown GS1 application identifier at "${rest.slice(0, 4)}".`);
    const rule = ruleOf(ai)!;
    rest = rest.slice(ai.length);
    let value: string;
    if (rule.fixed !== undefined) {
      value = rest.slice(0, rule.fixed);
      rest = rest.slice(rule.fixed);
      // Some encoders put a needless separator after a fixed field too.
      if (rest.startsWith(GS)) rest = rest.slice(1);
    } else {
      const end = rest.indexOf(GS);
      value = end < 0 ? rest : rest.slice(0, end);
      rest = end < 0 ? '' : rest.slice(end + 1);
    }
    out.push([ai, value]);
  }
  return ok(out);
}

function splitHumanReadable(text: string): Result<[string, string][], Gs1ErrorCode> {
  const out: [string, string][] = [];
  const re = /\((\d{2,4})\)([^(]*)/gy;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = re.exec(text)) !== null) {
    const ai = m[1]!;
    if (!ruleOf(ai)) return fail('gs1_unknown_ai', `Unknown GS1 application identifier (${ai}).`);
    out.push([ai, m[2]!.trim()]);
    end = re.lastIndex;
  }
  if (end !== text.length) return fail('gs1_bad_field', `Unreadable GS1 text at "${text.slice(end, end + 8)}".`);
  return ok(out);
}

function checkField(ai: string, value: string): Result<void, Gs1ErrorCode> {
  const rule = ruleOf(ai)!;
  const bad = (why: string) => fail('gs1_bad_field', `GS1 field (${ai}) "${value}" ${why}.`, { ai });
  if (value === '') return bad('is empty');
  if (rule.fixed !== undefined && value.length !== rule.fixed) return bad(`must have ${rule.fixed} characters`);
  if (value.length > rule.max) return bad(`has more than ${rule.max} characters`);
  if (rule.numeric && !/^\d+$/.test(value)) return bad('must be digits');
  if (value.includes(GS)) return bad('contains a separator');
  if ((ai === '00' || ai === '01' || ai === '02') && !hasValidCheckDigit(value))
    return fail('gs1_bad_check_digit', `GS1 field (${ai}) ${value}: wrong check digit.`, { ai });
  if (/^1[1-7]$/.test(ai) && !isYymmdd(value)) return bad('is not a date (YYMMDD)');
  return ok(undefined);
}

const isYymmdd = (v: string): boolean => {
  const month = Number(v.slice(2, 4));
  const day = Number(v.slice(4, 6));
  return month >= 1 && month <= 12 && day <= 31;
};

/** The GS1 mod-10 check digit (EAN-8/13, UPC-A, GTIN-14, SSCC): weights 3,1,3… from the right. */
export function hasValidCheckDigit(digits: string): boolean {
  if (!/^\d{2,}$/.test(digits)) return false;
  let sum = 0;
  for (let i = digits.length - 2, w = 3; i >= 0; i--, w = 4 - w) sum += Number(digits[i]) * w;
  return (10 - (sum % 10)) % 10 === Number(digits[digits.length - 1]);
}

/** UPC-E (8 digits: number system, 6 digits, check) written out as its UPC-A; null if not UPC-E. */
export function expandUpcE(code: string): string | null {
  if (!/^[01]\d{7}$/.test(code)) return null;
  const [ns, d1, d2, d3, d4, d5, d6, check] = code;
  const body =
    d6 === '0' || d6 === '1' || d6 === '2'
      ? `${d1}${d2}${d6}0000${d3}${d4}${d5}`
      : d6 === '3'
        ? `${d1}${d2}${d3}00000${d4}${d5}`
        : d6 === '4'
          ? `${d1}${d2}${d3}${d4}00000${d5}`
          : `${d1}${d2}${d3}${d4}${d5}0000${d6}`;
  const upcA = `${ns}${body}${check}`;
  return hasValidCheckDigit(upcA) ? upcA : null;
}

/**
 * The key a barcode is looked up by: a GTIN (EAN-8, UPC-A, EAN-13, GTIN-14 with a valid
 * check digit) as its GTIN-14, so "0012345678905" finds "012345678905"; any other code
 * (a Code 128 reference) trimmed and upper-cased, as handheld scanners differ in case.
 */
export function barcodeKey(code: string): string {
  const c = code.trim();
  if (/^(\d{8}|\d{12,14})$/.test(c) && hasValidCheckDigit(c)) return c.padStart(14, '0');
  return c.toUpperCase();
}

/** Every key a scanned code may be known by: 8 digits are an EAN-8 or, written short, a UPC-E. */
export function lookupKeys(code: string): string[] {
  const keys = [barcodeKey(code)];
  const upcA = expandUpcE(code.trim());
  if (upcA) keys.push(barcodeKey(upcA));
  return keys;
}

/** A scan, as the count needs it: the code to look up and, from a GS1 label, lot and serial. */
export interface ScanQuery {
  /** The text to look up (the GTIN of a GS1 label, else the code as scanned). */
  readonly code: string;
  readonly lot: string | null;
  readonly serial: string | null;
  readonly expiry: string | null;
}

/**
 * A decoded or typed code → what to look up. GS1 text without a GTIN (an SSCC pallet
 * label) or that does not parse is looked up as it is: it may still be a reference.
 */
export function scanQuery(text: string, decoderSaysGs1 = false): ScanQuery {
  // A scanner set to send symbology identifiers prefixes plain codes too ("]E0" + EAN-13).
  const bare = /^\][A-Za-z]\d/.test(text) && !GS1_SYMBOLOGY_IDS.has(text.slice(0, 3)) ? text.slice(3) : text;
  const plain = { code: bare.trim(), lot: null, serial: null, expiry: null };
  if (bare !== text || !looksLikeGs1(text, decoderSaysGs1)) return plain;
  const parsed = parseGs1(text);
  if (!parsed.ok || parsed.value.gtin === null) return plain;
  const { gtin, lot, serial, expiry } = parsed.value;
  return { code: gtin, lot, serial, expiry };
}

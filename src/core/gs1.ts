/**
 * What a scanned code means for the count: GS1 element strings and retail barcodes.
 *
 * A GS1 label (GS1-128, GS1 DataMatrix / QR) carries several fields, each behind an
 * Application Identifier (AI): the GTIN (01), the lot (10), the serial (21), the expiry
 * (17)… Which AIs exist, how long their data is and which need an FNC1 separator after
 * them is the GS1 table of gs1Ais.ts. An element ends where its data's length says, or at
 * a GS (ASCII 29, how FNC1 is transmitted) for a variable-length one; a variable field
 * longer than its AI allows, or a separator-needing field followed by anything but a GS,
 * is a missing separator: an error, never two fields merged into one. An AI the table
 * does not know (one GS1 adds later) is skipped up to its separator, or by its prefix's
 * predefined length, so the GTIN, lot, serial and expiry around it are kept. Three
 * spellings arrive here: the raw form from a decoder, the same behind a symbology
 * identifier (`]C1`, `]d2`, `]Q3`, `]e0`) as a handheld scanner may send it, and the
 * printed human-readable "(01)…(10)…" form.
 *
 * Retail codes name the same product in several lengths (EAN-8, UPC-A, EAN-13, GTIN-14
 * differ by leading zeros; a UPC-E is a UPC-A with its zeros suppressed), so lookups use
 * one key per product: the GTIN-14, and a UPC-E is also tried in its other form.
 */
import { fail, ok, type Result } from './errors';
import { aiAt, aiRules, dataFault, gs1Date, hasValidCheckDigit, inCharset, PREDEFINED_LENGTHS } from './gs1Ais';

export { hasValidCheckDigit } from './gs1Ais';

export type Gs1ErrorCode =
  'gs1_empty' | 'gs1_unknown_ai' | 'gs1_bad_field' | 'gs1_bad_check_digit' | 'gs1_bad_date' | 'gs1_missing_separator';

export interface Gs1Data {
  /** GTIN-14, check digit verified. */
  readonly gtin: string | null;
  readonly lot: string | null;
  readonly serial: string | null;
  /** YYMMDD as printed (DD 00 means the end of the month). */
  readonly expiry: string | null;
  /** The expiry as a calendar day (YYYY-MM-DD, day 00 made the month's last). */
  readonly expiryDate: string | null;
  /** Every known field, by AI, in label order (including the ones above). */
  readonly fields: ReadonlyMap<string, string>;
  /** Element strings (AI and data) of AIs the table does not know, skipped. */
  readonly unknown: readonly string[];
}

/** FNC1 as a decoder and most scanners transmit it. */
export const GS = '\u001d';

/** Symbology identifiers that announce GS1 data (ISO/IEC 15424). */
const GS1_SYMBOLOGY_IDS = new Set([']C1', ']d2', ']Q3', ']e0', ']J1']);

/** Is this text (as decoded or typed) written as GS1 element strings? */
export function looksLikeGs1(text: string, decoderSaysGs1 = false): boolean {
  if (decoderSaysGs1 || GS1_SYMBOLOGY_IDS.has(text.slice(0, 3))) return true;
  if (/^\(\d{2,4}\)/.test(text)) return true;
  // A scanner that drops the identifier still sends "01" + 14 digits + more.
  return text.includes(GS) || (/^01\d{14}./.test(text) && parseGs1(text).ok);
}

type Element = { readonly ai: string; readonly value: string } | { readonly unknown: string };

export function parseGs1(input: string, today = new Date()): Result<Gs1Data, Gs1ErrorCode> {
  let text = input.trim();
  if (text.startsWith(']')) text = text.slice(3);
  if (text.startsWith(GS)) text = text.slice(1);
  if (text === '') return fail('gs1_empty', 'No GS1 data.');
  const elements = text.startsWith('(') ? splitHumanReadable(text) : splitRaw(text);
  if (!elements.ok) return elements;
  const fields = new Map<string, string>();
  const unknown: string[] = [];
  for (const e of elements.value) {
    if ('unknown' in e) {
      unknown.push(e.unknown);
      continue;
    }
    const rule = aiRules().get(e.ai)!;
    if (e.value.includes(GS)) return badField(e.ai, e.value, 'contains a separator');
    const fault = dataFault(rule, e.value, today);
    if (fault) return fail(`gs1_${fault.fault}`, `GS1 field (${e.ai}) "${e.value}" ${fault.why}.`, { ai: e.ai });
    const before = fields.get(e.ai);
    if (before !== undefined && before !== e.value) return badField(e.ai, e.value, `repeats the AI with "${before}"`);
    fields.set(e.ai, e.value);
  }
  const expiry = fields.get('17') ?? null;
  return ok({
    gtin: fields.get('01') ?? null,
    lot: fields.get('10') ?? null,
    serial: fields.get('21') ?? null,
    expiry,
    expiryDate: expiry === null ? null : gs1Date(expiry, true, today),
    fields,
    unknown,
  });
}

const badField = (ai: string, value: string, why: string): Result<never, Gs1ErrorCode> =>
  fail('gs1_bad_field', `GS1 field (${ai}) "${value}" ${why}.`, { ai });

const missingSeparator = (ai: string, rest: string): Result<never, Gs1ErrorCode> =>
  fail('gs1_missing_separator', `GS1 field (${ai}) is not followed by a separator (at "${rest.slice(0, 8)}").`, { ai });

function splitRaw(text: string): Result<Element[], Gs1ErrorCode> {
  const out: Element[] = [];
  let rest = text;
  while (rest.length > 0) {
    const rule = aiAt(rest);
    if (!rule) {
      const skipped = skipUnknown(rest);
      if (!skipped.ok) return skipped;
      out.push({ unknown: skipped.value.element });
      rest = skipped.value.rest;
      continue;
    }
    const { ai } = rule;
    rest = rest.slice(ai.length);
    let value: string;
    if (rule.fixed) {
      value = rest.slice(0, rule.max);
      rest = rest.slice(value.length);
      if (rest.startsWith(GS))
        rest = rest.slice(1); // needless after a predefined length, but harmless
      else if (rest !== '' && rule.needsSeparator) return missingSeparator(ai, rest);
    } else {
      const end = rest.indexOf(GS);
      value = end < 0 ? rest : rest.slice(0, end);
      rest = end < 0 ? '' : rest.slice(end + 1);
      // Longer than the AI allows: the next element was written on without its FNC1.
      if (value.length > rule.max) return missingSeparator(ai, value.slice(rule.max));
    }
    out.push({ ai, value });
  }
  return ok(out);
}

/**
 * An AI the table does not know: by the predefined length of its prefix when it has one,
 * otherwise up to its separator (every other AI must end with one).
 */
function skipUnknown(rest: string): Result<{ element: string; rest: string }, Gs1ErrorCode> {
  if (!/^\d{2}/.test(rest)) return fail('gs1_unknown_ai', `No GS1 application identifier at "${rest.slice(0, 4)}".`);
  const predefined = PREDEFINED_LENGTHS.get(rest.slice(0, 2));
  const end = rest.indexOf(GS);
  const element = predefined !== undefined ? rest.slice(0, predefined) : end < 0 ? rest : rest.slice(0, end);
  const valid =
    predefined !== undefined ? /^\d+$/.test(element) && element.length === predefined : inCharset('X', element);
  if (!valid) return fail('gs1_unknown_ai', `Unreadable GS1 element at "${element.slice(0, 8)}".`);
  let after = rest.slice(element.length);
  if (after.startsWith(GS)) after = after.slice(1);
  return ok({ element, rest: after });
}

function splitHumanReadable(text: string): Result<Element[], Gs1ErrorCode> {
  const out: Element[] = [];
  const re = /\((\d{2,4})\)([^(]*)/gy;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = re.exec(text)) !== null) {
    const ai = m[1]!;
    const value = m[2]!.trim();
    out.push(aiRules().has(ai) ? { ai, value } : { unknown: `${ai}${value}` });
    end = re.lastIndex;
  }
  if (end !== text.length) return fail('gs1_bad_field', `Unreadable GS1 text at "${text.slice(end, end + 8)}".`);
  return ok(out);
}

/**
 * Element strings as a decoder would give them (no symbology identifier): each field's AI
 * and data, a GS after every field that needs one except the last. parseGs1's inverse.
 */
export function formatGs1(fields: readonly (readonly [string, string])[]): string {
  return fields
    .map(([ai, value], i) => {
      const last = i === fields.length - 1;
      const needsSeparator = !PREDEFINED_LENGTHS.has(ai.slice(0, 2));
      return `${ai}${value}${needsSeparator && !last ? GS : ''}`;
    })
    .join('');
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

/**
 * The UPC-E a UPC-A (or its 13- or 14-digit GTIN form, leading zeros) is written as when
 * its zeros can be suppressed; null otherwise. expandUpcE's inverse.
 */
export function compressUpcA(code: string): string | null {
  const upcA = /^\d{12,14}$/.test(code) && /^0*$/.test(code.slice(0, code.length - 12)) ? code.slice(-12) : null;
  if (!upcA || !/^[01]/.test(upcA) || !hasValidCheckDigit(upcA)) return null;
  const [ns, m, p, check] = [upcA.charAt(0), upcA.slice(1, 6), upcA.slice(6, 11), upcA.charAt(11)];
  let body: string | null = null;
  if (/^[012]00$/.test(m.slice(2)) && p.startsWith('00')) body = `${m.slice(0, 2)}${p.slice(2)}${m.charAt(2)}`;
  else if (m.endsWith('00') && p.startsWith('000')) body = `${m.slice(0, 3)}${p.slice(3)}3`;
  else if (m.endsWith('0') && p.startsWith('0000')) body = `${m.slice(0, 4)}${p.charAt(4)}4`;
  else if (p.startsWith('0000') && /[5-9]/.test(p.charAt(4))) body = `${m}${p.charAt(4)}`;
  return body === null ? null : `${ns}${body}${check}`;
}

/**
 * Every key a scanned code may be known by: 8 digits are an EAN-8 or, written short, a
 * UPC-E (then its UPC-A too); a UPC-A that has a UPC-E form is also tried as that form,
 * for a catalogue that stores the 8 printed digits.
 */
export function lookupKeys(code: string): string[] {
  const c = code.trim();
  const keys = [barcodeKey(c)];
  const upcA = expandUpcE(c);
  if (upcA) keys.push(barcodeKey(upcA));
  const upcE = compressUpcA(c);
  if (upcE) keys.push(barcodeKey(upcE));
  return [...new Set(keys)];
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

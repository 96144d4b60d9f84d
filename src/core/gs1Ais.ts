/**
 * The GS1 application identifier (AI) table: for each AI of the GS1 General Specifications
 * (section 3, as the GS1 Barcode Syntax Dictionary decomposes it), the shape of its data
 * and whether it needs an FNC1 separator after it. gs1.ts parses element strings with it.
 *
 * A data spec is one or more components, each `N` (digits), `X` (GS1 CSET 82), `Y` (CSET
 * 39) or `Z` (CSET 64, base64url), with a fixed length (`N6`) or a maximum (`X..20`, only
 * in last place), optional when in brackets (`[N2]`). A component may carry a check:
 * `csum` (the GS1 mod-10 check digit), `date` (YYMMDD, a real day) or `date0` (YYMMDD
 * where day 00 means the end of the month).
 *
 * The separator rule does not depend on the AI's own length but on its first two digits
 * (Gen. Specs figure 7.8.5-2): only the "predefined length" prefixes below may be followed
 * directly by the next AI; every other element (even a fixed-length one like 422) ends at
 * an FNC1 unless it is the last.
 */

export type Charset = 'N' | 'X' | 'Y' | 'Z';
export type Check = 'csum' | 'date' | 'date0';

export interface Component {
  readonly charset: Charset;
  /** Exact length, or the maximum when `variable`. */
  readonly length: number;
  readonly variable: boolean;
  readonly optional: boolean;
  readonly check?: Check;
}

export interface AiRule {
  readonly ai: string;
  readonly components: readonly Component[];
  /** Shortest and longest data. */
  readonly min: number;
  readonly max: number;
  /** The data has one possible length. */
  readonly fixed: boolean;
  /** An FNC1 (GS) must follow the data unless it ends the string. */
  readonly needsSeparator: boolean;
}

/**
 * Element string lengths (AI + data) of the predefined-length prefixes. These AIs never
 * need a separator, and an AI of one of these prefixes that the table below does not know
 * (a new one) can still be skipped by its length.
 */
export const PREDEFINED_LENGTHS: ReadonlyMap<string, number> = new Map([
  ['00', 20],
  ['01', 16],
  ['02', 16],
  ['03', 16],
  ['04', 18],
  ['11', 8],
  ['12', 8],
  ['13', 8],
  ['14', 8],
  ['15', 8],
  ['16', 8],
  ['17', 8],
  ['18', 8],
  ['19', 8],
  ['20', 4],
  ['31', 10],
  ['32', 10],
  ['33', 10],
  ['34', 10],
  ['35', 10],
  ['36', 10],
  ['41', 16],
]);

/** AI (or first-last range of AIs of one length) and its data spec. */
const TABLE = `
00 N18,csum
01 N14,csum
02 N14,csum
03 N14,csum
10 X..20
11 N6,date0
12 N6,date0
13 N6,date0
15 N6,date0
16 N6,date0
17 N6,date0
20 N2
21 X..20
22 X..20
235 X..28
240 X..30
241 X..30
242 N..6
243 X..20
250 X..30
251 X..30
253 N13,csum [X..17]
254 X..20
255 N13,csum [N..12]
30 N..8
3100-3105 N6
3110-3115 N6
3120-3125 N6
3130-3135 N6
3140-3145 N6
3150-3155 N6
3160-3165 N6
3200-3205 N6
3210-3215 N6
3220-3225 N6
3230-3235 N6
3240-3245 N6
3250-3255 N6
3260-3265 N6
3270-3275 N6
3280-3285 N6
3290-3295 N6
3300-3305 N6
3310-3315 N6
3320-3325 N6
3330-3335 N6
3340-3345 N6
3350-3355 N6
3360-3365 N6
3370-3375 N6
3400-3405 N6
3410-3415 N6
3420-3425 N6
3430-3435 N6
3440-3445 N6
3450-3455 N6
3460-3465 N6
3470-3475 N6
3480-3485 N6
3490-3495 N6
3500-3505 N6
3510-3515 N6
3520-3525 N6
3530-3535 N6
3540-3545 N6
3550-3555 N6
3560-3565 N6
3570-3575 N6
3600-3605 N6
3610-3615 N6
3620-3625 N6
3630-3635 N6
3640-3645 N6
3650-3655 N6
3660-3665 N6
3670-3675 N6
3680-3685 N6
3690-3695 N6
37 N..8
3900-3909 N..15
3910-3919 N3 N..15
3920-3929 N..15
3930-3939 N3 N..15
3940-3943 N4
3950-3955 N6
400 X..30
401 X..30
402 N17,csum
403 X..30
410-417 N13,csum
420 X..20
421 N3 X..9
422 N3
423 N3 [N3] [N3] [N3] [N3]
424 N3
425 N3 [N3] [N3] [N3] [N3]
426 N3
427 X..3
4300-4301 X..35
4302-4306 X..70
4307 X2
4308 X..30
4309 N10 N10
4310-4311 X..35
4312-4316 X..70
4317 X2
4318 X..20
4319 X..30
4320 X..35
4321-4323 N1
4324-4325 N6,date0 N4
4326 N6,date
4330-4333 N6 [X1]
7001 N13
7002 X..30
7003 N6,date N4
7004 N..4
7005 X..12
7006 N6,date
7007 N6,date [N6]
7008 X..3
7009 X..10
7010 X..2
7011 N6,date [N4]
7020-7022 X..20
7023 X..30
7030-7039 N3 X..27
7040 N1 X1 X1 X1
7041 X..4
710-716 X..20
7230-7239 X2 X..28
7240 X..20
7241 N2
7242 X..25
7250 N8
7251 N8 N4
7252 N1
7253-7254 X..40
7255 X..10
7256 X..90
7257 X..70
7258 X3
7259 X..40
8001 N14
8002 X..20
8003 N1 N13,csum [X..16]
8004 X..30
8005 N6
8006 N14,csum N4
8007 X..34
8008 N6,date N2 [N2] [N2]
8009 X..50
8010 Y..30
8011 N..12
8012 X..20
8013 X..25
8014 X..25
8017-8018 N18,csum
8019 N..10
8020 X..25
8026 N14,csum N4
8030 Z..90
8110 X..70
8111 N4
8112 X..70
8200 X..70
90 X..30
91-99 X..90
`;

function component(text: string): Component {
  const optional = text.startsWith('[');
  const [shape = '', check] = text.replace(/[[\]]/g, '').split(',');
  const m = /^([NXYZ])(\.\.)?(\d+)$/.exec(shape);
  if (!m) throw new Error(`bad GS1 component ${text}`);
  return {
    charset: m[1] as Charset,
    length: Number(m[3]),
    variable: m[2] !== undefined,
    optional,
    ...(check ? { check: check as Check } : {}),
  };
}

function rule(ai: string, components: readonly Component[]): AiRule {
  const max = components.reduce((n, c) => n + c.length, 0);
  const min = components.filter((c) => !c.optional).reduce((n, c) => n + (c.variable ? 1 : c.length), 0);
  return {
    ai,
    components,
    min,
    max,
    fixed: min === max,
    needsSeparator: !PREDEFINED_LENGTHS.has(ai.slice(0, 2)),
  };
}

function buildTable(): Map<string, AiRule> {
  const rules = new Map<string, AiRule>();
  for (const row of TABLE.trim().split('\n')) {
    const [ais = '', ...spec] = row.trim().split(/\s+/);
    const components = spec.map(component);
    const [first = '', last = first] = ais.split('-');
    for (let n = Number(first); n <= Number(last); n++) {
      const ai = String(n).padStart(first.length, '0');
      rules.set(ai, rule(ai, components));
    }
  }
  return rules;
}

let table: ReadonlyMap<string, AiRule> | undefined;

/**
 * Every AI the GS1 General Specifications define, by AI. Built at the first use, not when
 * the module loads: the count screen's code carries it, and Lighthouse's profile found it
 * building in the task that drew the count screen's first frame.
 */
export const aiRules = (): ReadonlyMap<string, AiRule> => (table ??= buildTable());

/** The known AI at the start of `text` (AIs are prefix-free: at most one matches). */
export function aiAt(text: string): AiRule | undefined {
  for (const n of [2, 3, 4]) {
    const found = aiRules().get(text.slice(0, n));
    if (found && text.length >= n) return found;
  }
  return undefined;
}

const CHARSETS: Readonly<Record<Charset, RegExp>> = {
  N: /^\d*$/,
  // GS1 AI encodable character set 82 (Gen. Specs figure 7.11-1).
  X: /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]*$/,
  // Character set 39 (figure 7.11-2).
  Y: /^[#\-/0-9A-Z]*$/,
  // Character set 64 (figure 7.11-3): base64url with its padding.
  Z: /^[A-Za-z0-9\-_=]*$/,
};

export const inCharset = (charset: Charset, value: string): boolean => CHARSETS[charset].test(value);

/** Why an element's data does not fit its AI (gs1.ts turns it into an error value). */
export type DataFault = 'bad_field' | 'bad_check_digit' | 'bad_date';

/** Checks `value` against its AI's components; null when it is valid. */
export function dataFault(rule: AiRule, value: string, today = new Date()): { fault: DataFault; why: string } | null {
  let pos = 0;
  for (const c of rule.components) {
    if (pos === value.length && c.optional) break;
    const part = c.variable ? value.slice(pos) : value.slice(pos, pos + c.length);
    if (part.length === 0 || part.length > c.length || (!c.variable && part.length < c.length)) {
      return { fault: 'bad_field', why: `must have ${lengthText(rule)} characters` };
    }
    if (!inCharset(c.charset, part))
      return { fault: 'bad_field', why: `has characters (${c.charset}) GS1 does not allow here` };
    if (c.check === 'csum' && !hasValidCheckDigit(part))
      return { fault: 'bad_check_digit', why: 'has a wrong check digit' };
    if ((c.check === 'date' || c.check === 'date0') && gs1Date(part, c.check === 'date0', today) === null) {
      return {
        fault: 'bad_date',
        why: `is not a calendar date (YYMMDD${c.check === 'date0' ? ', day 00 = end of month' : ''})`,
      };
    }
    pos += part.length;
  }
  return pos === value.length ? null : { fault: 'bad_field', why: `must have ${lengthText(rule)} characters` };
}

const lengthText = (rule: AiRule): string => (rule.fixed ? `${rule.max}` : `${rule.min} to ${rule.max}`);

/** The GS1 mod-10 check digit (EAN-8/13, UPC-A, GTIN-14, SSCC, GLN): weights 3,1,3… from the right. */
export function hasValidCheckDigit(digits: string): boolean {
  if (!/^\d{2,}$/.test(digits)) return false;
  let sum = 0;
  for (let i = digits.length - 2, w = 3; i >= 0; i--, w = 4 - w) sum += Number(digits[i]) * w;
  return (10 - (sum % 10)) % 10 === Number(digits[digits.length - 1]);
}

/**
 * A GS1 YYMMDD date as an ISO date (YYYY-MM-DD), or null when it is no calendar day. The
 * century follows Gen. Specs 7.12: the year nearest to `today`'s, up to 49 years back and
 * 50 ahead. Where `dayZero` (production, best-before, expiry…), day 00 stands for the last
 * day of the month.
 */
export function gs1Date(yymmdd: string, dayZero: boolean, today = new Date()): string | null {
  if (!/^\d{6}$/.test(yymmdd)) return null;
  const [yy, mm, dd] = [0, 2, 4].map((i) => Number(yymmdd.slice(i, i + 2))) as [number, number, number];
  const current = today.getUTCFullYear();
  const gap = yy - (current % 100);
  const century = current - (current % 100) + (gap >= 51 ? -100 : gap <= -50 ? 100 : 0);
  const year = century + yy;
  if (mm < 1 || mm > 12) return null;
  const lastDay = new Date(Date.UTC(year, mm, 0)).getUTCDate();
  const day = dd === 0 && dayZero ? lastDay : dd;
  if (day < 1 || day > lastDay) return null;
  return `${String(year).padStart(4, '0')}-${String(mm).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

import { describe, expect, it } from 'vitest';
import { makeLineKey, parseLineKey, type LineIdentity } from '../../src/core/lineKey';
import { prng, pick, unwrap, unwrapErr } from './coreTestUtils';

const id = (itemRef: string, bin: string, lot: string | null = null, serial: string | null = null): LineIdentity => ({
  itemRef,
  bin,
  lot,
  serial,
});

/** Values that would break a naive join/split or a lenient decoder. */
const TRICKY: readonly string[] = [
  'A1',
  'a|b',
  '|',
  '||',
  '|||',
  '%',
  '%7C',
  '%7c',
  '%25',
  '%%',
  '%zz',
  '/',
  'a/b',
  '\\',
  ' ',
  '  ',
  ' lead',
  'trail ',
  'a b',
  'é',
  'e\u0301', // "é" decomposed: a different string, so a different key
  'Crème brûlée',
  'ß',
  '日本語',
  '🙂',
  'a+b',
  'a&b=c',
  '#?',
  '\t',
  '\n',
  "'",
  '"',
  '~!*()',
  '-_.',
  'null',
  'undefined',
  '0',
  '\u0000',
  ',;:',
];

describe('makeLineKey', () => {
  it('joins the four parts with "|" and leaves plain text readable', () => {
    expect(makeLineKey(id('A1', 'B-01'))).toBe('A1|B-01||');
    expect(makeLineKey(id('A1', 'B-01', 'L7', 'SN-9'))).toBe('A1|B-01|L7|SN-9');
  });

  it('encodes separators, percent signs, slashes, spaces and accents', () => {
    expect(makeLineKey(id('a|b', 'x/y', '50%', 'é è'))).toBe('a%7Cb|x%2Fy|50%25|%C3%A9%20%C3%A8');
  });

  it('treats an absent and an empty lot or serial as the same thing', () => {
    expect(makeLineKey(id('A', 'B', '', null))).toBe(makeLineKey(id('A', 'B', null, null)));
    expect(makeLineKey(id('A', 'B', null, ''))).toBe(makeLineKey(id('A', 'B', null, null)));
    expect(makeLineKey(id('A', 'B', '', ''))).toBe('A|B||');
  });

  it('keeps the parts apart: moving a "|" from one part to the next changes the key', () => {
    const pairs: [LineIdentity, LineIdentity][] = [
      [id('a|b', 'c'), id('a', 'b|c')],
      [id('a', 'b|c'), id('a', 'b', 'c')],
      [id('a', 'b', 'c|d'), id('a', 'b', 'c', 'd')],
      [id('a', 'b', null, 'c'), id('a', 'b', 'c', null)],
      [id('a', 'b', '%7C'), id('a', 'b', '|')],
    ];
    for (const [x, y] of pairs) expect(makeLineKey(x), JSON.stringify([x, y])).not.toBe(makeLineKey(y));
  });
});

describe('parseLineKey', () => {
  it('round-trips simple keys, giving null for an absent lot or serial', () => {
    expect(unwrap(parseLineKey('A1|B-01||'))).toEqual(id('A1', 'B-01', null, null));
    expect(unwrap(parseLineKey('A1|B-01|L7|'))).toEqual(id('A1', 'B-01', 'L7', null));
    expect(unwrap(parseLineKey('A1|B-01||SN'))).toEqual(id('A1', 'B-01', null, 'SN'));
    expect(unwrap(parseLineKey(makeLineKey(id('A', 'B', '', ''))))).toEqual(id('A', 'B', null, null));
  });

  it('round-trips every combination of tricky values', () => {
    const rand = prng(2026);
    const lots = [null, '', ...TRICKY];
    let checked = 0;
    for (const itemRef of TRICKY) {
      for (const bin of TRICKY) {
        const identity = id(itemRef, bin, pick(rand, lots), pick(rand, lots));
        const key = makeLineKey(identity);
        const back = unwrap(parseLineKey(key));
        expect(back, key).toEqual({
          ...identity,
          lot: identity.lot === '' ? null : identity.lot,
          serial: identity.serial === '' ? null : identity.serial,
        });
        expect(makeLineKey(back)).toBe(key);
        expect(key.split('|')).toHaveLength(4);
        checked++;
      }
    }
    expect(checked).toBe(TRICKY.length ** 2);
  });

  it('gives different identities different keys (and equal identities equal keys)', () => {
    const normalise = (i: LineIdentity): string => JSON.stringify([i.itemRef, i.bin, i.lot || null, i.serial || null]);
    const byKey = new Map<string, string>();
    const byIdentity = new Map<string, string>();
    const parts = ['a', 'b', 'a|b', '|', '%', '%7C', '%25', ' ', '/', 'é', 'e\u0301'];
    const optional = [null, '', ...parts];
    for (const itemRef of parts)
      for (const bin of parts)
        for (const lot of optional)
          for (const serial of optional) {
            const identity = id(itemRef, bin, lot, serial);
            const key = makeLineKey(identity);
            const norm = normalise(identity);
            const seen = byKey.get(key);
            if (seen !== undefined) expect(seen, `key ${key} names two lines`).toBe(norm);
            byKey.set(key, norm);
            const seenKey = byIdentity.get(norm);
            if (seenKey !== undefined) expect(seenKey, `line ${norm} has two keys`).toBe(key);
            byIdentity.set(norm, key);
          }
    // null and '' collapse, so each optional part has parts.length + 1 distinct values.
    expect(byKey.size).toBe(parts.length ** 2 * (parts.length + 1) ** 2);
    expect(byIdentity.size).toBe(byKey.size);
  });

  it.each([
    ['empty string', ''],
    ['too few parts', 'A|B|C'],
    ['too many parts', 'A|B|C|D|E'],
    ['no separator', 'A1'],
    ['no item reference', '|B||'],
    ['no bin', 'A|||'],
    ['raw space (must be %20)', 'A B|C||'],
    ['raw slash (must be %2F)', 'A/B|C||'],
    ['raw accent (must be %C3%A9)', 'café|C||'],
    ['needlessly encoded letter', '%41|B||'],
    ['lowercase hex escape', 'caf%c3%a9|B||'],
    ['truncated escape', 'A|B|%|'],
    ['bad escape', 'A|B|%zz|'],
    ['half an escape', 'A|B|%E0%A4%A|'],
    ['invalid UTF-8', 'A|B|%FF|'],
    ['encoded lone surrogate', 'A|B|%ED%A0%80|'],
  ])('refuses a non-canonical or broken key: %s', (_label, key) => {
    expect(unwrapErr(parseLineKey(key)).code).toBe('invalid_line_key');
  });

  it('takes the characters encodeURIComponent leaves alone literally, and only those', () => {
    expect(makeLineKey(id('A+B', 'C'))).toBe('A%2BB|C||');
    expect(unwrapErr(parseLineKey('A+B|C||')).code).toBe('invalid_line_key'); // "+" must be %2B
    expect(unwrap(parseLineKey("x-_.!~*'()|B||"))).toEqual(id("x-_.!~*'()", 'B'));
  });

  it('never throws, whatever the string', () => {
    const rand = prng(5);
    const alphabet = ['|', '%', 'A', 'f', '0', '7', 'C', '2', ' ', 'é', '\uD800', '\uDC00', '/'];
    for (let i = 0; i < 3000; i++) {
      const len = Math.floor(rand() * 14);
      let s = '';
      for (let j = 0; j < len; j++) s += pick(rand, alphabet);
      const r = parseLineKey(s);
      if (r.ok) expect(makeLineKey(r.value)).toBe(s);
      else expect(r.error.code).toBe('invalid_line_key');
    }
  });

  it('does not echo an enormous input back in full', () => {
    const error = unwrapErr(parseLineKey('x'.repeat(5000)));
    expect(error.message.length).toBeLessThan(200);
  });
});

/**
 * The decode pipeline's own checks, without a browser: GTIN check digits, the
 * normalisation of engine reads to the app's convention (UPC-A as 12 digits, a 0-prefixed
 * EAN-13 as the UPC-A it is, UPC-E as 8 digits from either form, no wrong check digit, no
 * zxing-js EAN-8), the choice of the code nearest the middle, and when the camera counts
 * (two agreeing reads, once per appearance).
 */
import { describe, expect, it } from 'vitest';
import { gtinCheckDigitOk } from '../../src/app/scan/decode/checkDigits';
import type { Engine, RawRead } from '../../src/app/scan/decode/engine';
import { normalise } from '../../src/app/scan/decode/normalise';
import { createPipeline } from '../../src/app/scan/decode/pipeline';
import { Presence } from '../../src/app/scan/presence';

const read = (text: string, format: RawRead['format'], engine: RawRead['engine'] = 'zxing-wasm'): RawRead => ({
  text,
  format,
  gs1: false,
  engine,
});

describe('gtinCheckDigitOk', () => {
  it('accepts right check digits of every GTIN length and refuses a wrong one', () => {
    expect(gtinCheckDigitOk('9780764544200')).toBe(true); // EAN-13
    expect(gtinCheckDigitOk('890444000335')).toBe(true); // UPC-A
    expect(gtinCheckDigitOk('48512343')).toBe(true); // EAN-8
    expect(gtinCheckDigitOk('10012345678902')).toBe(true); // GTIN-14
    expect(gtinCheckDigitOk('9780764544201')).toBe(false);
    expect(gtinCheckDigitOk('890444000330')).toBe(false);
    expect(gtinCheckDigitOk('4851234')).toBe(false);
    expect(gtinCheckDigitOk('48512a43')).toBe(false);
  });
});

describe('normalise', () => {
  it('reports a 0-prefixed EAN-13 as the 12-digit UPC-A, whichever way the engine named it', () => {
    expect(normalise(read('0890444000335', 'EAN-13'))).toMatchObject({ text: '890444000335', format: 'UPC-A' });
    expect(normalise(read('890444000335', 'UPC-A'))).toMatchObject({ text: '890444000335', format: 'UPC-A' });
    expect(normalise(read('9780764544200', 'EAN-13'))).toMatchObject({ text: '9780764544200', format: 'EAN-13' });
  });

  it('refuses a retail code whose check digit fails, or of the wrong length', () => {
    expect(normalise(read('9780764544201', 'EAN-13'))).toBeNull();
    expect(normalise(read('890444000336', 'UPC-A'))).toBeNull();
    expect(normalise(read('1890444000335', 'UPC-A'))).toBeNull();
    expect(normalise(read('48512344', 'EAN-8'))).toBeNull();
    expect(normalise(read('01234566', 'UPC-E'))).toBeNull();
  });

  it('reports a UPC-E as its 8 printed digits, whether the engine gave 8, 12 or 13 digits', () => {
    for (const text of ['04252614', '042100005264', '0042100005264']) {
      expect(normalise(read(text, 'UPC-E'))).toMatchObject({ text: '04252614', format: 'UPC-E' });
    }
    expect(normalise(read('0042100005265', 'UPC-E'))).toBeNull(); // wrong check digit
    expect(normalise(read('0036000291452', 'UPC-E'))).toBeNull(); // a UPC-A with no UPC-E form
  });

  it('trusts an EAN-8 or UPC-E from ZXing-C++ but never from zxing-js (partial reads of longer symbols)', () => {
    expect(normalise(read('48512343', 'EAN-8'))).toMatchObject({ text: '48512343', engine: 'zxing-wasm' });
    expect(normalise(read('01234565', 'UPC-E'))).toMatchObject({ text: '01234565' });
    expect(normalise(read('48512343', 'EAN-8', 'zxing-js'))).toBeNull();
    expect(normalise(read('01234565', 'UPC-E', 'zxing-js'))).toBeNull();
  });

  it('keeps other texts as read, GS1 flag and GS separators included, and refuses an empty one', () => {
    const gs1 = { ...read('0109506000134352\u001d10AB-123', 'Code128'), gs1: true };
    expect(normalise(gs1)).toEqual(gs1);
    expect(normalise(read('', 'QRCode'))).toBeNull();
  });
});

/** An engine that answers the same reads for every picture (bounds in a 1000×1000 frame). */
const fixedEngine = (reads: RawRead[]): Engine => ({
  name: 'zxing-wasm',
  read: () => Promise.resolve(reads),
  dispose: () => undefined,
});
const frame = { width: 1000, height: 1000, data: new Uint8ClampedArray(4_000_000) } as ImageData;
const at = (text: string, x0: number, x1: number): RawRead => ({
  ...read(text, 'Code128'),
  bounds: { x0, y0: 400, x1, y1: 600 },
});

describe('the code aimed at', () => {
  it('is the one nearest the middle of the view, not the biggest', async () => {
    const decode = createPipeline([fixedEngine([at('BIG-AT-THE-SIDE', 0, 280), at('AIMED', 420, 560)])], {
      retries: false,
      budgetMs: 150,
    });
    expect(await decode(frame)).toMatchObject({ text: 'AIMED', aimed: true });
  });

  it('is not aimed when it lies outside the aiming area', async () => {
    const decode = createPipeline([fixedEngine([at('AT-THE-EDGE', 750, 990)])], { retries: false, budgetMs: 150 });
    expect(await decode(frame)).toMatchObject({ text: 'AT-THE-EDGE', aimed: false });
  });
});

describe('Presence (when the camera counts)', () => {
  it('counts a code once two successive reads agree, then not again while it stays in view', () => {
    const p = new Presence();
    const counted = [p.frame('A', 0), p.frame(null, 100), p.frame('A', 200), p.frame('A', 300), p.frame('A', 400)];
    expect(counted).toEqual([false, false, true, false, false]);
  });

  it('never counts a read that no second read confirms, even one between two reads of the right code', () => {
    const p = new Presence();
    const counted = ['A', 'MISREAD', 'A', 'A', 'MISREAD', 'A'].map((c, i) => [c, p.frame(c, i * 100)]);
    expect(counted.filter(([, yes]) => yes)).toEqual([['A', true]]);
  });

  it('counts a code again once it has left the view, and reads too far apart do not agree', () => {
    const p = new Presence();
    p.frame('A', 0);
    expect(p.frame('A', 100)).toBe(true);
    for (let t = 200; t <= 1200; t += 100) p.frame(null, t);
    expect(p.frame('A', 1300)).toBe(false);
    expect(p.frame('A', 1400)).toBe(true);
    const slow = new Presence();
    slow.frame('B', 0);
    expect(slow.frame('B', 2500)).toBe(false);
  });

  it('counts at the first read when asked for one read (the previous way)', () => {
    expect(new Presence(1).frame('A', 0)).toBe(true);
  });
});

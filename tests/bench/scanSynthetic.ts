/**
 * The generated scan test set: every format the scanner promises, rendered by bwip-js
 * (BWIPP, the reference barcode writer; GS1-128 and GS1 DataMatrix with real element
 * strings), placed on a label in a 1280×720 camera frame and damaged one way per image:
 * rotated, shrunk to 1.5 px per module, blurred, noised, low contrast, inverted,
 * perspective-warped, partly covered, or beside a second, bigger code of the same format.
 * Seeded: each run makes the same images, none stored. The pipeline was not tuned on it
 * (the parameters below were set before its first run, as a phone camera sees labels).
 */
import bwipjs from 'bwip-js/node';
import { PNG } from 'pngjs';
import { compressUpcA, expandUpcE, formatGs1 } from '../../src/core/gs1';
import {
  addNoise,
  background,
  blur,
  cover,
  drawWarped,
  prng,
  rectangle,
  toGray,
  type Gray,
  type Point,
} from './scanImages';

export const FORMATS = [
  'EAN-13',
  'EAN-8',
  'UPC-A',
  'UPC-E',
  'Code128',
  'Code39',
  'ITF-14',
  'QRCode',
  'DataMatrix',
  'GS1-128',
  'GS1 DataMatrix',
] as const;
export type Format = (typeof FORMATS)[number];

export const DAMAGES = [
  'clean',
  'rotated',
  'small',
  'blurred',
  'noisy',
  'low contrast',
  'inverted',
  'perspective',
  'covered',
  'two codes',
] as const;
export type Damage = (typeof DAMAGES)[number];

export interface Sample {
  readonly format: Format;
  readonly damage: Damage;
  /** What the pipeline must answer (GS1: the element string with GS separators). */
  readonly expected: string;
  readonly gs1: boolean;
  readonly image: Gray;
}

const [W, H] = [1280, 720];
/** Pixels per module in the rendered label (1D: bwip-js scale 4; 2D: scale 2, two pixels a module each). */
const LABEL_PX = 4;
const TWO_D: ReadonlySet<Format> = new Set(['QRCode', 'DataMatrix', 'GS1 DataMatrix']);

const digits = (rand: () => number, n: number): string =>
  Array.from({ length: n }, () => String(Math.floor(rand() * 10))).join('');
const chars = (rand: () => number, set: string, min: number, max: number): string =>
  Array.from({ length: min + Math.floor(rand() * (max - min + 1)) }, () =>
    set.charAt(Math.floor(rand() * set.length)),
  ).join('');
const withCheck = (body: string): string => {
  let sum = 0;
  for (let i = body.length - 1, w = 3; i >= 0; i--, w = 4 - w) sum += Number(body[i]) * w;
  return body + String((10 - (sum % 10)) % 10);
};
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const yymmdd = (rand: () => number): string =>
  `${String(25 + Math.floor(rand() * 5))}${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;

interface Payload {
  readonly bcid: string;
  /** What bwip-js is given. */
  readonly text: string;
  readonly expected: string;
  readonly gs1: boolean;
  /** Bar height over symbol width, for 1D codes. */
  readonly aspect?: number;
}

function gs1Payload(rand: () => number): { hri: string; raw: string } {
  const fields: [string, string][] = [
    ['01', withCheck(`0${digits(rand, 12)}`)],
    ['17', yymmdd(rand)],
    ['10', chars(rand, ALNUM, 3, 8)],
  ];
  if (rand() < 0.5) fields.push(['21', chars(rand, ALNUM, 4, 10)]);
  return { hri: fields.map(([ai, v]) => `(${ai})${v}`).join(''), raw: formatGs1(fields) };
}

function payload(format: Format, rand: () => number): Payload {
  switch (format) {
    case 'EAN-13': {
      const code = withCheck(`${1 + Math.floor(rand() * 9)}${digits(rand, 11)}`);
      return { bcid: 'ean13', text: code, expected: code, gs1: false, aspect: 0.7 };
    }
    case 'EAN-8': {
      const code = withCheck(digits(rand, 7));
      return { bcid: 'ean8', text: code, expected: code, gs1: false, aspect: 0.7 };
    }
    case 'UPC-A': {
      const code = withCheck(digits(rand, 11));
      return { bcid: 'upca', text: code, expected: code, gs1: false, aspect: 0.7 };
    }
    case 'UPC-E': {
      // A UPC-E as GS1 writes it (the one form its UPC-A compresses to).
      for (;;) {
        const body = `0${digits(rand, 6)}`;
        for (let c = 0; c <= 9; c++) {
          const upce = `${body}${c}`;
          const upcA = expandUpcE(upce);
          if (upcA && compressUpcA(upcA) === upce)
            return { bcid: 'upce', text: upce, expected: upce, gs1: false, aspect: 0.8 };
        }
      }
    }
    case 'Code128': {
      const code = `${chars(rand, 'ABCDEFGHJKLMNPRSTUVWXYZ', 2, 4)}-${digits(rand, 4 + Math.floor(rand() * 5))}`;
      return { bcid: 'code128', text: code, expected: code, gs1: false, aspect: 0.35 };
    }
    case 'Code39': {
      const code = chars(rand, `${ALNUM}-`, 5, 9);
      return { bcid: 'code39', text: code, expected: code, gs1: false, aspect: 0.3 };
    }
    case 'ITF-14': {
      const code = withCheck(`${1 + Math.floor(rand() * 8)}${digits(rand, 12)}`);
      return { bcid: 'itf14', text: code, expected: code, gs1: false, aspect: 0.3 };
    }
    case 'QRCode': {
      const code =
        rand() < 0.5
          ? `https://exemple.fr/p/${chars(rand, ALNUM, 6, 16)}`
          : `PCE-${digits(rand, 6)} LOT ${chars(rand, ALNUM, 3, 8)}`;
      return { bcid: 'qrcode', text: code, expected: code, gs1: false };
    }
    case 'DataMatrix': {
      const code = `REF ${chars(rand, ALNUM, 4, 12)}/${digits(rand, 3)}`;
      return { bcid: 'datamatrix', text: code, expected: code, gs1: false };
    }
    case 'GS1-128': {
      const { hri, raw } = gs1Payload(rand);
      return { bcid: 'gs1-128', text: hri, expected: raw, gs1: true, aspect: 0.25 };
    }
    case 'GS1 DataMatrix': {
      const { hri, raw } = gs1Payload(rand);
      return { bcid: 'gs1datamatrix', text: hri, expected: raw, gs1: true };
    }
  }
}

/** The symbol on its label: dark modules 0, paper 255, with its quiet zone, LABEL_PX pixels a module. */
async function render(p: Payload, twoD: boolean): Promise<Gray> {
  const probe = PNG.sync.read(
    await bwipjs.toBuffer({ bcid: p.bcid, text: p.text, scale: 1, height: 10, backgroundcolor: 'FFFFFF' }),
  );
  const options = twoD
    ? { bcid: p.bcid, text: p.text, scale: 2, backgroundcolor: 'FFFFFF' }
    : // bwip-js heights are in millimetres at 72 dpi (≈2.835 px at scale 1).
      {
        bcid: p.bcid,
        text: p.text,
        scale: LABEL_PX,
        height: ((p.aspect ?? 0.5) * probe.width) / 2.835,
        backgroundcolor: 'FFFFFF',
      };
  const png = PNG.sync.read(await bwipjs.toBuffer(options));
  const quiet = (twoD ? 3 : 11) * LABEL_PX;
  const width = png.width + 2 * quiet;
  const height = png.height + 2 * (twoD ? quiet : 4 * LABEL_PX);
  const pixels = new Uint8Array(width * height).fill(255);
  const top = (height - png.height) >> 1;
  for (let y = 0; y < png.height; y++)
    for (let x = 0; x < png.width; x++)
      pixels[(top + y) * width + quiet + x] = png.data[(y * png.width + x) * 4] ?? 255;
  return { width, height, pixels };
}

/** The label's pixels as printed: `ink` for dark modules, `paper` for the rest. */
function printed(label: Gray, ink: number, paper: number): Gray {
  const pixels = new Uint8Array(label.pixels.length);
  for (let i = 0; i < pixels.length; i++)
    pixels[i] = Math.round(paper + ((ink - paper) * (255 - (label.pixels[i] ?? 255))) / 255);
  return { ...label, pixels };
}

const deg = (d: number): number => (d * Math.PI) / 180;

/** Where a label lands: its corners in the frame for a module size, centre and angle. */
function place(label: Gray, module: number, cx: number, cy: number, angle: number): [Point, Point, Point, Point] {
  return rectangle(cx, cy, (label.width / LABEL_PX) * module, (label.height / LABEL_PX) * module, angle);
}

async function sample(format: Format, damage: Damage, rand: () => number): Promise<Sample> {
  const p = payload(format, rand);
  const twoD = TWO_D.has(format);
  const label = await render(p, twoD);
  const modules = label.width / LABEL_PX;
  const frame = background(W, H, rand);
  const jitter = (n: number): number => (rand() - 0.5) * 2 * n;
  // Codes as big as a phone shows them at arm's length, but no wider than most of the view.
  let module = Math.min(2.4 + rand() * 0.8, (0.8 * W) / modules);
  let angle = deg(jitter(4));
  let [ink, paper] = [25, 240];
  if (damage === 'rotated') angle = twoD ? deg(rand() * 360) : deg(90 * Math.floor(rand() * 4) + jitter(20));
  if (damage === 'small') module = 1.5;
  if (damage === 'low contrast') [ink, paper] = [115, 175];
  if (damage === 'inverted') [ink, paper] = [235, 30];
  // Whole in the view, however it is turned (a camera user frames the code).
  const [lw, lh] = [modules, label.height / LABEL_PX];
  const [cos, sin] = [Math.abs(Math.cos(angle)), Math.abs(Math.sin(angle))];
  module = Math.min(module, (0.9 * W) / (lw * cos + lh * sin), (0.9 * H) / (lw * sin + lh * cos));
  const cx = W / 2 + jitter(40);
  const cy = H / 2 + jitter(30);
  let quad: [Point, Point, Point, Point];
  if (damage === 'two codes') {
    // The aimed code in the middle; a bigger one of the same format beside it, or above or
    // below it when two of these side by side would not fit the view.
    const other = await render(payload(format, rand), twoD);
    const otherModules = other.width / LABEL_PX;
    const sideBySide = 2.2 * modules <= 0.36 * W;
    const otherModule = Math.min(3.2, ((sideBySide ? 0.25 : 0.8) * W) / otherModules);
    const [ox, oy] = sideBySide
      ? [(rand() < 0.5 ? 0.13 : 0.87) * W, H / 2 + jitter(60)]
      : [W / 2 + jitter(60), (rand() < 0.5 ? 0.13 : 0.87) * H];
    drawWarped(frame, W, H, printed(other, ink, paper), place(other, otherModule, ox, oy, angle));
    module = Math.max(1.5, Math.min(module, otherModule * 0.85, ((sideBySide ? 0.34 : 0.8) * W) / modules));
    quad = place(label, module, W / 2, sideBySide ? cy : H / 2, angle);
  } else quad = place(label, module, cx, cy, angle);
  if (damage === 'perspective') {
    const [lw, lh] = [(label.width / LABEL_PX) * module, (label.height / LABEL_PX) * module];
    quad = quad.map(([x, y]) => [x + jitter(0.12 * lw), y + jitter(0.12 * lh)] as Point) as typeof quad;
  }
  drawWarped(frame, W, H, printed(label, ink, paper), quad);
  if (damage === 'covered') coverPart(frame, quad, twoD, rand);
  if (damage === 'blurred') blur(frame, W, H, 1);
  addNoise(frame, damage === 'noisy' ? 30 : 3, rand);
  return { format, damage, expected: p.expected, gs1: p.gs1, image: toGray(frame, W, H) };
}

/** A finger or a strap over part of the symbol: across a third of the bars' height, or a patch inside a 2D code. */
function coverPart(frame: Float32Array, quad: [Point, Point, Point, Point], twoD: boolean, rand: () => number): void {
  const at = (u: number, v: number): Point => {
    const [[x0, y0], [x1, y1], [x2, y2], [x3, y3]] = quad;
    const top: Point = [x0 + (x1 - x0) * u, y0 + (y1 - y0) * u];
    const bottom: Point = [x3 + (x2 - x3) * u, y3 + (y2 - y3) * u];
    return [top[0] + (bottom[0] - top[0]) * v, top[1] + (bottom[1] - top[1]) * v];
  };
  const [u0, u1, v0, v1] = twoD
    ? ((u: number, v: number) => [u, u + 0.2, v, v + 0.2])(0.4 + rand() * 0.15, 0.35 + rand() * 0.15)
    : rand() < 0.5
      ? [0, 1, 0, 0.4]
      : [0, 1, 0.6, 1];
  cover(frame, W, [at(u0, v0), at(u1, v0), at(u1, v1), at(u0, v1)], 90 + rand() * 60);
}

/** `perCell` images for every format × damage, the same for a given seed. */
export async function generateSet(seed: number, perCell: number): Promise<Sample[]> {
  const rand = prng(seed);
  const out: Sample[] = [];
  for (const format of FORMATS)
    for (const damage of DAMAGES) for (let i = 0; i < perCell; i++) out.push(await sample(format, damage, rand));
  return out;
}

/** One sample for a format and a damage (the camera benchmark's frames). */
export function oneSample(format: Format, damage: Damage, seed: number): Promise<Sample> {
  return sample(format, damage, prng(seed));
}

/** A plain frame with EAN-13 codes at given centres and module sizes (the e2e camera test's frames). */
export async function ean13Frame(
  width: number,
  height: number,
  codes: readonly { readonly code: string; readonly x: number; readonly y: number; readonly module: number }[],
): Promise<Gray> {
  const frame = background(width, height, prng(1));
  for (const c of codes) {
    const label = await render({ bcid: 'ean13', text: c.code, expected: c.code, gs1: false, aspect: 0.7 }, false);
    drawWarped(frame, width, height, printed(label, 25, 240), place(label, c.module, c.x * width, c.y * height, 0));
  }
  return toGray(frame, width, height);
}

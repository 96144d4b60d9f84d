/**
 * What the pipeline tries, in order: each engine once on the frame as it is, then the
 * retries that rescued photos in the benchmark (`npm run bench:scan`), cheapest and most
 * fruitful first. ZXing-C++ already rotates, inverts and downscales inside the wasm, so
 * its retries are about thin bars (upscaling) and a code lost in a big frame (centre crop);
 * zxing-js retries only after it, since each zxing-js miss costs tens of milliseconds.
 */
import type { ReadOptions } from './engine';
import { centreCrop, scale, stretchContrast, type Luma } from './image';
import type { DecodeEngine } from './types';

/** An image transform; null when it would not help at this size. */
export type Transform = (luma: Luma) => Luma | null;

export interface Step {
  readonly engine: DecodeEngine;
  /** Keyed so that engines trying the same transform share its pixels. */
  readonly transform?: { readonly name: string; readonly apply: Transform };
  readonly options?: ReadOptions;
}

/** Upscaled images stay under this size: a camera frame doubled would cost more than it brings. */
const MAX_PIXELS = 1_300_000;

/** Bars of one or two pixels come out as grey mush; doubling gives the binarizer edges to find. */
function upscale(luma: Luma): Luma | null {
  const factor = Math.min(2, Math.sqrt(MAX_PIXELS / (luma.width * luma.height)));
  return factor >= 1.25 ? scale(luma, factor) : null;
}

const UPSCALE = { name: 'upscale', apply: upscale };
const CROP_UPSCALE = { name: 'crop-upscale', apply: (l: Luma) => upscale(centreCrop(l, 0.75)) };
const CONTRAST_UPSCALE = { name: 'contrast-upscale', apply: (l: Luma) => upscale(stretchContrast(l)) };

/** One pass of each engine on the frame as it is (all the benchmark's "engine alone" does). */
export function firstPass(engines: readonly DecodeEngine[]): Step[] {
  return engines.map((engine) => ({ engine }));
}

/**
 * The retries, measured on the 180 fixture photos: each line rescued photos that no
 * earlier step read, without a misread.
 */
export const RETRIES: readonly Step[] = [
  { engine: 'zxing-wasm', transform: UPSCALE },
  { engine: 'zxing-wasm', transform: CROP_UPSCALE },
  { engine: 'zxing-js', options: { globalBinarizer: true } },
  { engine: 'zxing-wasm', transform: CONTRAST_UPSCALE },
  { engine: 'zxing-js', transform: UPSCALE },
  { engine: 'zxing-js', transform: CROP_UPSCALE },
];

/**
 * What the pipeline tries on a frame, in order (see `plan`): the order and the set were
 * measured with `npm run bench:scan --verbose`. ZXing-C++ already rotates, inverts and
 * downscales inside the wasm, so the retries are about thin bars (upscaling), a code lost
 * in a wide view (centre crop), dull photos (contrast) and zxing-js's other binarizer.
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
  /** Skipped once the frame has used its time budget (the first pass and cheap retries never are). */
  readonly budgeted?: boolean;
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

/**
 * The plan for one frame. Each engine once on the frame as it is (all that `retries:
 * false` does: the benchmark's "engine alone"), except that the cheap ZXing-C++ retries
 * come before the slow zxing-js pass: they rescue most of what is left (7 of the UPC-A
 * photos) in about 15 ms, where a zxing-js miss costs 50-150 ms. Then the retries under
 * the time budget. Measured on the 180 fixture photos: each retry rescues photos that no
 * earlier step read, without a misread.
 */
export function plan(engines: readonly DecodeEngine[], retries: boolean): Step[] {
  const firstPass = engines.map((engine): Step => ({ engine }));
  if (!retries) return firstPass;
  const has = (step: Step): boolean => engines.includes(step.engine);
  const slow = (step: Step): boolean => step.engine === 'zxing-js';
  return [
    ...firstPass.filter((s) => !slow(s)),
    ...CHEAP_RETRIES.filter(has),
    ...firstPass.filter(slow),
    ...BUDGETED_RETRIES.filter(has).map((s) => ({ ...s, budgeted: true })),
  ];
}

const CHEAP_RETRIES: readonly Step[] = [
  { engine: 'zxing-wasm', transform: UPSCALE },
  { engine: 'zxing-wasm', transform: CROP_UPSCALE },
];

const BUDGETED_RETRIES: readonly Step[] = [
  { engine: 'zxing-js', options: { globalBinarizer: true } },
  { engine: 'zxing-wasm', transform: CONTRAST_UPSCALE },
  { engine: 'zxing-js', transform: UPSCALE },
  { engine: 'zxing-js', transform: CROP_UPSCALE },
];

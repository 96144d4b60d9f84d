/**
 * What the pipeline tries on a frame, in order (see `plan`): the order and the set were
 * measured with `npm run bench:scan -- --verbose` on the fixture photos and the generated
 * set. ZXing-C++ already rotates, downscales and inverts 2D codes inside the wasm, so the
 * retries are about thin bars (upscaling), a code lost in a wide view or beside another
 * (centre crops), light-on-dark 1D codes (inversion), tilted or noisy 1D codes (turned
 * upright), blurred 2D codes (sharpening), dull photos (contrast) and zxing-js's other
 * binarizer.
 */
import type { ReadOptions } from './engine';
import {
  barAngle,
  centreCrop,
  invert,
  rotateBy,
  scale,
  sharpen,
  smoothVertically,
  stretchContrast,
  type Luma,
} from './image';
import type { DecodeEngine } from './types';

export interface Transform {
  /** Keyed so that engines trying the same transform share its pixels. */
  readonly name: string;
  /** Null when it would not help at this size. */
  readonly apply: (luma: Luma) => Luma | null;
  /** The centred fraction of the frame the result shows (1: all of it), to place a symbol back in the frame. */
  readonly crop: number;
}

export interface Step {
  readonly engine: DecodeEngine;
  readonly transform?: Transform;
  readonly options?: ReadOptions;
  /** Skipped once the frame has used its time budget (the first pass and cheap retries never are). */
  readonly budgeted?: boolean;
}

/** Upscaled images stay under this size: a camera frame doubled would cost more than it brings. */
const MAX_PIXELS = 1_300_000;

/** Bars of one or two pixels come out as grey mush; doubling gives the binarizer edges to find. */
function upscale(luma: Luma, most = 2): Luma | null {
  const factor = Math.min(most, Math.sqrt(MAX_PIXELS / (luma.width * luma.height)));
  return factor >= 1.25 ? scale(luma, factor) : null;
}

const UPSCALE: Transform = { name: 'upscale', apply: upscale, crop: 1 };
const CROP_UPSCALE: Transform = { name: 'crop-upscale', apply: (l) => upscale(centreCrop(l, 0.75)), crop: 0.75 };
const CONTRAST_UPSCALE: Transform = {
  name: 'contrast-upscale',
  apply: (l) => upscale(stretchContrast(l)),
  crop: 1,
};
const INVERT: Transform = { name: 'invert', apply: invert, crop: 1 };
/**
 * A tilted 1D code turned upright (its bars vertical), then smoothed along its bars: rows
 * then cross every bar, and sensor noise averages out without blurring a single edge.
 */
function upright(source: Luma): Luma | null {
  const angle = barAngle(source);
  if (angle === null) return null;
  const luma = upscale(source) ?? source;
  return smoothVertically(Math.abs(angle) < 0.03 ? luma : rotateBy(luma, angle), 3);
}
const UPRIGHT: Transform = { name: 'upright', apply: upright, crop: 1 };
/** The same for a light-on-dark code (a second read of an inverted UPC-E, see pipeline.ts). */
const INVERT_UPRIGHT: Transform = { name: 'invert-upright', apply: (l) => upright(invert(l)), crop: 1 };
/** Blurred modules: crisper edges, then room between them (tripled for a small photo of one-pixel bars). */
const SHARPEN_UPSCALE: Transform = {
  name: 'sharpen-upscale',
  apply: (l) => upscale(sharpen(l)) ?? sharpen(l),
  crop: 1,
};
const SHARPEN_UPSCALE_3: Transform = { name: 'sharpen-upscale-3', apply: (l) => upscale(sharpen(l), 3), crop: 1 };
/** Only the middle of the view: the code aimed at, without the neighbour an engine found first. */
const AIM_UPSCALE: Transform = { name: 'aim-upscale', apply: (l) => upscale(centreCrop(l, 0.5)), crop: 0.5 };

/**
 * The plan for one frame. Each engine once on the frame as it is (all that `retries:
 * false` does: the benchmark's "engine alone"), the fast ones first; then the retries,
 * under the time budget, most useful first: on a 1280×720 camera frame each costs
 * 20-100 ms, so a frame without a code stops after the budget, and the next frame comes.
 * zxing-js's first pass comes after the ZXing-C++ retries that rescue most of what it
 * would (a zxing-js miss costs 50-300 ms).
 */
export function plan(engines: readonly DecodeEngine[], retries: boolean): Step[] {
  const firstPass = engines.map((engine): Step => ({ engine }));
  if (!retries) return firstPass;
  const has = (step: Step): boolean => engines.includes(step.engine);
  const slow = (step: Step): boolean => step.engine === 'zxing-js';
  return [
    ...firstPass.filter((s) => !slow(s)),
    ...[...RETRIES.slice(0, 7), ...firstPass.filter(slow), ...RETRIES.slice(7)]
      .filter(has)
      .map((s) => ({ ...s, budgeted: true })),
  ];
}

const RETRIES: readonly Step[] = [
  { engine: 'zxing-wasm', transform: INVERT },
  { engine: 'zxing-wasm', transform: UPRIGHT },
  { engine: 'zxing-wasm', transform: INVERT_UPRIGHT },
  { engine: 'zxing-wasm', transform: UPSCALE },
  { engine: 'zxing-wasm', transform: CROP_UPSCALE },
  { engine: 'zxing-wasm', transform: SHARPEN_UPSCALE },
  { engine: 'zxing-wasm', transform: SHARPEN_UPSCALE_3 },
  // (zxing-js's first pass here)
  { engine: 'zxing-wasm', transform: AIM_UPSCALE },
  { engine: 'zxing-js', options: { globalBinarizer: true } },
  { engine: 'zxing-wasm', transform: CONTRAST_UPSCALE },
  { engine: 'zxing-js', transform: UPSCALE },
  { engine: 'zxing-js', transform: CROP_UPSCALE },
  { engine: 'zxing-js', transform: UPRIGHT },
  { engine: 'zxing-js', transform: INVERT },
];

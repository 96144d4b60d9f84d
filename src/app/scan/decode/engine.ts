/**
 * What every engine adapter (native, zxing-js, zxing-wasm) provides to the pipeline: the
 * reads of one image, in the engine's own words, before the pipeline's checks.
 */
import type { BarcodeFormat, DecodeEngine } from './types';
import type { Picture } from './image';

/** An engine's answer before normalisation and check-digit validation. */
export interface RawRead {
  readonly text: string;
  readonly format: BarcodeFormat;
  /** The engine saw GS1 data (FNC1 first, `]C1`/`]d2`/`]Q3`, or its GS1 content type). */
  readonly gs1: boolean;
  readonly engine: DecodeEngine;
  /** The symbol's bounds in the picture's pixels, when the engine gives them. */
  readonly bounds?: { readonly x0: number; readonly y0: number; readonly x1: number; readonly y1: number };
}

/** How hard an engine should look: the first pass is fast, retries may ask for more. */
export interface ReadOptions {
  /** zxing-js: the other binarizer (global histogram instead of the local hybrid one). */
  readonly globalBinarizer?: boolean;
}

export interface Engine {
  readonly name: DecodeEngine;
  /** Every symbol read (empty for none); never throws for an image without a code. */
  read(image: Picture, options?: ReadOptions): Promise<RawRead[]>;
  dispose(): void;
}

/** The bounds of a set of points (a symbol's corners, a 1D code's end points). */
export function boundsOf(points: readonly { x: number; y: number }[]): RawRead['bounds'] {
  if (points.length === 0) return undefined;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

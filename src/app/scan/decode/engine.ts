/**
 * What every engine adapter (native, zxing-js, zxing-wasm) provides to the pipeline: one
 * read of one image, in the engine's own words, before the pipeline's checks.
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
}

/** How hard an engine should look: the first pass is fast, retries may ask for more. */
export interface ReadOptions {
  /** zxing-js: the other binarizer (global histogram instead of the local hybrid one). */
  readonly globalBinarizer?: boolean;
}

export interface Engine {
  readonly name: DecodeEngine;
  /** Null for "nothing read"; never throws for an image without a code. */
  read(image: Picture, options?: ReadOptions): Promise<RawRead | null>;
  dispose(): void;
}

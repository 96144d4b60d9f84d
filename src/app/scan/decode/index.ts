/**
 * The scanner's decoder: `createDecoder()` gives the camera a `Decoder` (see types.ts).
 * Reached only through a dynamic import, so the engines stay out of the first-load bundle.
 */
import type { Engine } from './engine';
import { decodeFrame } from './pipeline';
import type { DecodeEngine, Decoder, DecoderOptions } from './types';
import { createZxingJsEngine } from './zxingJs';

export type { BarcodeFormat, DecodeEngine, Decoded, Decoder, DecoderOptions } from './types';

const ALL_ENGINES: readonly DecodeEngine[] = ['zxing-js'];

export async function createDecoder(options: DecoderOptions = {}): Promise<Decoder> {
  const wanted = options.engines ?? ALL_ENGINES;
  const engines: Engine[] = [];
  for (const name of wanted) {
    if (name === 'zxing-js') engines.push(createZxingJsEngine());
  }
  return {
    decode: (frame) => decodeFrame(engines, frame),
    dispose: () => engines.forEach((e) => e.dispose()),
  };
}

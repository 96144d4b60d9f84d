/**
 * What the decode bench page (main.ts, in Chromium) and its driver (../decodeHarness.ts,
 * in Node) say to each other through `window.decodeBench`.
 */
import type { Decoded, DecoderOptions } from '../../../src/app/scan/decode/types';

/** One decoder of the run: the app's pipeline, or one engine alone without retries. */
export interface DecoderSpec {
  readonly name: string;
  readonly options: DecoderOptions;
}

export interface Attempt {
  readonly name: string;
  readonly decoded: Decoded | null;
  /** Time of `decoder.decode(frame)` only (the image is already pixels). */
  readonly ms: number;
}

export interface DecodeBenchApi {
  /** Creates the decoders; returns the names of those whose engines this browser has. */
  init(specs: readonly DecoderSpec[]): Promise<string[]>;
  /** Decodes one image file (base64) with every decoder of `init`, in order. */
  decode(imageBase64: string): Promise<Attempt[]>;
}

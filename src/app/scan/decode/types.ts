/**
 * The contract between the camera (which grabs frames) and the decode pipeline (which
 * reads barcodes in them). Both sides of the scanner depend on this file only, so the
 * engines behind the pipeline can change without touching the camera or the count.
 */

/** The symbologies a warehouse label carries (what the pipeline is asked to read). */
export type BarcodeFormat =
  'EAN-13' | 'EAN-8' | 'UPC-A' | 'UPC-E' | 'Code128' | 'Code39' | 'ITF' | 'QRCode' | 'DataMatrix';

/** Which reader found it: for the benchmark and for diagnosing misreads, never for the count. */
export type DecodeEngine = 'native' | 'zxing-js' | 'zxing-wasm';

export interface Decoded {
  /** The text as encoded; GS1 element strings keep their FNC1 as ASCII 29 (GS). */
  readonly text: string;
  readonly format: BarcodeFormat;
  readonly engine: DecodeEngine;
  /** True when the symbol carried GS1 data (GS1-128, GS1 DataMatrix / QR). */
  readonly gs1: boolean;
}

export interface Decoder {
  /**
   * Reads at most one barcode in a frame (RGBA pixels, as from a canvas); null when none
   * could be read with confidence. Never throws for a frame without a code.
   */
  decode(frame: ImageData): Promise<Decoded | null>;
  /** Frees the engines (wasm memory, workers). */
  dispose(): void;
}

/** How `createDecoder` builds the pipeline; the app passes nothing, the benchmark isolates engines. */
export interface DecoderOptions {
  /** The engines to use, in this order (default: every engine this browser can run). */
  readonly engines?: readonly DecodeEngine[];
  /** Cheap retries (rotations, scaling, inversion, crops) when a first pass reads nothing (default true). */
  readonly retries?: boolean;
  /** Retries start only while the frame's decode has taken less than this (default 150 ms). */
  readonly budgetMs?: number;
}

/**
 * The contract between the camera (which grabs frames) and the decode pipeline (which
 * reads barcodes in them). Both sides of the scanner depend on this file only, so the
 * engines behind the pipeline, and the thread they run on, can change without touching
 * the camera or the count.
 */

/** The symbologies a warehouse label carries (what the pipeline is asked to read). */
export type BarcodeFormat =
  'EAN-13' | 'EAN-8' | 'UPC-A' | 'UPC-E' | 'Code128' | 'Code39' | 'ITF' | 'QRCode' | 'DataMatrix';

/** Which reader found it: for the benchmark and for diagnosing misreads, never for the count. */
export type DecodeEngine = 'native' | 'zxing-js' | 'zxing-wasm';

/** Where a symbol lies in the frame, as fractions of its width and height (0…1 each way). */
export interface Box {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** The aiming area: the middle of the view, as fractions of the frame (a code touching it is aimed at). */
export const AIM: Box = { left: 0.3, top: 0.3, right: 0.7, bottom: 0.7 };

export interface Decoded {
  /** The text as encoded; GS1 element strings keep their FNC1 as ASCII 29 (GS). */
  readonly text: string;
  readonly format: BarcodeFormat;
  readonly engine: DecodeEngine;
  /** True when the symbol carried GS1 data (GS1-128, GS1 DataMatrix / QR). */
  readonly gs1: boolean;
  /** The symbol's bounds in the frame, when the engine says where it is. */
  readonly box?: Box;
  /**
   * The symbol touches the aiming area (the middle of the view): only such a code may be
   * counted from the camera, so a second code at the edge of the view never is.
   */
  readonly aimed: boolean;
}

/** A camera frame, or a still image, as the decoder takes it (a VideoFrame or ImageBitmap is transferred and closed). */
export type Frame = ImageData | ImageBitmap | VideoFrame;

export interface Decoder {
  /**
   * Reads at most one barcode in a frame: the one nearest the middle; null when none could
   * be read with confidence. Never throws for a frame without a code.
   */
  decode(frame: Frame): Promise<Decoded | null>;
  /** Frees the engines (wasm memory, the worker). */
  dispose(): void;
}

/** How `createDecoder` builds the pipeline; the app passes nothing, the benchmark isolates engines. */
export interface DecoderOptions {
  /** The engines to use, in this order (default: every engine this browser can run). */
  readonly engines?: readonly DecodeEngine[];
  /** Retries (scaling, inversion, crops, contrast) when a first pass reads nothing (default true). */
  readonly retries?: boolean;
  /** Retries start only while the frame's decode has taken less than this (default 500 ms in the worker, 150 on the page). */
  readonly budgetMs?: number;
  /**
   * Where the engines run: in a Web Worker (default: the page never waits on a decode), or
   * on the page's own thread (the pipeline before the worker, kept for the benchmark).
   */
  readonly thread?: 'worker' | 'page';
}

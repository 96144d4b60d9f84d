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

/** The live-camera run: codes shown one after the other to the app's scan loop. */
export interface CameraRunSpec {
  /** The previous pipeline (decoding on the page, counting the first read) or the new one. */
  readonly mode: 'page, first read' | 'worker, two reads agree';
  /** Each code is held in view until counted, at most maxHoldMs, then afterCountMs more; then the view stays empty gapMs. */
  readonly maxHoldMs: number;
  readonly afterCountMs: number;
  readonly gapMs: number;
}

export interface CameraRunResult {
  /** Per code shown: its expected text and what was counted while it was in view (with the delay from its first frame). */
  readonly shown: readonly { expected: string; counted: readonly { text: string; ms: number }[] }[];
  /** Tasks over 50 ms on the page's thread while the camera ran (the Long Tasks API), and the longest of them (0: none). */
  readonly longestTaskMs: number;
  readonly longTasks: number;
  /** The longest gap between two ticks of a 5 ms timer: a task, or the thread waiting for a loaded machine's CPU. */
  readonly longestGapMs: number;
  readonly frames: number;
}

export interface DecodeBenchApi {
  /** Creates the decoders; returns the names of those whose engines this browser has. */
  init(specs: readonly DecoderSpec[]): Promise<string[]>;
  /** Decodes one image file (base64) with every decoder of `init`, in order. */
  decode(imageBase64: string): Promise<Attempt[]>;
  /** Decodes one grey frame (one byte a pixel, base64) with every decoder of `init` (or only the one named). */
  decodeGray(grayBase64: string, width: number, height: number, only?: string): Promise<Attempt[]>;
  /** Keeps a grey frame (with the text it shows) for the camera run. */
  addCameraFrame(grayBase64: string, width: number, height: number, expected: string): void;
  /** Shows the kept frames, in order, to the app's scan loop through a canvas-fed video. */
  cameraRun(spec: CameraRunSpec): Promise<CameraRunResult>;
}

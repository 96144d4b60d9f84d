/** What the page (workerDecoder.ts) and the decode worker (decode.worker.ts) say to each other. */
import type { DecodeEngine, Decoded, Frame } from './types';

export interface StartCall {
  readonly type: 'start';
  readonly engines: readonly DecodeEngine[];
  readonly retries: boolean;
  readonly budgetMs: number;
}

/** One frame, transferred (a VideoFrame, an ImageBitmap, or an ImageData's buffer). */
export interface DecodeCall {
  readonly type: 'decode';
  readonly id: number;
  readonly frame: Frame;
}

export type WorkerCall = StartCall | DecodeCall;

export type WorkerReply =
  | { readonly type: 'started'; readonly engines: readonly DecodeEngine[] }
  | { readonly type: 'decoded'; readonly id: number; readonly decoded: Decoded | null }
  | { readonly type: 'failed'; readonly id: number | null; readonly message: string };

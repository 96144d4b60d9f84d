/**
 * The one typed way into the decode worker: starts it with the engines asked for, hands it
 * one frame at a time as a transferable (a VideoFrame straight from the camera, never
 * copied on the page), and answers each decode with what the worker read. A worker that
 * fails answers null (a frame without a code), never an exception in the camera loop.
 */
import type { WorkerCall, WorkerReply } from './protocol';
import type { DecodeEngine, Decoded, Decoder, Frame } from './types';

export interface WorkerDecoderOptions {
  readonly engines: readonly DecodeEngine[];
  readonly retries: boolean;
  readonly budgetMs: number;
}

/** The decoder in its worker, once its engines are ready; null when the worker cannot start. */
export async function createWorkerDecoder(options: WorkerDecoderOptions): Promise<Decoder | null> {
  let worker: Worker;
  try {
    worker = new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module', name: 'decode' });
  } catch {
    return null;
  }
  const pending = new Map<number, (d: Decoded | null) => void>();
  let nextId = 1;
  let broken = false;
  const started = new Promise<boolean>((resolve) => {
    worker.onmessage = (e: MessageEvent<WorkerReply>): void => {
      const m = e.data;
      if (m.type === 'started') return resolve(true);
      if (m.id === null) return resolve(false);
      const answer = pending.get(m.id);
      pending.delete(m.id);
      answer?.(m.type === 'decoded' ? m.decoded : null);
    };
    worker.onerror = (e): void => {
      // A worker that let an error escape (out of memory…) is not trusted with another frame.
      e.preventDefault();
      broken = true;
      resolve(false);
      for (const answer of pending.values()) answer(null);
      pending.clear();
    };
  });
  const post = (call: WorkerCall, transfer: Transferable[] = []): void => worker.postMessage(call, transfer);
  post({ type: 'start', engines: [...options.engines], retries: options.retries, budgetMs: options.budgetMs });
  if (!(await started)) {
    worker.terminate();
    return null;
  }
  return {
    decode(frame: Frame): Promise<Decoded | null> {
      if (broken) {
        if ('close' in frame) frame.close();
        return Promise.resolve(null);
      }
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        try {
          post({ type: 'decode', id, frame }, ['close' in frame ? frame : frame.data.buffer]);
        } catch {
          pending.delete(id);
          resolve(null);
        }
      });
    },
    dispose(): void {
      worker.terminate();
      for (const answer of pending.values()) answer(null);
      pending.clear();
    },
  };
}

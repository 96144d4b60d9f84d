/**
 * The one typed way into the download worker: a worker per download (its bundle — the API
 * client, Dexie, the chunks reader — loads then), terminated once it answered, so no thread
 * stays behind. Every outcome is a Result: a crash of the worker is `worker_failed`, not a
 * rejection; a page left mid-download ends the worker with it (nothing is written until the
 * last line is in, so nothing half is left).
 */
import { fail } from '../../core/errors';
import type { DownloadCall, DownloadProgress, DownloadResult, WorkerMessage } from './protocol';

export type { DownloadProgress } from './protocol';

export interface DownloadOptions {
  /** The session's bearer token, for the worker's own API calls. */
  readonly token: string | null;
  readonly onProgress?: (progress: DownloadProgress) => void;
  /** Every line is in: what is left is storing them. */
  readonly onReceived?: () => void;
}

export function downloadInWorker(inventoryId: number, options: DownloadOptions): Promise<DownloadResult> {
  let worker: Worker;
  try {
    worker = new Worker(new URL('./download.worker.ts', import.meta.url), { type: 'module', name: 'download' });
  } catch (e) {
    return Promise.resolve(fail('worker_failed', `The download worker cannot start (${reason(e)}).`));
  }
  return new Promise<DownloadResult>((resolve) => {
    const finish = (result: DownloadResult): void => {
      worker.terminate();
      resolve(result);
    };
    worker.onmessage = (e: MessageEvent<WorkerMessage>): void => {
      const m = e.data;
      if (m.type === 'progress') options.onProgress?.(m.progress);
      else if (m.type === 'received') options.onReceived?.();
      else finish(m.result);
    };
    // A failed load of the worker's script, or an error its code let escape.
    worker.onerror = (e: ErrorEvent): void => {
      e.preventDefault();
      finish(fail('worker_failed', `The inventory could not be downloaded (${e.message || 'the worker stopped'}).`));
    };
    worker.onmessageerror = (): void => finish(fail('worker_failed', 'The download worker sent an unreadable answer.'));
    const call: DownloadCall = { inventoryId, token: options.token };
    worker.postMessage(call);
  });
}

const reason = (e: unknown): string => (e instanceof Error ? e.message : String(e));

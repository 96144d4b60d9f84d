/**
 * The messages between the page (bridge.ts) and the download worker (download.worker.ts).
 * Types only, and no DOM or worker type in them: both tsconfigs compile this file.
 *
 * page → worker: one `DownloadCall` (a worker per download).
 * worker → page: `progress` messages, one `received` (every line is in, storing begins),
 * then exactly one `done` whose result is a value, never a thrown error.
 */
import type { Result } from '../../core/errors';
import type { StoredInventory } from '../db/schema';

export interface DownloadProgress {
  /** Lines read so far. */
  readonly lines: number;
  /** The snapshot's lines as the inventory's detail counts them; 0 while unknown. */
  readonly total: number;
}

/**
 * Codes of a failed download: the API client's own (`offline`, `unauthorized`,
 * `not_found`, …), the device's storage (`quota_exceeded`, `unknown`), and
 * `worker_failed` (the worker crashed or could not start).
 */
export type DownloadResult = Result<StoredInventory, string>;

export interface DownloadCall {
  readonly inventoryId: number;
  /** The session's bearer token: the worker has its own copy of the API client. */
  readonly token: string | null;
}

export type WorkerMessage =
  | { readonly type: 'progress'; readonly progress: DownloadProgress }
  | { readonly type: 'received' }
  | { readonly type: 'done'; readonly result: DownloadResult };

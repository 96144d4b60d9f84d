/**
 * The messages between the page (bridge.ts) and the export worker (export.worker.ts). Types
 * only, and no DOM or worker type in them: both tsconfigs compile this file.
 *
 * page → worker: `ExportCall` (one at a time; the bridge serialises them), or a
 * `PrepareCall`, which has no answer.
 * worker → page: `progress` messages, then exactly one `done` whose result is a value,
 * never a thrown error; a built ZIP's bytes are transferred, not copied.
 */
import type { Result } from '../../core/errors';

export interface ExportLocation {
  readonly id: number;
  readonly code: string;
  readonly name: string;
}

export type ExportRequest =
  /** "Exporter le stock avant l'inventaire": the location's current stock, outside any inventory. */
  | { readonly kind: 'stock'; readonly location: ExportLocation; readonly generatedBy: string }
  /** From the inventory and snapshot stored on this device (a supervisor's, with expected quantities). */
  | { readonly kind: 'before'; readonly inventoryId: number; readonly generatedBy: string }
  /** From the stored snapshot and the server's recap and count events, once applied. */
  | { readonly kind: 'after'; readonly inventoryId: number; readonly generatedBy: string };

/** What the worker is doing (not to be confused with the export's before/after phase). */
export type ProgressPhase = 'reading' | 'fetching' | 'building' | 'zipping';

export interface ExportProgress {
  readonly phase: ProgressPhase;
  /** Of the whole export, 0 to 1; never goes back. */
  readonly fraction: number;
}

export interface BuiltZip {
  readonly fileName: string;
  readonly bytes: Uint8Array;
}

/**
 * Codes of a failed export, besides the API client's own (`offline`, `unauthenticated`,
 * `forbidden`, `not_found`, …): `blind_snapshot` (the stored lines have no expected
 * quantities), `not_stored` (the inventory is not on this device), `not_applied`,
 * `aborted`, `worker_failed` (the worker crashed or could not start), `export_failed`
 * (a bug: the data did not make a valid export).
 */
export type ExportResult = Result<BuiltZip, string>;

export interface ExportCall {
  readonly id: number;
  /** The session's bearer token: the worker has its own copy of the API client. */
  readonly token: string | null;
  readonly request: ExportRequest;
}

/** The after export of this inventory is about to be asked for: read what can be read already. */
export interface PrepareCall {
  readonly prepareAfter: number;
}

export type PageMessage = ExportCall | PrepareCall;

export type WorkerMessage =
  | { readonly id: number; readonly type: 'progress'; readonly progress: ExportProgress }
  | { readonly id: number; readonly type: 'done'; readonly result: ExportResult };

/**
 * The one typed way into the export worker. The worker starts on the first export (its
 * bundle — JSZip, hashing, the builders — loads only then), runs one export at a time
 * (later calls wait their turn), is terminated when a call is aborted, and stops after
 * IDLE_MS without work, so a phone does not keep a thread and a database connection open.
 * Every outcome is a Result: a crash of the worker is `worker_failed`, not a rejection.
 */
import { fail, type Result } from '../../core/errors';
import { measure, timed } from '../timing';
import type { ExportCall, ExportProgress, ExportRequest, ExportResult, PrepareCall, WorkerMessage } from './protocol';

export type { BuiltZip, ExportProgress, ExportRequest, ExportResult } from './protocol';

export interface BuildOptions {
  readonly onProgress?: (progress: ExportProgress) => void;
  /** Aborting terminates the worker; the call then ends with `aborted`. */
  readonly signal?: AbortSignal;
  /** The session's bearer token, for the worker's own API calls. */
  readonly token: string | null;
}

const IDLE_MS = 30_000;

let worker: Worker | null = null;
let idleTimer: ReturnType<typeof setTimeout> | null = null;
let queue: Promise<unknown> = Promise.resolve();
let nextId = 1;
let running = false;

const startWorker = (): Worker =>
  (worker ??= new Worker(new URL('./export.worker.ts', import.meta.url), { type: 'module', name: 'export' }));

/**
 * The after export of this inventory may be asked for soon (its apply is being confirmed):
 * the worker reads the snapshot meanwhile, so the export, once asked for, does not. No
 * answer: where the worker cannot start, the export itself will say so.
 */
export function prepareAfterExport(inventoryId: number): void {
  let w: Worker;
  try {
    w = startWorker();
  } catch {
    return;
  }
  w.postMessage({ prepareAfter: inventoryId } satisfies PrepareCall);
  // What it read goes with it if no export comes (a failed apply).
  if (!running) {
    if (idleTimer !== null) clearTimeout(idleTimer);
    idleTimer = setTimeout(stopWorker, IDLE_MS);
  }
}

const aborted = (): Result<never, string> => fail('aborted', 'The export was cancelled.');

export function buildExportZip(request: ExportRequest, options: BuildOptions): Promise<ExportResult> {
  const turn = queue.then(() => timed(`export:${request.kind}`, () => run(request, options)));
  queue = turn;
  const { signal } = options;
  if (!signal) return turn;
  // A call cancelled while it waits for its turn answers at once (and is skipped when its turn comes).
  const cancelled = new Promise<ExportResult>((resolve) => {
    if (signal.aborted) resolve(aborted());
    else signal.addEventListener('abort', () => resolve(aborted()), { once: true });
  });
  return Promise.race([turn, cancelled]);
}

function run(request: ExportRequest, { onProgress, signal, token }: BuildOptions): Promise<ExportResult> {
  if (signal?.aborted) return Promise.resolve(aborted());
  if (idleTimer !== null) clearTimeout(idleTimer);
  idleTimer = null;
  let w: Worker;
  try {
    w = startWorker();
  } catch (e) {
    return Promise.resolve(fail('worker_failed', `The export worker cannot start (${reason(e)}).`));
  }
  const id = nextId++;
  running = true;
  // Each phase is measured too (decompte:export:after:building…): where a slow export's time goes.
  let phase: { name: string; start: number } | null = null;
  const endPhase = (): void => {
    if (phase) measure(`export:${request.kind}:${phase.name}`, phase.start);
    phase = null;
  };
  return new Promise<ExportResult>((resolve) => {
    const finish = (result: ExportResult, stop: boolean): void => {
      running = false;
      endPhase();
      w.removeEventListener('message', onMessage);
      w.removeEventListener('error', onError);
      w.removeEventListener('messageerror', onError);
      signal?.removeEventListener('abort', onAbort);
      if (stop) stopWorker();
      else idleTimer = setTimeout(stopWorker, IDLE_MS);
      resolve(result);
    };
    const onMessage = (e: MessageEvent<WorkerMessage>): void => {
      const m = e.data;
      if (m.id !== id) return;
      if (m.type === 'progress') {
        if (phase?.name !== m.progress.phase) {
          endPhase();
          phase = { name: m.progress.phase, start: performance.now() };
        }
        onProgress?.(m.progress);
      } else finish(m.result, false);
    };
    // A failed load of the worker's script, or an error its code let escape: it cannot be trusted with the next call.
    const onError = (e: Event): void => {
      e.preventDefault();
      const message = e instanceof ErrorEvent && e.message ? e.message : 'the worker stopped';
      finish(fail('worker_failed', `The export could not be built (${message}).`), true);
    };
    const onAbort = (): void => finish(aborted(), true);
    w.addEventListener('message', onMessage);
    w.addEventListener('error', onError);
    w.addEventListener('messageerror', onError);
    signal?.addEventListener('abort', onAbort, { once: true });
    const call: ExportCall = { id, token, request };
    try {
      w.postMessage(call);
    } catch (e) {
      finish(fail('worker_failed', `The export request cannot be sent (${reason(e)}).`), false);
    }
  });
}

function stopWorker(): void {
  if (idleTimer !== null) clearTimeout(idleTimer);
  idleTimer = null;
  worker?.terminate();
  worker = null;
}

const reason = (e: unknown): string => (e instanceof Error ? e.message : String(e));

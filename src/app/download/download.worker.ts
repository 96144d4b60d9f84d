/**
 * The download worker's entry (a module worker; bridge.ts is the only code that starts it,
 * one per download). The snapshot (45 MB of chunks at 250,000 lines) is read here, off
 * the page: parsed and encoded on the page, it was a 3.7 s task that froze the screen.
 *
 * It imports core, the device database (src/app/db: Dexie works in workers) and the API
 * client — and nothing else of the app: no screens, no state, no i18n, which would be
 * copied into this bundle and drag page-only code into a thread with no DOM. Its own
 * tsconfig (lib WebWorker, no DOM) makes a stray `window` or `document` a compile error.
 */
import { setToken } from '../api/client';
import { fail } from '../../core/errors';
import { fetchSnapshot } from './fetchSnapshot';
import type { DownloadCall, DownloadResult, WorkerMessage } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const post = (message: WorkerMessage): void => self.postMessage(message);

self.onmessage = (e: MessageEvent<DownloadCall>): void => void handle(e.data);

async function handle(call: DownloadCall): Promise<void> {
  let result: DownloadResult;
  try {
    setToken(call.token);
    result = await fetchSnapshot(call.inventoryId, {
      progress: (progress) => post({ type: 'progress', progress }),
      received: () => post({ type: 'received' }),
    });
  } catch (e) {
    // A bug: still an answer, so the page never waits forever.
    result = fail('worker_failed', e instanceof Error ? e.message : String(e));
  }
  post({ type: 'done', result });
}

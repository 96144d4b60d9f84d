/**
 * The export worker's entry (a module worker; bridge.ts is the only code that starts it).
 *
 * It imports core, the device database (src/app/db: Dexie works in workers, so the worker
 * reads the snapshot itself and the page never clones hundreds of thousands of lines) and
 * the API client (fetch works in workers; each call brings the session's token) — and
 * nothing else of the app: no screens, no state, no i18n. Pulling any of those in would
 * copy them into this bundle and drag page-only code into a thread with no DOM. Its own
 * tsconfig (lib WebWorker, no DOM) makes a stray `window` or `document` a compile error.
 */
import { setToken } from '../api/client';
import { fail, ok } from '../../core/errors';
import { prepareAfter, produceExport } from './produce';
import type { ExportCall, ExportProgress, ExportResult, PageMessage, WorkerMessage } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

self.onmessage = (e: MessageEvent<PageMessage>): void => {
  if ('prepareAfter' in e.data) prepareAfter(e.data.prepareAfter);
  else void handle(e.data);
};

async function handle(call: ExportCall): Promise<void> {
  const post = (message: WorkerMessage, transfer: Transferable[] = []): void => self.postMessage(message, transfer);
  try {
    setToken(call.token);
    const result = await produceExport(
      call.request,
      throttled((progress) => post({ id: call.id, type: 'progress', progress })),
    );
    if (!result.ok) return post({ id: call.id, type: 'done', result });
    const bytes = ownBuffer(result.value.bytes);
    post({ id: call.id, type: 'done', result: ok({ fileName: result.value.fileName, bytes }) }, [bytes.buffer]);
  } catch (e) {
    // A bug (or a DataCloneError): still an answer, so the page never waits forever.
    const result: ExportResult = fail('export_failed', e instanceof Error ? e.message : String(e));
    post({ id: call.id, type: 'done', result });
  } finally {
    setToken(null);
  }
}

/** At most one message per percent (JSZip reports every few kilobytes), and every phase change. */
function throttled(send: (progress: ExportProgress) => void): (progress: ExportProgress) => void {
  let last: ExportProgress | null = null;
  return (p) => {
    if (last) {
      const done = p.fraction >= 1 && last.fraction < 1;
      if (last.phase === p.phase && p.fraction < last.fraction + 0.01 && !done) return;
      if (p.fraction < last.fraction) p = { ...p, fraction: last.fraction };
    }
    last = p;
    send(p);
  };
}

/** A view that owns its whole ArrayBuffer, so transferring the buffer moves exactly the ZIP. */
function ownBuffer(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  if (bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) {
    return bytes as Uint8Array<ArrayBuffer>;
  }
  return bytes.slice();
}

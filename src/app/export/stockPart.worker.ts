/**
 * The helper worker's entry (started by stockParts.ts, in the export worker): writes one
 * part of a before export's stock.csv — the lines of snapshot chunks [from, to), read
 * from IndexedDB here — while the export worker writes the first part. Reading,
 * converting and writing 250,000 lines was most of a before ZIP's time on one core.
 *
 * Imports core and src/app/db only, through stockParts.ts (its own tsconfig, beside
 * export.worker.ts's, makes a stray `window` a compile error).
 */
import { fail } from '../../core/errors';
import type { ExportFile } from '../../core/export/types';
import { writeStockPart, type StockPartCall, type StockPartResult } from './stockParts';

declare const self: DedicatedWorkerGlobalScope;

/** The part's text and its deflated bytes move to the export worker, not copied. */
const transferable = (f: ExportFile): ArrayBuffer[] =>
  [f.bytes.buffer, ...(f.deflated ? [f.deflated.buffer] : [])] as ArrayBuffer[];

self.onmessage = (e: MessageEvent<StockPartCall>): void => {
  void writeStockPart(e.data)
    .catch((error: unknown): StockPartResult =>
      fail('export_failed', error instanceof Error ? error.message : String(error)),
    )
    .then((result) => self.postMessage(result, result.ok ? transferable(result.value.file) : []));
};

/**
 * A before export's stock.csv written by two workers at once: the export worker writes
 * the first half of the snapshot's chunks, a helper worker (stockPart.worker.ts) the second, and
 * the parts join into the very bytes one writer would make (core's joinStockCsv). Where a
 * helper cannot start (a browser without workers inside workers), the export worker
 * writes both halves itself.
 */
import { lineFromDto } from '../../core/api/dto';
import { fail, ok, type Result } from '../../core/errors';
import { FRENCH_CSV } from '../../core/export/csv';
import { deflateRaw } from '../../core/export/deflate';
import { joinStockCsv, stockCsv, stockRowsFromLines, type StockCsv } from '../../core/export/stock';
import { loadSnapshotPart } from '../db/snapshot';

export interface StockPartCall {
  readonly inventoryId: number;
  /** Snapshot chunks [from, to). */
  readonly from: number;
  readonly to: number;
  /** The part that ends the file: its deflated bytes end the stream (deflate.ts). */
  readonly final: boolean;
}

/** `blind_snapshot` when a line has no expected quantity, `export_failed` for a bug. */
export type StockPartResult = Result<StockCsv, string>;

/** Below this many chunks one worker is quicker than starting a second. */
const SPLIT_CHUNKS = 4;

/** `items.map(f)`, one item at a time: no array of 250,000 converted lines kept alive. */
function* lazyMap<T, U>(items: readonly T[], f: (item: T) => U): Generator<U> {
  for (const item of items) yield f(item);
}

/**
 * The lines of chunks [from, to) as stock.csv rows (the first part has the header), and
 * deflated here: the ZIP's deflating is split between the writers too.
 */
export async function writeStockPart({ inventoryId, from, to, final }: StockPartCall): Promise<StockPartResult> {
  const lines = await loadSnapshotPart(inventoryId, from, to);
  if (lines.some((l) => l.expectedQty === null || l.unitCost === null))
    return fail('blind_snapshot', 'a line has no expected quantity or unit cost (a counter’s copy)');
  const csv = stockCsv(stockRowsFromLines(lazyMap(lines, lineFromDto)), FRENCH_CSV, { header: from === 0 });
  return ok({ ...csv, file: { ...csv.file, deflated: deflateRaw(csv.file.bytes, { final }) } });
}

export async function writeStock(inventoryId: number, chunkCount: number): Promise<StockPartResult> {
  if (chunkCount < SPLIT_CHUNKS) return writeStockPart({ inventoryId, from: 0, to: chunkCount, final: true });
  const half = Math.ceil(chunkCount / 2);
  const second = inHelper({ inventoryId, from: half, to: chunkCount, final: true });
  const first = await writeStockPart({ inventoryId, from: 0, to: half, final: false });
  const rest = await second;
  if (!first.ok) return first;
  if (!rest.ok) return rest;
  return ok(joinStockCsv([first.value, rest.value]));
}

function inHelper(call: StockPartCall): Promise<StockPartResult> {
  let helper: Worker;
  try {
    helper = new Worker(new URL('./stockPart.worker.ts', import.meta.url), { type: 'module', name: 'export-part' });
  } catch {
    return writeStockPart(call);
  }
  return new Promise<StockPartResult>((resolve) => {
    helper.onmessage = (e: MessageEvent<StockPartResult>) => resolve(e.data);
    // A helper that fails to load or crashes: this worker writes the part instead.
    helper.onerror = (e) => {
      e.preventDefault();
      resolve(writeStockPart(call));
    };
    helper.postMessage(call);
  }).finally(() => helper.terminate());
}

/**
 * The two exports of an inventory as lists of files, manifest.json last (it hashes the
 * others). Pure; asynchronous only for the hashes (WebCrypto's digest is): the app runs
 * them in a Web Worker, the tests in Node.
 */
import type { LineIdentity } from '../lineKey';
import type { Recap, RecapLine } from '../recap';
import { addedCsv } from './added';
import { countsCsv, type ExportedCountEvent } from './counts';
import { FRENCH_CSV, type CsvDialect } from './csv';
import { erpAdjustmentCsv } from './erp';
import { buildManifest } from './manifest';
import type { StockLine } from '../line';
import { stockCsv, stockRowsAfter, type StockCsv, type StockTotals } from './stock';
import type { ExportFile, ExportHeader, ExportPhase } from './types';
import { variancesCsv } from './variances';

export interface AfterExportInput {
  /** stock.csv's lines: the recap's, every one, in the snapshot's order (stockAfter). */
  readonly stock: readonly RecapLine[];
  /** With every uncounted line listed. */
  readonly recap: Recap;
  readonly events: Iterable<ExportedCountEvent>;
}

/** The stock as it stood when counting started (or a plain stock listing, without inventory). */
export async function buildBeforeExport(
  header: ExportHeader,
  rows: Iterable<StockLine>,
  dialect: CsvDialect = FRENCH_CSV,
): Promise<ExportFile[]> {
  return buildBeforeExportOf(header, stockCsv(rows, dialect), dialect);
}

/** The same, from a stock.csv already written (in parts, by several workers: joinStockCsv). */
export async function buildBeforeExportOf(
  header: ExportHeader,
  stock: StockCsv,
  dialect: CsvDialect = FRENCH_CSV,
): Promise<ExportFile[]> {
  expectPhase(header, 'before');
  return [stock.file, await buildManifest(header, dialect, [stock.file], stock.totals)];
}

/** A file deflated elsewhere (a helper worker, in the app) while it is being written. */
export interface DeflateStream {
  /** The file's next bytes, in order; they are not changed. */
  readonly push: (bytes: Uint8Array) => void;
  /** Once written: its raw DEFLATE. `whole` is the file, for where the pieces could not go. */
  readonly end: (whole: Uint8Array) => Promise<Uint8Array>;
}
export type DeflateAhead = () => DeflateStream;

/**
 * The stock once applied, the variances, every count event, the added lines and the
 * ERP's adjustment file (erp.ts: its own dialect, whatever `dialect` says). With
 * `deflate`, each big file is deflated by a stream of its own, fed as its rows are
 * encoded: the deflating of stock.csv starts with its first rows and goes on while the
 * next files are written; without, zipExport deflates them.
 */
export async function buildAfterExport(
  header: ExportHeader,
  input: AfterExportInput,
  dialect: CsvDialect = FRENCH_CSV,
  { deflate }: { deflate?: DeflateAhead } = {},
): Promise<ExportFile[]> {
  expectPhase(header, 'after');
  if (!header.inventory) throw new Error('an after export is the export of an inventory');
  expectWhole(input.recap);
  const events = [...input.events];
  // counts.csv names the line of each event: only those lines are looked up by key.
  const eventKeys = new Set(events.map((e) => e.lineKey));
  const byKey = new Map<string, LineIdentity>();
  for (const l of input.stock) if (eventKeys.has(l.key)) byKey.set(l.key, l);
  const files: ExportFile[] = [];
  const deflating: Promise<ExportFile>[] = [];
  const add = (f: ExportFile, stream?: DeflateStream): void => {
    files.push(f);
    deflating.push(stream ? stream.end(f.bytes).then((deflated) => ({ ...f, deflated })) : Promise.resolve(f));
  };
  const toStock = deflate?.();
  const stock = stockCsv(stockRowsAfter(input.stock, header.inventory.kind), dialect, { onBytes: toStock?.push });
  expectStockOf(input.recap, stock.totals);
  add(stock.file, toStock);
  const toVariances = deflate?.();
  add(variancesCsv(input.recap, dialect, { onBytes: toVariances?.push }), toVariances);
  const toCounts = deflate?.();
  add(countsCsv(events, byKey, dialect, { onBytes: toCounts?.push }), toCounts);
  // A few lines at most: JSZip deflates it with the manifest.
  add(addedCsv(input.recap, dialect));
  // The counted lines (all lines under the zero policy: as many as stock.csv).
  const toErp = deflate?.();
  add(erpAdjustmentCsv(input.recap, header.location.code, { onBytes: toErp?.push }), toErp);
  const manifest = await buildManifest(header, dialect, files, stock.totals, {
    uncountedPolicy: input.recap.uncountedPolicy,
    recap: input.recap.totals,
  });
  return [...(await Promise.all(deflating)), manifest];
}

/**
 * The recap lists every line and they add up to its totals. Its uncounted lines may have
 * been listed from the device's snapshot and its totals come from the server: a snapshot
 * of another inventory (or another state of it) is refused here, not exported.
 */
function expectWhole(recap: Recap): void {
  let lines = 0;
  let expected = 0n;
  let differenceValue = 0n;
  for (const list of [recap.lines, recap.uncounted]) {
    for (const l of list) {
      lines++;
      expected += l.expected;
      differenceValue += l.differenceValue;
    }
  }
  const t = recap.totals;
  if (lines !== t.lines || expected !== t.expected || differenceValue !== t.differenceValue) {
    throw new Error(
      `the recap's ${lines} lines do not add up to its totals (${t.lines} lines): they come from different inventories`,
    );
  }
}

/** stock.csv after is the recap's lines at their applied quantities: it adds up to the recap's counted totals. */
function expectStockOf(recap: Recap, stock: StockTotals): void {
  const t = recap.totals;
  if (stock.lines !== t.lines || stock.quantity !== t.counted || stock.value !== t.countedValue) {
    throw new Error(`stock.csv's ${stock.lines} lines are not the recap's ${t.lines}: they do not add up to it`);
  }
}

// A header of the wrong phase would name and describe the ZIP wrongly: a caller bug.
function expectPhase(header: ExportHeader, phase: ExportPhase): void {
  if (header.phase !== phase) throw new Error(`a ${phase} export needs a ${phase} header, got ${header.phase}`);
}

/**
 * The two exports of an inventory as lists of files, manifest.json last (it hashes the
 * others). Pure; asynchronous only for the hashes (WebCrypto's digest is): the app runs
 * them in a Web Worker, the tests in Node.
 */
import type { InventoryLine } from '../line';
import type { Recap } from '../recap';
import { addedCsv } from './added';
import { countsCsv, type ExportedCountEvent } from './counts';
import { FRENCH_CSV, type CsvDialect } from './csv';
import { DEFLATE_AHEAD } from './deflate';
import { buildManifest } from './manifest';
import type { StockLine } from '../line';
import { stockCsv, stockRowsAfter, type StockCsv } from './stock';
import type { ExportFile, ExportHeader, ExportPhase } from './types';
import { variancesCsv } from './variances';

export interface AfterExportInput {
  /** Every line of the inventory, added ones included. */
  readonly snapshot: readonly InventoryLine[];
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

/** Deflates a whole file elsewhere (a helper worker, in the app) while the caller goes on. */
export type DeflateAhead = (bytes: Uint8Array) => Promise<Uint8Array>;

/**
 * The stock once applied, the variances, every count event and the added lines. With
 * `deflate`, each big file is handed to it as soon as it is written, so it deflates while
 * the next one is written; without, zipExport deflates them.
 */
export async function buildAfterExport(
  header: ExportHeader,
  input: AfterExportInput,
  dialect: CsvDialect = FRENCH_CSV,
  { deflate }: { deflate?: DeflateAhead } = {},
): Promise<ExportFile[]> {
  expectPhase(header, 'after');
  const ahead = (f: ExportFile): Promise<ExportFile> =>
    deflate && f.bytes.byteLength >= DEFLATE_AHEAD
      ? deflate(f.bytes).then((deflated) => ({ ...f, deflated }))
      : Promise.resolve(f);
  const events = [...input.events];
  // counts.csv names the line of each event: only those lines are looked up by key.
  const eventKeys = new Set(events.map((e) => e.lineKey));
  const byKey = new Map<string, InventoryLine>();
  for (const l of input.snapshot) if (eventKeys.has(l.key)) byKey.set(l.key, l);
  const stock = stockCsv(stockRowsAfter(input.snapshot, input.recap), dialect);
  const files: ExportFile[] = [];
  const deflating: Promise<ExportFile>[] = [];
  // Each file handed over the moment it is written, before the next one is.
  const add = (f: ExportFile): void => {
    files.push(f);
    deflating.push(ahead(f));
  };
  add(stock.file);
  add(variancesCsv(input.recap, dialect));
  add(countsCsv(events, byKey, dialect));
  add(addedCsv(input.recap, dialect));
  const manifest = await buildManifest(header, dialect, files, stock.totals, {
    uncountedPolicy: input.recap.uncountedPolicy,
    recap: input.recap.totals,
  });
  return [...(await Promise.all(deflating)), manifest];
}

// A header of the wrong phase would name and describe the ZIP wrongly: a caller bug.
function expectPhase(header: ExportHeader, phase: ExportPhase): void {
  if (header.phase !== phase) throw new Error(`a ${phase} export needs a ${phase} header, got ${header.phase}`);
}

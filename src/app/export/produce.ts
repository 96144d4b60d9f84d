/**
 * What the export worker does for each request: read the device database and/or the API,
 * build the files with core's builders, zip them. Runs in the worker only (export.worker.ts),
 * so reading hundreds of thousands of lines and deflating them never blocks the page.
 * Returns a Result; the only throws left are bugs, which export.worker.ts turns into values.
 */
import { countEventFromDto, type LineDto, type RecapDto } from '../../core/api/dto';
import { fail, ok, type Result } from '../../core/errors';
import {
  buildAfterExport,
  buildBeforeExport,
  buildBeforeExportOf,
  exportFileName,
  exportTimeAt,
  FRENCH_CSV,
  stockAfter,
  zipExport,
  type ExportFile,
  type ExportHeader,
  type ExportedCountEvent,
} from '../../core/export';
import { call } from '../api/client';
import { getInventory, loadLinesAtOnce } from '../db/snapshot';
import { afterFromSnapshot, recapFromDto, stockLineFromDto, type AfterInput } from './dto';
import { startDeflater, type Deflater } from './helperDeflate';
import { writeStock } from './stockParts';
import type { ExportProgress, ExportRequest, ExportResult, ProgressPhase } from './protocol';

export type Report = (progress: ExportProgress) => void;

/** Big answers (100,000 lines) take longer than the client's default 30 s on a slow link. */
const LONG = { timeoutMs: 300_000 } as const;
const COUNTS_PAGE = 10_000;

export function produceExport(request: ExportRequest, report: Report): Promise<ExportResult> {
  switch (request.kind) {
    case 'stock':
      return stockExport(request, report);
    case 'before':
      return beforeExport(request, report);
    case 'after':
      return afterExport(request, report);
  }
}

/** Reports `fraction` of a phase that spans [from, to] of the whole export. */
const span =
  (report: Report, phase: ProgressPhase, from: number, to: number) =>
  (fraction: number): void =>
    report({ phase, fraction: from + (to - from) * Math.min(1, Math.max(0, fraction)) });

/** The device's wall clock with its UTC offset: the ZIP's name and dates say the shop's time (exportTime.ts). */
const now = (): string => exportTimeAt(Date.now(), -new Date().getTimezoneOffset());

async function stockExport(r: Extract<ExportRequest, { kind: 'stock' }>, report: Report): Promise<ExportResult> {
  span(report, 'fetching', 0, 0.3)(0);
  const stock = await call('getStock', { query: { locationId: r.location.id }, ...LONG });
  if (!stock.ok) return stock;
  const header: ExportHeader = {
    phase: 'before',
    inventory: null,
    location: { id: r.location.id, code: r.location.code, name: r.location.name },
    generatedBy: r.generatedBy,
    generatedAt: now(),
  };
  span(report, 'building', 0.3, 0.45)(0);
  const files = await buildBeforeExport(header, stock.value.map(stockLineFromDto));
  return zip(header, files, span(report, 'zipping', 0.45, 1));
}

async function beforeExport(r: Extract<ExportRequest, { kind: 'before' }>, report: Report): Promise<ExportResult> {
  span(report, 'reading', 0, 0.05)(0);
  const inv = await getInventory(r.inventoryId);
  if (!inv) return notStored(r.inventoryId);
  const blind = fail(
    'blind_snapshot',
    `Inventory #${inv.id} is stored on this device without expected quantities (a blind count): the before export needs a supervisor's snapshot.`,
  );
  if (inv.blind) return blind;
  // Reading the snapshot and writing stock.csv go together, in two workers (stockParts.ts).
  span(report, 'building', 0.05, 0.45)(0);
  const stock = await writeStock(inv.id, inv.chunkCount);
  if (!stock.ok) return stock.error.code === 'blind_snapshot' ? blind : stock;
  const header: ExportHeader = {
    phase: 'before',
    inventory: { id: inv.id, name: inv.name, kind: inv.kind, status: inv.status },
    location: { id: inv.location.id, code: inv.location.code, name: inv.location.name },
    generatedBy: r.generatedBy,
    generatedAt: now(),
  };
  const files = await buildBeforeExportOf(header, stock.value);
  return zip(header, files, span(report, 'zipping', 0.45, 1));
}

/** What an after export needs before the server has anything to say: see prepareAfter. */
interface Prepared {
  readonly inventoryId: number;
  readonly snapshot: Promise<LineDto[]>;
  readonly deflater: Deflater;
}

let prepared: Prepared | null = null;

/**
 * The after export of this inventory may come next (Confirmer l'inventaire is asked): the
 * snapshot is read from IndexedDB now, while the supervisor reads the question and the
 * server applies — at 250,000 lines that is 0.7-0.8 s (~4 s at a phone's 4× slower CPU)
 * the supervisor no longer waits for once the apply answers — and the deflate helper
 * starts. Kept for that one export; anything prepared before is dropped.
 */
export function prepareAfter(inventoryId: number): void {
  prepared?.deflater.stop();
  const snapshot = loadLinesAtOnce(inventoryId);
  // Seen by the export that takes it; never an unhandled rejection if none does.
  snapshot.catch(() => undefined);
  prepared = { inventoryId, snapshot, deflater: startDeflater() };
}

function takePrepared(inventoryId: number): Prepared | null {
  const p = prepared;
  prepared = null;
  if (p?.inventoryId === inventoryId) return p;
  p?.deflater.stop();
  return null;
}

async function afterExport(r: Extract<ExportRequest, { kind: 'after' }>, report: Report): Promise<ExportResult> {
  const ready = takePrepared(r.inventoryId);
  // The big files are deflated by a helper worker as this one writes them. Started
  // first: a worker started from a worker loads only while its parent's thread is free,
  // and this one is busy from the first file written to the last (measured: the helper
  // began 1.5 s after the first file was handed to it when started just before writing).
  const deflater = ready?.deflater ?? startDeflater();
  try {
    return await afterExportWith(r, report, deflater, ready?.snapshot);
  } finally {
    deflater.stop();
  }
}

async function afterExportWith(
  r: Extract<ExportRequest, { kind: 'after' }>,
  report: Report,
  deflater: Deflater,
  readSnapshot: Promise<LineDto[]> | undefined,
): Promise<ExportResult> {
  span(report, 'reading', 0, 0.15)(0);
  const inv = await getInventory(r.inventoryId);
  if (!inv) return notStored(r.inventoryId);
  // Everything asked of the server at once, first: it reads the counted lines, the detail
  // and the count events (one request after the other: the embedded database answers one
  // at a time) while this worker reads the snapshot from IndexedDB. None waits on the
  // others' answers: at 250,000 lines the events asked after the recap came 0.5 s later.
  const counted = call('getRecap', { params: { id: inv.id }, query: { uncounted: 0 }, ...LONG });
  const asked = call('getInventory', { params: { id: inv.id } });
  // The events' progress shows once the fetching phase is on screen (the detail says how many).
  let eventsFetched = (_events: number): void => undefined;
  const eventsAsked = countEvents(inv.id, (n) => eventsFetched(n));
  const [snapshot, detail] = await Promise.all([readSnapshot ?? loadLinesAtOnce(inv.id), asked]);
  if (!detail.ok) return detail;
  if (detail.value.status !== 'applied') {
    return fail(
      'not_applied',
      `The after export needs an applied inventory; inventory #${inv.id} is ${detail.value.status}.`,
    );
  }
  const fetching = span(report, 'fetching', 0.15, 0.45);
  fetching(0);
  const expected = Math.max(
    1,
    detail.value.devices.reduce((sum, d) => sum + d.events, 0),
  );
  eventsFetched = (n) => fetching(0.1 + (0.9 * n) / expected);
  const [after, events] = await Promise.all([afterInput(inv.id, counted, snapshot), eventsAsked]);
  if (!after.ok) return after;
  if (!events.ok) return events;

  span(report, 'building', 0.45, 0.6)(0);
  const d = detail.value;
  const header: ExportHeader = {
    phase: 'after',
    inventory: { id: d.id, name: d.name, kind: d.kind, status: d.status },
    location: { id: inv.location.id, code: inv.location.code, name: inv.location.name },
    generatedBy: r.generatedBy,
    generatedAt: now(),
  };
  const input = { stock: after.value.stock, recap: after.value.recap, events: events.value };
  const files = await buildAfterExport(header, input, FRENCH_CSV, { deflate: deflater.stream });
  return zip(header, files, span(report, 'zipping', 0.6, 1));
}

/**
 * The recap and the lines to list: the counted lines and the totals from the server
 * (`asked`: the recap without its uncounted lines, already on its way), the rest from this
 * device's snapshot when it can give them (afterFromSnapshot), else from the server.
 */
async function afterInput(
  id: number,
  asked: Promise<Result<RecapDto, string>>,
  snapshot: readonly LineDto[],
): Promise<Result<AfterInput, string>> {
  const counted = await asked;
  if (!counted.ok) return counted;
  const after = afterFromSnapshot(recapFromDto(counted.value), snapshot);
  if (after) return ok(after);
  const full = await call('getRecap', { params: { id }, ...LONG });
  if (!full.ok) return full;
  const recap = recapFromDto(full.value);
  return ok({ recap, stock: stockAfter(snapshot, recap) });
}

/** Every count event, page by page; `fetched` hears how many have come so far. */
async function countEvents(
  id: number,
  fetched: (events: number) => void,
): Promise<Result<ExportedCountEvent[], string>> {
  const events: ExportedCountEvent[] = [];
  for (let after = 0, more = true; more;) {
    fetched(events.length);
    const page = await call('pullCounts', { params: { id }, query: { after, limit: COUNTS_PAGE }, ...LONG });
    if (!page.ok) return page;
    for (const e of page.value.events) events.push(countEventFromDto(e));
    if (page.value.more && page.value.cursor <= after) {
      return fail('export_failed', `The server's count events did not move past cursor ${after}.`);
    }
    after = page.value.cursor;
    more = page.value.more;
  }
  return ok(events);
}

async function zip(
  header: ExportHeader,
  files: readonly ExportFile[],
  zipping: (fraction: number) => void,
): Promise<ExportResult> {
  zipping(0);
  const bytes = await zipExport(files, header.generatedAt, zipping);
  zipping(1);
  return ok({ fileName: exportFileName(header), bytes });
}

const notStored = (id: number): ExportResult =>
  fail('not_stored', `Inventory #${id} is not stored on this device: open it once while online.`);

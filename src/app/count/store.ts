/**
 * The inventory open on this device: its lines in memory (for instant filtering), this
 * device's registers and bin checks, and the actions a counter takes. Every action writes
 * IndexedDB first and updates the screen after the commit, then asks the outbox to push.
 */
import { signal } from '@preact/signals';
import { decimalToScaled, type LineDto, type RecountDto } from '../../core/api/dto';
import { fail, ok, type Result } from '../../core/errors';
import { checkLineQty } from '../../core/line';
import { makeLineKey } from '../../core/lineKey';
import { formatQty, parseQty, qty, type Qty } from '../../core/quantity';
import { currentRound } from '../../core/recount';
import { CodeIndex } from '../../core/scanLookup';
import { call } from '../api/client';
import { compareCodes } from '../i18n/intl';
import { binChecksOf, confirmBinEmpty, recordCount, registersOf, undoLastCount } from '../db/counts';
import { storageError } from '../db/errors';
import { saveAddedLine } from '../db/lines';
import type { AddLineRequest, StoredBinCheck, StoredInventory, StoredRegister } from '../db/schema';
import { getInventory, loadLines, storeInventory } from '../db/snapshot';
import { db } from '../db/schema';
import { session } from '../state/session';
import { countedUnsent, refreshUnsent, requestSync } from '../sync/loop';
import { inSlices, whenIdle } from '../idle';
import { timed } from '../timing';
import { searchText } from './filter';

export interface OpenCount {
  readonly inv: StoredInventory;
  readonly lines: LineDto[];
  readonly index: Map<string, number>;
  /** The scan and search indexes: see `codesOf` and `haystackOf`. Shared by copies of this object. */
  readonly lazy: LazyIndexes;
  readonly registers: Map<string, StoredRegister>;
  readonly checks: Map<string, StoredBinCheck>;
}

/**
 * The scan and search indexes: built in short background tasks once the list is drawn,
 * and each finished at once when a scan or a search needs it. Not while the list opens
 * (the first lines show sooner), and never as one long task: at 100,000 lines the whole
 * build is ~1.1 s of main thread on this machine, which would freeze the screen. Each
 * index is finished on its own: a search typed right after opening 250,000 lines waited
 * for the scan index too (0.4 s of its 0.7-1.3 s here).
 */
interface LazyIndexes {
  readonly codes: CodeIndex;
  /** Lines [0, codesDone) are in `codes`. */
  codesDone: number;
  /** The folded search text of lines [0, haystack.length). */
  readonly haystack: string[];
}

/** Lines indexed per step: ~2.5 ms here; inSlices runs steps for ~8 ms per task. */
const INDEX_SLICE = 250;

function codesUpTo(open: OpenCount, end: number): CodeIndex {
  const z = open.lazy;
  for (; z.codesDone < end; z.codesDone++) z.codes.add(open.lines[z.codesDone]!, z.codesDone);
  return z.codes;
}

function haystackUpTo(open: OpenCount, end: number): string[] {
  const z = open.lazy;
  for (let i = z.haystack.length; i < end; i++) z.haystack.push(searchText(open.lines[i]!));
  return z.haystack;
}

/** Barcode / reference → lines, for scans (O(1) per scan at 100,000+ lines). */
export const codesOf = (open: OpenCount): CodeIndex => codesUpTo(open, open.lines.length);
/** Each line's folded search text, by line position. */
export const haystackOf = (open: OpenCount): string[] => haystackUpTo(open, open.lines.length);

/** Whether the background tasks have indexed every line (`npm run bench` waits for it to weigh the page). */
export const indexesComplete = (open: OpenCount): boolean =>
  open.lazy.codesDone >= open.lines.length && open.lazy.haystack.length >= open.lines.length;

/**
 * The indexes the background tasks are building, or null while an inventory opens: reopening
 * (from the list) must not wait behind the slices of the count it replaces — at 250,000
 * lines they made the next open ~1.4 s slower.
 */
let indexing: LazyIndexes | null = null;

function indexWhenIdle(open: OpenCount): void {
  indexing = open.lazy;
  // Started once the first lines are drawn, then in short tasks until every line is in.
  whenIdle(() =>
    inSlices(() => {
      // Another inventory is opening or opened since: its own indexing runs instead.
      if (indexing !== open.lazy) return false;
      const end = Math.min(open.lines.length, Math.min(open.lazy.codesDone, open.lazy.haystack.length) + INDEX_SLICE);
      codesUpTo(open, end);
      haystackUpTo(open, end);
      return !indexesComplete(open);
    }),
  );
}

/**
 * The indexes of the same snapshot opened before (back to the list and in again), so the
 * first search after reopening does not wait for them again (250,000 lines, a keystroke as
 * soon as the first row shows: 13-20 ms against 0.9-1.4 s). Kept only while every indexed
 * line is still at its position (lines added on this device come after the snapshot's, in
 * key order: one added since may move them).
 */
function keptIndexes(before: OpenCount | null, inv: StoredInventory, lines: readonly LineDto[]): LazyIndexes | null {
  if (!before || before.inv.id !== inv.id || before.inv.storedAt !== inv.storedAt) return null;
  const z = before.lazy;
  const indexed = Math.max(z.codesDone, z.haystack.length);
  if (indexed > lines.length) return null;
  for (let i = 0; i < indexed; i++) if (lines[i]!.key !== before.lines[i]!.key) return null;
  return z;
}

export const current = signal<OpenCount | null>(null);
/** Bumped after each committed change: components reading it re-render. */
export const revision = signal(0);

const bump = (): void => {
  revision.value++;
};

/** Downloads an inventory (detail, snapshot lines, bins) and stores it on the device. */
export async function downloadInventory(id: number): Promise<Result<StoredInventory, string>> {
  const [detail, lines, locations, bins] = await timed('snapshot-download', () =>
    Promise.all([
      call('getInventory', { params: { id } }),
      call('listLines', { params: { id }, timeoutMs: 300_000 }),
      call('listLocations'),
      call('listBins', { params: { id } }),
    ]),
  );
  if (!detail.ok) return detail;
  if (!lines.ok) return lines;
  if (!locations.ok) return locations;
  const loc = locations.value.find((l) => l.id === detail.value.locationId);
  const previous = await getInventory(id);
  const { lineCount: _lc, countedLines: _cl, devices: _d, exports, ...inv } = detail.value;
  const binCodes = bins.ok ? bins.value.map((b) => b.code) : [...new Set(lines.value.map((l) => l.bin))].sort();
  try {
    const stored = await timed('snapshot-store', () =>
      storeInventory(
        {
          ...inv,
          location: loc ? { id: loc.id, code: loc.code, name: loc.name } : { id: inv.locationId, code: '?', name: '?' },
          blind: lines.value.some((l) => l.expectedQty === null),
          bins: binCodes,
          before:
            previous?.before ??
            (exports.before
              ? { fileName: exports.before.fileName, savedAt: exports.before.uploadedAt, bytes: null, uploaded: true }
              : null),
          after:
            previous?.after ??
            (exports.after
              ? { fileName: exports.after.fileName, savedAt: exports.after.uploadedAt, bytes: null, uploaded: true }
              : null),
        },
        lines.value,
      ),
    );
    return ok(stored);
  } catch (e) {
    // The snapshot is the biggest write the app makes: a full device shows up here first.
    const error = storageError(e);
    return fail(error.code, error.message);
  }
}

export async function openCount(id: number): Promise<Result<OpenCount, string>> {
  indexing = null;
  let inv = await getInventory(id);
  if (!inv) {
    const fetched = await downloadInventory(id);
    if (!fetched.ok) return fetched;
    inv = fetched.value;
  }
  const stored = inv;
  const before = current.value;
  const open = await timed('open', async (): Promise<OpenCount> => {
    const [lines, regs, checks] = await Promise.all([loadLines(id), registersOf(id), binChecksOf(id)]);
    return {
      inv: stored,
      lines,
      index: new Map(lines.map((l, i) => [l.key, i])),
      lazy: keptIndexes(before, stored, lines) ?? { codes: new CodeIndex(), codesDone: 0, haystack: [] },
      registers: new Map(regs.map((r) => [r.lineKey, r])),
      checks: new Map(checks.map((c) => [c.bin, c])),
    };
  });
  current.value = open;
  bump();
  indexWhenIdle(open);
  return ok(open);
}

export function refreshInventory(inv: StoredInventory): void {
  const open = current.value;
  if (open && open.inv.id === inv.id) current.value = { ...open, inv };
}

/** The round a line is counted in now on this device (0, or the latest recount's). */
export function lineRound(open: OpenCount, key: string): number {
  const i = open.index.get(key);
  const line = i === undefined ? undefined : open.lines[i];
  return line ? currentRound(line, open.inv.recounts ?? []) : 0;
}

/** This device's register for the line in the round it is counted in now (a recount starts blank). */
const registerNow = (open: OpenCount, key: string): StoredRegister | undefined => {
  const r = open.registers.get(key);
  return r && (r.round ?? 0) >= lineRound(open, key) ? r : undefined;
};

export const isCounted = (open: OpenCount, key: string): boolean => {
  const r = registerNow(open, key);
  return r !== undefined && r.qty !== null;
};

/**
 * How many lines this device counted: a pass over its registers (the lines it touched), not
 * over every line, so a count at 250,000 lines does not cost a 250,000-line loop.
 */
export function countedLineCount(open: OpenCount): number {
  let n = 0;
  for (const key of open.registers.keys()) if (open.index.has(key) && isCounted(open, key)) n++;
  return n;
}

/** What this device counted for the line in its current round (null: nothing yet, or a recount not done here). */
export const countedQty = (open: OpenCount, key: string): string | null => registerNow(open, key)?.qty ?? null;

/** An open recount covers the line and this device has not counted it in that round. */
export function toRecount(open: OpenCount, line: LineDto): RecountDto | null {
  const round = lineRound(open, line.key);
  if (round === 0 || isCounted(open, line.key)) return null;
  const r = (open.inv.recounts ?? []).find(
    (x) =>
      x.round === round &&
      x.status === 'open' &&
      (x.lineKey === line.key || (x.lineKey === null && x.bin === line.bin)),
  );
  return r ?? null;
}

/**
 * Fetches the recount requests (when online) and keeps them on the inventory record, so a
 * counter offline later still counts the right lines in the right round.
 */
export async function refreshRecounts(open: OpenCount): Promise<void> {
  const res = await call('listRecounts', { params: { id: open.inv.id } });
  if (!res.ok) return;
  await db.inventories.update(open.inv.id, { recounts: res.value });
  const inv = await getInventory(open.inv.id);
  if (inv) refreshInventory(inv);
  bump();
}

/** Supervisor: asks for a line or a bin to be counted again; refreshes the list. */
export async function askRecount(
  open: OpenCount,
  what: { lineKey: string } | { bin: string },
): Promise<Result<RecountDto, string>> {
  const res = await call('createRecount', { params: { id: open.inv.id }, body: what });
  if (res.ok) await refreshRecounts(open);
  return res;
}

/** Typed text → a quantity the line can hold, or the reason it cannot (for the screen to translate). */
export function parseCountInput(line: LineDto, text: string): Result<string, string> {
  const cleaned = text.trim().replace(/\s/g, '').replace(',', '.');
  if (cleaned === '') return fail('empty_quantity', 'Type a quantity.');
  if (cleaned.startsWith('-')) return fail('negative_quantity', 'A counted quantity cannot be negative.');
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return fail('not_a_number', `"${text}" is not a number.`);
  const q = parseQty(cleaned);
  if (!q.ok) return fail(q.error.code, q.error.message);
  const checked = checkLineQty(line, q.value);
  if (!checked.ok)
    return fail(
      checked.error.code === 'invalid_quantity' ? 'whole_quantity' : checked.error.code,
      checked.error.message,
    );
  return ok(formatQty(checked.value));
}

function counterName(): string {
  return session.value?.username ?? 'inconnu';
}

async function afterWrite(): Promise<void> {
  bump();
  // The count is committed: the screen and the unsent badge say so now; the badge's exact
  // figure follows a moment later.
  countedUnsent();
  void refreshUnsent().then(() => requestSync());
}

export async function countLine(open: OpenCount, line: LineDto, text: string): Promise<Result<string, string>> {
  const parsed = parseCountInput(line, text);
  if (!parsed.ok) return parsed;
  const event = await recordCount({
    inventoryId: open.inv.id,
    lineKey: line.key,
    qty: parsed.value,
    counter: counterName(),
    round: lineRound(open, line.key),
  });
  open.registers.set(line.key, { ...event, inventoryId: open.inv.id });
  await afterWrite();
  return parsed;
}

let adding: Promise<unknown> = Promise.resolve();

/**
 * Adds to this device's count of a line (a scan: 1, or a carton's 12). Calls run one
 * after the other, each reading the count the previous one wrote: two quick scans of the
 * same line make 2, never 1.
 */
export function addToLine(open: OpenCount, line: LineDto, delta: Qty): Promise<Result<string, string>> {
  const run = adding.then(() => {
    const current = countedQty(open, line.key);
    const base = current === null ? 0n : decimalToScaled(current, 3);
    return countLine(open, line, formatQty(qty(base + delta)));
  });
  adding = run.catch(() => undefined);
  return run;
}

/** Undoes this device's last count; the line it touched, or null when there was nothing to undo. */
export async function undoLast(open: OpenCount): Promise<LineDto | null> {
  const event = await undoLastCount(open.inv.id, counterName());
  if (!event) return null;
  open.registers.set(event.lineKey, { ...event, inventoryId: open.inv.id });
  await afterWrite();
  const i = open.index.get(event.lineKey);
  return i === undefined ? null : open.lines[i]!;
}

export async function setBinEmpty(open: OpenCount, bin: string, empty: boolean): Promise<void> {
  const uncounted = open.lines
    .filter((l) => l.bin === bin && !isCounted(open, l.key))
    .map((l) => ({ key: l.key, round: lineRound(open, l.key) }));
  await confirmBinEmpty(open.inv.id, bin, uncounted, counterName(), empty);
  const [regs, checks] = await Promise.all([registersOf(open.inv.id), binChecksOf(open.inv.id)]);
  open.registers.clear();
  for (const r of regs) open.registers.set(r.lineKey, r);
  open.checks.clear();
  for (const c of checks) open.checks.set(c.bin, c);
  await afterWrite();
}

export type BinProgress = { code: string; lines: number; counted: number; state: 'not_visited' | 'counted' | 'empty' };

export function binProgress(open: OpenCount): BinProgress[] {
  const byBin = new Map<string, { lines: number; counted: number }>();
  for (const b of open.inv.bins) byBin.set(b, { lines: 0, counted: 0 });
  for (const l of open.lines) {
    const p = byBin.get(l.bin) ?? { lines: 0, counted: 0 };
    p.lines++;
    if (isCounted(open, l.key)) p.counted++;
    byBin.set(l.bin, p);
  }
  return [...byBin.entries()]
    .sort(([a], [b]) => compareCodes(a, b))
    .map(([code, p]) => ({
      code,
      ...p,
      state: p.counted > 0 ? 'counted' : open.checks.get(code)?.empty ? 'empty' : 'not_visited',
    }));
}

/**
 * "Ajouter réf.": online, the server says at once whether the reference is acceptable;
 * offline, the line is made here with the same key the server will give it, and sent later.
 */
export async function addLine(open: OpenCount, req: AddLineRequest): Promise<Result<LineDto, string>> {
  const known = findItem(open, req.itemRef, req.barcode);
  const itemRef = known?.itemRef ?? req.itemRef;
  const res = await call('addLine', { params: { id: open.inv.id }, body: req });
  if (res.ok) {
    await saveAddedLine(open.inv.id, res.value, req, false);
    insertLine(open, res.value);
    await afterWrite();
    return res;
  }
  if (res.error.code !== 'offline') return res;
  if (!itemRef)
    return fail('ref_required_offline', 'Offline, give the item reference (the barcode is not in this list).');
  if (!known && !req.designation) return fail('designation_required', 'Give the designation of this new reference.');
  const line: LineDto = {
    key: makeLineKey({ itemRef, bin: req.bin, lot: req.lot, serial: req.serial }),
    itemRef,
    designation: known?.designation ?? req.designation ?? itemRef,
    kind: open.inv.kind,
    supplier: known?.supplier ?? req.supplier,
    bin: req.bin,
    lot: req.lot,
    serial: req.serial,
    barcodes: known?.barcodes ?? (req.barcode ? [req.barcode] : []),
    unit: known?.unit ?? req.unit ?? 'pcs',
    expectedQty: open.inv.blind ? null : '0.000',
    unitCost: known?.unitCost ?? '0.0000',
    added: true,
  };
  const existing = open.index.get(line.key);
  if (existing !== undefined) return ok(open.lines[existing]!);
  await saveAddedLine(open.inv.id, line, { ...req, itemRef }, true);
  insertLine(open, line);
  await afterWrite();
  return ok(line);
}

function findItem(open: OpenCount, ref: string | null, barcode: string | null): LineDto | undefined {
  const r = ref?.trim().toLowerCase();
  return open.lines.find((l) => (r && l.itemRef.toLowerCase() === r) || (barcode && l.barcodes.includes(barcode)));
}

function insertLine(open: OpenCount, line: LineDto): void {
  const i = open.index.get(line.key);
  if (i !== undefined) {
    open.lines[i] = line;
    return;
  }
  open.index.set(line.key, open.lines.length);
  // The indexes take it in with the next slice, or when a scan or search asks for them.
  open.lines.push(line);
}

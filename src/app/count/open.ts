/**
 * The inventory open on this device: its lines in memory (for instant filtering), this
 * device's registers and bin checks, and the signals the screens re-render on. The actions
 * a counter takes live beside it (countLine.ts, scanQueue.ts, undo.ts, bins.ts,
 * addedLines.ts, recounts.ts): each writes IndexedDB first and updates the screen after the
 * commit, then asks the outbox to push (afterWrite.ts). What the other devices counted
 * (others.ts) is loaded with it, and pulled from the server as it opens: a device opening
 * an inventory, even an applied one, shows the team's progress, not its own alone. Lines
 * another phone added come in as their counts do (teamLines.ts).
 */
import { signal } from '@preact/signals';
import type { LineDto } from '../../core/api/dto';
import { ok, type Result } from '../../core/errors';
import { binChecksOf, registersOf } from '../db/counts';
import type { StoredBinCheck, StoredInventory, StoredRegister } from '../db/schema';
import { addedLinesOf, getInventory, streamSnapshot } from '../db/snapshot';
import { onPulled, pullInventory } from '../sync/pull';
import { timed } from '../timing';
import { downloadInventory } from './download';
import { loadOthers, onOthersChanged, othersLineKeys } from './others';
import { loadLines, type LineLoad } from './lineLoad';
import { emptyIndexes, indexWhenIdle, stopIndexing, type LazyIndexes } from './searchIndex';
import { learnTeamLines } from './teamLines';

export interface OpenCount {
  readonly inv: StoredInventory;
  readonly lines: LineDto[];
  readonly index: Map<string, number>;
  /** The scan and search indexes: see `codesOf` and `haystackOf` (searchIndex.ts). Shared by copies of this object. */
  readonly lazy: LazyIndexes;
  readonly registers: Map<string, StoredRegister>;
  readonly checks: Map<string, StoredBinCheck>;
  /**
   * The lines still coming in (lineLoad.ts): the list shows the first at once. Whatever needs
   * every line or looks one up by key waits for `whenComplete`. Shared by copies of this object.
   */
  readonly load: LineLoad;
}

/** Every line is in memory (the list's rows, the key index, the search and scan indexes' source). */
export const isComplete = (open: OpenCount): boolean => open.load.done;

/** Resolves once every line is in (at once when they are): scans, searches and lookups by key wait for it. */
export const whenComplete = (open: OpenCount): Promise<void> => open.load.ready;

/** The count's total lines: the stored count while the rest loads, so the header is right at once. */
export const totalLines = (open: OpenCount): number =>
  open.load.done ? open.lines.length : Math.max(open.inv.lineCount, open.lines.length);

export const current = signal<OpenCount | null>(null);
/** Bumped after each committed change: components reading it re-render. */
export const revision = signal(0);

export const bump = (): void => {
  revision.value++;
};

// Another device's count moved a line's state: the progress, the rows and the filters follow.
onOthersChanged((inventoryId) => {
  if (current.value?.inv.id === inventoryId) bump();
});

/** Lines another phone added that this one does not hold: fetched, then the screen shows them. */
function learnLines(open: OpenCount, keys: Iterable<string>): void {
  const wanted = [...keys];
  // Only once every line is in: a key not read yet is not a line another phone added.
  void whenComplete(open)
    .then(() => (open.load.done ? learnTeamLines(open, wanted) : false))
    .then((added) => {
      if (added) bump();
    });
}

// Counts pulled for a line this device does not know: the line was added on another phone.
onPulled((inventoryId, moved) => {
  const open = current.value;
  if (open?.inv.id === inventoryId)
    learnLines(
      open,
      moved.map((r) => r.lineKey),
    );
});

/**
 * The same snapshot still in memory (back to the list and in again): its lines, key index
 * and search indexes are reused rather than read from IndexedDB again. Lines added since
 * (here or by the team) are in them already: they are inserted as they are learnt.
 */
const reusable = (before: OpenCount | null, inv: StoredInventory): before is OpenCount =>
  before !== null && before.inv.id === inv.id && before.inv.storedAt === inv.storedAt && !before.load.stopped;

/** At most one redraw of the growing list in this time (ms). */
const GROW_REDRAW_MS = 200;

/** The lines of `inv` read from IndexedDB in the background; resolves with the first batch in. */
function coldLines(inv: StoredInventory): Promise<Pick<OpenCount, 'lines' | 'index' | 'load'>> {
  const lines: LineDto[] = [];
  const index = new Map<string, number>();
  const seq = opens;
  let drawn = 0;
  return new Promise((resolve) => {
    const load = loadLines(
      { lines, index },
      {
        stream: (onBatch, more) => streamSnapshot(inv.id, onBatch, more, pause),
        unchanged: async () => (await getInventory(inv.id))?.storedAt === inv.storedAt,
        added: () => addedLinesOf(inv.id),
      },
      {
        // Read on while this count is the open one, or the one opening now.
        wanted: () => seq === opens || current.value?.lines === lines,
        first: () => resolve({ lines, index, load }),
        // The list redrawn a few times a second as it grows, and at the end: each redraw is a
        // pass over every line read so far (the visible rows, the counted lines).
        grew: () => {
          if (current.value?.lines !== lines) return;
          if (!load.done && performance.now() - drawn < GROW_REDRAW_MS) return;
          drawn = performance.now();
          bump();
        },
      },
    );
    void load.ready.then(() => {
      // Stored again while read (a fresh download): read again, from the new snapshot.
      if (load.stopped === 'restored' && current.value?.lines === lines) void openCount(inv.id);
    });
  });
}

/** Between two batches: the page given back, or held (`holdLineLoads`). */
let held: Promise<void> | null = null;
const pause = (): Promise<void> => held ?? new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Holds the background reads after their current batch until `release` resolves: only the
 * benchmark uses it (bench.ts), to search and scan while a count's lines still load.
 */
export function holdLineLoads(release: Promise<void>): void {
  held = release.finally(() => (held = null));
}

/** Opens started: a background read goes on while its count is the latest one opening or open. */
let opens = 0;

/** Opens an inventory from the device, downloading it first when it is not there yet. */
export async function openCount(id: number): Promise<Result<OpenCount, string>> {
  stopIndexing();
  opens++;
  let inv = await getInventory(id);
  if (!inv) {
    const fetched = await downloadInventory(id);
    if (!fetched.ok) return fetched;
    inv = fetched.value;
  }
  const stored = inv;
  const before = current.value;
  const open = await timed('open', async (): Promise<OpenCount> => {
    const kept = reusable(before, stored);
    const [lines, regs, checks] = await Promise.all([
      kept ? { lines: before.lines, index: before.index, load: before.load } : coldLines(stored),
      registersOf(id),
      binChecksOf(id),
      loadOthers(id),
    ]);
    return {
      inv: stored,
      ...lines,
      lazy: kept ? before.lazy : emptyIndexes(),
      registers: new Map(regs.map((r) => [r.lineKey, r])),
      checks: new Map(checks.map((c) => [c.bin, c])),
    };
  });
  current.value = open;
  bump();
  // The scan and search indexes are built once every line is in (a scan or a search waits for it).
  void whenComplete(open).then(() => {
    if (current.value?.lines === open.lines && open.load.done) indexWhenIdle(open);
  });
  // Other devices' counts already stored for lines added on their phones since the download.
  learnLines(open, othersLineKeys(id));
  // The team's latest, now (the sync loop pulls only inventories still counting or closed).
  void pullInventory(id);
  return ok(open);
}

/** The inventory record changed on the device (status, recounts, ZIPs): the open count shows it. */
export function refreshInventory(inv: StoredInventory): void {
  const open = current.value;
  if (open && open.inv.id === inv.id) current.value = { ...open, inv };
}

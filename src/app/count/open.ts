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
import { getInventory, loadLines } from '../db/snapshot';
import { onPulled, pullInventory } from '../sync/pull';
import { nextTask } from '../idle';
import { timed } from '../timing';
import { downloadInventory } from './download';
import { loadOthers, onOthersChanged, othersLineKeys } from './others';
import { emptyIndexes, indexWhenIdle, keptIndexes, stopIndexing, type LazyIndexes } from './searchIndex';
import { learnTeamLines } from './teamLines';

export interface OpenCount {
  readonly inv: StoredInventory;
  readonly lines: LineDto[];
  readonly index: Map<string, number>;
  /** The scan and search indexes: see `codesOf` and `haystackOf` (searchIndex.ts). Shared by copies of this object. */
  readonly lazy: LazyIndexes;
  readonly registers: Map<string, StoredRegister>;
  readonly checks: Map<string, StoredBinCheck>;
}

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
  void learnTeamLines(open, keys).then((added) => {
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

/** Keys set per task while the index is built: 250,000 in one go were a 150 ms task. */
const INDEX_BATCH = 20_000;

async function keyIndex(lines: readonly LineDto[]): Promise<Map<string, number>> {
  const index = new Map<string, number>();
  for (let i = 0; i < lines.length; i++) {
    index.set(lines[i]!.key, i);
    if (i % INDEX_BATCH === INDEX_BATCH - 1) await nextTask();
  }
  return index;
}

/** Opens an inventory from the device, downloading it first when it is not there yet. */
export async function openCount(id: number): Promise<Result<OpenCount, string>> {
  stopIndexing();
  let inv = await getInventory(id);
  if (!inv) {
    const fetched = await downloadInventory(id);
    if (!fetched.ok) return fetched;
    inv = fetched.value;
  }
  const stored = inv;
  const before = current.value;
  const open = await timed('open', async (): Promise<OpenCount> => {
    const [lines, regs, checks] = await Promise.all([loadLines(id), registersOf(id), binChecksOf(id), loadOthers(id)]);
    return {
      inv: stored,
      lines,
      index: await keyIndex(lines),
      lazy: keptIndexes(before, stored, lines) ?? emptyIndexes(),
      registers: new Map(regs.map((r) => [r.lineKey, r])),
      checks: new Map(checks.map((c) => [c.bin, c])),
    };
  });
  current.value = open;
  bump();
  indexWhenIdle(open);
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

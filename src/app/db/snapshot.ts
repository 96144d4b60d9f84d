/**
 * Storing and loading an inventory's snapshot. Written once, in one transaction, as JSON
 * chunks (see schema.ts; the server's own chunks, kept as they came by the download
 * worker); read back
 * in order. Deleting an inventory from the device drops its snapshot but never its counts
 * while some are still unsent.
 */
import Dexie from 'dexie';
import type { LineDto } from '../../core/api/dto';
import { decodeChunk, sharedValues } from './chunkColumns';
import { db, type SnapshotChunk, type StoredInventory } from './schema';

/** Chunks per query when reading: 8,000 lines, decoded in short tasks (streamSnapshot). */
const READ_BATCH = 4;

/** The page given back between batches (db/ stays free of the app's modules: workers read it too). */
const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Stores an inventory and its snapshot, given as chunks already encoded (chunkColumns.ts,
 * CHUNK_LINES lines each but the last), in one transaction: the chunks of an earlier copy
 * go, the new ones and the inventory record come, all or nothing. The device never holds
 * a half snapshot it would open as whole: an interrupted download wrote nothing.
 */
export async function storeSnapshot(
  inv: Omit<StoredInventory, 'chunkCount' | 'lineCount' | 'storedAt'>,
  columns: readonly string[],
  lineCount: number,
): Promise<StoredInventory> {
  const stored: StoredInventory = {
    ...inv,
    lineCount,
    chunkCount: columns.length,
    storedAt: new Date().toISOString(),
  };
  const chunks: SnapshotChunk[] = columns.map((c, index) => ({ inventoryId: inv.id, index, columns: c }));
  await db.transaction('rw', db.inventories, db.chunks, async () => {
    await db.chunks.where('[inventoryId+index]').between([inv.id, Dexie.minKey], [inv.id, Dexie.maxKey]).delete();
    await db.chunks.bulkPut(chunks);
    await db.inventories.put(stored);
  });
  return stored;
}

/**
 * Every line (the snapshot's, then those added on this device that the server does not
 * list yet), read in one transaction: for a worker (the exports), which has no page to
 * give back to; reading in the open's small batches cost it 0.4 s more at 250,000 lines
 * (after ZIP's reading phase, 583 → 944 ms). The decoding, after the transaction, lets the
 * worker's other messages in every DECODE_TURN_MS: the after export's own request, which
 * otherwise waited behind the whole read it had started ahead (3 s at a phone's 4× slower
 * CPU) before asking the server anything.
 */
export async function loadLinesAtOnce(inventoryId: number): Promise<LineDto[]> {
  const [chunks, added] = await db.transaction('r', db.chunks, db.addedLines, () =>
    Promise.all([chunksOf(inventoryId, 0, Infinity), addedLinesOf(inventoryId)]),
  );
  const lines: LineDto[] = [];
  const shared = sharedValues();
  let turnStart = performance.now();
  for (const c of chunks) {
    if (performance.now() - turnStart > DECODE_TURN_MS) {
      await nextTask();
      turnStart = performance.now();
    }
    decodeChunk(c.columns, lines, shared);
  }
  return withAdded(lines, added);
}

/** A worker's decoding turn: long enough that the yields cost nothing measurable, short enough that a message waits little. */
const DECODE_TURN_MS = 50;

const chunksOf = (inventoryId: number, from: number, to: number): Promise<SnapshotChunk[]> =>
  db.chunks
    .where('[inventoryId+index]')
    .between([inventoryId, from], [inventoryId, to === Infinity ? Dexie.maxKey : to])
    .toArray();

/** The snapshot's lines, then those added on this device that the server does not list yet. */
function withAdded(lines: LineDto[], added: readonly LineDto[]): LineDto[] {
  // Most counts add no line: no set of every key (250,000 of them) just to find none.
  if (added.length === 0) return lines;
  const known = new Set(lines.map((l) => l.key));
  for (const a of added) if (!known.has(a.key)) lines.push(a);
  return lines;
}

/** Decoding per task before the page is given back: a key press waits at most about this. */
const SLICE_MS = 8;

/**
 * The snapshot lines in order, handed over a chunk at a time with the page given back as
 * soon as a task has decoded for SLICE_MS (a chunk is ~5 ms here, ~25 at a phone's 4× slower
 * CPU, where 4 chunks in one task made 100+ ms tasks): the first chunk is read alone (the
 * list can show it within a few ms), then READ_BATCH chunks per query. Stops early, with
 * false, when `more` says so. `pause` is what runs between tasks (the benchmark holds it to
 * act while the lines load).
 */
export async function streamSnapshot(
  inventoryId: number,
  onBatch: (lines: LineDto[]) => void,
  more: () => boolean = () => true,
  pause: () => Promise<void> = nextTask,
): Promise<boolean> {
  // The values repeated from line to line, kept once for the whole read (chunkColumns.ts).
  const shared = sharedValues();
  for (let from = 0, size = 1; ; from += size, size = READ_BATCH) {
    const chunks = await db.chunks
      .where('[inventoryId+index]')
      .between([inventoryId, from], [inventoryId, from + size])
      .toArray();
    let sliceStart = performance.now();
    for (const c of chunks) {
      if (performance.now() - sliceStart > SLICE_MS) {
        await pause();
        sliceStart = performance.now();
      }
      if (!more()) return false;
      const lines: LineDto[] = [];
      decodeChunk(c.columns, lines, shared);
      onBatch(lines);
    }
    if (chunks.length === 0) {
      // Nothing (left) to read: an empty batch still says the first lines are in.
      if (!more()) return false;
      onBatch([]);
    }
    if (chunks.length < size) return true;
    await pause();
  }
}

/** The lines added on this device (Ajouter réf.) that the server may not list yet. */
export const addedLinesOf = async (inventoryId: number): Promise<LineDto[]> =>
  (
    await db.addedLines
      .where('[inventoryId+key]')
      .between([inventoryId, Dexie.minKey], [inventoryId, Dexie.maxKey])
      .toArray()
  ).map((a) => a.line);

/**
 * The snapshot lines of chunks [from, to) (CHUNK_LINES lines each), in order, without the
 * lines added on the device: two workers can each read and convert their half.
 */
export async function loadSnapshotPart(inventoryId: number, from: number, to: number): Promise<LineDto[]> {
  const chunks = await chunksOf(inventoryId, from, to);
  const lines: LineDto[] = [];
  const shared = sharedValues();
  for (const c of chunks) decodeChunk(c.columns, lines, shared);
  return lines;
}

export const getInventory = (id: number): Promise<StoredInventory | undefined> => db.inventories.get(id);

export const listStoredInventories = (): Promise<StoredInventory[]> => db.inventories.toArray();

export async function updateInventory(id: number, changes: Partial<StoredInventory>): Promise<void> {
  await db.inventories.update(id, changes);
}

/**
 * Downloading an inventory to the device, in the download worker: its detail, location and
 * bins, and its snapshot lines read as they arrive (lineArray.ts) and encoded a chunk at a
 * time (chunkColumns.ts), then all of it stored in one transaction (db/snapshot.ts), keeping
 * the ZIPs this device already saved. Nothing is written before the last line is in: a
 * download cut short leaves the device as it was.
 */
import type { LineDto } from '../../core/api/dto';
import { fail, ok, type Result } from '../../core/errors';
import { call, callStreamed } from '../api/client';
import { encodeChunk } from '../db/chunkColumns';
import { storageError } from '../db/errors';
import { CHUNK_LINES, type StoredInventory } from '../db/schema';
import { getInventory, storeSnapshot } from '../db/snapshot';
import { LineArrayReader } from './lineArray';
import type { DownloadProgress } from './protocol';

export interface Listener {
  readonly progress: (progress: DownloadProgress) => void;
  /** Every line is in; storing begins. */
  readonly received: () => void;
}

/** The lines encoded as they come, CHUNK_LINES per chunk, with what the inventory record says of them. */
class ChunkBuilder {
  readonly chunks: string[] = [];
  lineCount = 0;
  /** A line came without its expected quantity: the snapshot is a counter's (blind). */
  blind = false;
  /** The bins holding stock, for when the location's bins could not be read. */
  readonly bins = new Set<string>();
  private pending: LineDto[] = [];

  add(lines: readonly LineDto[]): void {
    for (const l of lines) {
      if (l.expectedQty === null) this.blind = true;
      this.bins.add(l.bin);
      this.pending.push(l);
      if (this.pending.length === CHUNK_LINES) this.flush();
    }
    this.lineCount += lines.length;
  }

  flush(): void {
    if (this.pending.length === 0) return;
    this.chunks.push(encodeChunk(this.pending));
    this.pending = [];
  }
}

export async function fetchSnapshot(id: number, listener: Listener): Promise<Result<StoredInventory, string>> {
  const detailCall = call('getInventory', { params: { id } });
  const locationsCall = call('listLocations');
  const binsCall = call('listBins', { params: { id } });
  let total = 0;
  void detailCall.then((d) => (total = d.ok ? d.value.lineCount : 0));
  const built = new ChunkBuilder();
  const reader = new LineArrayReader();
  let told = 0;
  const take = (lines: readonly LineDto[]): void => {
    built.add(lines);
    // A message per 1 % at most: a few hundred, not one per network packet.
    if (built.lineCount - told >= Math.max(CHUNK_LINES, total / 100)) {
      told = built.lineCount;
      listener.progress({ lines: told, total });
    }
  };
  let lines: Result<void, string>;
  try {
    lines = await callStreamed('listLines', (text) => take(reader.push(text)), { params: { id }, timeoutMs: 300_000 });
    if (lines.ok) take(reader.end());
  } catch (e) {
    // Not JSON, or cut short: as the page's call said of an unreadable answer.
    lines = fail('offline', `The answer was cut short: ${e instanceof Error ? e.message : String(e)}`);
  }
  const [detail, locations, bins] = await Promise.all([detailCall, locationsCall, binsCall]);
  if (!detail.ok) return detail;
  if (!lines.ok) return lines;
  if (!locations.ok) return locations;
  built.flush();
  listener.progress({ lines: built.lineCount, total: Math.max(total, built.lineCount) });
  listener.received();
  const loc = locations.value.find((l) => l.id === detail.value.locationId);
  const { lineCount: _lc, countedLines: _cl, devices: _d, blind: _b, exports, ...inv } = detail.value;
  try {
    const previous = await getInventory(id);
    const stored = await storeSnapshot(
      {
        ...inv,
        location: loc ? { id: loc.id, code: loc.code, name: loc.name } : { id: inv.locationId, code: '?', name: '?' },
        blind: built.blind,
        blindCount: detail.value.blind,
        bins: bins.ok ? bins.value.map((b) => b.code) : [...built.bins].sort(),
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
      built.chunks,
      built.lineCount,
    );
    return ok(stored);
  } catch (e) {
    // The snapshot is the biggest write the app makes: a full device shows up here first.
    const error = storageError(e);
    return fail(error.code, error.message);
  }
}

/**
 * Downloading an inventory to the device, in the download worker: its detail, location and
 * bins, and its snapshot lines as the server's chunks of columns, read as they arrive
 * (chunkArray.ts) and kept as the text they came in — the layout the device stores
 * (db/chunkColumns.ts) — then all of it stored in one transaction (db/snapshot.ts), keeping
 * the ZIPs this device already saved. Nothing is written before the last line is in: a
 * download cut short leaves the device as it was.
 */
import { fail, ok, type Result } from '../../core/errors';
import { call, callStreamed } from '../api/client';
import { storageError } from '../db/errors';
import { CHUNK_LINES, type StoredInventory } from '../db/schema';
import { getInventory, storeSnapshot } from '../db/snapshot';
import { ChunkArrayReader, chunkBins, type ChunkText } from './chunkArray';
import type { DownloadProgress } from './protocol';

export interface Listener {
  readonly progress: (progress: DownloadProgress) => void;
  /** Every line is in; storing begins. */
  readonly received: () => void;
}

/** The chunks as they come, stored as they are, with what the inventory record says of them. */
class Chunks {
  readonly texts: string[] = [];
  lineCount = 0;
  /** A line came without its expected quantity: the snapshot is a counter's (blind). */
  blind = false;

  add(chunks: readonly ChunkText[]): void {
    for (const c of chunks) {
      this.texts.push(c.text);
      this.lineCount += c.keys.length;
      if (c.blind) this.blind = true;
    }
  }

  /** The bins holding stock, for when the location's bins could not be read. */
  bins(): string[] {
    return [...new Set(this.texts.flatMap(chunkBins))].sort();
  }
}

export async function fetchSnapshot(id: number, listener: Listener): Promise<Result<StoredInventory, string>> {
  const detailCall = call('getInventory', { params: { id } });
  const locationsCall = call('listLocations');
  const binsCall = call('listBins', { params: { id } });
  let total = 0;
  void detailCall.then((d) => (total = d.ok ? d.value.lineCount : 0));
  const built = new Chunks();
  const reader = new ChunkArrayReader();
  let told = 0;
  const take = (chunks: readonly ChunkText[]): void => {
    built.add(chunks);
    // A message per 1 % at most: a few hundred, not one per network packet.
    if (built.lineCount - told >= Math.max(CHUNK_LINES, total / 100)) {
      told = built.lineCount;
      listener.progress({ lines: told, total });
    }
  };
  let lines: Result<void, string>;
  try {
    lines = await callStreamed('listLineColumns', (text) => take(reader.push(text)), {
      params: { id },
      query: { lines: CHUNK_LINES },
      timeoutMs: 300_000,
    });
    if (lines.ok) take(reader.end());
  } catch (e) {
    // Not JSON, or cut short: as the page's call said of an unreadable answer.
    lines = fail('offline', `The answer was cut short: ${e instanceof Error ? e.message : String(e)}`);
  }
  const [detail, locations, bins] = await Promise.all([detailCall, locationsCall, binsCall]);
  if (!detail.ok) return detail;
  if (!lines.ok) return lines;
  if (!locations.ok) return locations;
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
        bins: bins.ok ? bins.value.map((b) => b.code) : built.bins(),
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
      built.texts,
      built.lineCount,
    );
    return ok(stored);
  } catch (e) {
    // The snapshot is the biggest write the app makes: a full device shows up here first.
    const error = storageError(e);
    return fail(error.code, error.message);
  }
}

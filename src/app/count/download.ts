/**
 * Downloading an inventory to the device: its detail, snapshot lines, location and bins,
 * stored in IndexedDB in one go, keeping the ZIPs this device already saved.
 */
import { fail, ok, type Result } from '../../core/errors';
import { call } from '../api/client';
import { storageError } from '../db/errors';
import type { StoredInventory } from '../db/schema';
import { getInventory, storeInventory } from '../db/snapshot';
import { timed } from '../timing';

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
  const { lineCount: _lc, countedLines: _cl, devices: _d, blind: _b, exports, ...inv } = detail.value;
  const binCodes = bins.ok ? bins.value.map((b) => b.code) : [...new Set(lines.value.map((l) => l.bin))].sort();
  try {
    const stored = await timed('snapshot-store', () =>
      storeInventory(
        {
          ...inv,
          location: loc ? { id: loc.id, code: loc.code, name: loc.name } : { id: inv.locationId, code: '?', name: '?' },
          blind: lines.value.some((l) => l.expectedQty === null),
          blindCount: detail.value.blind,
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

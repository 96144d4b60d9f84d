/**
 * Downloading an inventory to the device: its detail, snapshot lines, location and bins,
 * stored in IndexedDB in one go, keeping the ZIPs this device already saved. The work is
 * the download worker's (src/app/download): the page only follows its progress and gets
 * the stored inventory, or an error value, back.
 */
import { signal } from '@preact/signals';
import type { Result } from '../../core/errors';
import { sessionToken, workerAnswered } from '../api/client';
import type { StoredInventory } from '../db/schema';
import { downloadInWorker, type DownloadProgress } from '../download/bridge';
import { measure } from '../timing';

/** The download under way (lines read / the snapshot's total), for a progress bar; null when none. */
export const downloadProgress = signal<DownloadProgress | null>(null);

/** The download's share done, 0 to 1, for a ProgressBar; null while the total is unknown or none runs. */
export function downloadFraction(): number | null {
  const p = downloadProgress.value;
  return p && p.total > 0 ? Math.min(1, p.lines / p.total) : null;
}

/** Downloads an inventory (detail, snapshot lines, bins) and stores it on the device. */
export async function downloadInventory(id: number): Promise<Result<StoredInventory, string>> {
  const start = performance.now();
  // The bench reads both: request → every line in, then → stored (decompte:snapshot-*).
  let received: number | null = null;
  downloadProgress.value = { lines: 0, total: 0 };
  try {
    const result = await downloadInWorker(id, {
      token: sessionToken(),
      onProgress: (p) => (downloadProgress.value = p),
      onReceived: () => {
        received = performance.now();
        measure('snapshot-download', start);
      },
    });
    if (received === null) measure('snapshot-download', start);
    else measure('snapshot-store', received);
    workerAnswered(result);
    return result;
  } finally {
    downloadProgress.value = null;
  }
}

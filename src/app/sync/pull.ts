/**
 * The pull: what OTHER devices counted on an inventory, fetched page by page from this
 * device's cursor (`more` → next page), folded into IndexedDB, then handed to whoever
 * shows it (the open count) as the registers that changed — incremental, so a pull on a
 * 100,000-line inventory touches only what moved. Passing `deviceId` also tells the server
 * this device is alive (the supervisor's "last contact") even when it has nothing to push.
 * Each page also says which bins the devices hold empty: kept on the device, and its
 * listeners told when the list changed (the bins checklist is the team's too).
 * A pull never throws: a device too full to keep what it pulled answers `quota_exceeded`
 * (the count screen starts a pull without waiting for it, so a throw went unhandled).
 */
import type { EmptyBinDto } from '../../core/api/dto';
import { fail, ok, type Result } from '../../core/errors';
import { call } from '../api/client';
import { deviceId } from '../db/device';
import { storageError } from '../db/errors';
import { foldPulled, pullCursor, saveEmptyBins } from '../db/others';
import type { OtherRegister } from '../db/schema';

export const PULL_PAGE = 2000;
/**
 * Events folded per IndexedDB transaction. Its requests are made on the page's thread, the
 * reads in one task and the writes in the next: a whole page of 2,000 took 190-260 ms to
 * read and 200-690 ms to write in single tasks at a phone's 4× slower CPU (bench, 250,000
 * lines, 20,000 events pulled at the close). A slice of 200 keeps each task a tenth of that.
 */
const FOLD_SLICE = 200;
/** A bound per sync round: a device far behind catches up over a few rounds, never stalls a push. */
const MAX_PAGES = 50;

type Listener = (inventoryId: number, changed: readonly OtherRegister[]) => void;
const listeners = new Set<Listener>();

/** Called with the other devices' registers each pull changed; returns the unsubscribe. */
export function onPulled(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

type EmptyBinsListener = (inventoryId: number, bins: readonly EmptyBinDto[]) => void;
const emptyBinsListeners = new Set<EmptyBinsListener>();

/** Called with the bins the devices hold empty, each time a pull finds the list changed. */
export function onEmptyBinsPulled(listener: EmptyBinsListener): () => void {
  emptyBinsListeners.add(listener);
  return () => emptyBinsListeners.delete(listener);
}

const inFlight = new Map<number, Promise<Result<{ changed: number }, string>>>();

/**
 * Pulls the inventory's news; a pull of the same inventory already under way (the sync
 * loop's, the count screen's as it opens) is shared rather than run twice.
 */
export function pullInventory(inventoryId: number): Promise<Result<{ changed: number }, string>> {
  const running = inFlight.get(inventoryId);
  if (running) return running;
  const run = pullPages(inventoryId)
    .catch((e: unknown) => {
      const error = storageError(e);
      return fail(error.code, error.message);
    })
    .finally(() => inFlight.delete(inventoryId));
  inFlight.set(inventoryId, run);
  return run;
}

async function pullPages(inventoryId: number): Promise<Result<{ changed: number }, string>> {
  const me = await deviceId();
  let changed = 0;
  let emptyBins: readonly EmptyBinDto[] | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const after = await pullCursor(inventoryId);
    const res = await call('pullCounts', {
      params: { id: inventoryId },
      query: { after, limit: PULL_PAGE, deviceId: me },
    });
    if (!res.ok) {
      if (emptyBins) await keepEmptyBins(inventoryId, emptyBins);
      return res;
    }
    const { events, cursor, more } = res.value;
    emptyBins = res.value.emptyBins;
    // Slice by slice, the cursor moved with the last, so a page cut short (a full device) is
    // pulled and folded again. The listeners hear once per page (each hearing redraws the
    // count), and of the slices kept even when a later one failed.
    const others = events.filter((e) => e.deviceId !== me);
    const moved: OtherRegister[] = [];
    try {
      for (let from = 0; from === 0 || from < others.length; from += FOLD_SLICE) {
        const last = from + FOLD_SLICE >= others.length;
        const slice = others.slice(from, from + FOLD_SLICE);
        moved.push(...(await foldPulled(inventoryId, slice, last ? Math.max(after, cursor) : null)));
      }
    } finally {
      changed += moved.length;
      if (moved.length) for (const l of listeners) l(inventoryId, moved);
    }
    if (!more || events.length === 0) break;
  }
  if (emptyBins) await keepEmptyBins(inventoryId, emptyBins);
  return ok({ changed });
}

/** The latest page's list of empty bins, kept; the listeners hear of it only when it changed. */
async function keepEmptyBins(inventoryId: number, bins: readonly EmptyBinDto[]): Promise<void> {
  if (!(await saveEmptyBins(inventoryId, bins))) return;
  for (const l of emptyBinsListeners) l(inventoryId, bins);
}

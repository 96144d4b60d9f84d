/**
 * Loaded only when the page's URL has `?bench` (main.tsx), as its own small chunk: the one
 * thing `npm run bench` cannot do through the UI — store the same snapshot the naive way
 * (db/naiveSnapshot.ts) to compare with the app's layout — and one it cannot see: whether
 * the count's indexes are built, so the page is weighed with them. Everything else the benchmark
 * drives through the screens and reads from User Timing (timing.ts).
 */
import { call } from './api/client';
import { current, holdLineLoads } from './count/open';
import { indexesComplete } from './count/searchIndex';
import { naiveStoreMs } from './db/naiveSnapshot';

export interface BenchHooks {
  /** Downloads the inventory's lines (not timed), stores them one record per line: the ms of the store. */
  naiveStore(inventoryId: number): Promise<number>;
  /** The open inventory's scan and search indexes are built (they are, in background tasks, after opening). */
  indexesComplete(): boolean;
  /** Lets go of the open count's lines, so the next open reads them from IndexedDB (a cold open). */
  forgetOpenCount(): void;
  /** Holds the lines' background reads after their first batch, until `releaseLineLoads`. */
  holdLineLoads(): void;
  releaseLineLoads(): void;
  /** Every line of the open count is in memory. */
  openLoadDone(): boolean;
}

declare global {
  interface Window {
    __decompteBench?: BenchHooks;
  }
}

let release = (): void => {};

window.__decompteBench = {
  async naiveStore(inventoryId) {
    const lines = await call('listLines', { params: { id: inventoryId }, timeoutMs: 300_000 });
    if (!lines.ok) throw new Error(`${lines.error.code}: ${lines.error.message}`);
    return naiveStoreMs(inventoryId, lines.value);
  },
  indexesComplete() {
    const open = current.value;
    return open !== null && open.load.done && indexesComplete(open);
  },
  forgetOpenCount() {
    current.value = null;
  },
  holdLineLoads() {
    holdLineLoads(new Promise<void>((resolve) => (release = resolve)));
  },
  releaseLineLoads() {
    release();
  },
  openLoadDone() {
    return current.value?.load.done === true;
  },
};

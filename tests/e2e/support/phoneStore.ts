/**
 * What a phone holds, read with raw indexedDB (not the app's code, so a test sees what is
 * really stored), and waiting for a phone to get somewhere while nudging its sync.
 */
import type { Page } from 'playwright-core';

/** Every record of one of the app's stores on the phone. */
export const readStore = <T>(page: Page, store: 'events' | 'meta'): Promise<T[]> =>
  page.evaluate(
    (name) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('decompte');
        open.onerror = () => reject(open.error ?? new Error('IndexedDB request failed'));
        open.onsuccess = () => {
          const all = open.result.transaction(name, 'readonly').objectStore(name).getAll();
          all.onsuccess = () => {
            open.result.close();
            resolve(all.result as T[]);
          };
          all.onerror = () => reject(all.error ?? new Error('IndexedDB request failed'));
        };
      }),
    store,
  );

/**
 * Waits until `check` holds, telling the page it is online every half second (the sync
 * loop's wake-up) so a backoff does not make the test wait its whole delay; fails after `ms`.
 */
export async function until(what: string, check: () => Promise<boolean>, page: Page, ms = 90_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`still not ${what} after ${ms / 1000} s`);
    await page.evaluate(() => dispatchEvent(new Event('online'))).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 500));
  }
}

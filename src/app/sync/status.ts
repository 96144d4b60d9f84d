/** What the status bar shows: network, counts not sent yet, last successful sync, last problem. */
import { signal } from '@preact/signals';
import type { StoredEvent } from '../db/schema';

export const online = signal(typeof navigator === 'undefined' ? true : navigator.onLine);

/**
 * Follows the browser's word on the network from the page's first moment (main.tsx), not
 * once the outbox starts: that waits for a quiet page (up to 5 s on a busy first visit),
 * and a phone that walked out of the Wi-Fi meanwhile went on showing itself online, its
 * list without the offline note, until a reload. The outbox adds its own reading (a
 * server that does not answer is "offline" too, whatever the browser says).
 */
export function followNetwork(): void {
  addEventListener('online', () => {
    online.value = true;
  });
  addEventListener('offline', () => {
    online.value = false;
  });
  online.value = navigator.onLine;
}
/**
 * Counts (and bin checks, added lines) recorded on this device and not yet acknowledged by
 * the server; null until first read (the status bar then says nothing rather than "all sent").
 */
export const unsent = signal<number | null>(null);
export const lastSyncAt = signal<string | null>(null);
/** A refusal that needs someone to act (a refused count, an expired session); null when all is well. */
export const syncProblem = signal<{ code: string; message: string } | null>(null);
export const syncing = signal(false);
/** This user's counts the server refused for good: shown with the reason, to resend or discard by hand. */
export const refused = signal<readonly StoredEvent[]>([]);
/** Counts other users made on this phone, waiting for them to log in here again (db/device.ts). */
export const waiting = signal<readonly { readonly username: string; readonly events: number }[]>([]);

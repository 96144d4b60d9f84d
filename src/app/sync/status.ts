/** What the status bar shows: network, counts not sent yet, last successful sync, last problem. */
import { signal } from '@preact/signals';

export const online = signal(typeof navigator === 'undefined' ? true : navigator.onLine);
/** Counts (and bin checks, added lines) recorded on this device and not yet acknowledged by the server. */
export const unsent = signal(0);
export const lastSyncAt = signal<string | null>(null);
/** A refusal that needs someone to act (a refused count, an expired session); null when all is well. */
export const syncProblem = signal<{ code: string; message: string } | null>(null);
export const syncing = signal(false);

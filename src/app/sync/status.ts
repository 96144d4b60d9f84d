/** What the status bar shows: network, counts not sent yet, last successful sync, last problem. */
import { signal } from '@preact/signals';
import type { StoredEvent } from '../db/schema';

export const online = signal(typeof navigator === 'undefined' ? true : navigator.onLine);
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

/**
 * When to push: at start, when the network comes back (the browser's `online`, or any other
 * call the server answered while the server could not be reached), when the app is shown
 * again, a moment after counting pauses (pushSoon), on Envoyer maintenant, and on a timer that backs off (with
 * jitter, so a warehouse full of phones coming back online does not knock all at once)
 * while the server cannot be reached or fails.
 */
import type { DomainError } from '../../core/errors';
import { isDefinitive, retryAfterMs, whenAnswered } from '../api/client';
import { deviceId, deviceIds } from '../db/device';
import { pendingOf, storedInventoryIds } from '../db/outbox';
import type { StoredEvent } from '../db/schema';
import { sessionExpired } from '../state/session';
import { pullableInventories } from '../db/others';
import { claimDeviceId } from './claim';
import { pushInventory } from './outbox';
import { pullInventory } from './pull';
import { lastSyncAt, online, refused, syncing, syncProblem, unsent, waiting } from './status';

// A counter walking back into Wi-Fi range should see the counts go within half a minute
// even if the browser never says "online" (a Wi-Fi with no route out stays "online").
const BASE_MS = 5_000;
const MAX_MS = 30_000;
/** A count's push waits for the counter to pause this long… */
const SOON_MS = 1_000;
/** …or this long at most while the counts keep coming. */
const LATEST_MS = 4_000;

/** A claim's failures that no push would report: the counts could not move to a new id. */
const STUCK_CLAIM = new Set(['device_taken', 'quota_exceeded', 'unknown']);

let timer: ReturnType<typeof setTimeout> | null = null;
/** The push pushSoon asked for, and when the first count it waits for was made. */
let soon: ReturnType<typeof setTimeout> | null = null;
let soonSince = 0;
let failures = 0;
/** The last push failed because the server could not be reached (not because it failed). */
let unreachable = false;
/** The server asked to wait this long (429 / 503 Retry-After) before the next try. */
let notBefore = 0;
let running: Promise<void> | null = null;
let again = false;
const afterPush: ((inventoryId: number) => Promise<void>)[] = [];

/** Other work that rides on a successful push (export uploads, bin checks). */
export function onPushed(task: (inventoryId: number) => Promise<void>): void {
  afterPush.push(task);
}

let unsentReads = 0;

/**
 * Reads the outboxes' size for the badge. Only the latest read is shown: a read begun
 * before a count committed and ending after it would say "Tout est envoyé" with that
 * count still waiting.
 */
export async function refreshUnsent(): Promise<void> {
  const read = ++unsentReads;
  const ids = await storedInventoryIds();
  const [me, owners] = await Promise.all([deviceId(), deviceIds()]);
  const ownerOf = new Map(Object.entries(owners).map(([user, id]) => [id, user]));
  let total = 0;
  const refusedNow: StoredEvent[] = [];
  const waitingBy = new Map<string, number>();
  for (const id of ids) {
    const { events, addedLines, binChecks } = await pendingOf(id);
    total += events.length + addedLines + binChecks;
    for (const e of events) {
      if (e.deviceId !== me) {
        const user = ownerOf.get(e.deviceId) ?? e.counter;
        waitingBy.set(user, (waitingBy.get(user) ?? 0) + 1);
      } else if (e.error !== null) refusedNow.push(e);
    }
  }
  refusedNow.sort((a, b) => a.inventoryId - b.inventoryId || a.seq - b.seq);
  const waitingNow = [...waitingBy].map(([username, events]) => ({ username, events }));
  if (read !== unsentReads) return;
  unsent.value = total;
  refused.value = refusedNow;
  waiting.value = waitingNow;
}

/** A count was just committed: the badge counts it at once, not after the outbox is read again. */
export function countedUnsent(): void {
  unsent.value = (unsent.value ?? 0) + 1;
}

async function runOnce(): Promise<void> {
  // The server said when to come back (Retry-After): a count made meanwhile waits for it.
  if (Date.now() < notBefore) return refreshUnsent();
  syncing.value = true;
  try {
    // A claim of the device id that did not get through at login goes before the first push.
    // Its failure is told only when the move to a new id could not be made (the device full):
    // the way to the server failing shows in the pushes as well, which claim the id too.
    const claimed = await claimDeviceId();
    const ids = await storedInventoryIds();
    const pullable = await pullableInventories();
    let problem: DomainError<string> | null = claimed.ok || !STUCK_CLAIM.has(claimed.error.code) ? null : claimed.error;
    let reached = false;
    for (const id of ids) {
      const res = await pushInventory(id);
      if (!res.ok) {
        // What needs the user outlives a passing failure of another inventory's push: the
        // status bar says what is really wrong, not the last busy answer.
        if (!problem || !isDefinitive(problem) || res.error.code === 'offline') problem = res.error;
        if (res.error.code === 'offline') break;
        continue;
      }
      reached ||= res.value.contacted;
      for (const task of afterPush) await task(id).catch(() => undefined);
      // After the push, so the other devices' totals shown next to ours are at least as fresh.
      if (!pullable.has(id)) continue;
      const pulled = await pullInventory(id);
      if (pulled.ok) reached = true;
      else if (pulled.error.code === 'offline') {
        problem = pulled.error;
        break;
      }
    }
    // "Hors ligne" means what matters to the user: the server cannot be reached, whatever
    // navigator.onLine says (a warehouse Wi-Fi with no route out is "online" to the phone).
    // Any answer that may change (a 5xx, a 429, a proxy's page…) backs off the same way:
    // every event stays pending and goes at the next try.
    unreachable = problem?.code === 'offline';
    if (problem && !isDefinitive(problem)) {
      failures++;
      notBefore = Date.now() + retryAfterMs(problem);
      if (problem.code === 'offline') online.value = false;
      else if (reached) online.value = true;
    } else {
      failures = 0;
      if (reached) online.value = true;
    }
    if (!problem && reached) lastSyncAt.value = new Date().toISOString();
    syncProblem.value = problem && problem.code !== 'offline' ? problem : null;
    if (problem?.code === 'unauthorized') sessionExpired.value = true;
  } finally {
    syncing.value = false;
    await refreshUnsent();
  }
}

/**
 * A count was just committed (it is in IndexedDB: nothing is lost by waiting): pushed once
 * the counter pauses, or every LATEST_MS while the scans keep coming, not after each one.
 * A push is a dozen IndexedDB transactions and the main thread's work around them, and the
 * scan after it waited behind them (issue 23); the badge's exact figure comes with it.
 */
export function pushSoon(): void {
  const now = Date.now();
  if (soon === null) soonSince = now;
  else clearTimeout(soon);
  soon = setTimeout(() => void requestSync(), Math.max(0, Math.min(SOON_MS, soonSince + LATEST_MS - now)));
}

/** Push now (or right after the push under way). */
export function requestSync(): Promise<void> {
  // This push takes the counts pushSoon waits for.
  if (soon) clearTimeout(soon);
  soon = null;
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    do {
      again = false;
      await runOnce().catch(() => {
        failures++;
      });
    } while (again);
    running = null;
    schedule();
  })();
  return running;
}

/** Envoyer maintenant: the user says the network is back; the backoff's wait is not theirs to sit out. */
export function sendNow(): Promise<void> {
  failures = 0;
  return requestSync();
}

/**
 * The server answered another call while the last push could not reach it: the way is
 * back, push now. Not while a push runs (its own calls answer too), and not after a
 * server failure (5xx, 429), which keeps its backoff.
 */
function answered(): void {
  if (running || !unreachable) return;
  unreachable = false;
  failures = 0;
  online.value = true;
  void requestSync();
}

function schedule(): void {
  if (timer) clearTimeout(timer);
  const backoff = Math.min(MAX_MS, BASE_MS * 2 ** Math.min(failures, 4));
  const wait = Math.max(backoff * (0.75 + Math.random() * 0.5), notBefore - Date.now());
  timer = setTimeout(() => void requestSync(), wait);
}

/** Listens for the server answering other calls (startSync does; a test without a window may alone). */
export function watchAnswers(): void {
  whenAnswered(answered);
}

export function startSync(): void {
  watchAnswers();
  // The signal itself follows the browser from the start (status.ts followNetwork).
  addEventListener('online', () => {
    failures = 0;
    void requestSync();
  });
  document.addEventListener('visibilitychange', () => {
    // Shown again; or hidden (the phone put away) with counts waiting for pushSoon: they go now.
    if (document.visibilityState === 'visible' || soon) void requestSync();
  });
  void refreshUnsent();
  void requestSync();
}

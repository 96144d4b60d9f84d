// Keeps the installed app current without ever cutting a count short: a new version is
// downloaded in the background and waits; only the user's "Reload" lets it take over.
// Tablets stay open for days, so we also ask the server for a new version now and then.
import { signal } from '@preact/signals';
import type { Workbox } from 'workbox-window';

const UPDATE_CHECK_MS = 60 * 60 * 1000;

/** True once a new version is installed and waiting for the user's OK. */
export const updateReady = signal(false);

let wb: Workbox | undefined;
let registration: ServiceWorkerRegistration | undefined;
let reloading = false;
let registering = false;

/** Registers /sw.js (production builds only). Safe to call once at start-up. */
export async function registerServiceWorker(): Promise<void> {
  if (import.meta.env.DEV || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  if (wb || registering) return;
  registering = true;
  // workbox-window is loaded here, at idle time, not with the first screen.
  let Box: typeof Workbox;
  try {
    ({ Workbox: Box } = await import('workbox-window'));
  } catch (error) {
    registering = false; // offline with no worker yet: the next start tries again
    console.warn('Service worker registration failed', error);
    return;
  }
  const box = new Box('/sw.js', { scope: '/' });
  wb = box;

  // Fired for a worker that finished installing, and for one already waiting at page load.
  box.addEventListener('waiting', () => {
    updateReady.value = true;
  });
  // Another tab accepted the update: this page now runs old code under the new worker,
  // so keep offering the reload, but never do it for the user.
  box.addEventListener('controlling', (event) => {
    if (event.isUpdate && !reloading) updateReady.value = true;
  });

  try {
    registration = await box.register();
  } catch (error) {
    // No worker means no offline start, but the page itself still works.
    console.warn('Service worker registration failed', error);
    return;
  }

  setInterval(checkForUpdate, UPDATE_CHECK_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') checkForUpdate();
  });
}

/** Asks the server whether /sw.js changed; a new version then shows up as `updateReady`. */
export function checkForUpdate(): void {
  if (!wb || !navigator.onLine) return;
  wb.update().catch(() => {
    // Offline or server down: the next check will try again.
  });
}

/** The user's OK: activate the waiting version, then reload once it has taken over. */
export function applyUpdate(): void {
  if (reloading) return;
  reloading = true;
  const reload = (): void => location.reload();
  if (!wb || !registration?.waiting) {
    // Nothing waiting: the new version is already active (another tab accepted it).
    reload();
    return;
  }
  // A page the worker controls reloads when control passes to the new one; an uncontrolled
  // page (e.g. after a hard reload) never sees that, so it waits for the worker to activate.
  const waiting = registration.waiting;
  if (navigator.serviceWorker.controller) {
    wb.addEventListener('controlling', reload);
  } else {
    waiting.addEventListener('statechange', () => {
      if (waiting.state === 'activated') reload();
    });
  }
  wb.messageSkipWaiting();
}

// Entry of the PWA: restore the device's session and render, then (when idle) start the
// outbox and register the service worker (which waits for the user's OK before updating).
import { render } from 'preact';
import { effect } from '@preact/signals';
import { App, preloadScreens } from './App';
import { whenIdle } from './idle';
import { lang } from './i18n';
import { registerServiceWorker } from './pwa/register';
import { ready, restoreSession, session } from './state/session';
import { onPushed, startSync } from './sync/loop';
import './styles.css';

document.documentElement.lang = lang.value;
// A ZIP whose upload failed (offline at creation) goes with the next successful push.
// export/save (and the ZIP builders behind it) is loaded by the first push, not by the first screen.
onPushed(async (inventoryId) => {
  const { uploadPendingExports } = await import('./export/save');
  await uploadPendingExports(inventoryId);
});
// The first screen needs the session, but opening the database need not share a task with
// evaluating this bundle (together they made the longest task of every page load); the
// sync and the service worker can wait for idle time.
// A database that could not open (App shows why) leaves the sync off: it would only fail.
setTimeout(
  () =>
    void restoreSession().then(() => {
      if (ready.value) whenIdle(startSync);
      // After the first screen, like the sync: the worker's code (workbox-window) is a chunk.
      whenIdle(() => void registerServiceWorker());
    }),
  0,
);
// The other screens are chunks, loaded once someone is logged in so they open at once. A
// page the service worker controls has them in its precache, even offline: at idle, never
// before the first screen. A page it does not control yet (the very first visit, just
// logged in) loads them now, while the network is surely there: a counter who walks out
// of Wi-Fi right after logging in still opens every screen.
effect(() => {
  if (!session.value) return;
  if (navigator.serviceWorker?.controller) whenIdle(preloadScreens);
  else preloadScreens();
});
const root = document.getElementById('app');
if (root) render(<App />, root);
// `npm run bench` only: its hooks are a chunk of their own, never loaded otherwise.
if (new URLSearchParams(location.search).has('bench')) void import('./bench');

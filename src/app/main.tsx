// Entry of the PWA: restore the device's session and render, then (once the screen has
// settled) start the outbox and register the service worker (which waits for the user's OK
// before updating).
import { render } from 'preact';
import { effect } from '@preact/signals';
import { App, loadRouteScreen, preloadScreens } from './App';
import { whenQuiet } from './idle';
import { lang } from './i18n';
import { registerServiceWorker } from './pwa/register';
import { ready, restoreSession, session } from './state/session';
import { onPushed, startSync } from './sync/loop';
import { followNetwork } from './sync/status';
import './styles.css';

document.documentElement.lang = lang.value;
followNetwork();
// A ZIP whose upload failed (offline at creation) goes with the next successful push.
// export/save (and the ZIP builders behind it) is loaded by the first push, not by the first screen.
onPushed(async (inventoryId) => {
  const { uploadPendingExports } = await import('./export/save');
  await uploadPendingExports(inventoryId);
});
// The screen the address names, when its code is a chunk, loads while the database opens:
// the first frame drawn is that screen, not an empty page and then the screen a render later.
// A second at most: where the network stalls (a first visit, no precache yet), the page
// shows, and the screen says it is loading.
const firstScreen = Promise.race([loadRouteScreen(), new Promise((resolve) => setTimeout(resolve, 1000))]);
// The first screen needs the session, but opening the database need not share a task with
// evaluating this bundle (together they made the longest task of every page load); the
// sync and the service worker wait until the screen has settled.
// A database that could not open (App shows why) leaves the sync off: it would only fail.
setTimeout(() => {
  const restored = restoreSession();
  void restored.then(() => {
    if (ready.value) whenQuiet(startSync);
    // After the first screen, like the sync: the worker's code (workbox-window) is a chunk.
    whenQuiet(() => void registerServiceWorker());
  });
  const root = document.getElementById('app');
  // In a task of its own: the screen's code was evaluated in the one that loaded it.
  void Promise.all([restored, firstScreen]).then(() => setTimeout(() => root && render(<App />, root), 0));
}, 0);
// The other screens are chunks, loaded once someone is logged in so they open at once. A
// page the service worker controls has them in its precache, even offline: one at a time
// once the screen has settled, never while it opens. A page it does not control yet (the
// very first visit, just logged in) loads them now, while the network is surely there: a
// counter who walks out of Wi-Fi right after logging in still opens every screen.
effect(() => {
  if (!session.value) return;
  if (navigator.serviceWorker?.controller) preloadScreens(whenQuiet);
  else preloadScreens();
});
// `npm run bench` only: its hooks are a chunk of their own, never loaded otherwise.
if (new URLSearchParams(location.search).has('bench')) void import('./bench');

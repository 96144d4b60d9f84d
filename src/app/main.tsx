// Entry of the PWA: restore the device's session, start the outbox, register the service
// worker (which waits for the user's OK before updating), then render.
import { render } from 'preact';
import { App } from './App';
import { lang } from './i18n';
import { registerServiceWorker } from './pwa/register';
import { restoreSession } from './state/session';
import { onPushed, startSync } from './sync/loop';
import { uploadPendingExports } from './export/save';
import './styles.css';

document.documentElement.lang = lang.value;
// A ZIP whose upload failed (offline at creation) goes with the next successful push.
onPushed(async (inventoryId) => {
  await uploadPendingExports(inventoryId);
});
void restoreSession().then(() => startSync());
void registerServiceWorker();
const root = document.getElementById('app');
if (root) render(<App />, root);
// `npm run bench` only: its hooks are a chunk of their own, never loaded otherwise.
if (new URLSearchParams(location.search).has('bench')) void import('./bench');

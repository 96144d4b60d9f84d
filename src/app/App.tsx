/**
 * The app's frame: who is logged in, which screen the hash names, the status bar and the
 * language switch. Screens stay thin; their rules live in count/, db/, sync/ and core.
 */
import { useState } from 'preact/hooks';
import { isAdmin, isSupervisor, seesStock } from '../core/roles';
import { StatusBar } from './components/StatusBar';
import { lang, LANGS, setLang } from './i18n';
import { StorageUse } from './pwa/StorageUse';
import { UpdatePrompt } from './pwa/UpdatePrompt';
import { hrefOf, route, type Route } from './router';
import { lazyScreen } from './components/lazyScreen';
import { AdminScreen } from './screens/admin/AdminScreen';
import { ImportScreen } from './screens/import/ImportScreen';
import { Inventories } from './screens/Inventories';
import { Login } from './screens/Login';
import { t } from './screens/messages';
import { logout, ready, session, sessionExpired, storageFailure } from './state/session';

// Only the login and the inventories list are in the first load; every other screen is a
// chunk loaded when first opened (precached by the service worker, so offline too).
const CountScreen = lazyScreen(() => import('./screens/count/CountScreen').then((m) => m.CountScreen));
const Bins = lazyScreen(() => import('./screens/Bins').then((m) => m.Bins));
const AddRef = lazyScreen(() => import('./screens/AddRef').then((m) => m.AddRef));
const PrintSheet = lazyScreen(() => import('./screens/PrintSheet').then((m) => m.PrintSheet));
const Recap = lazyScreen(() => import('./screens/Recap').then((m) => m.Recap));
const Devices = lazyScreen(() => import('./screens/team/Devices').then((m) => m.Devices));
const NewInventory = lazyScreen(() => import('./screens/NewInventory').then((m) => m.NewInventory));
const Deliveries = lazyScreen(() => import('./screens/outbound/Deliveries').then((m) => m.Deliveries));

const LAZY_SCREENS = [CountScreen, Bins, AddRef, Recap, PrintSheet, Devices, NewInventory, Deliveries];

/**
 * Loads every lazy screen, once someone is logged in (main.tsx), so each opens at once —
 * and, on a page the service worker does not control yet, opens offline. With `later`, one
 * screen at a time, each load scheduled by `later` once the one before is in: a screen's
 * code is then one short task, never eight at once. A failure is left for the screen to
 * report if opened.
 */
export function preloadScreens(later?: (task: () => void) => void): void {
  if (!later) {
    for (const screen of LAZY_SCREENS) screen.preload().catch(() => undefined);
    return;
  }
  const next = (i: number): void => {
    const screen = LAZY_SCREENS[i];
    if (screen)
      later(
        () =>
          void screen
            .preload()
            .catch(() => undefined)
            .then(() => next(i + 1)),
      );
  };
  next(0);
}

/** The lazy screen each route shows (the role checks in Screen only ever fall back to the inventories). */
const ROUTE_SCREENS: Partial<Record<Route['name'], { preload(): Promise<unknown> }>> = {
  new: NewInventory,
  deliveries: Deliveries,
  count: CountScreen,
  bins: Bins,
  add: AddRef,
  print: PrintSheet,
  recap: Recap,
  devices: Devices,
};

/**
 * Loads the code of the screen the address names, when it is a chunk; settles (never fails)
 * once it is in or could not be. main.tsx draws the first frame after it: the screen
 * itself, not an empty one and then the screen in a second render.
 */
export const loadRouteScreen = (): Promise<void> =>
  (ROUTE_SCREENS[route.value.name]?.preload() ?? Promise.resolve()).then(
    () => undefined,
    () => undefined,
  );

function Screen() {
  const r = route.value;
  switch (r.name) {
    case 'new':
      return session.value && isSupervisor(session.value.role) ? <NewInventory /> : <Inventories />;
    case 'import':
      return session.value && isSupervisor(session.value.role) ? <ImportScreen /> : <Inventories />;
    case 'deliveries':
      return session.value && isSupervisor(session.value.role) ? <Deliveries /> : <Inventories />;
    case 'count':
      return <CountScreen id={r.id} />;
    case 'bins':
      return <Bins id={r.id} />;
    case 'add':
      // Keyed by the prefill: a second unknown scan shows a fresh form.
      return <AddRef key={JSON.stringify(r.prefill ?? {})} id={r.id} prefill={r.prefill} />;
    case 'print':
      return <PrintSheet id={r.id} />;
    case 'recap':
      // A counter never sees the recap: its expected quantities would unblind the count.
      return session.value && seesStock(session.value.role) ? <Recap id={r.id} /> : <Inventories />;
    case 'devices':
      return <Devices id={r.id} />;
    case 'admin-users':
      return session.value && isAdmin(session.value.role) ? <AdminScreen name="users" /> : <Inventories />;
    case 'admin-locations':
      return session.value && isAdmin(session.value.role) ? <AdminScreen name="locations" /> : <Inventories />;
    default:
      return <Inventories />;
  }
}

export function App() {
  const [relogin, setRelogin] = useState(false);
  if (storageFailure.value) {
    return (
      <main class="narrow">
        <h1>{t('appName')}</h1>
        <p class="error" role="alert">
          {t(storageFailure.value.code === 'quota_exceeded' ? 'storageFullAtOpen' : 'storageFailedAtOpen', {
            message: storageFailure.value.message,
          })}
        </p>
        <button type="button" class="primary" onClick={() => location.reload()}>
          {t('reload')}
        </button>
      </main>
    );
  }
  if (!ready.value) return null;
  const user = session.value;
  return (
    <>
      <header class="top no-print">
        <strong class="brand">{t('appName')}</strong>
        {user && (
          <span class="muted">
            {user.username} ({t(`role_${user.role}`)})
          </span>
        )}
        {user && isAdmin(user.role) && <a href={hrefOf({ name: 'admin-users' })}>{t('administration')}</a>}
        <label class="lang">
          <span class="sr-only">{t('language')}</span>
          <select value={lang.value} onChange={(e) => setLang(e.currentTarget.value as (typeof LANGS)[number])}>
            <option value="fr">Français</option>
            <option value="en">English</option>
          </select>
        </label>
        {user && (
          <button type="button" class="link" onClick={() => void logout()}>
            {t('logout')}
          </button>
        )}
      </header>
      <UpdatePrompt />
      {user && (
        <div class="no-print">
          <StatusBar onLoginAgain={() => setRelogin(true)} />
        </div>
      )}
      {!user || (relogin && sessionExpired.value) ? <Login username={user?.username} /> : <Screen />}
      <footer class="foot no-print">
        <StorageUse />
      </footer>
    </>
  );
}

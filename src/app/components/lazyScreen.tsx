/**
 * A screen whose code is a chunk of its own, loaded when the router first shows it: the
 * first load (login, the inventories list) then carries none of the counting, recap, print
 * or team screens, which a phone on a warehouse's weak Wi-Fi would pay for before seeing
 * anything. The service worker precaches every chunk, so each screen still opens offline.
 * Once loaded, a screen renders at once (the module is kept), as a static import would.
 * `preload` loads it ahead (main.tsx: the screen the address names, with the first frame;
 * the others once someone is logged in, one at a time after the screen has settled, or at
 * once on a page the service worker does not control yet — the very first visit — which
 * then still opens every screen after the network drops, as when they were all in the
 * first load).
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../screens/messages';

export type LazyScreen<P> = ComponentType<P> & { readonly preload: () => Promise<unknown> };

export function lazyScreen<P extends object>(load: () => Promise<ComponentType<P>>): LazyScreen<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const loadOnce = (): Promise<ComponentType<P>> =>
    (pending ??= load().then(
      (screen) => (loaded = screen),
      (err: unknown) => {
        pending = null; // a later visit tries again (the network may be back)
        throw err;
      },
    ));
  function Lazy(props: P) {
    const [screen, setScreen] = useState<ComponentType<P> | null>(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (screen) return;
      let live = true;
      loadOnce().then(
        (s) => live && setScreen(() => s),
        () => live && setFailed(true),
      );
      return () => {
        live = false;
      };
    }, []);
    if (screen) {
      const Screen = screen;
      return <Screen {...props} />;
    }
    if (failed)
      return (
        <main class="narrow">
          <p class="error" role="alert">
            {t('screenLoadFailed')}
          </p>
          <button type="button" class="primary" onClick={() => location.reload()}>
            {t('reload')}
          </button>
        </main>
      );
    // A chunk from the precache arrives within a frame or two: a blank screen that keeps the
    // page's height (the footer does not jump up and back) rather than a flash of text.
    return (
      <main aria-busy="true" style={{ minHeight: '100vh' }}>
        <span class="sr-only">{t('loading')}</span>
      </main>
    );
  }
  return Object.assign(Lazy, { preload: loadOnce });
}

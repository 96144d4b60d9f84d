/**
 * Opens an administration screen, loading its chunk first: only admins ever open these, so
 * a counter's phone does not download, parse and keep them on its first load (4.4 KB of
 * gzipped JavaScript measured). The service worker precaches the chunk like every asset.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../messages';

type AdminScreens = typeof import('./index');
let loaded: AdminScreens | null = null;

export function AdminScreen({ name }: { name: 'users' | 'locations' }) {
  const [screens, setScreens] = useState<AdminScreens | null>(loaded);
  useEffect(() => {
    if (!screens)
      // Destructured, so the unused-export check sees which of the chunk's exports are used.
      void import('./index').then(({ Locations, Users }) => {
        loaded = { Locations, Users };
        setScreens(loaded);
      });
  }, []);
  if (!screens) return <main class="narrow">{t('loading')}</main>;
  return name === 'users' ? <screens.Users /> : <screens.Locations />;
}

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
      void import('./index').then((m) => {
        loaded = m;
        setScreens(m);
      });
  }, []);
  if (!screens) return <main class="narrow">{t('loading')}</main>;
  return name === 'users' ? <screens.Users /> : <screens.Locations />;
}

/** Opens Importer le stock, loading its chunk first (only supervisors use it). */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../messages';

type ImportScreens = typeof import('./index');
let loaded: ImportScreens | null = null;

export function ImportScreen() {
  const [screens, setScreens] = useState<ImportScreens | null>(loaded);
  useEffect(() => {
    if (!screens)
      // Destructured, so the unused-export check sees which of the chunk's exports are used.
      void import('./index').then(({ ImportStock }) => {
        loaded = { ImportStock };
        setScreens(loaded);
      });
  }, []);
  if (!screens) return <main class="narrow">{t('loading')}</main>;
  return <screens.ImportStock />;
}

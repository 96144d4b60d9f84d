// Shows how much room the offline data takes and whether the browser may evict it, so a
// supervisor notices a full or non-persistent device before its unsent counts are at risk.
import { useEffect, useState } from 'preact/hooks';
import { whenQuiet } from '../idle';
import { t } from './messages';
import { storageUse, type StorageUse as Use } from './storage';

const REFRESH_MS = 30_000;
const UNITS = ['bytes.B', 'bytes.kB', 'bytes.MB', 'bytes.GB', 'bytes.TB'] as const;

/** 12345678 → "12,3 Mo" (fr) / "12.3 MB" (en): decimal units, as device storage settings show. */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const n = unit === 0 ? Math.round(value) : Math.round(value * 10) / 10;
  return t(UNITS[unit] ?? 'bytes.B', { n });
}

export function StorageUse() {
  const [use, setUse] = useState<Use | null>(null);

  useEffect(() => {
    let alive = true;
    const read = (): void => {
      void storageUse().then((next) => {
        if (alive) setUse(next);
      });
    };
    whenQuiet(read);
    const timer = setInterval(read, REFRESH_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, []);

  if (!use) return null;
  const vars = { used: formatBytes(use.usedBytes), quota: formatBytes(use.quotaBytes) };
  return <p>{t(use.persisted ? 'storage.persisted' : 'storage.notPersisted', vars)}</p>;
}

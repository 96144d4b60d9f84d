/**
 * Opens an inventory on this device (from IndexedDB, or downloads it once), shows it from
 * there, refreshes its status when the server answers, and holds the count behind the
 * before-ZIP gate.
 */
import { useEffect, useState } from 'preact/hooks';
import { call } from '../../api/client';
import { ProgressBar } from '../../components/ProgressBar';
import { downloadFraction, downloadInventory, downloadProgress } from '../../count/download';
import { current, openCount, refreshInventory } from '../../count/open';
import { getInventory, updateInventory } from '../../db/snapshot';
import { errorText } from '../../i18n/errors';
import { askPersistentStorage } from '../../pwa/storage';
import { BeforeZip } from '../BeforeZip';
import { t } from '../messages';
import { CountList, preloadScanner } from './CountList';

export function CountScreen({ id }: { id: number }) {
  const [error, setError] = useState<string | null>(null);
  const [gate, setGate] = useState<boolean | null>(null);

  useEffect(() => {
    let live = true;
    setGate(null);
    // The scanner's chunk loads alongside the count, not after it (no jump of the list).
    preloadScanner().catch(() => {});
    void (async () => {
      const res = await openCount(id);
      if (!live) return;
      if (!res.ok) return setError(errorText(res.error));
      void askPersistentStorage();
      let inv = res.value.inv;
      // The list shows from the device's copy at once: the status check below waits on the
      // network, which in a warehouse may stall, and on a server that may be busy for
      // seconds (vouching for a 250,000-line ZIP). Only a device without its before ZIP
      // waits, to learn whether another device saved it meanwhile.
      if (inv.before) setGate(false);
      const fresh = await call('getInventory', { params: { id } });
      if (fresh.ok && fresh.value.status !== inv.status) {
        const status = { status: fresh.value.status, closedAt: fresh.value.closedAt, appliedAt: fresh.value.appliedAt };
        const known = inv;
        // On a full device the new status is shown all the same (stored at a later open with room).
        inv = await updateInventory(id, status).then(
          async () => (await getInventory(id)) ?? known,
          () => ({ ...known, ...status }),
        );
        refreshInventory(inv);
      }
      if (!inv.before && fresh.ok && fresh.value.exports.before) {
        // Another device (the supervisor's) uploaded it since this one stored the inventory.
        const again = await downloadInventory(id);
        if (again.ok && again.value.before) await openCount(id);
      }
      if (live) setGate(!current.value?.inv.before);
    })();
    return () => {
      live = false;
    };
  }, [id]);

  if (error)
    return (
      <main>
        <p class="error" role="alert">
          {error}
        </p>
      </main>
    );
  const open = current.value;
  if (gate === null || !open || open.inv.id !== id) {
    // The first open of an inventory downloads it: how far that is, rather than a bare "loading".
    return (
      <main>
        {downloadProgress.value ? <ProgressBar label={t('storing')} value={downloadFraction()} /> : t('loading')}
      </main>
    );
  }
  if (gate) return <BeforeZip inventoryId={id} onReady={() => void openCount(id).then(() => setGate(false))} />;
  return <CountList open={open} />;
}

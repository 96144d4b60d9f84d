/**
 * Logistique → Inventaires: the inventories (from the server when reachable, else those
 * stored on this device), "Nouvel inventaire" for supervisors, the stock export of any
 * location at any time, and the ZIPs for accountants. Offline, the list says so as a
 * warning and Nouvel inventaire is disabled with the reason: creating needs the server.
 */
import { useEffect, useState } from 'preact/hooks';
import type { InventoryDto, LocationDto } from '../../core/api/dto';
import { fail } from '../../core/errors';
import { canCount, isSupervisor, seesStock } from '../../core/roles';
import { call } from '../api/client';
import { ProgressBar } from '../components/ProgressBar';
import { CancelInventory } from './CancelInventory';
import { listStoredInventories } from '../db/snapshot';
import type { StoredInventory } from '../db/schema';
import { errorText } from '../i18n/errors';
import { hrefOf } from '../router';
import { session } from '../state/session';
import { online } from '../sync/status';
import { t } from './messages';
import { ZipDownloads } from './ZipDownloads';

interface Row {
  readonly inv: InventoryDto;
  readonly location: string;
  readonly stored: StoredInventory | undefined;
}

export function Inventories() {
  const user = session.value!;
  const [rows, setRows] = useState<Row[] | null>(null);
  const [locations, setLocations] = useState<LocationDto[]>([]);
  const [offline, setOffline] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [progress, setProgress] = useState<{ label: string; value: number | null } | null>(null);
  const [exportLocation, setExportLocation] = useState('');
  const reachable = online.value;

  // Again when the network comes back: the server's list replaces the device's. Only the
  // latest load may set the list: an answer that left while online and lands after the
  // network went would otherwise hide the offline note under a list it no longer reflects.
  useEffect(() => {
    let stale = false;
    void (async () => {
      const stored = await listStoredInventories();
      const [list, locs] = await Promise.all([call('listInventories'), call('listLocations')]);
      if (stale) return;
      const byId = new Map(stored.map((s) => [s.id, s]));
      if (list.ok && locs.ok) {
        setLocations(locs.value);
        const code = new Map(locs.value.map((l) => [l.id, `${l.code} — ${l.name}`]));
        setRows(
          list.value
            .slice()
            .sort((a, b) => b.id - a.id)
            .map((inv) => ({ inv, location: code.get(inv.locationId) ?? '?', stored: byId.get(inv.id) })),
        );
        setExportLocation((v) => v || String(locs.value[0]?.id ?? ''));
        setOffline(false);
      } else {
        setOffline(true);
        setRows(
          stored
            .sort((a, b) => b.id - a.id)
            .map((s) => ({ inv: s, location: `${s.location.code} — ${s.location.name}`, stored: s })),
        );
      }
    })();
    return () => {
      stale = true;
    };
  }, [reachable]);

  const runStockExport = async (e: Event) => {
    e.preventDefault();
    const loc = locations.find((l) => String(l.id) === exportLocation);
    if (!loc) return;
    setMessage(null);
    // The ZIP builders are a chunk of their own, loaded by this tap (not by the list's first load).
    const res = await import('../export/save').then(
      ({ exportStock }) =>
        exportStock(loc, user, (p) => setProgress({ label: t(`phase_${p.phase}`), value: p.fraction })),
      () => fail('offline', 'the ZIP builder could not be loaded'),
    );
    setProgress(null);
    setMessage(
      res.ok
        ? { text: t('zipSaved', { file: res.value.fileName }), error: false }
        : { text: errorText(res.error), error: true },
    );
  };

  const counts = canCount(user.role);
  const cannotCreate = offline || !reachable;
  return (
    <main>
      <p class="muted">{t('menuPath')}</p>
      <h1>{t('inventories')}</h1>
      {isSupervisor(user.role) && (
        <div class="actions">
          {cannotCreate ? (
            <button type="button" class="primary" disabled aria-describedby="new-needs-network">
              {t('newInventory')}
            </button>
          ) : (
            <a class="button primary" href={hrefOf({ name: 'new' })} role="button">
              {t('newInventory')}
            </a>
          )}
          <a class="button" href={hrefOf({ name: 'import' })} role="button">
            {t('importStock')}
          </a>
          <a class="button" href={hrefOf({ name: 'deliveries' })} role="button">
            {t('deliveriesLink')}
          </a>
        </div>
      )}
      {isSupervisor(user.role) && cannotCreate && (
        <p id="new-needs-network" class="warn-note">
          <span aria-hidden="true">⚠ </span>
          {t('newNeedsNetwork')}
        </p>
      )}
      {seesStock(user.role) && locations.length > 0 && (
        <form class="card row" onSubmit={(e) => void runStockExport(e)}>
          <label>
            {t('exportStockLocation')}
            <select value={exportLocation} onChange={(e) => setExportLocation(e.currentTarget.value)}>
              {locations.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.code} — {l.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={progress !== null}>
            {t('exportStockBefore')}
          </button>
        </form>
      )}
      {progress && <ProgressBar label={progress.label} value={progress.value} />}
      {message && (
        <p class={message.error ? 'error' : 'notice'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      {offline && (
        <p class="warn-note" role="status">
          <span aria-hidden="true">⚠ </span>
          {t('offlineList')}
        </p>
      )}
      {rows === null ? (
        <p>{t('loading')}</p>
      ) : rows.length === 0 ? (
        <p>{t('noInventories')}</p>
      ) : (
        <ul class="list" aria-label={t('inventories')}>
          {rows
            .filter((r) => counts || r.inv.status === 'closed' || r.inv.status === 'applied')
            .map(({ inv, location, stored }) => (
              <li key={inv.id} class="card">
                <div>
                  <strong>{inv.name}</strong> <span class={`tag ${inv.status}`}>{t(`status_${inv.status}`)}</span>
                </div>
                <div class="muted">
                  {location} · {t(`kind_${inv.kind}`)} · #{inv.id}
                  {stored && ` · ${t('onDevice')}`}
                </div>
                <div class="actions">
                  {counts && (inv.status === 'counting' || inv.status === 'closed' || stored) && (
                    <a
                      class="button"
                      role="button"
                      href={hrefOf({ name: 'count', id: inv.id })}
                      aria-label={`${t('open')} ${inv.name}`}
                    >
                      {t('open')}
                    </a>
                  )}
                  {isSupervisor(user.role) && !offline && (inv.status === 'counting' || inv.status === 'closed') && (
                    <CancelInventory
                      inv={inv}
                      location={location}
                      onError={(text) => setMessage({ text, error: true })}
                      onCancelled={(done) => {
                        setRows((all) => all && all.map((r) => (r.inv.id === done.id ? { ...r, inv: done } : r)));
                        setMessage({ text: t('cancelled', { name: done.name, location }), error: false });
                      }}
                    />
                  )}
                  {seesStock(user.role) && !offline && (
                    <>
                      {/* An accountant, or a supervisor on another device, reads a closed or applied
                          inventory's recap from the server. */}
                      {(inv.status === 'closed' || inv.status === 'applied') && (
                        <a
                          class="button"
                          role="button"
                          href={hrefOf({ name: 'recap', id: inv.id })}
                          aria-label={`${t('openRecap')} ${inv.name}`}
                        >
                          {t('openRecap')}
                        </a>
                      )}
                      <ZipDownloads inv={inv} onError={(text) => setMessage(text ? { text, error: true } : null)} />
                    </>
                  )}
                </div>
              </li>
            ))}
        </ul>
      )}
    </main>
  );
}

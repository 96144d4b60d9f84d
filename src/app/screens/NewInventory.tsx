/**
 * Nouvel inventaire: name, location, kind. The server freezes the location and takes the
 * snapshot; this device stores it, then builds the before ZIP (worker, progress bar),
 * downloads it and uploads it. Counting opens only once that ZIP exists. Offline the form
 * says creating needs the network, and Créer l'inventaire stays disabled until it is back.
 */
import { useEffect, useState } from 'preact/hooks';
import type { LocationDto } from '../../core/api/dto';
import type { InventoryKind } from '../../core/inventory';
import { call } from '../api/client';
import { ProgressBar } from '../components/ProgressBar';
import { downloadFraction, downloadInventory } from '../count/download';
import { errorText } from '../i18n/errors';
import { askPersistentStorage } from '../pwa/storage';
import { hrefOf } from '../router';
import { online } from '../sync/status';
import { BeforeZip } from './BeforeZip';
import { ThresholdFields } from './RecountThreshold';
import { DEFAULT_THRESHOLD, thresholdDto } from './thresholdInput';
import { t } from './messages';

export function NewInventory() {
  const [locations, setLocations] = useState<LocationDto[] | null>(null);
  const [name, setName] = useState(`Inventaire ${new Date().getFullYear()}`);
  const [locationId, setLocationId] = useState('');
  const [kind, setKind] = useState<InventoryKind>('articles');
  const [showExpected, setShowExpected] = useState(false);
  const [threshold, setThreshold] = useState(DEFAULT_THRESHOLD);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [created, setCreated] = useState<number | null>(null);
  /** The server could not be reached for the locations: the same as the browser saying offline. */
  const [unreachable, setUnreachable] = useState(false);
  const reachable = online.value;

  // Again when the network comes back, if the locations could not be read.
  useEffect(() => {
    if (locations !== null) return;
    void call('listLocations').then((res) => {
      setUnreachable(!res.ok && res.error.code === 'offline');
      if (res.ok) {
        setError(null);
        setLocations(res.value);
        setLocationId(String(res.value.find((l) => l.frozenBy === null)?.id ?? res.value[0]?.id ?? ''));
      } else if (res.error.code !== 'offline') setError(errorText(res.error));
    });
  }, [reachable]);
  const offline = unreachable || !reachable;

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const recountThreshold = thresholdDto(threshold);
    if (!recountThreshold.ok) return setError(errorText(recountThreshold.error));
    setBusy(t('creating'));
    void askPersistentStorage();
    const res = await call('createInventory', {
      body: {
        name: name.trim(),
        locationId: Number(locationId),
        kind,
        showExpected,
        recountThreshold: recountThreshold.value,
      },
    });
    if (!res.ok) {
      setBusy(null);
      return setError(errorText(res.error));
    }
    setBusy(t('storing'));
    const stored = await downloadInventory(res.value.id);
    setBusy(null);
    if (!stored.ok) return setError(errorText(stored.error));
    setCreated(res.value.id);
  };

  if (created !== null) return <BeforeZip inventoryId={created} />;

  return (
    <main class="narrow">
      <a href={hrefOf({ name: 'inventories' })}>{t('back')}</a>
      <h1>{t('newInventory')}</h1>
      {offline && (
        <p id="new-needs-network" class="warn-note" role="status">
          <span aria-hidden="true">⚠ </span>
          {t('newNeedsNetwork')}
        </p>
      )}
      <form class="card" onSubmit={(e) => void submit(e)}>
        <label>
          {t('name')}
          <input name="name" required maxLength={120} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label>
          {t('location')}
          <select name="location" required value={locationId} onChange={(e) => setLocationId(e.currentTarget.value)}>
            {(locations ?? []).map((l) => (
              <option key={l.id} value={l.id}>
                {l.code} — {l.name}
                {l.frozenBy !== null ? ` (${t('status_counting')})` : ''}
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>{t('kind')}</legend>
          {(['articles', 'pieces'] as const).map((k) => (
            <label key={k} class="inline">
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
              {t(`kind_${k}`)}
            </label>
          ))}
        </fieldset>
        <label class="inline">
          <input type="checkbox" checked={showExpected} onChange={(e) => setShowExpected(e.currentTarget.checked)} />
          {t('showExpected')}
        </label>
        <ThresholdFields value={threshold} onChange={setThreshold} />
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {busy && <ProgressBar label={busy} value={downloadFraction()} />}
        <button
          type="submit"
          class="primary"
          disabled={busy !== null || !locationId || offline}
          aria-describedby={offline ? 'new-needs-network' : undefined}
        >
          {t('create')}
        </button>
      </form>
    </main>
  );
}

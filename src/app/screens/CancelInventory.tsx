/**
 * Annuler l'inventaire, for a supervisor: a location frozen by mistake (or an inventory
 * abandoned) is released from the list. The confirmation names the location and how many
 * counts stay in the log, because nothing is deleted — the answer only lifts the freeze.
 */
import { useState } from 'preact/hooks';
import type { InventoryDto } from '../../core/api/dto';
import { fail } from '../../core/errors';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { errorText } from '../i18n/errors';
import { t } from './messages';

// The inventory actions (and the count modules behind them) are a chunk loaded at the first
// tap, not part of the list's first load. Offline without the precache, the tap says so.
const actions = (): Promise<typeof import('../inventory/actions')> => import('../inventory/actions');
const unloaded = () => fail('offline', 'the inventory actions could not be loaded');

export function CancelInventory(props: {
  inv: InventoryDto;
  location: string;
  onCancelled: (inv: InventoryDto) => void;
  onError: (text: string) => void;
}) {
  const [kept, setKept] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);

  const ask = async (): Promise<void> => {
    setBusy(true);
    const res = await actions().then(({ countsKept }) => countsKept(props.inv.id), unloaded);
    setBusy(false);
    if (!res.ok) return props.onError(errorText(res.error));
    setKept(res.value);
  };

  const confirm = async (): Promise<void> => {
    setBusy(true);
    const res = await actions().then(({ cancelInventory }) => cancelInventory(props.inv.id), unloaded);
    setBusy(false);
    setKept(null);
    if (!res.ok) return props.onError(errorText(res.error));
    props.onCancelled(res.value);
  };

  const keptText =
    kept === 0 ? t('cancelKeptNone') : t(kept === 1 ? 'cancelKeptOne' : 'cancelKeptMany', { n: kept ?? 0 });
  return (
    <>
      <button
        type="button"
        disabled={busy}
        onClick={() => void ask()}
        aria-label={`${t('cancelInventory')} ${props.inv.name}`}
      >
        {t('cancelInventory')}
      </button>
      {kept !== null && (
        <ConfirmDialog
          title={t('cancelTitle', { name: props.inv.name, location: props.location })}
          text={`${t('cancelWhat')} ${keptText}`}
          yesLabel={t('cancelYes')}
          noLabel={t('cancelNo')}
          busy={busy}
          onYes={() => void confirm()}
          onNo={() => setKept(null)}
        />
      )}
    </>
  );
}

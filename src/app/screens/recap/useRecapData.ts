/**
 * What the recap screen shows of the server and the device: the recap itself (handed
 * over by the close, or asked for), the inventory, the device's stored copy, the bins and
 * the recounts, loaded together; the recap is on screen first, with the inventory, the
 * rest fills in after.
 */
import { useEffect, useState } from 'preact/hooks';
import type { BinDto, InventoryDto, RecapDto, RecountDto } from '../../../core/api/dto';
import { ok } from '../../../core/errors';
import { call } from '../../api/client';
import { getInventory } from '../../db/snapshot';
import type { StoredInventory } from '../../db/schema';
import { errorText } from '../../i18n/errors';
import { RECAP_ROWS, takeRecap } from '../../state/closedRecap';
import { t } from '../messages';

export interface RecapData {
  readonly recap: RecapDto | null;
  readonly inv: InventoryDto | null;
  readonly stored: StoredInventory | null;
  readonly bins: BinDto[] | null;
  readonly recounts: readonly RecountDto[];
  /** Loads it all again (after a change of threshold). */
  readonly load: () => Promise<void>;
  readonly setInv: (inv: InventoryDto) => void;
  readonly setRecounts: (recounts: readonly RecountDto[]) => void;
  /** Reads the device's copy again (after the after ZIP was saved). */
  readonly reloadStored: () => Promise<void>;
}

export function useRecapData(id: number, onError: (message: string) => void): RecapData {
  const [recap, setRecap] = useState<RecapDto | null>(null);
  const [inv, setInv] = useState<InventoryDto | null>(null);
  const [stored, setStored] = useState<StoredInventory | null>(null);
  const [bins, setBins] = useState<BinDto[] | null>(null);
  const [recounts, setRecounts] = useState<readonly RecountDto[]>([]);

  const reloadStored = async () => setStored((await getInventory(id)) ?? null);

  const load = async () => {
    const handed = takeRecap(id);
    const recapAsked = handed
      ? ok(handed)
      : call('getRecap', { params: { id }, query: { uncounted: RECAP_ROWS, lines: 'changed' }, timeoutMs: 120_000 });
    const inventory = call('getInventory', { params: { id } });
    const rest = Promise.all([call('listBins', { params: { id } }), call('listRecounts', { params: { id } })]);
    await reloadStored();
    const r = await recapAsked;
    if (!r.ok) return onError(r.error.code === 'offline' ? t('recapOffline') : errorText(r.error));
    // The inventory (one row, asked first) comes with the recap: its name, status and the
    // supervisor's threshold form are drawn with the figures, not after them — coming
    // after, they moved the whole recap down (Lighthouse: layout shift 0.13 of 0.2).
    const i = await inventory;
    if (i.ok) setInv(i.value);
    // On screen as soon as it is here (the close hands it over); the rest fills in after:
    // the bins' tally is a pass over every line, and the server answers one at a time.
    setRecap(r.value);
    const [b, rc] = await rest;
    if (rc.ok) setRecounts(rc.value);
    if (b.ok) setBins(b.value);
  };
  useEffect(() => void load(), [id]);

  return { recap, inv, stored, bins, recounts, load, setInv, setRecounts, reloadStored };
}

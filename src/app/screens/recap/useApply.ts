/** Confirmer l'inventaire → "Le stock sera mis à jour" → Oui: the question, the wait, the apply. */
import { useState } from 'preact/hooks';
import type { InventoryDto } from '../../../core/api/dto';
import { prepareAfter } from '../../export/save';
import { errorText } from '../../i18n/errors';
import { applyInventory } from '../../inventory/actions';

export interface Apply {
  /** The confirmation dialog is open. */
  readonly asking: boolean;
  readonly setAsking: (asking: boolean) => void;
  /** The server is applying. */
  readonly busy: boolean;
  /** `confirmZeroCost`: the supervisor confirmed the lines still to be valued at 0 €. */
  readonly apply: (confirmZeroCost?: boolean) => Promise<void>;
}

export function useApply(
  id: number,
  on: {
    readonly start: () => void;
    readonly applied: (inventory: InventoryDto, movements: number) => Promise<void>;
    readonly error: (message: string) => void;
  },
): Apply {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  // The after ZIP comes right after Oui: its worker reads the snapshot while the supervisor
  // reads the question (at 250,000 lines, ~4 s of a phone's 4× slower CPU, most of which
  // the apply alone did not cover). Each opening reads afresh: a line valued after "Valoriser
  // d'abord" is read as valued.
  const ask = (open: boolean): void => {
    if (open && !asking) prepareAfter(id);
    setAsking(open);
  };
  const apply = async (confirmZeroCost = false) => {
    setBusy(true);
    on.start();
    const res = await applyInventory(id, confirmZeroCost);
    setBusy(false);
    setAsking(false);
    if (!res.ok) return on.error(errorText(res.error));
    await on.applied(res.value.inventory, res.value.movements);
  };
  return { asking, setAsking: ask, busy, apply };
}

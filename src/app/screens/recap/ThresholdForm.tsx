/** The recount threshold of an inventory, changed from its recap (supervisor, while counting or closed). */
import { useEffect, useState } from 'preact/hooks';
import type { InventoryDto } from '../../../core/api/dto';
import { errorText } from '../../i18n/errors';
import { setRecountThreshold } from '../../inventory/actions';
import { t } from '../messages';
import { ThresholdFields } from '../RecountThreshold';
import { thresholdDto, thresholdInput, type ThresholdInput } from '../thresholdInput';

export function ThresholdForm({
  inv,
  onSaved,
  onError,
}: {
  inv: InventoryDto;
  onSaved: () => Promise<void>;
  /** null: clears the message shown. */
  onError: (message: string | null) => void;
}) {
  const [threshold, setThreshold] = useState<ThresholdInput>(() => thresholdInput(inv.recountThreshold));
  // Each load of the inventory shows its threshold as saved.
  useEffect(() => setThreshold(thresholdInput(inv.recountThreshold)), [inv]);

  const save = async (e: Event) => {
    e.preventDefault();
    onError(null);
    const dto = thresholdDto(threshold);
    if (!dto.ok) return onError(errorText(dto.error));
    const res = await setRecountThreshold(inv.id, dto.value);
    if (!res.ok) return onError(errorText(res.error));
    await onSaved();
  };

  return (
    <details>
      <summary>{t('thresholdLegend')}</summary>
      <form class="card" onSubmit={(e) => void save(e)}>
        <ThresholdFields value={threshold} onChange={setThreshold} />
        <button type="submit">{t('thresholdSave')}</button>
      </form>
    </details>
  );
}

/**
 * The recount threshold fields (issue #5): a line whose difference reaches this % of the
 * expected quantity, or this value, is suggested for a recount on the recap. On Nouvel
 * inventaire and on the recap (supervisor).
 */
import { t } from './messages';
import type { ThresholdInput } from './thresholdInput';

export function ThresholdFields(props: { value: ThresholdInput; onChange: (v: ThresholdInput) => void }) {
  return (
    <fieldset>
      <legend>{t('thresholdLegend')}</legend>
      <label>
        {t('thresholdPercent')}
        <input
          name="thresholdPercent"
          inputMode="decimal"
          value={props.value.qtyPercent}
          onInput={(e) => props.onChange({ ...props.value, qtyPercent: e.currentTarget.value })}
        />
      </label>
      <label>
        {t('thresholdValue')}
        <input
          name="thresholdValue"
          inputMode="decimal"
          value={props.value.value}
          onInput={(e) => props.onChange({ ...props.value, value: e.currentTarget.value })}
        />
      </label>
      <p class="muted">{t('thresholdHint')}</p>
    </fieldset>
  );
}

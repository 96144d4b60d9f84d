/** "Afficher les filtres": supplier, bin, counted or not, and the search box. */
import { useMemo } from 'preact/hooks';
import type { LineDto } from '../../../core/api/dto';
import { filterChoices, type LineFilter } from '../../count/filter';
import { t } from '../messages';

export function Filters(props: {
  filter: LineFilter;
  lines: readonly LineDto[];
  /** The location's bins, empty ones included (a filter on an empty bin shows it has no line). */
  bins: readonly string[];
  onChange: (f: LineFilter) => void;
}) {
  const { filter: f, lines, onChange } = props;
  // Sorted here, when the panel opens, not on every open of the list: French-order sorting
  // builds a collator (~25 ms) and walks every line.
  const { suppliers, bins } = useMemo(() => filterChoices(lines, props.bins), [lines.length]);
  return (
    <div class="filters card">
      <label>
        {t('supplier')}
        <select value={f.supplier} onChange={(e) => onChange({ ...f, supplier: e.currentTarget.value })}>
          <option value="">{t('all')}</option>
          {suppliers.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('bin')}
        <select value={f.bin} onChange={(e) => onChange({ ...f, bin: e.currentTarget.value })}>
          <option value="">{t('all')}</option>
          {bins.map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('countedFilter')}
        <select
          value={f.counted}
          onChange={(e) => onChange({ ...f, counted: e.currentTarget.value as LineFilter['counted'] })}
        >
          <option value="all">{t('all')}</option>
          <option value="counted">{t('counted')}</option>
          <option value="uncounted">{t('notCounted')}</option>
          <option value="torecount">{t('toRecount')}</option>
        </select>
      </label>
    </div>
  );
}

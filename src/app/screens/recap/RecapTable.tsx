/**
 * A table of recap lines (expected, counted, difference, value), with each line's tags
 * (recount round, possible double count, late) and, for a supervisor, its Recompter
 * button or the round already open.
 */
import { useState } from 'preact/hooks';
import type { RecapLineDto, RecountDto } from '../../../core/api/dto';
import { showMoney, showQty, showSignedQty } from '../../format';
import { RECAP_ROWS } from '../../state/closedRecap';
import { t } from '../messages';

const SHOWN = RECAP_ROWS;
/**
 * Rows drawn at first per table, then more on request: a recap of thousands of lines
 * would otherwise build tens of thousands of cells before the phone answers a tap
 * (Lighthouse measured seconds of blocked main thread at 500 rows). 20 fill a phone's
 * screen; at 50 the two tables' render and layout were the recap's longest tasks.
 */
const FIRST_ROWS = 20;

export function RecapTable({
  lines,
  total = lines.length,
  recounts,
  onRecount,
  label,
}: {
  lines: readonly RecapLineDto[];
  /** How many lines the table stands for, when `lines` holds only the first of them. */
  total?: number;
  label: string;
  recounts: readonly RecountDto[];
  onRecount: ((l: RecapLineDto) => void) | undefined;
}) {
  const [limit, setLimit] = useState(FIRST_ROWS);
  if (lines.length === 0) return <p class="muted">—</p>;
  const shown = Math.min(limit, SHOWN);
  const openRound = (l: RecapLineDto) =>
    recounts.find((r) => r.status === 'open' && (r.lineKey === l.key || (r.lineKey === null && r.bin === l.bin)))
      ?.round;
  return (
    // Focusable, so a keyboard can scroll a table wider than the phone (axe: scrollable-region-focusable).
    <div class="table-scroll" tabIndex={0} role="region" aria-label={label}>
      <table class="recap">
        <thead>
          <tr>
            <th>{t('itemRef')}</th>
            <th>{t('bin')}</th>
            <th>{t('expected')}</th>
            <th>{t('countedQty')}</th>
            <th>{t('difference')}</th>
            <th>{t('value')}</th>
            {onRecount && <th>{t('recount')}</th>}
          </tr>
        </thead>
        <tbody>
          {lines.slice(0, shown).map((l) => (
            <tr key={l.key} data-key={l.key}>
              <td>
                <strong>{l.itemRef}</strong> {l.designation}
                {l.lot && ` · ${l.lot}`}
                {l.serial && ` · ${l.serial}`}
                {l.round > 0 && <span class="tag">{t('recountRound', { round: l.round })}</span>}
                {l.possibleDoubleCount && <span class="tag warn">{t('doubleCount')}</span>}
                {l.late && <span class="tag warn">{t('lateLine')}</span>}
              </td>
              <td>{l.bin}</td>
              <td class="num">{showQty(l.expected)}</td>
              <td class="num">{showQty(l.counted)}</td>
              <td class="num">{showSignedQty(l.difference)}</td>
              <td class="num">{showMoney(l.differenceValue, true)}</td>
              {onRecount && (
                <td>
                  {openRound(l) !== undefined ? (
                    <span class="tag">{t('recountOpen', { round: openRound(l)! })}</span>
                  ) : (
                    <button
                      type="button"
                      onClick={() => onRecount(l)}
                      aria-label={`${t('recount')} ${l.itemRef} ${l.bin}`}
                    >
                      {t('recount')}
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {lines.length > shown && shown < SHOWN && (
        <button type="button" onClick={() => setLimit(SHOWN)}>
          {t('showMoreLines', { n: Math.min(lines.length, SHOWN) - shown })}
        </button>
      )}
      {total > SHOWN && shown === SHOWN && <p class="muted">… +{total - SHOWN}</p>}
    </div>
  );
}

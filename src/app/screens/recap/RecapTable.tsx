/**
 * A table of recap lines (expected, counted, difference with the line's unit, the
 * difference's value in €), with each line's tags (recount round, possible double count,
 * late) and, for a supervisor, its Recompter button or the round already open. On a
 * narrow screen (useNarrow) the same lines are cards, one per line, so nothing scrolls
 * sideways at 360 px; only one of the two is drawn.
 */
import { useState } from 'preact/hooks';
import type { RecapLineDto, RecountDto } from '../../../core/api/dto';
import { RECAP_ROWS } from '../../state/closedRecap';
import { t } from '../messages';
import { euros, qtyIn, signedQtyIn } from './figures';
import { t as tr } from './messages';
import { useNarrow } from './useNarrow';
import './recap.css';

const SHOWN = RECAP_ROWS;
/**
 * Rows drawn at first per table, then more on request: a recap of thousands of lines
 * would otherwise build tens of thousands of cells before the phone answers a tap
 * (Lighthouse measured seconds of blocked main thread at 500 rows). 20 fill a phone's
 * screen; at 50 the two tables' render and layout were the recap's longest tasks.
 */
const FIRST_ROWS = 20;

type OpenRound = (l: RecapLineDto) => number | undefined;

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
  const narrow = useNarrow();
  if (lines.length === 0) return <p class="muted">—</p>;
  const shown = Math.min(limit, SHOWN);
  const openRound: OpenRound = (l) =>
    recounts.find((r) => r.status === 'open' && (r.lineKey === l.key || (r.lineKey === null && r.bin === l.bin)))
      ?.round;
  const rows = lines.slice(0, shown);
  const more = (
    <>
      {lines.length > shown && shown < SHOWN && (
        <button type="button" onClick={() => setLimit(SHOWN)}>
          {t('showMoreLines', { n: Math.min(lines.length, SHOWN) - shown })}
        </button>
      )}
      {total > SHOWN && shown === SHOWN && <p class="muted">… +{total - SHOWN}</p>}
    </>
  );
  if (narrow) {
    return (
      <>
        <ul class="recap-cards" aria-label={label}>
          {rows.map((l) => (
            <li key={l.key} data-key={l.key} class="card recap-card">
              <p class="recap-card-title">
                <strong>{l.itemRef}</strong> {l.designation}
              </p>
              <p class="muted">
                {t('bin')} {l.bin}
                {l.lot && ` · ${t('lot')} ${l.lot}`}
                {l.serial && ` · ${t('serial')} ${l.serial}`}
              </p>
              <dl class="recap-figures">
                <div>
                  <dt>{t('expected')}</dt>
                  <dd>{qtyIn(l.expected, l.unit)}</dd>
                </div>
                <div>
                  <dt>{t('countedQty')}</dt>
                  <dd>{qtyIn(l.counted, l.unit)}</dd>
                </div>
                <div>
                  <dt>{t('difference')}</dt>
                  <dd>{signedQtyIn(l.difference, l.unit)}</dd>
                </div>
                <div>
                  <dt>{tr('differenceEur')}</dt>
                  <dd>{euros(l.differenceValue, true)}</dd>
                </div>
              </dl>
              <Tags l={l} />
              {onRecount && <Recount l={l} openRound={openRound} onRecount={onRecount} />}
            </li>
          ))}
        </ul>
        {more}
      </>
    );
  }
  return (
    // Focusable, so a keyboard can scroll a table wider than its room (axe: scrollable-region-focusable).
    <div class="table-scroll" tabIndex={0} role="region" aria-label={label}>
      <table class="recap">
        <thead>
          <tr>
            <th>{t('itemRef')}</th>
            <th>{t('bin')}</th>
            <th>{t('expected')}</th>
            <th>{t('countedQty')}</th>
            <th>{t('difference')}</th>
            <th>{tr('differenceEur')}</th>
            {onRecount && <th>{t('recount')}</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((l) => (
            <tr key={l.key} data-key={l.key}>
              <td>
                <strong>{l.itemRef}</strong> {l.designation}
                {l.lot && ` · ${l.lot}`}
                {l.serial && ` · ${l.serial}`}
                <Tags l={l} />
              </td>
              <td>{l.bin}</td>
              <td class="num">{qtyIn(l.expected, l.unit)}</td>
              <td class="num">{qtyIn(l.counted, l.unit)}</td>
              <td class="num">{signedQtyIn(l.difference, l.unit)}</td>
              <td class="num">{euros(l.differenceValue, true)}</td>
              {onRecount && (
                <td>
                  <Recount l={l} openRound={openRound} onRecount={onRecount} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {more}
    </div>
  );
}

function Tags({ l }: { l: RecapLineDto }) {
  return (
    <>
      {l.round > 0 && <span class="tag">{t('recountRound', { round: l.round })}</span>}
      {l.possibleDoubleCount && <span class="tag warn">{t('doubleCount')}</span>}
      {l.late && <span class="tag warn">{t('lateLine')}</span>}
    </>
  );
}

function Recount({
  l,
  openRound,
  onRecount,
}: {
  l: RecapLineDto;
  openRound: OpenRound;
  onRecount: (l: RecapLineDto) => void;
}) {
  const round = openRound(l);
  return round !== undefined ? (
    <span class="tag">{t('recountOpen', { round })}</span>
  ) : (
    <button type="button" onClick={() => onRecount(l)} aria-label={`${t('recount')} ${l.itemRef} ${l.bin}`}>
      {t('recount')}
    </button>
  );
}

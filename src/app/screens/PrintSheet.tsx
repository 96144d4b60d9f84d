/**
 * "Imprimer": the paper count sheet, grouped by bin with an empty counted column; print CSS
 * puts the inventory, location and date in the running header and numbers the pages.
 */
import { useEffect } from 'preact/hooks';
import type { LineDto } from '../../core/api/dto';
import { current, openCount } from '../count/open';
import { showDate, showQty } from '../format';
import { compareCodes } from '../i18n/intl';
import { hrefOf } from '../router';
import { t } from './messages';

export function PrintSheet({ id }: { id: number }) {
  useEffect(() => {
    if (current.value?.inv.id !== id) void openCount(id);
  }, [id]);
  const open = current.value;
  if (!open || open.inv.id !== id) return <main>{t('loading')}</main>;
  const inv = open.inv;
  // Expected quantities come only to those allowed to see them (the server blinds counters).
  const showExpected = open.lines.some((l) => l.expectedQty !== null);
  const byBin = new Map<string, LineDto[]>();
  for (const l of open.lines) {
    const group = byBin.get(l.bin);
    if (group) group.push(l);
    else byBin.set(l.bin, [l]);
  }
  const groups = [...byBin.entries()].sort(([a], [b]) => compareCodes(a, b));
  const title = `${inv.name} — ${inv.location.code} ${inv.location.name}`;
  return (
    <main class="print-sheet">
      <div class="no-print toolbar">
        <a href={hrefOf({ name: 'count', id })}>{t('back')}</a>
        <button type="button" class="primary" onClick={() => window.print()}>
          {t('print')}
        </button>
      </div>
      <header class="print-head">
        <h1>
          {t('printTitle')} — {title}
        </h1>
        <p>
          {t(`kind_${inv.kind}`)} · {t('printDate', { date: showDate(new Date().toISOString()) })}
        </p>
      </header>
      {groups.map(([bin, lines]) => (
        <section key={bin} class="print-bin">
          <h2>
            {t('bin')} {bin}
          </h2>
          <table>
            <thead>
              <tr>
                <th>{t('itemRef')}</th>
                <th>{t('designation')}</th>
                <th>{t('lot')}</th>
                <th>{t('serial')}</th>
                <th>{t('unit')}</th>
                {showExpected && <th>{t('expected')}</th>}
                <th class="counted-col">{t('countedQty')}</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => (
                <tr key={l.key}>
                  <td>{l.itemRef}</td>
                  <td>{l.designation}</td>
                  <td>{l.lot ?? ''}</td>
                  <td>{l.serial ?? ''}</td>
                  <td>{l.unit}</td>
                  {showExpected && <td class="num">{l.expectedQty === null ? '' : showQty(l.expectedQty)}</td>}
                  <td class="counted-col" />
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      <footer class="print-foot" data-title={title} />
    </main>
  );
}

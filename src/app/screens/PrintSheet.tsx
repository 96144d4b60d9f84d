/**
 * "Imprimer": the paper count sheet of what the list shows (its filter: one bin is a few
 * pages, not the whole location), or of the whole location; grouped by bin with an empty
 * counted column. Each bin is its own table whose heading row names the bin, so the bin
 * is named again at the top of every page it runs onto. The sheet follows the inventory's
 * blind setting (no expected quantity, and never another device's count, for anyone on a
 * blind count); a supervisor may print instead the control sheet: expected quantities and
 * what the team counted. Print CSS puts the page numbers at the foot.
 */
import { useEffect, useState } from 'preact/hooks';
import type { LineDto } from '../../core/api/dto';
import { isSupervisor } from '../../core/roles';
import { NO_FILTER, type LineFilter } from '../count/filter';
import { filterOf, visibleLines } from '../count/listFilter';
import { current, isComplete, openCount, revision, type OpenCount } from '../count/open';
import { teamCount } from '../count/others';
import { showDate, showQty } from '../format';
import { compareCodes } from '../i18n/intl';
import { hrefOf } from '../router';
import { session } from '../state/session';
import { t } from './messages';
import { t as tp } from './printMessages';

type Scope = 'shown' | 'all';
type Sheet = 'count' | 'control';

const isFiltered = (f: LineFilter): boolean =>
  f.text.trim() !== '' || f.supplier !== '' || f.bin !== '' || f.counted !== NO_FILTER.counted;

/** The filter in words, for the sheet's heading: what is on this paper, and what is not. */
function filterWords(f: LineFilter): string {
  const words: string[] = [];
  if (f.bin) words.push(tp('filterBin', { bin: f.bin }));
  if (f.supplier) words.push(tp('filterSupplier', { supplier: f.supplier }));
  if (f.counted !== 'all') words.push(tp(`filter_${f.counted}`));
  if (f.text.trim()) words.push(tp('filterText', { text: f.text.trim() }));
  return words.join(' · ');
}

/** The lines to print, grouped by bin in bin order (list order within a bin). */
function groupsOf(open: OpenCount, positions: readonly number[] | null): [string, LineDto[]][] {
  const byBin = new Map<string, LineDto[]>();
  const add = (l: LineDto) => {
    const group = byBin.get(l.bin);
    if (group) group.push(l);
    else byBin.set(l.bin, [l]);
  };
  if (positions) for (const i of positions) add(open.lines[i]!);
  else for (const l of open.lines) add(l);
  return [...byBin.entries()].sort(([a], [b]) => compareCodes(a, b));
}

export function PrintSheet({ id }: { id: number }) {
  const [scope, setScope] = useState<Scope>('shown');
  const [sheet, setSheet] = useState<Sheet>('count');
  void revision.value;
  useEffect(() => {
    if (current.value?.inv.id !== id) void openCount(id);
  }, [id]);
  const open = current.value;
  // Every line is needed (each bin's lines, the whole sheet): a short wait while they load.
  if (!open || open.inv.id !== id || !isComplete(open)) return <main>{t('loading')}</main>;
  const inv = open.inv;
  const supervisor = session.value !== null && isSupervisor(session.value.role);
  const filter = filterOf(id);
  const filtered = isFiltered(filter);
  const shown = filtered ? visibleLines(open, filter) : null;
  const printAll = !filtered || scope === 'all';
  const groups = groupsOf(open, printAll ? null : shown);
  const printed = printAll ? open.lines.length : shown!.length;
  const control = supervisor && sheet === 'control';
  // Expected quantities come only to those allowed to see them (the server blinds counters);
  // the count sheet follows the inventory's blind setting for the supervisor too (an
  // inventory stored before the setting was kept counts as blind), the control sheet does not.
  const blindCount = inv.blind || inv.blindCount !== false;
  const showExpected = (control || !blindCount) && open.lines.some((l) => l.expectedQty !== null);
  const columns = 6 + Number(showExpected) + Number(control);
  const title = `${inv.name} — ${inv.location.code} ${inv.location.name}`;
  return (
    <main class="print-sheet">
      <div class="no-print toolbar">
        <a href={hrefOf({ name: 'count', id })}>{t('back')}</a>
        <button type="button" class="primary" onClick={() => window.print()}>
          {t('print')}
        </button>
      </div>
      {(filtered || supervisor) && (
        <div class="no-print print-options">
          {filtered && (
            <fieldset>
              <legend>{tp('linesChoice')}</legend>
              <label>
                <input type="radio" name="scope" checked={scope === 'shown'} onChange={() => setScope('shown')} />{' '}
                {tp('linesShown', { n: shown!.length })}
              </label>
              <label>
                <input type="radio" name="scope" checked={scope === 'all'} onChange={() => setScope('all')} />{' '}
                {tp('linesAll', { n: open.lines.length })}
              </label>
            </fieldset>
          )}
          {supervisor && (
            <fieldset>
              <legend>{tp('sheetChoice')}</legend>
              <label>
                <input type="radio" name="sheet" checked={sheet === 'count'} onChange={() => setSheet('count')} />{' '}
                {tp('sheetCount')}
              </label>
              <label>
                <input type="radio" name="sheet" checked={sheet === 'control'} onChange={() => setSheet('control')} />{' '}
                {tp('sheetControl')}
              </label>
            </fieldset>
          )}
        </div>
      )}
      <header class="print-head">
        <h1>
          {control ? tp('controlTitle') : t('printTitle')} — {title}
        </h1>
        <p>
          {t(`kind_${inv.kind}`)} · {t('printDate', { date: showDate(new Date().toISOString()) })} ·{' '}
          <span data-testid="print-lines">
            {printed === 1 ? tp('printedOne') : tp('printedLines', { n: printed })}
            {!printAll && ` (${filterWords(filter)})`}
          </span>
          {!control && blindCount && ` · ${tp('blindNote')}`}
        </p>
      </header>
      {groups.map(([bin, lines]) => (
        <table key={bin} class="print-bin">
          <thead>
            <tr class="bin-head">
              <th colSpan={columns} scope="colgroup">
                {`${t('bin')} ${bin}`}
              </th>
            </tr>
            <tr>
              <th scope="col">{t('itemRef')}</th>
              <th scope="col">{t('designation')}</th>
              <th scope="col">{t('lot')}</th>
              <th scope="col">{t('serial')}</th>
              <th scope="col">{t('unit')}</th>
              {showExpected && <th scope="col">{t('expected')}</th>}
              {control && <th scope="col">{tp('teamCounted')}</th>}
              <th scope="col" class="counted-col">
                {control ? tp('check') : t('countedQty')}
              </th>
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
                {control && <td class="num">{teamTotal(open, l)}</td>}
                <td class="counted-col" />
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      <footer class="print-foot" data-title={title} />
    </main>
  );
}

/** What the team counted on the line (the supervisor's control sheet only), or nothing. */
function teamTotal(open: OpenCount, l: LineDto): string {
  const total = teamCount(open.inv.id, l.key, open.registers.get(l.key))?.total ?? null;
  return total === null ? '' : showQty(total);
}

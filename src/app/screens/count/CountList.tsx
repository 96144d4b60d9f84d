/**
 * The count list: one line per item × bin × lot × serial, windowed so 250,000 lines
 * scroll like 50; filters, progress, quantity entry, undo, and the supervisor's Clôturer.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { DeviceStatusDto } from '../../../core/api/dto';
import { isSupervisor } from '../../../core/roles';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useVirtualList } from '../../components/useVirtualList';
import type { LineFilter } from '../../count/filter';
import { filterOf, setFilterOf, visibleLines } from '../../count/listFilter';
import { countedLineCount, countedQty, isCounted } from '../../count/counted';
import { revision, type OpenCount } from '../../count/open';
import { refreshRecounts, toRecount } from '../../count/recounts';
import { undoLast } from '../../count/undo';
import { showQty } from '../../format';
import { errorText } from '../../i18n/errors';
import { checkBeforeClose, closeInventory } from '../../inventory/actions';
import { hrefOf, navigate } from '../../router';
import { session } from '../../state/session';
import { t } from '../messages';
import { Filters } from './Filters';
import { LineEditor } from './LineEditor';
import { storageError } from '../../db/errors';
import type { ScanPanel } from '../../scan/ScanPanel';
import { loadOthers } from '../../count/others';
import { CloseWarning, devicesHoldingUnsent } from '../team/CloseWarning';
import { t as tt } from '../team/messages';
import { TeamTotal } from '../team/TeamCount';

const ROW_HEIGHT = 64;

let loadedScanner: typeof ScanPanel | null = null;

/**
 * Loads the scanner's chunk; the count screen starts it while it opens the count, so the
 * list is usually drawn with the scanner already in place rather than pushed down by it
 * a moment later (a layout shift Lighthouse measured at 0.08).
 */
export const preloadScanner = (): Promise<typeof ScanPanel> =>
  import('../../scan/ScanPanel').then((m) => (loadedScanner = m.ScanPanel));

export function CountList({ open }: { open: OpenCount }) {
  const user = session.value!;
  const rev = revision.value;
  const filter = filterOf(open.inv.id);
  const setFilter = (f: LineFilter): void => setFilterOf(open.inv.id, f);
  const [showFilters, setShowFilters] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null);
  const [closing, setClosing] = useState<{ text: string } | null>(null);
  const [holding, setHolding] = useState<readonly DeviceStatusDto[] | null>(null);
  const [busy, setBusy] = useState(false);
  const scroller = useRef<HTMLDivElement>(null);
  const inv = open.inv;
  const counting = inv.status === 'counting';
  // The scanner is its own chunk: the first load stays small, and it is precached for offline use.
  const [Scanner, setScanner] = useState<typeof ScanPanel | null>(() => loadedScanner);
  useEffect(() => {
    if (counting && !Scanner) void preloadScanner().then((s) => setScanner(() => s));
  }, [counting]);
  useEffect(() => void loadOthers(inv.id), [inv.id]);
  // The recount requests, when online; kept on the device for offline counting.
  useEffect(() => void refreshRecounts(open), [inv.id]);

  const visible = useMemo(
    () => visibleLines(open, filter),
    [filter, open.lines.length, filter.counted === 'all' ? 0 : rev],
  );
  const countedLines = useMemo(() => countedLineCount(open), [rev, open.lines.length]);
  // Without a recount request no line is to recount: no pass over the lines.
  const recountLines = useMemo(
    () => (counting && inv.recounts?.length ? open.lines.filter((l) => toRecount(open, l) !== null).length : 0),
    [rev, open.lines.length, inv.recounts],
  );

  const list = useVirtualList({ count: visible.length, rowHeight: ROW_HEIGHT, scroller });

  const line = selected === null ? undefined : open.lines[open.index.get(selected) ?? -1];

  const undo = async () => {
    try {
      const touched = await undoLast(open);
      setNotice({ text: touched ? t('undone', { ref: touched.itemRef }) : t('nothingToUndo'), error: false });
    } catch (e) {
      setNotice({ text: errorText(storageError(e)), error: true });
    }
  };

  const askClose = async () => {
    setNotice(null);
    const checked = await checkBeforeClose(open);
    if (!checked.ok) {
      const n = checked.error.details?.n;
      return setNotice({
        text: typeof n === 'number' ? t('unsentBeforeClose', { n }) : errorText(checked.error),
        error: true,
      });
    }
    const { unvisited } = checked.value;
    setClosing({
      text: unvisited.length
        ? t('closeConfirmUnvisited', { n: unvisited.length, bins: unvisited.slice(0, 12).join(', ') })
        : t('closeConfirm'),
    });
  };

  const close = async (force: boolean) => {
    setBusy(true);
    const res = await closeInventory(inv.id, force);
    setBusy(false);
    setClosing(null);
    setHolding(null);
    if (!res.ok) {
      // Another phone still holds counts: say which, and let the supervisor wait or close anyway.
      const devices = devicesHoldingUnsent(res.error);
      if (devices) return setHolding(devices);
      return setNotice({ text: errorText(res.error), error: true });
    }
    navigate({ name: 'recap', id: inv.id });
  };

  return (
    <main class="count">
      <header class="count-head">
        <a href={hrefOf({ name: 'inventories' })}>{t('back')}</a>
        <h1>{inv.name}</h1>
        <p class="muted">
          {inv.location.code} — {inv.location.name} · {t(`kind_${inv.kind}`)} · {t(`status_${inv.status}`)}
        </p>
        <label class="progress-line">
          <span data-testid="progress">{t('progress', { counted: countedLines, total: open.lines.length })}</span>
          <progress
            max={open.lines.length || 1}
            value={countedLines}
            aria-label={t('progress', { counted: countedLines, total: open.lines.length })}
          />
        </label>
        <div class="toolbar">
          <button type="button" aria-expanded={showFilters} onClick={() => setShowFilters(!showFilters)}>
            {showFilters ? t('hideFilters') : t('showFilters')}
          </button>
          {counting && (
            <a class="button" role="button" href={hrefOf({ name: 'add', id: inv.id })}>
              {t('addRef')}
            </a>
          )}
          <a class="button" role="button" href={hrefOf({ name: 'bins', id: inv.id })}>
            {t('bins')}
          </a>
          <a class="button" role="button" href={hrefOf({ name: 'print', id: inv.id })}>
            {t('print')}
          </a>
          {counting && (
            <button type="button" onClick={() => void undo()}>
              {t('undo')}
            </button>
          )}
          {isSupervisor(user.role) && counting && (
            <button type="button" class="danger" onClick={() => void askClose()}>
              {t('close')}
            </button>
          )}
          {isSupervisor(user.role) && (
            <a class="button" role="button" href={hrefOf({ name: 'devices', id: inv.id })}>
              {tt('devicesLink')}
            </a>
          )}
          {isSupervisor(user.role) && inv.status !== 'counting' && (
            <a class="button primary" role="button" href={hrefOf({ name: 'recap', id: inv.id })}>
              {t('recapTitle')}
            </a>
          )}
        </div>
        <input
          type="search"
          class="search"
          aria-label={t('search')}
          placeholder={t('search')}
          value={filter.text}
          onInput={(e) => setFilter({ ...filter, text: e.currentTarget.value })}
        />
        {showFilters && <Filters filter={filter} lines={open.lines} bins={inv.bins} onChange={setFilter} />}
        {Scanner && counting && <Scanner open={open} binFilter={filter.bin} onEdit={setSelected} />}
        {recountLines > 0 && filter.counted !== 'torecount' && (
          <button type="button" class="recount" onClick={() => setFilter({ ...filter, counted: 'torecount' })}>
            {t('toRecountCount', { n: recountLines })}
          </button>
        )}
        <p class="muted" aria-live="polite">
          {t('results', { n: visible.length })}
        </p>
        {notice && (
          <p class={notice.error ? 'error' : 'notice'} role={notice.error ? 'alert' : 'status'}>
            {notice.text}
          </p>
        )}
      </header>
      <div ref={scroller} class="lines" role="list" aria-label={t('inventories')}>
        <div style={{ height: `${list.totalSize}px`, position: 'relative' }}>
          {list.rows.map((item) => {
            const l = open.lines[visible[item.index]!]!;
            const reg = open.registers.get(l.key);
            // In a recount round, this device's earlier count is not shown: the recount is blind.
            const mine = countedQty(open, l.key);
            // The team's state: counted here (sent or not) or on another device.
            const counted = isCounted(open, l.key);
            const recount = counting && toRecount(open, l) !== null;
            return (
              <div
                key={l.key}
                role="listitem"
                class="line-row"
                style={{ height: `${ROW_HEIGHT}px`, transform: `translateY(${item.start}px)` }}
              >
                <button
                  type="button"
                  class={`line ${counted ? 'done' : ''} ${selected === l.key ? 'selected' : ''}`}
                  disabled={!counting}
                  onClick={() => setSelected(l.key)}
                >
                  <span class="line-main">
                    <strong>{l.itemRef}</strong> {l.designation}
                    {l.added && <span class="tag">{t('addedBadge')}</span>}
                    {recount && <span class="tag recount">{t('toRecount')}</span>}
                  </span>
                  <span class="line-sub">
                    {l.bin}
                    {l.lot && ` · ${t('lot')} ${l.lot}`}
                    {l.serial && ` · ${t('serial')} ${l.serial}`}
                    {l.expectedQty !== null && ` · ${t('expected')} ${showQty(l.expectedQty)}`}
                  </span>
                  <span class="line-qty">
                    {mine !== null ? `${showQty(mine)} ${l.unit}` : counted ? '' : t('notCountedYet')}
                    <TeamTotal inventoryId={inv.id} lineKey={l.key} unit={l.unit} mine={reg} />
                  </span>
                </button>
              </div>
            );
          })}
        </div>
      </div>
      {line && counting && (
        <LineEditor
          key={line.key}
          open={open}
          line={line}
          onSaved={(text) => {
            setNotice({ text, error: false });
            setSelected(null);
          }}
          onClose={() => setSelected(null)}
        />
      )}
      {closing && (
        <ConfirmDialog
          title={t('close')}
          text={closing.text}
          busy={busy}
          onYes={() => void close(false)}
          onNo={() => setClosing(null)}
        />
      )}
      {holding && (
        <CloseWarning devices={holding} busy={busy} onForce={() => void close(true)} onWait={() => setHolding(null)} />
      )}
    </main>
  );
}

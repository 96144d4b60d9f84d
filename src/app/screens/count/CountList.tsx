/**
 * The count list: one line per item × bin × lot × serial, windowed so 250,000 lines
 * scroll like 50; filters, progress, quantity entry, undo, and the supervisor's Clôturer.
 * Laid out for one hand: the list takes the screen, the bar at the bottom holds what a
 * counter uses at every shelf (the last entry and its undo, search, scan, the menu with
 * the rest); a tablet shows the line's editor beside the list instead of over it.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { DeviceStatusDto } from '../../../core/api/dto';
import { isSupervisor } from '../../../core/roles';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useVirtualList } from '../../components/useVirtualList';
import { NO_FILTER, type LineFilter } from '../../count/filter';
import { filterOf, setFilterOf, visibleLines } from '../../count/listFilter';
import { searchable, whenSearchable } from '../../count/searchIndex';
import { countedLineCount, countedQty, isCounted } from '../../count/counted';
import { isComplete, revision, totalLines, whenComplete, type OpenCount } from '../../count/open';
import { refreshRecounts, toRecount } from '../../count/recounts';
import { undoLast } from '../../count/undo';
import { lang } from '../../i18n';
import { errorText } from '../../i18n/errors';
import { checkBeforeClose, closeInventory } from '../../inventory/actions';
import { hrefOf, navigate } from '../../router';
import { takeNotice } from '../../state/handedNotice';
import { takeSelection } from '../../state/selection';
import { session } from '../../state/session';
import { t } from '../messages';
import { Filters } from './Filters';
import { LineRow } from './LineRow';
import { LineEditor } from './LineEditor';
import { storageError } from '../../db/errors';
import type { ScanPanel } from '../../scan/ScanPanel';
import { loadOthers } from '../../count/others';
import { CloseWarning, devicesHoldingUnsent } from '../team/CloseWarning';
import { t as tt } from '../team/messages';
import { MenuButton, type MenuItem } from '../../components/MenuButton';
import { t as st } from '../../scan/messages';
import { t as ct } from './messages';
import './count.css';

// Two lines of text and room for a gloved finger; 8 and more rows fit a 390×844 phone.
const ROW_HEIGHT = 60;

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
  const language = lang.value;
  // A line Ajouter réf. just added: listed (searched for) and selected, its count shown.
  const [handed] = useState(() => {
    const h = takeSelection(open.inv.id);
    if (h) setFilterOf(open.inv.id, { ...NO_FILTER, text: h.search });
    return h;
  });
  const filter = filterOf(open.inv.id);
  const setFilter = (f: LineFilter): void => setFilterOf(open.inv.id, f);
  const [showFilters, setShowFilters] = useState(false);
  const [selected, setSelected] = useState<string | null>(handed?.key ?? null);
  // The before ZIP's screen hands over its news when it opens the count straight away.
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(() => {
    const text = takeNotice(open.inv.id);
    return text === null ? null : { text, error: false };
  });
  const [closing, setClosing] = useState<{ text: string } | null>(null);
  const [holding, setHolding] = useState<readonly DeviceStatusDto[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [cameraOn, setCameraOn] = useState(false);
  const [quantityMode, setQuantityMode] = useState(false);
  /** Bumped when the screen reports something newer than the last scan (a typed count, an undo). */
  const [quiet, setQuiet] = useState(0);
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

  // A search or a filter while the lines still load waits for them (a short "Chargement…"):
  // it would miss the lines not read yet. Unfiltered, the list grows as they come in.
  const complete = isComplete(open);
  const typed = filter.text.trim() !== '';
  const filtered = typed || filter.supplier !== '' || filter.bin !== '' || filter.counted !== 'all';
  // A search also waits for the search texts, built in short tasks, not in this render.
  const [, setIndexed] = useState(0);
  const indexing = complete && typed && !searchable(open);
  useEffect(() => {
    if (indexing) void whenSearchable(open).then(() => setIndexed((n) => n + 1));
  }, [indexing, open.lazy]);
  const waiting = filtered && (!complete || indexing);
  const visible = useMemo(
    () => (waiting ? [] : visibleLines(open, filter)),
    [filter, waiting, open.lines.length, filter.counted === 'all' ? 0 : rev],
  );
  const total = totalLines(open);
  const countedLines = useMemo(() => countedLineCount(open), [rev, open.lines.length]);
  // Without a recount request no line is to recount: no pass over the lines.
  const recountLines = useMemo(
    () =>
      complete && counting && inv.recounts?.length ? open.lines.filter((l) => toRecount(open, l) !== null).length : 0,
    [rev, complete, open.lines.length, inv.recounts],
  );

  const list = useVirtualList({ count: visible.length, rowHeight: ROW_HEIGHT, scroller });

  const line = selected === null ? undefined : open.lines[open.index.get(selected) ?? -1];

  const undo = async () => {
    try {
      const touched = await undoLast(open);
      setQuiet((q) => q + 1);
      setNotice({ text: touched ? t('undone', { ref: touched.itemRef }) : t('nothingToUndo'), error: false });
    } catch (e) {
      setNotice({ text: errorText(storageError(e)), error: true });
    }
  };

  const askClose = async () => {
    setNotice(null);
    // The unvisited bins are counted over every line.
    await whenComplete(open);
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

  const menu: MenuItem[] = [
    {
      label: showFilters ? t('hideFilters') : t('showFilters'),
      onSelect: () => setShowFilters(!showFilters),
    },
    ...(counting
      ? [
          { label: st('quantityMode'), checked: quantityMode, onSelect: () => setQuantityMode(!quantityMode) },
          { label: t('addRef'), href: hrefOf({ name: 'add', id: inv.id }) },
        ]
      : []),
    { label: t('bins'), href: hrefOf({ name: 'bins', id: inv.id }) },
    { label: t('print'), href: hrefOf({ name: 'print', id: inv.id }) },
    ...(isSupervisor(user.role) ? [{ label: tt('devicesLink'), href: hrefOf({ name: 'devices', id: inv.id }) }] : []),
    ...(isSupervisor(user.role) && counting
      ? [{ label: t('close'), danger: true, onSelect: () => void askClose() }]
      : []),
  ];
  const located = `${inv.location.code} — ${inv.location.name}`;

  // The bar under the thumb: what was just done (and undo), then search, scan and the menu.
  const bar = (
    <>
      {Scanner && counting && (
        <Scanner
          open={open}
          binFilter={filter.bin}
          onEdit={setSelected}
          cameraOn={cameraOn}
          onCameraOff={() => setCameraOn(false)}
          quantityMode={quantityMode}
          quiet={quiet}
          onScanned={() => setNotice(null)}
        />
      )}
      {counting && (
        <div class="last-row">
          {notice ? (
            <p class={notice.error ? 'error' : 'notice'} role={notice.error ? 'alert' : 'status'}>
              {notice.text}
            </p>
          ) : (
            <p class="muted">{ct('lastCount')}</p>
          )}
          <button type="button" class="undo" aria-label={t('undo')} onClick={() => void undo()}>
            <span aria-hidden="true">↶ </span>
            {ct('undoShort')}
          </button>
        </div>
      )}
      {!counting && notice && (
        <p class={notice.error ? 'error' : 'notice'} role={notice.error ? 'alert' : 'status'}>
          {notice.text}
        </p>
      )}
      <div class="bar-row">
        <input
          type="search"
          class="search"
          aria-label={t('search')}
          placeholder={ct('searchShort')}
          value={filter.text}
          onInput={(e) => setFilter({ ...filter, text: e.currentTarget.value })}
        />
        {counting && (
          <button
            type="button"
            class="primary scan-button"
            aria-pressed={cameraOn}
            aria-label={cameraOn ? st('stopCamera') : st('startCamera')}
            onClick={() => setCameraOn(!cameraOn)}
          >
            <svg viewBox="0 0 24 24" width="26" height="26" aria-hidden="true">
              <path d="M3 7V4h3M18 4h3v3M21 17v3h-3M6 20H3v-3M7 8v8M10 8v8M13 8v8M16 8v8" />
            </svg>
            <span>{cameraOn ? ct('stopShort') : ct('scanShort')}</span>
          </button>
        )}
        {isSupervisor(user.role) && !counting && (
          <a class="button primary" role="button" href={hrefOf({ name: 'recap', id: inv.id })}>
            {t('recapTitle')}
          </a>
        )}
        <MenuButton label={ct('menu')} items={menu} />
      </div>
      {counting && quantityMode && <span class="tag mode-tag">{ct('quantityModeOn')}</span>}
    </>
  );

  return (
    <main class="count">
      <header class="count-head">
        <div class="head-row">
          <a class="back" href={hrefOf({ name: 'inventories' })}>
            <span aria-hidden="true">← </span>
            {t('back')}
          </a>
          <h1>{inv.name}</h1>
          <span class="tag head-code" aria-hidden="true">
            {inv.location.code}
          </span>
        </div>
        <div class="head-progress">
          <label class="progress-line">
            <span data-testid="progress">{t('progress', { counted: countedLines, total })}</span>
            <progress
              max={total || 1}
              value={countedLines}
              aria-label={t('progress', { counted: countedLines, total })}
            />
          </label>
          <p class="muted" aria-live="polite">
            {waiting ? t('loading') : t('results', { n: complete || filtered ? visible.length : total })}
          </p>
        </div>
        <p class={`muted head-sub ${counting ? '' : 'shown'}`}>
          {located} · {t(`kind_${inv.kind}`)} · {t(`status_${inv.status}`)}
        </p>
        {/* Its suppliers and bins are every line's: listed once they are all in. */}
        {showFilters &&
          (complete ? (
            <Filters filter={filter} lines={open.lines} bins={inv.bins} onChange={setFilter} />
          ) : (
            <p class="muted">{t('loading')}</p>
          ))}
        {recountLines > 0 && filter.counted !== 'torecount' && (
          <button type="button" class="recount" onClick={() => setFilter({ ...filter, counted: 'torecount' })}>
            {t('toRecountCount', { n: recountLines })}
          </button>
        )}
      </header>
      <div class="count-body">
        <div ref={scroller} class="lines" role="list" aria-label={ct('linesOf', { name: inv.name, location: located })}>
          <div style={{ height: `${list.totalSize}px`, position: 'relative' }}>
            {list.rows.map((item) => {
              const l = open.lines[visible[item.index]!]!;
              return (
                <LineRow
                  key={l.key}
                  inventoryId={inv.id}
                  line={l}
                  top={item.start}
                  height={ROW_HEIGHT}
                  // In a recount round, this device's earlier count is not shown: the recount is blind.
                  mine={countedQty(open, l.key)}
                  register={open.registers.get(l.key)}
                  // The team's state: counted here (sent or not) or on another device.
                  counted={isCounted(open, l.key)}
                  recount={counting && toRecount(open, l) !== null}
                  selected={selected === l.key}
                  counting={counting}
                  onSelect={setSelected}
                  lang={language}
                />
              );
            })}
          </div>
        </div>
        {line && counting ? (
          <LineEditor
            key={line.key}
            open={open}
            line={line}
            onSaved={(text) => {
              setNotice({ text, error: false });
              setQuiet(quiet + 1);
              setSelected(null);
            }}
            onClose={() => setSelected(null)}
          />
        ) : (
          counting && <p class="side-hint muted">{ct('pickLine')}</p>
        )}
      </div>
      {counting ? (
        <section class="count-bar" aria-label={st('scanner')}>
          {bar}
        </section>
      ) : (
        <div class="count-bar">{bar}</div>
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

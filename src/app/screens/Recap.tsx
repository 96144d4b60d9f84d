/**
 * After Clôturer: the recap of stock movements (expected, counted, difference, value, the
 * totals, uncounted lines, bins never visited), then Confirmer l'inventaire → "Le stock
 * sera mis à jour" → Oui → the server applies it → the after ZIP is built, downloaded
 * and uploaded. Long tables show the lines that move the stock first. The supervisor can
 * ask for a line to be recounted (a new count round, blind), and sees the lines whose
 * difference passes the inventory's recount threshold, possible double counts and late counts.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { BinDto, InventoryDto, RecapDto, RecapLineDto, RecapTotalsDto, RecountDto } from '../../core/api/dto';
import { ok } from '../../core/errors';
import { canCount, isSupervisor } from '../../core/roles';
import { call } from '../api/client';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ProgressBar } from '../components/ProgressBar';
import { getInventory } from '../db/snapshot';
import type { StoredInventory } from '../db/schema';
import { exportAfter } from '../export/save';
import { showMoney, showQty, showSignedQty } from '../format';
import { lang } from '../i18n';
import { errorText } from '../i18n/errors';
import { applyInventory, reopenInventory, requestRecount, setRecountThreshold } from '../inventory/actions';
import { hrefOf, navigate } from '../router';
import { RECAP_ROWS, takeRecap } from '../state/closedRecap';
import { session } from '../state/session';
import { t } from './messages';
import { ThresholdFields } from './RecountThreshold';
import { thresholdDto, thresholdInput, type ThresholdInput } from './thresholdInput';

const SHOWN = RECAP_ROWS;
/**
 * Rows drawn at first per table, then more on request: a recap of thousands of lines
 * would otherwise build tens of thousands of cells before the phone answers a tap
 * (Lighthouse measured seconds of blocked main thread at 500 rows). 20 fill a phone's
 * screen; at 50 the two tables' render and layout were the recap's longest tasks.
 */
const FIRST_ROWS = 20;

export function Recap({ id }: { id: number }) {
  const user = session.value!;
  const [recap, setRecap] = useState<RecapDto | null>(null);
  const [inv, setInv] = useState<InventoryDto | null>(null);
  const [stored, setStored] = useState<StoredInventory | null>(null);
  const [bins, setBins] = useState<BinDto[] | null>(null);
  const [recounts, setRecounts] = useState<readonly RecountDto[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ label: string; value: number | null } | null>(null);
  const [threshold, setThreshold] = useState<ThresholdInput | null>(null);

  const load = async () => {
    const handed = takeRecap(id);
    const recapAsked = handed
      ? ok(handed)
      : call('getRecap', { params: { id }, query: { uncounted: RECAP_ROWS }, timeoutMs: 120_000 });
    const rest = Promise.all([
      call('getInventory', { params: { id } }),
      call('listBins', { params: { id } }),
      call('listRecounts', { params: { id } }),
    ]);
    setStored((await getInventory(id)) ?? null);
    const r = await recapAsked;
    if (!r.ok) return setError(r.error.code === 'offline' ? t('recapOffline') : errorText(r.error));
    // On screen as soon as it is here (the close hands it over); the rest fills in after:
    // the bins' tally is a pass over every line, and the server answers one at a time.
    setRecap(r.value);
    const [i, b, rc] = await rest;
    if (rc.ok) setRecounts(rc.value);
    if (i.ok) {
      setInv(i.value);
      setThreshold(thresholdInput(i.value.recountThreshold));
    }
    if (b.ok) setBins(b.value);
  };
  useEffect(() => void load(), [id]);

  const buildAfter = async () => {
    setProgress({ label: t('phase_reading'), value: 0 });
    const res = await exportAfter(id, user, (p) => setProgress({ label: t(`phase_${p.phase}`), value: p.fraction }));
    setProgress(null);
    setStored((await getInventory(id)) ?? null);
    if (!res.ok) return setError(errorText(res.error));
    const problems = [res.value.downloadError, res.value.uploadError].filter((p) => p !== null);
    if (problems.length) setError(problems.map((p) => errorText(p)).join(' '));
  };

  const apply = async () => {
    setBusy(true);
    setError(null);
    const res = await applyInventory(id);
    setBusy(false);
    setAsking(false);
    if (!res.ok) return setError(errorText(res.error));
    setInv(res.value.inventory);
    setNotice(t('applied', { n: res.value.movements }));
    await buildAfter();
  };

  const reopen = async () => {
    const res = await reopenInventory(id);
    if (!res.ok) return setError(errorText(res.error));
    navigate({ name: 'count', id });
  };

  const askRecount = async (l: RecapLineDto) => {
    setError(null);
    const res = await requestRecount(id, { lineKey: l.key });
    if (!res.ok) return setError(errorText(res.error));
    setRecounts([...recounts, res.value]);
    setNotice(
      `${l.itemRef} — ${t('recountAsked', { round: res.value.round })}. ${status === 'closed' ? t('recountClosedHint') : ''}`,
    );
  };

  const saveThreshold = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const dto = threshold && thresholdDto(threshold);
    if (!dto) return;
    if (!dto.ok) return setError(errorText(dto.error));
    const res = await setRecountThreshold(id, dto.value);
    if (!res.ok) return setError(errorText(res.error));
    setNotice(t('thresholdSaved'));
    await load();
  };

  const unvisited = bins?.filter((b) => b.state === 'not_visited') ?? [];
  const status = inv?.status ?? stored?.status;
  const canRecount = isSupervisor(user.role) && (status === 'counting' || status === 'closed');
  // The tables (up to 250,000 lines filtered, 1,500 rows) are made once per recap, not on
  // each progress step of the after ZIP: re-rendering them then held the main thread.
  const tables = useMemo(() => {
    if (!recap) return null;
    const table = { recounts, onRecount: canRecount ? (l: RecapLineDto) => void askRecount(l) : undefined };
    const suggested = recap.lines.filter((l) => l.suggestRecount);
    return (
      <>
        {suggested.length > 0 && (
          <>
            <h2>
              {t('suggestedRecounts')} ({suggested.length})
            </h2>
            <RecapTable lines={suggested} label={t('suggestedRecounts')} {...table} />
          </>
        )}
        <h2>{t('changedLines', { n: recap.totals.changedLines })}</h2>
        <RecapTable
          lines={recap.lines.filter((l) => l.difference !== '0.000')}
          label={t('changedLines', { n: recap.totals.changedLines })}
          {...table}
        />
        <h2>{t('uncountedLines', { n: recap.totals.uncountedLines })}</h2>
        <RecapTable
          lines={recap.uncounted}
          total={recap.totals.uncountedLines}
          label={t('uncountedLines', { n: recap.totals.uncountedLines })}
          {...table}
        />
      </>
    );
  }, [recap, recounts, canRecount, status, lang.value]);
  return (
    <main>
      <a href={hrefOf(canCount(user.role) ? { name: 'count', id } : { name: 'inventories' })}>{t('back')}</a>
      <h1>{t('recapTitle')}</h1>
      {inv && (
        <p class="muted">
          {inv.name} · {status && t(`status_${status}`)}
        </p>
      )}
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {progress && <ProgressBar label={progress.label} value={progress.value} />}
      {!recap ? (
        !error && <p>{t('loading')}</p>
      ) : (
        <>
          <Totals totals={recap.totals} />
          {recap.totals.lateEvents > 0 && (
            <p class="notice" role="status">
              {t('lateEvents', { n: recap.totals.lateEvents })}
            </p>
          )}
          {isSupervisor(user.role) && status === 'closed' && (
            <div class="actions">
              <button type="button" class="primary" onClick={() => setAsking(true)}>
                {t('confirmInventory')}
              </button>
              <button type="button" onClick={() => void reopen()}>
                {t('reopen')}
              </button>
            </div>
          )}
          {status === 'applied' && isSupervisor(user.role) && stored && !stored.after && !progress && (
            <button type="button" class="primary" onClick={() => void buildAfter()}>
              {t('buildAfterZip')}
            </button>
          )}
          {stored?.after && (
            <p class="notice" role="status">
              {t('afterZipTitle')} — {t('zipSaved', { file: stored.after.fileName })}{' '}
              {stored.after.uploaded ? t('zipUploaded') : t('zipUploadPending')}
            </p>
          )}
          {canRecount && threshold && (
            <details>
              <summary>{t('thresholdLegend')}</summary>
              <form class="card" onSubmit={(e) => void saveThreshold(e)}>
                <ThresholdFields value={threshold} onChange={setThreshold} />
                <button type="submit">{t('thresholdSave')}</button>
              </form>
            </details>
          )}
          {tables}
          {bins ? (
            <>
              <h2>{t('unvisitedBins', { n: unvisited.length })}</h2>
              {unvisited.length ? <p>{unvisited.map((b) => b.code).join(', ')}</p> : <p>{t('noneUnvisited')}</p>}
            </>
          ) : (
            <p class="muted">{t('loading')}</p>
          )}
        </>
      )}
      {asking && (
        <ConfirmDialog
          title={t('stockWillUpdate')}
          busy={busy}
          onYes={() => void apply()}
          onNo={() => setAsking(false)}
        />
      )}
      {busy && <ProgressBar label={t('applying')} value={null} />}
    </main>
  );
}

function Totals({ totals: x }: { totals: RecapTotalsDto }) {
  return (
    <table class="totals" aria-label={t('totals')}>
      <tbody>
        <tr>
          <th scope="row">{t('expected')}</th>
          <td data-testid="total-expected">{showQty(x.expected)}</td>
          <td>{showMoney(x.expectedValue)}</td>
        </tr>
        <tr>
          <th scope="row">{t('countedQty')}</th>
          <td data-testid="total-counted">{showQty(x.counted)}</td>
          <td>{showMoney(x.countedValue)}</td>
        </tr>
        <tr>
          <th scope="row">{t('difference')}</th>
          <td data-testid="total-difference">{showSignedQty(x.difference)}</td>
          <td data-testid="total-difference-value">{showMoney(x.differenceValue, true)}</td>
        </tr>
        <tr>
          <th scope="row">{t('gain')}</th>
          <td />
          <td>{showMoney(x.gainValue)}</td>
        </tr>
        <tr>
          <th scope="row">{t('loss')}</th>
          <td />
          <td>{showMoney(x.lossValue)}</td>
        </tr>
        <tr>
          <th scope="row">{t('progress', { counted: x.countedLines, total: x.lines })}</th>
          <td colSpan={2} />
        </tr>
      </tbody>
    </table>
  );
}

function RecapTable({
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

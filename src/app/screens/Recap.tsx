/**
 * After Clôturer: the recap of stock movements (expected, counted, difference, value, the
 * totals, uncounted lines, bins never visited, lines À valoriser), then Confirmer
 * l'inventaire → what it will do (recap/ConfirmApply) → Oui → the server applies it →
 * the after ZIP is built, downloaded and uploaded. Long tables show the lines that move the stock first. The supervisor can
 * ask for a line to be recounted (a new count round, blind), and sees the lines whose
 * difference passes the inventory's recount threshold, possible double counts and late counts.
 * The screen puts together its parts in recap/: the data it loads, the apply, the after
 * ZIP, the threshold form, the totals and tables. The accountant reads the same recap,
 * with none of the supervisor's actions, beside the before and after ZIPs.
 */
import { useMemo, useState } from 'preact/hooks';
import type { RecapLineDto } from '../../core/api/dto';
import { canCount, isSupervisor, seesStock } from '../../core/roles';
import { ProgressBar } from '../components/ProgressBar';
import { lang } from '../i18n';
import { errorText } from '../i18n/errors';
import { reopenInventory, requestRecount } from '../inventory/actions';
import { hrefOf, navigate } from '../router';
import { session } from '../state/session';
import { t } from './messages';
import { ConfirmApply } from './recap/ConfirmApply';
import { t as tr } from './recap/messages';
import { RecapTable } from './recap/RecapTable';
import { RecapTotals } from './recap/RecapTotals';
import { ThresholdForm } from './recap/ThresholdForm';
import { UnvisitedBins } from './recap/UnvisitedBins';
import { Unvalued, UNVALUED_ID } from './recap/Unvalued';
import { useAfterExport } from './recap/useAfterExport';
import { useApply } from './recap/useApply';
import { useRecapData } from './recap/useRecapData';
import { ZipDownloads } from './ZipDownloads';

export function Recap({ id }: { id: number }) {
  const user = session.value!;
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { recap, inv, stored, bins, recounts, load, setInv, setRecounts, reloadStored } = useRecapData(id, setError);
  const { progress, buildAfter } = useAfterExport(id, user, reloadStored, setError);
  const { asking, setAsking, busy, apply } = useApply(id, {
    start: () => setError(null),
    applied: async (inventory, movements) => {
      setInv(inventory);
      setNotice(t('applied', { n: movements }));
      await buildAfter();
    },
    error: setError,
  });

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

  const thresholdSaved = async () => {
    setNotice(t('thresholdSaved'));
    await load();
  };

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
      {/* The accountant's recap: read only, beside the two ZIPs (a supervisor gets them too). */}
      {!isSupervisor(user.role) && <p class="muted">{tr('readOnly')}</p>}
      {seesStock(user.role) && (
        // Its room is kept from the first paint: the buttons come with the inventory, after the recap.
        <div class="actions zip-downloads" role="group" aria-label={tr('zipFiles')}>
          {inv && <ZipDownloads inv={inv} onError={setError} />}
        </div>
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
        !error && <p class="recap-loading">{t('loading')}</p>
      ) : (
        <>
          <RecapTotals totals={recap.totals} />
          {recap.totals.lateEvents > 0 && (
            <p class="notice" role="status">
              {t('lateEvents', { n: recap.totals.lateEvents })}
            </p>
          )}
          {(status === 'counting' || status === 'closed') && (
            <Unvalued
              id={id}
              recap={recap}
              editable={canRecount}
              onSaved={async (message) => {
                setNotice(message);
                await load();
              }}
              onError={setError}
            />
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
          {canRecount && inv && <ThresholdForm inv={inv} onSaved={thresholdSaved} onError={setError} />}
          {tables}
          <UnvisitedBins bins={bins} />
        </>
      )}
      {asking && recap && (
        <ConfirmApply
          recap={recap}
          busy={busy}
          onYes={(confirmZeroCost) => void apply(confirmZeroCost)}
          onNo={() => setAsking(false)}
          onValueFirst={() => {
            setAsking(false);
            document.querySelector<HTMLInputElement>(`#${UNVALUED_ID} input`)?.focus();
          }}
        />
      )}
      {busy && <ProgressBar label={t('applying')} value={null} />}
    </main>
  );
}

/**
 * Bins as a checklist: not visited, counted, or confirmed empty in one tap (here, or on
 * another device, named); the supervisor can ask for a whole bin to be recounted (a new
 * count round for each of its lines).
 */
import { useEffect, useState } from 'preact/hooks';
import { isSupervisor } from '../../core/roles';
import { binProgress, setBinEmpty } from '../count/bins';
import { current, isComplete, openCount, revision } from '../count/open';
import { askRecount } from '../count/recounts';
import { session } from '../state/session';
import { errorText } from '../i18n/errors';
import { hrefOf } from '../router';
import { t } from './messages';
import { storageError } from '../db/errors';

export function Bins({ id }: { id: number }) {
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  void revision.value;
  useEffect(() => {
    if (current.value?.inv.id !== id) void openCount(id).then((r) => !r.ok && setError(errorText(r.error)));
  }, [id]);
  const open = current.value;
  // Every line is needed (each bin's lines, the whole sheet): a short wait while they load.
  if (!open || open.inv.id !== id || !isComplete(open)) return <main>{error ?? t('loading')}</main>;
  const counting = open.inv.status === 'counting';
  const supervisor = session.value !== null && isSupervisor(session.value.role);
  const recount = async (bin: string) => {
    setError(null);
    const res = await askRecount(open, { bin });
    if (!res.ok) return setError(errorText(res.error));
    setNotice(`${bin} — ${t('recountAsked', { round: res.value.round })}`);
  };
  const openRecount = (bin: string) =>
    (open.inv.recounts ?? []).find((r) => r.status === 'open' && r.lineKey === null && r.bin === bin);
  const toggle = async (bin: string, empty: boolean) => {
    try {
      await setBinEmpty(open, bin, empty);
    } catch (e) {
      setError(errorText(storageError(e)));
    }
  };
  return (
    <main>
      <a href={hrefOf({ name: 'count', id })}>{t('back')}</a>
      <h1>{t('bins')}</h1>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <ul class="list" aria-label={t('bins')}>
        {binProgress(open).map((b) => (
          <li key={b.code} class={`card bin ${b.state}`}>
            <div>
              <strong>{b.code}</strong> <span class={`tag ${b.state}`}>{t(`binState_${b.state}`)}</span>
              <div class="muted">
                {t('binLines', { counted: b.counted, lines: b.lines })}
                {b.emptyElsewhere.length > 0 && ` · ${t('binEmptyBy', { names: b.emptyElsewhere.join(', ') })}`}
              </div>
            </div>
            {counting && b.state === 'not_visited' && (
              <button
                type="button"
                onClick={() => void toggle(b.code, true)}
                aria-label={`${t('confirmEmpty')} ${b.code}`}
              >
                {t('confirmEmpty')}
              </button>
            )}
            {/* Another device's "empty" is its own to take back: only this device's is undone here. */}
            {counting && b.state === 'empty' && b.emptyHere && (
              <button
                type="button"
                onClick={() => void toggle(b.code, false)}
                aria-label={`${t('undoEmpty')} ${b.code}`}
              >
                {t('undoEmpty')}
              </button>
            )}
            {counting &&
              supervisor &&
              b.lines > 0 &&
              (openRecount(b.code) ? (
                <span class="tag">{t('recountOpen', { round: openRecount(b.code)!.round })}</span>
              ) : (
                <button type="button" onClick={() => void recount(b.code)} aria-label={`${t('recountBin')} ${b.code}`}>
                  {t('recount')}
                </button>
              ))}
          </li>
        ))}
      </ul>
    </main>
  );
}

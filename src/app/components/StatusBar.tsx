/**
 * Always on screen: offline banner, how many counts are still only on this device (and
 * Envoyer maintenant while there are some), when the last push succeeded, and anything
 * that needs the user (expired session, refusal).
 */
import { useEffect, useState } from 'preact/hooks';
import { showTime } from '../format';
import { errorText } from '../i18n/errors';
import { t } from '../screens/messages';
import { sessionExpired } from '../state/session';
import { sendNow } from '../sync/loop';
import { lastSyncAt, online, syncProblem, unsent } from '../sync/status';

export function StatusBar({ onLoginAgain }: { onLoginAgain: () => void }) {
  const time = lastSyncAt.value ? showTime(lastSyncAt.value) : null;
  return (
    <div class="status" role="status" aria-live="polite">
      {/* A warning (amber, with its sign), not an error: counting goes on offline. */}
      {!online.value && (
        <span class="badge offline" data-testid="offline">
          <span aria-hidden="true">⚠ </span>
          {t('offline')}
        </span>
      )}
      {unsent.value !== null && (
        <span class={unsent.value > 0 ? 'badge pending' : 'badge ok'} data-testid="unsent">
          {unsent.value > 0 ? t('unsent', { n: unsent.value }) : t('allSent')}
        </span>
      )}
      {time && <span class="muted">{t('lastSync', { time })}</span>}
      {/* Offline too: the phone may be back on the network before the browser says so. */}
      {!!unsent.value && (
        <button type="button" class="send-now" onClick={() => void sendNow()}>
          {t('syncNow')}
        </button>
      )}
      {sessionExpired.value && (
        <span class="alert">
          {t('sessionExpired')}{' '}
          <button type="button" class="link" onClick={onLoginAgain}>
            {t('loginAgain')}
          </button>
        </span>
      )}
      {syncProblem.value && !sessionExpired.value && <span class="alert">{errorText(syncProblem.value)}</span>}
      <Refused />
    </div>
  );
}

// The refused counts' block is a chunk, not part of the first load: it shows only when the
// server refused a count or another user's counts wait, and only once logged in.
type RefusedBlock = typeof import('./RefusedCounts').RefusedCounts;
let refusedBlock: RefusedBlock | null = null;

function Refused() {
  const [Block, setBlock] = useState<RefusedBlock | null>(() => refusedBlock);
  useEffect(() => {
    if (!Block)
      void import('./RefusedCounts').then(
        ({ RefusedCounts }) => setBlock(() => (refusedBlock = RefusedCounts)),
        () => undefined, // offline before the precache: the next start shows it
      );
  }, []);
  return Block ? <Block /> : null;
}

/**
 * The counts the server refused for good (the event itself is invalid: a line or a
 * recount it does not know, a quantity it refuses), with the server's reason: nothing is
 * dropped silently. Each can be sent again (the reason may be gone: a line added since) or
 * given up by hand. Also says when counts of another user of this phone wait for them.
 */
import { discardRefused, resendRefused } from '../db/counts';
import { t } from '../screens/messages';
import { refreshUnsent, requestSync } from '../sync/loop';
import { refused, waiting } from '../sync/status';

export function RefusedCounts() {
  const list = refused.value;
  const act = async (action: Promise<void>): Promise<void> => {
    await action;
    await refreshUnsent();
    void requestSync();
  };
  return (
    <>
      {waiting.value.map((w) => (
        <span key={w.username} class="badge pending">
          {t('waitingFor', { n: w.events, user: w.username })}
        </span>
      ))}
      {list.length > 0 && (
        <details class="refused" data-testid="refused">
          <summary class="alert">{t('refusedCounts', { n: list.length })}</summary>
          <ul>
            {list.map((e) => (
              <li key={e.id} data-event={e.id}>
                {t('refusedLine', {
                  inventory: e.inventoryId,
                  line: e.lineKey,
                  qty: e.qty ?? t('withdrawal'),
                  reason: e.error ?? '',
                })}{' '}
                <button type="button" class="link" onClick={() => void act(resendRefused([e.id]))}>
                  {t('resend')}
                </button>{' '}
                <button type="button" class="link" onClick={() => void act(discardRefused(e.id))}>
                  {t('discard')}
                </button>
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => void act(resendRefused(list.map((e) => e.id)))}>
            {t('resendAll')}
          </button>
        </details>
      )}
    </>
  );
}

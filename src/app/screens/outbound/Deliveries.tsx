/**
 * The webhook's delivery log for the supervisor: each `inventory.applied` sent to the ERP,
 * its state (pending, delivered, failed), its attempts with their answer, and "Renvoyer"
 * for a failed one (a new round of attempts, the first one at once). Read from the server,
 * refreshed every few seconds while shown: retries happen there, not on this device.
 */
import { useEffect, useState } from 'preact/hooks';
import type { WebhookDeliveriesDto, WebhookDeliveryDto } from '../../../core/outbound';
import { call } from '../../api/client';
import { showDate } from '../../format';
import { errorText } from '../../i18n/errors';
import { hrefOf } from '../../router';
import { t } from './messages';
import { ScrollTable } from '../../components/ScrollTable';

const REFRESH_MS = 10_000;

export function Deliveries() {
  const [data, setData] = useState<WebhookDeliveriesDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<number | null>(null);

  const load = async () => {
    const res = await call('listDeliveries');
    // Keep the last list on screen when a refresh fails: the error says it may be old.
    setError(res.ok ? null : errorText(res.error));
    if (res.ok) setData(res.value);
  };
  useEffect(() => {
    void load();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void load();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  const retry = async (d: WebhookDeliveryDto) => {
    setBusy(d.id);
    setNotice(null);
    const res = await call('retryDelivery', { params: { id: d.id } });
    setBusy(null);
    if (!res.ok) return setError(errorText(res.error));
    setError(null);
    setNotice(t('retried', { id: String(d.id) }));
    await load();
  };

  return (
    <main>
      <a href={hrefOf({ name: 'inventories' })}>{t('back')}</a>
      <h1>{t('deliveriesTitle')}</h1>
      <p class="muted">{t('deliveriesIntro')}</p>
      {data && !data.configured && <p class="notice">{t('notConfigured')}</p>}
      <button type="button" onClick={() => void load()}>
        {t('refresh')}
      </button>
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
      {data === null ? (
        !error && <p>{t('loading')}</p>
      ) : data.deliveries.length === 0 ? (
        <p class="muted">{t('none')}</p>
      ) : (
        <ScrollTable label={t('deliveriesTitle')} tableClass="recap">
          <thead>
            <tr>
              <th>{t('delivery')}</th>
              <th>{t('event')}</th>
              <th>{t('status')}</th>
              <th>{t('attempts')}</th>
              <th>{t('when')}</th>
              <th>{t('lastError')}</th>
              <th>{t('actions')}</th>
            </tr>
          </thead>
          <tbody>
            {data.deliveries.map((d) => (
              <tr key={d.id} data-delivery={d.id}>
                <td class="num">
                  {d.id}
                  <div class="muted">{showDate(d.createdAt)}</div>
                </td>
                <td>{t('event_inventory_applied', { id: String(d.inventoryId ?? '?') })}</td>
                <td>
                  <span class={`tag ${d.status}`}>{t(`status_${d.status}`)}</span>
                </td>
                <td class="num">{d.attempts}</td>
                <td>{d.deliveredAt ? showDate(d.deliveredAt) : d.nextAttemptAt ? showDate(d.nextAttemptAt) : '—'}</td>
                <td>
                  <span>{d.lastError ?? '—'}</span>
                  {d.log.length > 0 && (
                    <details>
                      <summary aria-label={t('logLabel', { id: String(d.id) })}>{t('log')}</summary>
                      <ul>
                        {d.log.map((a) => (
                          <li key={a.attempt}>
                            {t('attemptLine', {
                              n: String(a.attempt),
                              at: showDate(a.at),
                              result: a.httpStatus === null ? t('noAnswer') : `HTTP ${a.httpStatus}`,
                              ms: String(a.durationMs),
                            })}
                            {a.error && ` — ${a.error}`}
                          </li>
                        ))}
                      </ul>
                    </details>
                  )}
                </td>
                <td>
                  {d.status === 'failed' && (
                    <button
                      type="button"
                      disabled={busy !== null}
                      onClick={() => void retry(d)}
                      aria-label={t('retryLabel', { id: String(d.id) })}
                    >
                      {t('retry')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
    </main>
  );
}

/**
 * The supervisor's view of an inventory being counted by several phones: each device
 * taking part (its counter, last contact with the server, the counts it still holds
 * unsent as it last reported, counts received, late ones) and the progress by bin. It asks
 * the server (this is about the others' devices, which only the server knows) and
 * refreshes every few seconds while shown.
 */
import { useEffect, useState } from 'preact/hooks';
import type { BinDto, DeviceStatusDto } from '../../../core/api/dto';
import { call } from '../../api/client';
import { showDate } from '../../format';
import { errorText } from '../../i18n/errors';
import { hrefOf } from '../../router';
import { shortDevice, t } from './messages';
import { ScrollTable } from '../../components/ScrollTable';

const REFRESH_MS = 10_000;

export function Devices({ id }: { id: number }) {
  const [devices, setDevices] = useState<readonly DeviceStatusDto[] | null>(null);
  const [bins, setBins] = useState<readonly BinDto[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    const [d, b] = await Promise.all([call('listDevices', { params: { id } }), call('listBins', { params: { id } })]);
    // Keep the last figures on screen when a refresh fails: the error says they may be old.
    setError(!d.ok ? errorText(d.error) : !b.ok ? errorText(b.error) : null);
    if (d.ok) setDevices(d.value);
    if (b.ok) setBins(b.value);
  };
  useEffect(() => {
    void load();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void load();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [id]);

  return (
    <main>
      <a href={hrefOf({ name: 'count', id })}>{t('back')}</a>
      <h1>{t('devicesTitle')}</h1>
      <button type="button" onClick={() => void load()}>
        {t('refresh')}
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {devices === null ? (
        !error && <p>{t('loading')}</p>
      ) : devices.length === 0 ? (
        <p class="muted">{t('devicesNone')}</p>
      ) : (
        <ScrollTable label={t('devicesTitle')} tableClass="recap">
          <thead>
            <tr>
              <th>{t('counter')}</th>
              <th>{t('device')}</th>
              <th>{t('lastContact')}</th>
              <th>{t('unsentOnDevice')}</th>
              <th>{t('refusedOnDevice')}</th>
              <th>{t('eventsOnServer')}</th>
              <th>{t('lateEvents')}</th>
            </tr>
          </thead>
          <tbody>
            {devices.map((d) => (
              <tr key={d.deviceId} data-device={d.deviceId} class={d.unsent > 0 || d.refused > 0 ? 'pending' : ''}>
                <td>{d.counter}</td>
                <td>{shortDevice(d.deviceId)}</td>
                <td>{showDate(d.lastContactAt)}</td>
                <td class="num" data-testid="device-unsent">
                  {d.unsent}
                </td>
                <td data-testid="device-refused">{d.refused > 0 ? `${d.refused} (${d.refusedReason ?? ''})` : '0'}</td>
                <td class="num">{d.events}</td>
                <td class="num">{d.lateEvents}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
      <h2>{t('binProgressTitle')}</h2>
      {bins && (
        <ScrollTable label={t('binProgressTitle')} tableClass="recap">
          <thead>
            <tr>
              <th>{t('bin')}</th>
              <th>{t('binCounted')}</th>
              <th>{t('binLines')}</th>
              <th>{t('binState')}</th>
            </tr>
          </thead>
          <tbody>
            {bins.map((b) => (
              <tr key={b.code}>
                <td>{b.code}</td>
                <td class="num">{b.countedLines}</td>
                <td class="num">{b.lines}</td>
                <td>{t(`bin_${b.state}`)}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
    </main>
  );
}

/**
 * Closing while some phone still holds counts it has not sent: the server refuses with
 * `devices_hold_unsent` and names the devices; the supervisor reads who (counter, device,
 * how many) and either waits or closes anyway (`force`), knowing those counts will arrive
 * late — kept and shown, never part of the closed count.
 */
import type { DeviceStatusDto, DevicesHoldUnsentDetails } from '../../../core/api/dto';
import type { DomainError } from '../../../core/errors';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { shortDevice, t } from './messages';

/** The devices named by a `devices_hold_unsent` refusal, or null for any other error. */
export function devicesHoldingUnsent(error: DomainError<string>): readonly DeviceStatusDto[] | null {
  if (error.code !== 'devices_hold_unsent') return null;
  const body = error.details?.details as Partial<DevicesHoldUnsentDetails> | undefined;
  const devices: unknown = body?.devices;
  return Array.isArray(devices) ? (devices as DeviceStatusDto[]) : [];
}

export function CloseWarning(props: {
  devices: readonly DeviceStatusDto[];
  busy: boolean;
  onForce: () => void;
  onWait: () => void;
}) {
  const list = props.devices
    .map((d) => t('unsentItem', { counter: d.counter, device: shortDevice(d.deviceId), n: d.unsent }))
    .join(' ; ');
  return (
    <ConfirmDialog
      title={t('unsentWarningTitle')}
      text={t('unsentWarning', { list })}
      busy={props.busy}
      yesLabel={t('closeAnyway')}
      noLabel={t('wait')}
      onYes={props.onForce}
      onNo={props.onWait}
    />
  );
}

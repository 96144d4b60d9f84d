/**
 * What the other devices counted on a line, next to this device's own count: the total
 * (sum over devices) on the list row, each device's part in the line editor, and a
 * "compté 2 fois ?" mark when two or more devices hold a quantity in the same round (the
 * line editor says why in full). A counter on a
 * blind count sees only that another device counted the line: no quantity, no total.
 */
import { current } from '../../count/open';
import { othersRevision, teamCount } from '../../count/others';
import type { StoredRegister } from '../../db/schema';
import { showQty } from '../../format';
import { shortDevice, t } from './messages';

interface Props {
  readonly inventoryId: number;
  readonly lineKey: string;
  readonly unit: string;
  readonly mine: StoredRegister | undefined;
}

/** A counter on a blind count (the lines came without expected quantities): other devices' quantities are hidden. */
const blindFor = (inventoryId: number): boolean => {
  const inv = current.value?.inv;
  return inv?.id === inventoryId && inv.blind;
};

/** On a list row: nothing while only this device counted the line (its own count is already shown). */
export function TeamTotal(props: Props) {
  void othersRevision.value;
  const team = teamCount(props.inventoryId, props.lineKey, props.mine, blindFor(props.inventoryId));
  if (!team || team.parts.every((p) => p.mine)) return null;
  if (team.total === null)
    return (
      <span class="line-team" data-testid="team-total">
        {t('countedElsewhere')}
      </span>
    );
  return (
    <span class="line-team" data-testid="team-total" title={t('teamTotal', { qty: showQty(team.total) })}>
      {t('teamTotalShort', { qty: showQty(team.total) })}
      {team.possibleDouble && (
        <span class="tag warn" title={t('possibleDoubleWhy', { n: team.parts.length })}>
          {t('possibleDoubleShort', { n: team.parts.length })}
        </span>
      )}
    </span>
  );
}

/** In the line editor: every device's part. */
export function TeamParts(props: Props) {
  void othersRevision.value;
  const team = teamCount(props.inventoryId, props.lineKey, props.mine, blindFor(props.inventoryId));
  if (!team || team.parts.every((p) => p.mine)) return null;
  if (team.total === null)
    return (
      <div class="team-parts" data-testid="team-parts">
        {t('countedElsewhere')}
      </div>
    );
  return (
    <div class="team-parts" data-testid="team-parts">
      <strong>{t('teamTotal', { qty: `${showQty(team.total)} ${props.unit}` })}</strong>
      {/* In full here: a title is no help on a phone, the editor is where the counter reads it. */}
      {team.possibleDouble && <p class="double-why">{t('possibleDoubleWhy', { n: team.parts.length })}</p>}
      <ul aria-label={t('teamParts')}>
        {team.parts.map((p) => (
          <li key={p.deviceId}>
            {p.mine ? t('thisDevice') : t('otherDevice', { counter: p.counter, device: shortDevice(p.deviceId) })} :{' '}
            {p.qty === null ? '' : `${showQty(p.qty)} ${props.unit}`}
          </li>
        ))}
      </ul>
    </div>
  );
}

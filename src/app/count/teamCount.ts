/**
 * A line's team count from this device's register and the other devices' registers, by
 * core's rule (core/counting.ts): the sum over devices in the line's DECIDING round (the
 * highest holding a quantity), so a recount replaces the first count instead of adding to
 * it. Pure, so the rule is tested without a browser.
 */
import { decimalToScaled } from '../../core/api/dto';
import { lineCounts, type Register } from '../../core/counting';
import type { LineKey } from '../../core/lineKey';
import { formatQty, qty } from '../../core/quantity';
import type { OtherRegister, StoredRegister } from '../db/schema';

export interface LinePart {
  readonly deviceId: string;
  readonly counter: string;
  readonly qty: string;
  readonly mine: boolean;
}

export interface LineTeamCount {
  /** Sum over devices, canonical decimal text. */
  readonly total: string;
  /** Devices holding a quantity in the deciding round, this device first. */
  readonly parts: readonly LinePart[];
  /** Two or more devices hold a quantity in that round: possibly the same shelf counted twice. */
  readonly possibleDouble: boolean;
}

type RegisterFields = Pick<OtherRegister, 'lineKey' | 'deviceId' | 'round' | 'qty' | 'seq' | 'counter' | 'at'>;

const asRegister = (r: RegisterFields, eventId: string): Register => ({
  lineKey: r.lineKey as LineKey,
  deviceId: r.deviceId,
  round: r.round,
  qty: r.qty === null ? null : qty(decimalToScaled(r.qty, 3)),
  seq: r.seq,
  counter: r.counter,
  at: r.at,
  eventId,
});

/** null when no device (this one included) holds a quantity for the line. */
export function combineTeam(
  me: string,
  lineKey: string,
  mine: StoredRegister | undefined,
  others: Iterable<OtherRegister>,
): LineTeamCount | null {
  const registers: Register[] = [];
  if (mine) registers.push(asRegister({ ...mine, lineKey, deviceId: me, round: mine.round ?? 0 }, ''));
  for (const r of others) if (r.deviceId !== me) registers.push(asRegister(r, r.eventId));
  const count = lineCounts(registers).get(lineKey as LineKey);
  if (!count) return null;
  const parts: LinePart[] = count.devices
    .map((d) => ({ deviceId: d.deviceId, counter: d.counter, qty: formatQty(d.qty), mine: d.deviceId === me }))
    .sort((a, b) => Number(b.mine) - Number(a.mine));
  return { total: formatQty(count.qty), parts, possibleDouble: parts.length >= 2 };
}

/**
 * A line's team count from this device's register and the other devices' registers, by
 * core's rule (core/counting.ts): the sum over devices in the line's DECIDING round (the
 * highest holding a quantity), so a recount replaces the first count instead of adding to
 * it. Pure, so the rule is tested without a browser.
 *
 * Blind (a counter on a blind count): the other devices' quantities are not shown, only
 * that they counted; the server already leaves them out of a blind counter's pull
 * (`withheld`), and a register pulled before, or left by another user of this phone, is
 * hidden here all the same.
 */
import { decimalToScaled } from '../../core/api/dto';
import { lineCounts, type Register } from '../../core/counting';
import type { LineKey } from '../../core/lineKey';
import { formatQty, qty } from '../../core/quantity';
import type { OtherRegister, StoredRegister } from '../db/schema';

export interface LinePart {
  readonly deviceId: string;
  readonly counter: string;
  /** null: not for this reader (blind count): the device counted, how much is not said. */
  readonly qty: string | null;
  readonly mine: boolean;
}

export interface LineTeamCount {
  /** Sum over devices, canonical decimal text; null when a part's quantity is not for this reader. */
  readonly total: string | null;
  /** Devices holding a quantity in the deciding round, this device first. */
  readonly parts: readonly LinePart[];
  /** Two or more devices hold a quantity in that round: possibly the same shelf counted twice. */
  readonly possibleDouble: boolean;
}

type RegisterFields = Pick<
  OtherRegister,
  'lineKey' | 'deviceId' | 'round' | 'qty' | 'seq' | 'counter' | 'at' | 'withheld'
>;

const asRegister = (r: RegisterFields, eventId: string): Register => ({
  lineKey: r.lineKey as LineKey,
  deviceId: r.deviceId,
  round: r.round,
  // A withheld count holds a quantity (so it decides its round), of which nothing is known.
  qty: r.withheld ? qty(0n) : r.qty === null ? null : qty(decimalToScaled(r.qty, 3)),
  seq: r.seq,
  counter: r.counter,
  at: r.at,
  eventId,
});

/** Is another device's register holding a count (a quantity, or one withheld from this reader)? */
export const holdsCount = (r: Pick<OtherRegister, 'qty' | 'withheld'>): boolean =>
  r.qty !== null || r.withheld === true;

/** null when no device (this one included) holds a quantity for the line. `blind`: others' quantities are hidden. */
export function combineTeam(
  me: string,
  lineKey: string,
  mine: StoredRegister | undefined,
  others: Iterable<OtherRegister>,
  blind = false,
): LineTeamCount | null {
  const registers: Register[] = [];
  const hidden = new Set<string>();
  if (mine) registers.push(asRegister({ ...mine, lineKey, deviceId: me, round: mine.round ?? 0 }, ''));
  for (const r of others) {
    if (r.deviceId === me) continue;
    registers.push(asRegister(r, r.eventId));
    if (blind || r.withheld) hidden.add(`${r.deviceId}\u0000${r.round}`);
  }
  const count = lineCounts(registers).get(lineKey as LineKey);
  if (!count) return null;
  const parts: LinePart[] = count.devices
    .map((d) => ({
      deviceId: d.deviceId,
      counter: d.counter,
      qty: hidden.has(`${d.deviceId}\u0000${count.round}`) ? null : formatQty(d.qty),
      mine: d.deviceId === me,
    }))
    .sort((a, b) => Number(b.mine) - Number(a.mine));
  return {
    total: parts.some((p) => p.qty === null) ? null : formatQty(count.qty),
    parts,
    possibleDouble: parts.length >= 2,
  };
}

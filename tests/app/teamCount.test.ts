/**
 * The team's count of a line on a device (count/teamCount.ts) follows core's rule: the sum
 * over devices of the DECIDING round, so a recount replaces the first count on every phone
 * exactly as it does in the server's recap.
 */
import { describe, expect, it } from 'vitest';
import { combineTeam } from '../../src/app/count/teamCount';
import type { OtherRegister, StoredRegister } from '../../src/app/db/schema';

const LINE = 'ITEM-1|A-01||';
let seq = 0;
const other = (deviceId: string, round: number, qty: string | null, counter = deviceId): OtherRegister => ({
  inventoryId: 1,
  lineKey: LINE,
  deviceId,
  round,
  qty,
  seq: ++seq,
  eventId: `e${seq}`,
  counter,
  at: '2026-12-01T10:00:00.000Z',
});
const mine = (qty: string | null, round?: number): StoredRegister => ({
  inventoryId: 1,
  lineKey: LINE,
  qty,
  seq: ++seq,
  counter: 'Moi',
  at: '2026-12-01T10:00:00.000Z',
  ...(round === undefined ? {} : { round }),
});

describe('team count of a line', () => {
  it('adds the devices of one round and flags a possible double count, this device first', () => {
    const team = combineTeam('me', LINE, mine('2.000'), [other('zz', 0, '3.500', 'Zoé'), other('aa', 0, '1.000')]);
    expect(team?.total).toBe('6.500');
    expect(team?.parts.map((p) => [p.deviceId, p.qty, p.mine])).toEqual([
      ['me', '2.000', true],
      ['aa', '1.000', false],
      ['zz', '3.500', false],
    ]);
    expect(team?.possibleDouble).toBe(true);
  });

  it('counts only the highest round holding a quantity: a recount replaces the first count', () => {
    const team = combineTeam('me', LINE, mine('10.000'), [other('b', 1, '8.000')]);
    expect(team?.total).toBe('8.000');
    expect(team?.parts.map((p) => p.deviceId)).toEqual(['b']);
    expect(team?.possibleDouble).toBe(false);
    // The same device's first count and recount are two registers; only the recount counts.
    const same = combineTeam('me', LINE, undefined, [other('b', 0, '5.000'), other('b', 2, '4.000')]);
    expect(same?.total).toBe('4.000');
  });

  it('falls back to the round before when a recount is withdrawn, and is null when nothing is held', () => {
    expect(combineTeam('me', LINE, undefined, [other('b', 0, '5.000'), other('c', 1, null)])?.total).toBe('5.000');
    expect(combineTeam('me', LINE, mine(null), [other('b', 0, null)])).toBeNull();
    expect(combineTeam('me', LINE, undefined, [])).toBeNull();
  });

  it("ignores a register pulled under this device's own id (its own register is the truth)", () => {
    expect(combineTeam('me', LINE, mine('1.000', 1), [other('me', 1, '9.000')])?.total).toBe('1.000');
  });
});

describe('team count on a blind count', () => {
  it('says that another device counted, never how much: a withheld count holds its round', () => {
    const withheld: OtherRegister = { ...other('b', 0, null), withheld: true };
    const team = combineTeam('me', LINE, mine('2.000'), [withheld]);
    expect(team?.total).toBeNull();
    expect(team?.parts.map((p) => [p.deviceId, p.qty])).toEqual([
      ['me', '2.000'],
      ['b', null],
    ]);
    // Withheld alone: the line is counted, with no quantity to show.
    expect(combineTeam('me', LINE, undefined, [withheld])?.parts.map((p) => p.qty)).toEqual([null]);
    // A withheld recount still replaces the first count it follows.
    const recount: OtherRegister = { ...other('c', 1, null), withheld: true };
    expect(combineTeam('me', LINE, undefined, [other('b', 0, '5.000'), recount])?.parts.map((p) => p.deviceId)).toEqual(
      ['c'],
    );
  });

  it('hides quantities pulled before (or left by another user of the phone) when blind', () => {
    const team = combineTeam('me', LINE, mine('1.000'), [other('b', 0, '110.000')], true);
    expect(team?.total).toBeNull();
    expect(team?.parts.map((p) => [p.deviceId, p.qty])).toEqual([
      ['me', '1.000'],
      ['b', null],
    ]);
    expect(JSON.stringify(team)).not.toContain('110');
    // Not blind: the supervisor sees every part and the total.
    expect(combineTeam('me', LINE, mine('1.000'), [other('b', 0, '110.000')])?.total).toBe('111.000');
  });
});

/**
 * The counting model (DESIGN.md): each device owns one register per line,
 * `(line, device) → {qty, seq}`, written only by that device with an increasing `seq`.
 * Merging keeps the highest `seq`, so events can arrive in any order, twice, or late
 * from a phone that was offline, and every device ends with the same registers.
 * A line's counted quantity is the SUM over devices: two counters on one shelf add up,
 * they never overwrite each other.
 *
 * An event with `qty: null` is a WITHDRAWAL: the device takes back its count of the line
 * (undo of a first count made on the wrong line). It is an ordinary event — its own id, a
 * higher seq, kept in the log — so a later real count wins over it and out-of-order
 * arrival still converges. A withdrawn register contributes nothing, and a line is
 * counted only if some device's register holds a quantity: undo must leave the line
 * uncounted (its stock kept on apply), not counted 0 (its stock zeroed).
 *
 * RECOUNTS are count ROUNDS: round 0 is the first count, a recount request opens round n
 * for a line (core/recount.ts). Registers are per (line, device, round), so a recount
 * never overwrites the first count in the log or in the registers; the line's counted
 * quantity is the sum over devices in its DECIDING round: the highest round in which some
 * device holds a quantity. A recount withdrawn entirely falls back to the round before.
 * Like the rest, this depends only on the set of events, never on their arrival order.
 */
import type { LineKey } from './lineKey';
import { qty, type Qty } from './quantity';

export interface CountEvent {
  /** Client-made UUID: the same event pushed twice is one event. */
  readonly id: string;
  readonly lineKey: LineKey;
  readonly deviceId: string;
  /**
   * The device's absolute count for the line after this event (not a delta); null when
   * the device withdraws its count (the line is then not counted by this device at all).
   */
  readonly qty: Qty | null;
  /** Per device, strictly increasing over all its events of the inventory. */
  readonly seq: number;
  readonly counter: string;
  /** ISO-8601 time on the device. */
  readonly at: string;
  /** The count round (0: first count; n > 0: the recount that opened round n). */
  readonly round: number;
}

export type Register = Omit<CountEvent, 'id'> & { readonly eventId: string };

export type Registers = Map<string, Register>;

export interface DevicePart {
  readonly deviceId: string;
  readonly counter: string;
  readonly qty: Qty;
  readonly at: string;
}

export interface LineCount {
  readonly qty: Qty;
  /** The deciding round: the highest one with a quantity; `qty` and `devices` are its. */
  readonly round: number;
  readonly devices: readonly DevicePart[];
}

const registerId = (lineKey: LineKey, deviceId: string, round: number): string =>
  `${deviceId}\u0000${round}\u0000${lineKey}`;

/** Does `e` win over the register it would replace? Ties (never expected) break on id so every replica agrees. */
const wins = (e: CountEvent, current: Register | undefined): boolean =>
  current === undefined || e.seq > current.seq || (e.seq === current.seq && e.id > current.eventId);

/**
 * Folds events into registers in place and returns the events that changed a register.
 * Idempotent: folding the same events again changes nothing.
 */
export function foldEvents(registers: Registers, events: Iterable<CountEvent>): CountEvent[] {
  const changed: CountEvent[] = [];
  for (const e of events) {
    const id = registerId(e.lineKey, e.deviceId, e.round);
    const current = registers.get(id);
    if (current?.eventId === e.id || !wins(e, current)) continue;
    registers.set(id, {
      lineKey: e.lineKey,
      deviceId: e.deviceId,
      qty: e.qty,
      seq: e.seq,
      counter: e.counter,
      at: e.at,
      round: e.round,
      eventId: e.id,
    });
    changed.push(e);
  }
  return changed;
}

export const registersFrom = (events: Iterable<CountEvent>): Registers => {
  const r: Registers = new Map();
  foldEvents(r, events);
  return r;
};

/**
 * Line count = sum over devices of the registers of the line's deciding round (the highest
 * round holding a quantity), with each device's part (ordered by device for stable output).
 * Withdrawn registers (qty null) are no part: a line whose registers are all withdrawn is
 * absent from the map, i.e. not counted.
 */
export function lineCounts(registers: Iterable<Register>): Map<LineKey, LineCount> {
  const parts = new Map<LineKey, { round: number; devices: DevicePart[] }>();
  for (const r of registers) {
    if (r.qty === null) continue;
    const part = { deviceId: r.deviceId, counter: r.counter, qty: r.qty, at: r.at };
    const current = parts.get(r.lineKey);
    if (!current || r.round > current.round) parts.set(r.lineKey, { round: r.round, devices: [part] });
    else if (r.round === current.round) current.devices.push(part);
  }
  const counts = new Map<LineKey, LineCount>();
  for (const [key, { round, devices }] of parts) {
    devices.sort((a, b) => (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0));
    let total = 0n;
    for (const d of devices) total += d.qty;
    counts.set(key, { qty: qty(total), round, devices });
  }
  return counts;
}

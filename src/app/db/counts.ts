/**
 * This device's counts. Recording a count writes the register AND appends the event (the
 * outbox) in one IndexedDB transaction, before the screen says "saved": a count the user
 * saw acknowledged survives a reload, a closed tab or a dead battery. Undo is a new event
 * putting back what the register held, so the log keeps both.
 */
import Dexie from 'dexie';
import { uuid } from './ids';
import { db, type StoredBinCheck, type StoredEvent, type StoredRegister } from './schema';

export interface CountInput {
  readonly inventoryId: number;
  readonly lineKey: string;
  /** Canonical decimal text, or null to withdraw this device's count of the line. */
  readonly qty: string | null;
  readonly counter: string;
  /** The count round (a recount's; absent: 0). */
  readonly round?: number;
}

const seqKey = (inventoryId: number): string => `seq:${inventoryId}`;

/**
 * Appends the event and sets the register, in the caller's transaction. The reads go out
 * together, then the writes: each wait is a round trip to the browser's IndexedDB, and
 * on a phone-class CPU each of the six one after the other cost ~2.5 ms of a scan (issue 23).
 * `last`: nothing more follows in this transaction, so it is told to commit once these
 * writes are done rather than after the page has seen them done (one round trip less).
 */
async function append(input: CountInput, extra: Pick<StoredEvent, 'undoOf'>, last = false): Promise<StoredEvent> {
  const [device, lastSeq, stored] = await Promise.all([
    db.meta.get('deviceId'),
    db.meta.get(seqKey(input.inventoryId)),
    db.registers.get([input.inventoryId, input.lineKey]),
  ]);
  if (typeof device?.value !== 'string') throw new Error('device id missing: call deviceId() first');
  const seq = (typeof lastSeq?.value === 'number' ? lastSeq.value : 0) + 1;
  const round = input.round ?? 0;
  // A register of an earlier round is not this round's count: a recount starts blank, and
  // undoing its first entry withdraws it (the line falls back to the earlier round).
  const prev = stored && (stored.round ?? 0) === round ? stored : undefined;
  const event: StoredEvent = {
    id: uuid(),
    inventoryId: input.inventoryId,
    lineKey: input.lineKey,
    deviceId: device.value,
    qty: input.qty,
    seq,
    counter: input.counter,
    at: new Date().toISOString(),
    round,
    pending: 1,
    prevQty: prev?.qty ?? null,
    undone: 0,
    undoOf: extra.undoOf,
    error: null,
  };
  const written = Promise.all([
    db.meta.put({ key: seqKey(input.inventoryId), value: seq }),
    db.events.add(event),
    db.registers.put({
      inventoryId: input.inventoryId,
      lineKey: input.lineKey,
      round,
      qty: input.qty,
      seq,
      counter: input.counter,
      at: event.at,
    }),
  ]);
  if (last) commitNow();
  await written;
  return event;
}

/** Where IDBTransaction.commit is missing, the transaction commits by itself a moment later. */
function commitNow(): void {
  try {
    Dexie.currentTransaction?.idbtrans.commit();
  } catch {
    // Already committing, or no commit(): it ends as every transaction does.
  }
}

export const recordCount = (input: CountInput): Promise<StoredEvent> =>
  db.transaction('rw', db.meta, db.registers, db.events, () => append(input, { undoOf: null }, true));

/**
 * "Bin empty", one tap: the bin's check, and a 0 for each of its lines this device has not
 * counted, all or nothing. A line someone saw stays as counted.
 */
export const confirmBinEmpty = (
  inventoryId: number,
  bin: string,
  uncounted: readonly { readonly key: string; readonly round: number }[],
  counter: string,
  empty: boolean,
): Promise<void> =>
  db.transaction('rw', [db.meta, db.registers, db.events, db.binChecks], async () => {
    if (empty)
      for (const { key, round } of uncounted)
        await append({ inventoryId, lineKey: key, qty: '0.000', counter, round }, { undoOf: null });
    const seq = await nextSeq(inventoryId);
    await db.binChecks.put({ inventoryId, bin, empty, seq, counter, at: new Date().toISOString(), pending: 1 });
  });

async function nextSeq(inventoryId: number): Promise<number> {
  const last = await db.meta.get(seqKey(inventoryId));
  const seq = (typeof last?.value === 'number' ? last.value : 0) + 1;
  await db.meta.put({ key: seqKey(inventoryId), value: seq });
  return seq;
}

/** Undoes this device's last count still in force; null when there is nothing to undo. */
export const undoLastCount = (inventoryId: number, counter: string): Promise<StoredEvent | null> =>
  db.transaction('rw', db.meta, db.registers, db.events, async () => {
    const device = await db.meta.get('deviceId');
    // This device id's own last count: on a shared phone, never another user's.
    const last = await db.events
      .where('[inventoryId+seq]')
      .between([inventoryId, Dexie.minKey], [inventoryId, Dexie.maxKey])
      .reverse()
      .filter((e) => e.undoOf === null && e.undone === 0 && e.deviceId === device?.value && e.discarded !== 1)
      .first();
    if (!last) return null;
    await db.events.update(last.id, { undone: 1 });
    return append(
      { inventoryId, lineKey: last.lineKey, qty: last.prevQty, counter, round: last.round ?? 0 },
      { undoOf: last.id },
    );
  });

export const registersOf = (inventoryId: number): Promise<StoredRegister[]> =>
  db.registers
    .where('[inventoryId+lineKey]')
    .between([inventoryId, Dexie.minKey], [inventoryId, Dexie.maxKey])
    .toArray();

/** The device's events still to send (refused ones kept apart), `limit` at most, by seq. */
export const pendingEvents = (inventoryId: number, deviceId: string, limit: number): Promise<StoredEvent[]> =>
  db.events
    .where('[inventoryId+pending]')
    .equals([inventoryId, 1])
    .filter((e) => e.deviceId === deviceId && e.error === null)
    .limit(limit)
    .sortBy('seq');

/** Every event still on this phone only (every user's), for the badge. */
export const countPending = (inventoryId: number): Promise<number> =>
  db.events.where('[inventoryId+pending]').equals([inventoryId, 1]).count();

/** The events of one device id not acknowledged yet, refused ones included: what it reports as unsent. */
export const countPendingOf = (inventoryId: number, deviceId: string): Promise<number> =>
  db.events
    .where('[inventoryId+pending]')
    .equals([inventoryId, 1])
    .filter((e) => e.deviceId === deviceId)
    .count();

/** The device's events the server refused for good, oldest first: kept, shown, sent again only by hand. */
export const refusedOf = (inventoryId: number, deviceId: string): Promise<StoredEvent[]> =>
  db.events
    .where('[inventoryId+pending]')
    .equals([inventoryId, 1])
    .filter((e) => e.deviceId === deviceId && e.error !== null)
    .sortBy('seq');

/** Sends a refused event again (the reason may be gone: a recount opened, a line added since). */
export const resendRefused = (ids: readonly string[]): Promise<void> =>
  db.transaction('rw', db.events, async () => {
    await db.events
      .where('id')
      .anyOf([...ids])
      .modify({ error: null });
  });

/**
 * Gives up a refused event by hand: it leaves the outbox (kept in the log, marked
 * discarded), and the device's register of its line goes back to what the device's
 * other events say, as if it had never been counted.
 */
export const discardRefused = (id: string): Promise<void> =>
  db.transaction('rw', db.events, db.registers, async () => {
    const e = await db.events.get(id);
    if (!e || e.pending !== 1 || e.error === null) return;
    await db.events.update(id, { pending: 0, discarded: 1 });
    const reg = await db.registers.get([e.inventoryId, e.lineKey]);
    if (!reg || reg.seq !== e.seq) return;
    const rest = await db.events
      .where('[inventoryId+seq]')
      .between([e.inventoryId, Dexie.minKey], [e.inventoryId, Dexie.maxKey])
      .filter((x) => x.deviceId === e.deviceId && x.lineKey === e.lineKey && x.discarded !== 1)
      .last();
    if (!rest) await db.registers.delete([e.inventoryId, e.lineKey]);
    else await db.registers.put(registerOf(rest));
  });

/** The register an event leaves (the device's count of the line once it is the latest). */
export const registerOf = (e: StoredEvent): StoredRegister => ({
  inventoryId: e.inventoryId,
  lineKey: e.lineKey,
  round: e.round ?? 0,
  qty: e.qty,
  seq: e.seq,
  counter: e.counter,
  at: e.at,
});

/** After the server acknowledged them (stored or already had them). */
export const markSent = (ids: readonly string[]): Promise<void> =>
  db.transaction('rw', db.events, async () => {
    await db.events
      .where('id')
      .anyOf([...ids])
      .modify({ pending: 0, error: null });
  });

export const markRefused = (ids: readonly string[], error: string): Promise<void> =>
  db.transaction('rw', db.events, async () => {
    await db.events
      .where('id')
      .anyOf([...ids])
      .modify({ error });
  });

export const binChecksOf = (inventoryId: number): Promise<StoredBinCheck[]> =>
  db.binChecks.where('[inventoryId+bin]').between([inventoryId, Dexie.minKey], [inventoryId, Dexie.maxKey]).toArray();

export const pendingBinChecks = (inventoryId: number): Promise<StoredBinCheck[]> =>
  db.binChecks.where('[inventoryId+pending]').equals([inventoryId, 1]).toArray();

/** Only if unchanged since it was read for the push: a newer tap stays pending. */
export const markBinChecksSent = (checks: readonly StoredBinCheck[]): Promise<void> =>
  db.transaction('rw', db.binChecks, async () => {
    for (const c of checks) {
      const now = await db.binChecks.get([c.inventoryId, c.bin]);
      if (now && now.seq === c.seq) await db.binChecks.update([c.inventoryId, c.bin], { pending: 0 });
    }
  });

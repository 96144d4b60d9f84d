/**
 * This device's identity and the session that lets it talk to the server, kept across
 * reloads.
 *
 * A device id per USER of the phone: the server holds a device id as the user's who
 * claimed it first (the phone claims it right after login: sync/claim.ts), and records
 * the logged-in user as the counter. A phone
 * shared in turns (common in a warehouse) therefore gives each person who logs in on it a
 * device id of their own, made at their first login here (meta `deviceIds`: username →
 * id), so each person's counts stay in their own register. `deviceId` (meta) is the id of
 * whoever is logged in now; every reader of the device id keeps reading it.
 *
 * The phone's id from before per-user ids (one `deviceId`, nobody's) goes to the first
 * user seen after the upgrade — the one logged in then, who made its unsent counts — so
 * nothing counted changes owner.
 *
 * Switching users moves this device's own registers: the previous user's become "another
 * device's" (otherRounds, from their events), so the line totals still include them; the
 * new user's are rebuilt from their own events. A previous user's unsent events stay in
 * the outbox under their own device id and go out when that user logs in again here (the
 * server would refuse them from anyone else); the status bar says they are waiting.
 * When the server says a user's id is someone else's, their unsent counts move to a new id
 * (deviceClaim.ts), which replaces theirs here.
 */
import { registerOf } from './counts';
import { uuid } from './ids';
import { db, type OtherRegister, type StoredEvent, type StoredRegister, type StoredSession } from './schema';

type DeviceIds = Readonly<Record<string, string>>;

export async function deviceId(): Promise<string> {
  return db.transaction('rw', db.meta, async () => {
    const row = await db.meta.get('deviceId');
    if (typeof row?.value === 'string') return row.value;
    const id = uuid();
    await db.meta.put({ key: 'deviceId', value: id });
    return id;
  });
}

/** Username → device id of every user who logged in on this phone. */
export async function deviceIds(): Promise<DeviceIds> {
  const row = await db.meta.get('deviceIds');
  return (row?.value as DeviceIds | undefined) ?? {};
}

/** Makes `username`'s device id the current one (made at their first login here); returns it. */
export const useDeviceOf = (username: string): Promise<string> =>
  db.transaction('rw', [db.meta, db.events, db.registers, db.otherRounds], async () => {
    const ids = await deviceIds();
    const row = await db.meta.get('deviceId');
    const current = typeof row?.value === 'string' ? row.value : null;
    const owned = new Set(Object.values(ids));
    const target = ids[username] ?? (current !== null && !owned.has(current) ? current : uuid());
    if (ids[username] !== target) await db.meta.put({ key: 'deviceIds', value: { ...ids, [username]: target } });
    if (current !== target) {
      if (current !== null) await switchRegisters(current, target);
      await db.meta.put({ key: 'deviceId', value: target });
    }
    return target;
  });

/** This device's registers go from `from`'s counts to `to`'s; `from`'s are kept as another device's. */
async function switchRegisters(from: string, to: string): Promise<void> {
  const events = await db.events.toArray();
  const latest = (device: string, byRound: boolean): Map<string, StoredEvent> => {
    const best = new Map<string, StoredEvent>();
    for (const e of events) {
      if (e.deviceId !== device || e.discarded === 1) continue;
      const k = `${e.inventoryId}\u0000${e.lineKey}${byRound ? `\u0000${e.round ?? 0}` : ''}`;
      const seen = best.get(k);
      if (!seen || e.seq > seen.seq || (e.seq === seen.seq && e.id > seen.id)) best.set(k, e);
    }
    return best;
  };
  const theirs = [...latest(from, true).values()];
  const stored = await db.otherRounds.bulkGet(theirs.map((e) => [e.inventoryId, e.lineKey, from, e.round ?? 0]));
  const others: OtherRegister[] = [];
  theirs.forEach((e, i) => {
    const now = stored[i];
    if (now && (now.seq > e.seq || (now.seq === e.seq && now.eventId >= e.id))) return;
    others.push({ ...registerOf(e), deviceId: from, round: e.round ?? 0, eventId: e.id });
  });
  if (others.length) await db.otherRounds.bulkPut(others);
  await db.registers.clear();
  const mine: StoredRegister[] = [...latest(to, false).values()].map(registerOf);
  if (mine.length) await db.registers.bulkPut(mine);
}

export async function loadSession(): Promise<StoredSession | null> {
  const row = await db.meta.get('session');
  return (row?.value as StoredSession | undefined) ?? null;
}

export async function saveSession(session: StoredSession | null): Promise<void> {
  if (session) await db.meta.put({ key: 'session', value: session });
  else await db.meta.delete('session');
}

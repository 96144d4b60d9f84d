/** This device's identity and the session that lets it talk to the server, kept across reloads. */
import { uuid } from './ids';
import { db, type StoredSession } from './schema';

export async function deviceId(): Promise<string> {
  return db.transaction('rw', db.meta, async () => {
    const row = await db.meta.get('deviceId');
    if (typeof row?.value === 'string') return row.value;
    const id = uuid();
    await db.meta.put({ key: 'deviceId', value: id });
    return id;
  });
}

export async function loadSession(): Promise<StoredSession | null> {
  const row = await db.meta.get('session');
  return (row?.value as StoredSession | undefined) ?? null;
}

export async function saveSession(session: StoredSession | null): Promise<void> {
  if (session) await db.meta.put({ key: 'session', value: session });
  else await db.meta.delete('session');
}

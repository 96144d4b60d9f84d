/**
 * Who is using the device. The session is kept in IndexedDB so the app opens and counts
 * with no network once someone has logged in; an expired token only matters when talking
 * to the server, which then asks to log in again without touching what was counted.
 */
import { signal } from '@preact/signals';
import type { DomainError, Result } from '../../core/errors';
import { storageError } from '../db/errors';
import { call, setToken, whenUnauthorized } from '../api/client';
import { deviceId, loadSession, saveSession, useDeviceOf } from '../db/device';
import type { StoredSession } from '../db/schema';
import { claimDeviceId } from '../sync/claim';

export const session = signal<StoredSession | null>(null);
/** The server said the token is no longer valid: counting goes on, sending waits for a login. */
export const sessionExpired = signal(false);
export const ready = signal(false);
/**
 * The device's database could not be opened (an update of its layout failed, most often on
 * a full device): nothing was changed in it (the update runs in one transaction), and the
 * app says so rather than showing an empty screen.
 */
export const storageFailure = signal<DomainError<string> | null>(null);

export async function restoreSession(): Promise<void> {
  let saved: StoredSession | null;
  try {
    saved = await loadSession();
    // The logged-in user's own device id (made at their first login here): see db/device.ts.
    await (saved ? useDeviceOf(saved.username) : deviceId());
  } catch (e) {
    storageFailure.value = storageError(e);
    return;
  }
  session.value = saved;
  setToken(saved?.token ?? null);
  whenUnauthorized(() => {
    sessionExpired.value = true;
  });
  ready.value = true;
}

export async function login(username: string, password: string): Promise<Result<StoredSession, string>> {
  const res = await call('login', { body: { username, password } });
  if (!res.ok) return res;
  const s: StoredSession = {
    token: res.value.token,
    expiresAt: res.value.expiresAt,
    username: res.value.user.username,
    role: res.value.user.role,
  };
  // Before anything counts under it: this user's device id, their registers on screen.
  await useDeviceOf(s.username);
  await saveSession(s);
  setToken(s.token);
  // Before the id goes anywhere else: the server holds it as this user's from now on. Not
  // a condition of the login: a claim that did not get through is made at the next sync.
  await claimDeviceId().catch(() => undefined);
  session.value = s;
  sessionExpired.value = false;
  return { ok: true, value: s };
}

/**
 * Logging out never deletes counts: they stay on the device until sent, under this user's
 * device id, and go out at this user's next login here.
 */
export async function logout(): Promise<void> {
  await call('logout');
  await saveSession(null);
  setToken(null);
  session.value = null;
}

/**
 * The phone claims its device id on the server right after login (POST /devices/claim),
 * before the id goes anywhere else, so that nobody who learns it later can push with it
 * first and strand this phone's counts (server: repos/deviceClaims.ts). Counting never
 * waits for the claim: one that did not get through (no network at that moment) is made
 * again before the next push, until the server confirms it (kept in meta). When the server
 * says the id is another user's — to the claim, or to a push — the user's unsent counts
 * move to a new id of their own (db/deviceClaim.ts), which is claimed in turn, and go out
 * under it: nothing counted is lost or sent twice.
 */
import { fail, ok, type Result } from '../../core/errors';
import { canCount } from '../../core/roles';
import { call } from '../api/client';
import { deviceId, loadSession } from '../db/device';
import { isConfirmed, markConfirmed, moveToNewId } from '../db/deviceClaim';
import { storageError } from '../db/errors';

/** Claims the current id unless the server already confirmed it; returns the id counts go under. */
export async function claimDeviceId(): Promise<Result<string, string>> {
  const session = await loadSession();
  const id = await deviceId();
  // Only who counts pushes counts (an accountant's phone sends none), and the server asks as much.
  if (!session || !canCount(session.role) || (await isConfirmed(id))) return ok(id);
  const res = await call('claimDevice', { body: { deviceId: id } });
  if (res.ok) {
    await markConfirmed(id, session.username);
    return ok(id);
  }
  return res.error.code === 'device_taken' ? takeNewId(id) : res;
}

/**
 * The server said `taken` is another user's: this user's unsent counts move to a new id,
 * which is claimed at once (when that claim does not get through, the next sync claims it
 * again, and a push with it claims it too). The new id, or what stopped the move (the
 * device full: `quota_exceeded`, the counts untouched).
 */
export async function takeNewId(taken: string): Promise<Result<string, string>> {
  const session = await loadSession();
  if (!session) return ok(await deviceId());
  let fresh: string;
  try {
    fresh = await moveToNewId(session.username, taken);
  } catch (e) {
    const error = storageError(e);
    return fail(error.code, error.message);
  }
  const res = await call('claimDevice', { body: { deviceId: fresh } });
  if (res.ok) await markConfirmed(fresh, session.username);
  // A new random id taken too would mean someone reads this phone's storage: say so, move no further.
  else if (res.error.code === 'device_taken') return res;
  return ok(fresh);
}

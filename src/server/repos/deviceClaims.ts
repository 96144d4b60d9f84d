/**
 * Who a device id belongs to: the user who claimed it first, on every inventory. The phone
 * claims its id right after login (routes/devices.ts), before the id is sent anywhere
 * else; a push with an id nobody claimed claims it for the pusher, so apps that never
 * claim keep working. Nobody can take an id claimed by someone else, so nobody can strand
 * another phone's counts by pushing with its id first.
 */
import type { Queryable } from '../db/database';
import { HttpError } from '../http/errors';

/**
 * Claims `deviceId` for `user`, or finds it already theirs; refuses (403 `device_taken`)
 * an id another user holds, changing nothing. Two claims of one id at once cannot both
 * win: the INSERT of the second waits on the first's row and, once the first committed,
 * inserts nothing and reads the winner (each statement reads what was committed before
 * it; were the first rolled back, the second's insert goes in).
 */
export async function claimDevice(db: Queryable, deviceId: string, user: string): Promise<void> {
  // The common case, every push of a claimed id: one read, no write.
  const holder = async () =>
    (await db.query<{ username: string }>('SELECT username FROM device_claims WHERE device_id = $1', [deviceId]))[0]
      ?.username;
  const before = await holder();
  if (before === user) return;
  if (before === undefined) {
    const [mine] = await db.query<{ username: string }>(
      `INSERT INTO device_claims (device_id, username) VALUES ($1, $2)
       ON CONFLICT (device_id) DO NOTHING RETURNING username`,
      [deviceId, user],
    );
    if (mine) return;
    if ((await holder()) === user) return;
  }
  throw deviceTaken(deviceId);
}

export const deviceTaken = (deviceId: string): HttpError =>
  new HttpError(
    403,
    'device_taken',
    `Device id ${deviceId} belongs to another user. The app then takes a new device id of its own and sends its counts under it; nothing is lost.`,
    { deviceId },
  );

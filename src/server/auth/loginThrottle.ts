/**
 * Slows password guessing: after `maxFailures` wrong passwords for one username from one
 * client address (or 20 times that from one address, whatever the names) within
 * `windowMs`, further attempts from there are refused until the window passes. Counted per
 * address AND username, so someone guessing at a user from elsewhere does not lock that
 * user out of their own device. A successful login clears that pair's failures.
 *
 * Kept in the database (login_failures), with the database's clock: every server process
 * sharing it sees the same count, and a restart forgets nothing. It never grants anything.
 */
import type { Queryable } from '../db/database';

export interface ThrottleOptions {
  readonly maxFailures: number;
  readonly windowMs: number;
}

/** A warehouse shares one address: the per-address limit only stops a guessing machine, not colleagues who mistype. */
const ADDRESS_FACTOR = 20;

export class LoginThrottle {
  constructor(private readonly options: ThrottleOptions = { maxFailures: 5, windowMs: 15 * 60_000 }) {}

  /** Milliseconds to wait before another attempt from `address` as `username`, or 0 when allowed. */
  async retryAfterMs(db: Queryable, address: string, username: string): Promise<number> {
    const { maxFailures: n, windowMs } = this.options;
    // The failure that must leave the window before another try: the n-th most recent.
    const [row] = await db.query<{ wait: number | null }>(
      `SELECT greatest(
         (SELECT extract(epoch FROM at + $3 * interval '1 millisecond' - now()) * 1000 FROM login_failures
          WHERE username = $2 AND address = $1 AND at > now() - $3 * interval '1 millisecond'
          ORDER BY at DESC OFFSET $4 - 1 LIMIT 1),
         (SELECT extract(epoch FROM at + $3 * interval '1 millisecond' - now()) * 1000 FROM login_failures
          WHERE address = $1 AND at > now() - $3 * interval '1 millisecond'
          ORDER BY at DESC OFFSET $5 - 1 LIMIT 1))::float8 AS wait`,
      [address, username, windowMs, n, n * ADDRESS_FACTOR],
    );
    return Math.max(0, Math.ceil(row?.wait ?? 0));
  }

  async fail(db: Queryable, address: string, username: string): Promise<void> {
    await db.query('INSERT INTO login_failures (address, username) VALUES ($1, $2)', [address, username]);
    // Failures older than the window count for nothing: dropped as new ones come.
    await db.query(`DELETE FROM login_failures WHERE at < now() - $1 * interval '1 millisecond'`, [
      this.options.windowMs,
    ]);
  }

  async succeed(db: Queryable, address: string, username: string): Promise<void> {
    await db.query('DELETE FROM login_failures WHERE username = $1 AND address = $2', [username, address]);
  }
}

/** Users and their bearer-token sessions. Tokens are stored hashed: a stolen database leaks no live token. */
import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../../core/api/dto';
import type { Queryable } from '../db/database';

export interface User {
  readonly username: string;
  readonly role: Role;
}

export async function findUserWithHash(
  db: Queryable,
  username: string,
): Promise<(User & { passwordHash: string; active: boolean }) | null> {
  const [row] = await db.query<{ username: string; role: Role; password_hash: string; active: boolean }>(
    'SELECT username, role, password_hash, active FROM users WHERE username = $1',
    [username],
  );
  return row ? { username: row.username, role: row.role, passwordHash: row.password_hash, active: row.active } : null;
}

/**
 * Creates the user, or replaces its password and role when `replace` is set (and makes it
 * active again: `npm run user:add -- --replace` is the way back in from a terminal).
 */
export async function saveUser(
  db: Queryable,
  user: User & { passwordHash: string },
  replace = false,
): Promise<'created' | 'updated' | 'exists'> {
  const rows = await db.query<{ created: boolean }>(
    `INSERT INTO users (username, password_hash, role) VALUES ($1, $2, $3)
     ON CONFLICT (username) DO ${
       replace
         ? `UPDATE SET password_hash = excluded.password_hash, role = excluded.role, active = true,
              updated_at = now(), updated_by = NULL`
         : 'NOTHING'
     }
     RETURNING (xmax = 0) AS created`,
    [user.username, user.passwordHash, user.role],
  );
  const [row] = rows;
  return row ? (row.created ? 'created' : 'updated') : 'exists';
}

const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

export async function createSession(
  db: Queryable,
  username: string,
  ttlMs: number,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlMs);
  await db.query('INSERT INTO sessions (token_hash, username, expires_at) VALUES ($1, $2, $3)', [
    tokenHash(token),
    username,
    expiresAt.toISOString(),
  ]);
  // Housekeeping on login rather than a timer: expired sessions never grant anything anyway.
  await db.query('DELETE FROM sessions WHERE expires_at < now()');
  return { token, expiresAt };
}

export async function userForToken(db: Queryable, token: string): Promise<User | null> {
  const [row] = await db.query<{ username: string; role: Role }>(
    `SELECT u.username, u.role FROM sessions s JOIN users u USING (username)
     WHERE s.token_hash = $1 AND s.expires_at > now() AND u.active`,
    [tokenHash(token)],
  );
  return row ?? null;
}

export async function deleteSession(db: Queryable, token: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash(token)]);
}

/** Every token of the user stops working (a new password, a lost phone). Returns how many. */
export async function deleteSessionsOf(db: Queryable, username: string): Promise<number> {
  const rows = await db.query<{ n: number }>(
    'WITH gone AS (DELETE FROM sessions WHERE username = $1 RETURNING 1) SELECT count(*)::int AS n FROM gone',
    [username],
  );
  return rows[0]?.n ?? 0;
}

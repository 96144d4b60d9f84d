/**
 * What an admin does to users: list, create, change the role or the active flag, reset
 * the password. A change that takes rights away (another role, a new password, a
 * deactivation) deletes the user's sessions in the same transaction, so no token outlives
 * it. The last active admin can be neither demoted nor deactivated: someone must always be
 * able to manage users. Password hashes never leave this module.
 */
import type { UserDto } from '../../core/adminApi';
import type { Role } from '../../core/api/dto';
import type { Queryable } from '../db/database';
import { conflict, HttpError, notFound } from '../http/errors';
import { deleteSessionsOf } from './users';

export const userTaken = (username: string): HttpError =>
  conflict('user_exists', `A user named ${username} already exists.`, { username });

interface UserRow {
  username: string;
  role: Role;
  active: boolean;
  created_at: Date;
  created_by: string | null;
  updated_at: Date;
  updated_by: string | null;
}

const COLUMNS = 'username, role, active, created_at, created_by, updated_at, updated_by';

const toDto = (r: UserRow): UserDto => ({
  username: r.username,
  role: r.role,
  active: r.active,
  createdAt: r.created_at.toISOString(),
  createdBy: r.created_by,
  updatedAt: r.updated_at.toISOString(),
  updatedBy: r.updated_by,
});

/** Asked before hashing a password (scrypt: ~50 ms of CPU), so a refusal costs none. */
export async function userExists(db: Queryable, username: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 AS found FROM users WHERE username = $1', [username]);
  return rows.length > 0;
}

export async function listUsers(db: Queryable): Promise<UserDto[]> {
  const rows = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users ORDER BY username`);
  return rows.map(toDto);
}

/**
 * Locks the active admins (so two admins demoting each other at once cannot leave none:
 * the second waits, then sees one admin left) and checks `actor` is still one of them —
 * a request that passed the role check just before its sender was demoted changes nothing.
 */
async function lockAdmins(tx: Queryable, actor: string): Promise<string[]> {
  const rows = await tx.query<{ username: string }>(
    `SELECT username FROM users WHERE role = 'admin' AND active ORDER BY username FOR UPDATE`,
  );
  const admins = rows.map((r) => r.username);
  if (!admins.includes(actor)) throw new HttpError(403, 'forbidden', 'This action needs the role admin.');
  return admins;
}

async function lockUser(tx: Queryable, username: string): Promise<UserRow> {
  const [row] = await tx.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE username = $1 FOR UPDATE`, [username]);
  if (!row) throw notFound(`User ${username}`);
  return row;
}

export async function createUser(
  tx: Queryable,
  user: { username: string; role: Role; passwordHash: string },
  actor: string,
): Promise<UserDto> {
  await lockAdmins(tx, actor);
  const [row] = await tx.query<UserRow>(
    `INSERT INTO users (username, password_hash, role, created_by, updated_by) VALUES ($1, $2, $3, $4, $4)
     ON CONFLICT (username) DO NOTHING RETURNING ${COLUMNS}`,
    [user.username, user.passwordHash, user.role, actor],
  );
  if (!row) throw userTaken(user.username);
  return toDto(row);
}

/**
 * Changes the role and/or the active flag. Asking for what already is changes nothing
 * (and logs nobody out); anything else logs the user out everywhere.
 */
export async function updateUser(
  tx: Queryable,
  username: string,
  change: { role?: Role | undefined; active?: boolean | undefined },
  actor: string,
): Promise<{ user: UserDto; revoked: number }> {
  const admins = await lockAdmins(tx, actor);
  const current = await lockUser(tx, username);
  const role = change.role ?? current.role;
  const active = change.active ?? current.active;
  if (role === current.role && active === current.active) return { user: toDto(current), revoked: 0 };
  const staysAdmin = role === 'admin' && active;
  if (!staysAdmin && admins.length === 1 && admins[0] === username) {
    throw conflict(
      'last_admin',
      `${username} is the last active admin: make another user admin first, so someone can still manage users.`,
    );
  }
  const [row] = await tx.query<UserRow>(
    `UPDATE users SET role = $2, active = $3, updated_at = now(), updated_by = $4 WHERE username = $1
     RETURNING ${COLUMNS}`,
    [username, role, active, actor],
  );
  if (!row) throw notFound(`User ${username}`);
  // Reactivating takes nothing away: there is no session to end. Anything else does.
  const revoked = role !== current.role || !active ? await deleteSessionsOf(tx, username) : 0;
  return { user: toDto(row), revoked };
}

/** A new password chosen by an admin; every session of the user ends. */
export async function resetPassword(
  tx: Queryable,
  username: string,
  passwordHash: string,
  actor: string,
): Promise<{ user: UserDto; revoked: number }> {
  await lockAdmins(tx, actor);
  await lockUser(tx, username);
  const [row] = await tx.query<UserRow>(
    `UPDATE users SET password_hash = $2, updated_at = now(), updated_by = $3 WHERE username = $1
     RETURNING ${COLUMNS}`,
    [username, passwordHash, actor],
  );
  if (!row) throw notFound(`User ${username}`);
  return { user: toDto(row), revoked: await deleteSessionsOf(tx, username) };
}

/**
 * The admin part of the HTTP API contract (role `admin` only): users and locations.
 *
 * GET   /users                      → UserDto[] (by username)
 * POST  /users            CreateUserDto     → 201 UserDto; 409 user_exists
 * PATCH /users/:username  UpdateUserDto     → 200 UserDto; 409 last_admin
 * PUT   /users/:username/password  ResetPasswordDto → 200 UserDto
 * POST  /locations        CreateLocationDto → 201 LocationDto; 409 location_exists
 * PATCH /locations/:id    UpdateLocationDto → 200 LocationDto (the code never changes)
 *
 * A change of role, a new password or a deactivation logs the user out at once (every
 * token revoked). No answer ever holds a password or its hash.
 */
import type { Role } from './api/dto';

export interface UserDto {
  readonly username: string;
  readonly role: Role;
  /** false: deactivated — cannot log in, no token works; kept for the history. */
  readonly active: boolean;
  readonly createdAt: string;
  /** The admin who created it; null when made by `npm run user:add` or the demo data. */
  readonly createdBy: string | null;
  readonly updatedAt: string;
  readonly updatedBy: string | null;
}

export interface CreateUserDto {
  readonly username: string;
  readonly role: Role;
  /** The initial password, at least 8 characters (accounts.ts). */
  readonly password: string;
}

/** At least one field. */
export interface UpdateUserDto {
  readonly role?: Role;
  readonly active?: boolean;
}

export interface ResetPasswordDto {
  readonly password: string;
}

export const LOCATION_CODE_MAX = 32;
export const LOCATION_NAME_MAX = 120;

export interface CreateLocationDto {
  /** Short printable text, unique, trimmed; it never changes afterwards (ZIPs and imports name it). */
  readonly code: string;
  readonly name: string;
}

export interface UpdateLocationDto {
  readonly name: string;
}

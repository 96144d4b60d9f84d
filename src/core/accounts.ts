/**
 * The rules of a user account, the same for `npm run user:add`, the admin API and the
 * admin screen: a username is 2 to 100 lower-case letters, digits, dots, dashes or
 * underscores (typed in any case, stored lower-case, as the login reads it); a password
 * has at least 8 characters (and at most 200, what the login accepts).
 */
import { fail, ok, type Result } from './errors';

export const USERNAME_PATTERN = '^[a-z0-9._-]{2,100}$';
const USERNAME = new RegExp(USERNAME_PATTERN);
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 200;

export function parseUsername(text: string): Result<string, 'invalid_username'> {
  const username = text.trim().toLowerCase();
  return USERNAME.test(username)
    ? ok(username)
    : fail('invalid_username', 'A username is 2 to 100 letters (a-z), digits, dots, dashes or underscores.');
}

export function checkPassword(password: string): Result<string, 'password_too_short' | 'password_too_long'> {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH)
    return fail('password_too_short', `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`, {
      min: MIN_PASSWORD_LENGTH,
    });
  if (length > MAX_PASSWORD_LENGTH)
    return fail('password_too_long', `A password has at most ${MAX_PASSWORD_LENGTH} characters.`, {
      max: MAX_PASSWORD_LENGTH,
    });
  return ok(password);
}

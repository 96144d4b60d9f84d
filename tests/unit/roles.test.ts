/**
 * The role rule every route and button relies on: an admin holds the supervisor's rights
 * (and its own), the others only theirs; and the account rules shared by `user:add`, the
 * admin API and the admin screen.
 */
import { describe, expect, it } from 'vitest';
import { checkPassword, parseUsername } from '../../src/core/accounts';
import { ROLES, type Role } from '../../src/core/api/dto';
import { canCount, hasAnyRole, isAdmin, isSupervisor, roleIncludes, seesStock } from '../../src/core/roles';

describe('roleIncludes', () => {
  it('admin ⊇ supervisor; every other role holds only itself', () => {
    const holds = Object.fromEntries(ROLES.map((r) => [r, ROLES.filter((n) => roleIncludes(r, n))]));
    expect(holds).toEqual({
      counter: ['counter'],
      supervisor: ['supervisor'],
      accountant: ['accountant'],
      admin: ['supervisor', 'admin'],
    });
  });

  it('a route for supervisors admits admins; an admin route admits no one else', () => {
    expect(ROLES.filter((r) => hasAnyRole(r, ['supervisor']))).toEqual(['supervisor', 'admin']);
    expect(ROLES.filter((r) => hasAnyRole(r, ['counter', 'supervisor']))).toEqual(['counter', 'supervisor', 'admin']);
    expect(ROLES.filter((r) => hasAnyRole(r, ['admin']))).toEqual(['admin']);
    expect(ROLES.filter((r) => hasAnyRole(r, []))).toEqual([]);
  });

  it('the app’s questions: who supervises, administers, counts and sees the stock', () => {
    const who = (f: (r: Role) => boolean) => ROLES.filter(f);
    expect(who(isSupervisor)).toEqual(['supervisor', 'admin']);
    expect(who(isAdmin)).toEqual(['admin']);
    expect(who(canCount)).toEqual(['counter', 'supervisor', 'admin']);
    expect(who(seesStock)).toEqual(['supervisor', 'accountant', 'admin']);
  });

  it('a role this version does not know (an old device’s session) holds nothing', () => {
    const unknown = 'boss' as Role;
    expect([isSupervisor(unknown), isAdmin(unknown), canCount(unknown), seesStock(unknown)]).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('account rules', () => {
  it('a username is trimmed and lower-cased, then 2-100 of a-z 0-9 . _ -', () => {
    expect(parseUsername('  Marie.Dupont ')).toEqual({ ok: true, value: 'marie.dupont' });
    expect(parseUsername('a_b-c.9')).toEqual({ ok: true, value: 'a_b-c.9' });
    for (const bad of ['a', '', '  ', 'zoé', 'jean luc', 'x'.repeat(101), 'a/b', "o'hara"]) {
      const r = parseUsername(bad);
      expect(r.ok ? r.value : r.error.code, bad).toBe('invalid_username');
    }
    expect(parseUsername('x'.repeat(100)).ok).toBe(true);
  });

  it('a password has 8 to 200 characters, counted as the user sees them', () => {
    expect(checkPassword('12345678')).toEqual({ ok: true, value: '12345678' });
    expect(checkPassword(' spaces ok ').ok).toBe(true);
    const short = checkPassword('1234567');
    expect(short.ok ? null : short.error.code).toBe('password_too_short');
    // Seven emoji are fourteen UTF-16 units but seven characters: too short.
    const emoji = checkPassword('🔑'.repeat(7));
    expect(emoji.ok ? null : emoji.error.code).toBe('password_too_short');
    const long = checkPassword('p'.repeat(201));
    expect(long.ok ? null : long.error.code).toBe('password_too_long');
    expect(checkPassword('p'.repeat(200)).ok).toBe(true);
  });
});

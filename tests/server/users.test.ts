/**
 * Users managed by an admin through the API: list, create, change the role, reset the
 * password, deactivate and reactivate. Each change that takes rights away logs the user
 * out at once (the very next request with an old token is 401); an inactive user cannot
 * log in, and says so only to someone who typed the right password; the last active admin
 * can be neither demoted nor deactivated; every bad input is a 400 that changes nothing;
 * and no answer or log line ever holds a password.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateUserDto, UserDto } from '../../src/core/adminApi';
import type { Role, SessionDto } from '../../src/core/api/dto';
import { buildServer } from '../../src/server/app';
import { HttpError } from '../../src/server/http/errors';
import { updateUser } from '../../src/server/repos/accounts';
import { startTestServer, type TestServer } from './harness';
import { dbSnapshot, expectError } from './support';
import { openTestDatabase } from './testDatabase';

let server: TestServer;
let admin: string;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.token('admin');
});
afterAll(() => server.close());

const login = (username: string, password: string) =>
  server.call('POST', '/api/session', { body: { username, password } });

async function loginToken(username: string, password: string): Promise<string> {
  const res = await login(username, password);
  expect(res.status, res.body).toBe(201);
  return res.json<SessionDto>().token;
}

async function create(body: CreateUserDto, token = admin): Promise<UserDto> {
  const res = await server.call('POST', '/api/users', { token, body });
  expect(res.status, res.body).toBe(201);
  return res.json<UserDto>();
}

const patch = (username: string, body: unknown, token = admin) =>
  server.call('PATCH', `/api/users/${username}`, { token, body });
const resetPassword = (username: string, password: string, token = admin) =>
  server.call('PUT', `/api/users/${username}/password`, { token, body: { password } });
/** A request any logged-in user may make: 200 while the token works, 401 once revoked. */
const probe = (token: string) => server.call('GET', '/api/inventories', { token });

async function users(): Promise<UserDto[]> {
  const res = await server.call('GET', '/api/users', { token: admin });
  expect(res.status, res.body).toBe(200);
  return res.json<UserDto[]>();
}

describe('listing and creating users', () => {
  it('lists every user with its role, state and history, never a password or its hash', async () => {
    const res = await server.call('GET', '/api/users', { token: admin });
    expect(res.status).toBe(200);
    const list = res.json<UserDto[]>();
    expect(list.map((u) => [u.username, u.role, u.active])).toEqual(
      expect.arrayContaining([
        ['admin', 'admin', true],
        ['comptable', 'accountant', true],
        ['compteur', 'counter', true],
        ['superviseur', 'supervisor', true],
      ]),
    );
    expect(list.map((u) => u.username)).toEqual(list.map((u) => u.username).sort());
    for (const u of list) {
      expect(Object.keys(u).sort()).toEqual(
        ['active', 'createdAt', 'createdBy', 'role', 'updatedAt', 'updatedBy', 'username'].sort(),
      );
      expect(Number.isNaN(Date.parse(u.createdAt))).toBe(false);
      expect(Date.parse(u.updatedAt)).toBeGreaterThanOrEqual(Date.parse(u.createdAt));
    }
    expect(res.body).not.toMatch(/scrypt|password|hash/i);
  });

  it('creates a user who logs in with the role given; the username is stored as the login reads it', async () => {
    const user = await create({ username: '  Marie.Durand ', role: 'supervisor', password: 'un mot de passe' });
    expect(user).toMatchObject({ username: 'marie.durand', role: 'supervisor', active: true, createdBy: 'admin' });
    expect(user.updatedBy).toBe('admin');
    expect(JSON.stringify(user)).not.toContain('un mot de passe');
    const session = (await login('Marie.Durand', 'un mot de passe')).json<SessionDto>();
    expect(session.user).toEqual({ username: 'marie.durand', role: 'supervisor' });
    // The new supervisor can do what a supervisor does.
    const stock = await server.call('GET', '/api/stock?locationId=2', { token: session.token });
    expect(stock.status).toBe(200);
    expect((await users()).find((u) => u.username === 'marie.durand')).toEqual(user);
  });

  it('creates an admin who may manage users in turn', async () => {
    await create({ username: 'second.admin', role: 'admin', password: 'second-admin-pw' });
    const token = await loginToken('second.admin', 'second-admin-pw');
    const made = await create({ username: 'fait.par.second', role: 'counter', password: 'compteur-2' }, token);
    expect(made.createdBy).toBe('second.admin');
  });

  it('refuses a username that exists: 409, and the existing user keeps its password', async () => {
    const before = await dbSnapshot(server);
    const res = await server.call('POST', '/api/users', {
      token: admin,
      body: { username: 'Compteur', role: 'admin', password: 'prise-de-controle' },
    });
    expect(expectError(res, 409, 'user_exists').details).toEqual({ username: 'compteur' });
    expect(await dbSnapshot(server)).toEqual(before);
    expectError(await login('compteur', 'prise-de-controle'), 401, 'invalid_credentials');
    expect((await login('compteur', 'demo')).status).toBe(201);
  });

  const BAD_CREATES: readonly { why: string; body: unknown; code: string }[] = [
    {
      why: 'a one-letter username',
      body: { username: 'a', role: 'counter', password: '12345678' },
      code: 'invalid_username',
    },
    {
      why: 'a space in the username',
      body: { username: 'jean luc', role: 'counter', password: '12345678' },
      code: 'invalid_username',
    },
    {
      why: 'an accent in the username',
      body: { username: 'zoé', role: 'counter', password: '12345678' },
      code: 'invalid_username',
    },
    {
      why: 'a blank username',
      body: { username: '   ', role: 'counter', password: '12345678' },
      code: 'invalid_username',
    },
    {
      why: 'a 101-letter username',
      body: { username: 'a'.repeat(101), role: 'counter', password: '12345678' },
      code: 'invalid_request',
    },
    {
      why: '7 characters of password',
      body: { username: 'court', role: 'counter', password: '1234567' },
      code: 'password_too_short',
    },
    {
      why: 'a 201-character password',
      body: { username: 'long', role: 'counter', password: 'p'.repeat(201) },
      code: 'invalid_request',
    },
    {
      why: 'a control character in the password',
      body: { username: 'ctrl', role: 'counter', password: 'abc\u0000defgh' },
      code: 'invalid_request',
    },
    { why: 'an unknown role', body: { username: 'chef', role: 'boss', password: '12345678' }, code: 'invalid_request' },
    { why: 'no role', body: { username: 'chef', password: '12345678' }, code: 'invalid_request' },
    { why: 'no password', body: { username: 'chef', role: 'counter' }, code: 'invalid_request' },
    {
      why: 'a password as a number',
      body: { username: 'chef', role: 'counter', password: 12345678 },
      code: 'invalid_request',
    },
    {
      why: 'an unknown field',
      body: { username: 'chef', role: 'counter', password: '12345678', active: false },
      code: 'invalid_request',
    },
    { why: 'no body', body: undefined, code: 'invalid_request' },
  ];

  it.each(BAD_CREATES)('refuses $why: 400 $code, nothing changed', async ({ body, code }) => {
    const before = await dbSnapshot(server);
    const res = await server.call('POST', '/api/users', { token: admin, body });
    const error = expectError(res, 400, code);
    expect(error.message).not.toContain('12345678');
    expect(await dbSnapshot(server)).toEqual(before);
  });
});

describe('changing a role', () => {
  it('logs the user out at once; the next login carries the new role', async () => {
    await create({ username: 'promu', role: 'counter', password: 'promu-pass' });
    const a = await loginToken('promu', 'promu-pass');
    const b = await loginToken('promu', 'promu-pass');
    expect((await probe(a)).status).toBe(200);
    expectError(await server.call('POST', '/api/stock-movements', { token: a, body: {} }), 403, 'forbidden');

    const res = await patch('promu', { role: 'supervisor' });
    expect(res.status, res.body).toBe(200);
    expect(res.json<UserDto>()).toMatchObject({
      username: 'promu',
      role: 'supervisor',
      active: true,
      updatedBy: 'admin',
    });
    for (const token of [a, b]) expectError(await probe(token), 401, 'unauthenticated');
    const session = (await login('promu', 'promu-pass')).json<SessionDto>();
    expect(session.user.role).toBe('supervisor');
    expect((await server.call('GET', '/api/stock?locationId=2', { token: session.token })).status).toBe(200);
  });

  it('asking for the role the user already has changes nothing and logs nobody out', async () => {
    const token = await loginToken('compteur', 'demo');
    const before = (await users()).find((u) => u.username === 'compteur');
    const res = await patch('compteur', { role: 'counter', active: true });
    expect(res.status).toBe(200);
    expect(res.json<UserDto>()).toEqual(before);
    expect((await probe(token)).status).toBe(200);
  });

  const BAD_PATCHES: readonly { why: string; url: string; body: unknown; status: number; code: string }[] = [
    { why: 'an empty change', url: 'compteur', body: {}, status: 400, code: 'invalid_request' },
    { why: 'an unknown role', url: 'compteur', body: { role: 'root' }, status: 400, code: 'invalid_request' },
    { why: 'active as a string', url: 'compteur', body: { active: 'false' }, status: 400, code: 'invalid_request' },
    {
      why: 'a password here',
      url: 'compteur',
      body: { password: 'nouveau-mdp' },
      status: 400,
      code: 'invalid_request',
    },
    { why: 'a username change', url: 'compteur', body: { username: 'autre' }, status: 400, code: 'invalid_request' },
    {
      why: 'an upper-case username in the address',
      url: 'Compteur',
      body: { role: 'admin' },
      status: 400,
      code: 'invalid_request',
    },
    {
      why: 'SQL in the address',
      url: "x'%20OR%20'1'='1",
      body: { role: 'admin' },
      status: 400,
      code: 'invalid_request',
    },
    { why: 'an unknown user', url: 'personne', body: { role: 'admin' }, status: 404, code: 'not_found' },
  ];

  it.each(BAD_PATCHES)('refuses $why: $status $code, nothing changed, nobody logged out', async (c) => {
    const token = await loginToken('compteur', 'demo');
    const before = await dbSnapshot(server);
    expectError(await patch(c.url, c.body), c.status, c.code);
    expect(await dbSnapshot(server)).toEqual(before);
    expect((await probe(token)).status).toBe(200);
  });
});

describe('resetting a password', () => {
  it('logs the user out at once: the old password and tokens stop working, the new one works', async () => {
    await create({ username: 'oublieux', role: 'counter', password: 'ancien-mdp' });
    const token = await loginToken('oublieux', 'ancien-mdp');
    const res = await resetPassword('oublieux', 'nouveau-mdp');
    expect(res.status, res.body).toBe(200);
    expect(res.json<UserDto>()).toMatchObject({ username: 'oublieux', role: 'counter', active: true });
    expect(res.body).not.toContain('nouveau-mdp');
    expectError(await probe(token), 401, 'unauthenticated');
    expectError(await login('oublieux', 'ancien-mdp'), 401, 'invalid_credentials');
    expect((await login('oublieux', 'nouveau-mdp')).status).toBe(201);
  });

  it.each([
    { why: 'too short', url: 'compteur', body: { password: 'court' }, status: 400, code: 'password_too_short' },
    { why: 'missing', url: 'compteur', body: {}, status: 400, code: 'invalid_request' },
    {
      why: 'with another field',
      url: 'compteur',
      body: { password: '12345678', role: 'admin' },
      status: 400,
      code: 'invalid_request',
    },
    { why: 'for an unknown user', url: 'personne', body: { password: '12345678' }, status: 404, code: 'not_found' },
  ])('refuses a password $why: $status, nothing changed, nobody logged out', async (c) => {
    const token = await loginToken('compteur', 'demo');
    const before = await dbSnapshot(server);
    expectError(
      await server.call('PUT', `/api/users/${c.url}/password`, { token: admin, body: c.body }),
      c.status,
      c.code,
    );
    expect(await dbSnapshot(server)).toEqual(before);
    expect((await probe(token)).status).toBe(200);
    expect((await login('compteur', 'demo')).status).toBe(201);
  });
});

describe('deactivating and reactivating', () => {
  it('logs the user out at once and refuses its logins; reactivated, it logs in again', async () => {
    await create({ username: 'partant', role: 'supervisor', password: 'partant-pw' });
    const token = await loginToken('partant', 'partant-pw');
    const res = await patch('partant', { active: false });
    expect(res.status, res.body).toBe(200);
    expect(res.json<UserDto>()).toMatchObject({ active: false, role: 'supervisor' });
    expectError(await probe(token), 401, 'unauthenticated');

    const refused = expectError(await login('partant', 'partant-pw'), 403, 'user_inactive');
    expect(refused.message).toMatch(/deactivated/);
    expect(await login('partant', 'partant-pw').then((r) => r.body)).not.toContain('token');

    const back = await patch('partant', { active: true });
    expect(back.json<UserDto>().active).toBe(true);
    const again = await loginToken('partant', 'partant-pw');
    expect((await probe(again)).status).toBe(200);
  });

  it('tells a stranger nothing: a wrong password on an inactive user is a plain invalid_credentials', async () => {
    await create({ username: 'dormant', role: 'counter', password: 'dormant-pw' });
    expect((await patch('dormant', { active: false })).status).toBe(200);
    const wrong = expectError(await login('dormant', 'pas-le-bon'), 401, 'invalid_credentials');
    const unknown = expectError(await login('inconnu', 'pas-le-bon'), 401, 'invalid_credentials');
    expect(wrong).toEqual(unknown);
  });

  it('a session of an inactive user is refused even if it was somehow left in the database', async () => {
    await create({ username: 'fantome', role: 'counter', password: 'fantome-pw' });
    const token = await loginToken('fantome', 'fantome-pw');
    await server.db.query(`UPDATE users SET active = false WHERE username = 'fantome'`);
    expectError(await probe(token), 401, 'unauthenticated');
  });

  it('an admin may deactivate another admin, who is then logged out', async () => {
    await create({ username: 'admin.b', role: 'admin', password: 'admin-b-pw' });
    const token = await loginToken('admin.b', 'admin-b-pw');
    expect((await patch('admin.b', { active: false })).status).toBe(200);
    expectError(await server.call('GET', '/api/users', { token }), 401, 'unauthenticated');
  });
});

describe('the last active admin', () => {
  let fresh: TestServer;
  beforeAll(async () => {
    fresh = await startTestServer();
  });
  afterAll(() => fresh.close());

  const activeAdmins = async (): Promise<string[]> =>
    (
      await fresh.db.query<{ username: string }>(
        `SELECT username FROM users WHERE role = 'admin' AND active ORDER BY 1`,
      )
    ).map((r) => r.username);

  it('cannot demote nor deactivate themself: 409 last_admin, nothing changed, still logged in', async () => {
    const token = await fresh.token('admin');
    expect(await activeAdmins()).toEqual(['admin']);
    const before = await dbSnapshot(fresh);
    for (const body of [{ role: 'supervisor' }, { active: false }, { role: 'counter', active: false }]) {
      const res = await fresh.call('PATCH', '/api/users/admin', { token, body });
      expect(expectError(res, 409, 'last_admin').message).toMatch(/last active admin/);
    }
    expect(await dbSnapshot(fresh)).toEqual(before);
    expect((await fresh.call('GET', '/api/users', { token })).status).toBe(200);
  });

  it('with a second admin, one may step down (and is logged out); the other is then the last', async () => {
    const token = await fresh.token('admin');
    const created = await fresh.call('POST', '/api/users', {
      token,
      body: { username: 'relais', role: 'admin', password: 'relais-pw' },
    });
    expect(created.status).toBe(201);
    const res = await fresh.call('PATCH', '/api/users/admin', { token, body: { role: 'supervisor' } });
    expect(res.status, res.body).toBe(200);
    expectError(await fresh.call('GET', '/api/users', { token }), 401, 'unauthenticated');
    const relais = (
      await fresh.call('POST', '/api/session', { body: { username: 'relais', password: 'relais-pw' } })
    ).json<SessionDto>().token;
    expectError(
      await fresh.call('PATCH', '/api/users/relais', { token: relais, body: { active: false } }),
      409,
      'last_admin',
    );
    expect(await activeAdmins()).toEqual(['relais']);
  });
});

describe('the last active admin, under concurrency', () => {
  let fresh: TestServer;
  beforeAll(async () => {
    fresh = await startTestServer();
  });
  afterAll(() => fresh.close());

  const activeAdmins = async (): Promise<string[]> =>
    (
      await fresh.db.query<{ username: string }>(
        `SELECT username FROM users WHERE role = 'admin' AND active ORDER BY 1`,
      )
    ).map((r) => r.username);

  it('two admins stepping down at the same moment: one does, the other is refused — one admin is left', async () => {
    const admin = await fresh.token('admin');
    const made = await fresh.call('POST', '/api/users', {
      token: admin,
      body: { username: 'jumeau', role: 'admin', password: 'jumeau-pw' },
    });
    expect(made.status, made.body).toBe(201);
    const jumeau = (
      await fresh.call('POST', '/api/session', { body: { username: 'jumeau', password: 'jumeau-pw' } })
    ).json<SessionDto>().token;
    expect(await activeAdmins()).toEqual(['admin', 'jumeau']);
    // Without the lock on the admins, both read "two admins" on PostgreSQL and both step down.
    const answers = await Promise.all([
      fresh.call('PATCH', '/api/users/admin', { token: admin, body: { active: false } }),
      fresh.call('PATCH', '/api/users/jumeau', { token: jumeau, body: { active: false } }),
    ]);
    expect(answers.map((a) => a.status).sort((a, b) => a - b)).toEqual([200, 409]);
    expect(await activeAdmins()).toHaveLength(1);
  });

  it('overlapping transactions: the second waits for the first, then sees it is the last admin', async () => {
    // Two admins again (the previous test left one).
    const [left] = await activeAdmins();
    const other = left === 'admin' ? 'jumeau' : 'admin';
    await fresh.db.query(`UPDATE users SET active = true WHERE username = $1`, [other]);
    let held!: () => void;
    let release!: () => void;
    const holding = new Promise<void>((resolve) => (held = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = fresh.db.transaction(async (tx) => {
      await updateUser(tx, 'admin', { active: false }, 'admin');
      held();
      await gate; // still uncommitted while the second one runs
    });
    await holding;
    const second = fresh.db
      .transaction((tx) => updateUser(tx, 'jumeau', { active: false }, 'jumeau'))
      .then(
        () => 'deactivated',
        (e: unknown) => (e instanceof HttpError ? e.code : String(e)),
      );
    // Without the lock the second one commits now; with it, it waits for the first.
    await Promise.race([second, new Promise((resolve) => setTimeout(resolve, 500))]);
    release();
    await first;
    expect(await second).toBe('last_admin');
    expect(await activeAdmins()).toEqual(['jumeau']);
  });
});

describe('roles', () => {
  it.each(['counter', 'supervisor', 'accountant'] as const)(
    'a %s made by the admin is refused every admin route',
    async (role: Role) => {
      const username = `role-${role}`;
      await create({ username, role, password: 'mot-de-passe' });
      const token = await loginToken(username, 'mot-de-passe');
      const before = await dbSnapshot(server);
      expectError(await server.call('GET', '/api/users', { token }), 403, 'forbidden');
      expectError(
        await server.call('POST', '/api/users', {
          token,
          body: { username: 'x-y', role: 'admin', password: '12345678' },
        }),
        403,
        'forbidden',
      );
      expectError(
        await server.call('PATCH', `/api/users/${username}`, { token, body: { role: 'admin' } }),
        403,
        'forbidden',
      );
      expectError(
        await server.call('PUT', `/api/users/admin/password`, { token, body: { password: '12345678' } }),
        403,
        'forbidden',
      );
      expectError(
        await server.call('POST', '/api/locations', { token, body: { code: 'X', name: 'X' } }),
        403,
        'forbidden',
      );
      expectError(await server.call('PATCH', '/api/locations/1', { token, body: { name: 'X' } }), 403, 'forbidden');
      expect(await dbSnapshot(server)).toEqual(before);
    },
  );
});

describe('logs', () => {
  it('say who changed which user, never the password', async () => {
    const lines: string[] = [];
    const db = await openTestDatabase();
    const app = await buildServer(
      db,
      { tokenTtlMs: 3_600_000, staticDir: '/nonexistent' },
      { logger: { level: 'debug', stream: { write: (line) => void lines.push(line) } } },
    );
    try {
      const json = async (method: 'POST' | 'PUT', url: string, payload: unknown, token?: string) =>
        app.inject({
          method,
          url,
          payload: payload as object,
          headers: token ? { authorization: `Bearer ${token}` } : {},
        });
      const token = (await json('POST', '/api/session', { username: 'admin', password: 'demo' })).json<SessionDto>()
        .token;
      const secrets = ['Secret-Initial-1', 'Secret-Reset-22', 'Court-3'];
      expect(
        (await json('POST', '/api/users', { username: 'journal', role: 'counter', password: secrets[0] }, token))
          .statusCode,
      ).toBe(201);
      expect((await json('PUT', '/api/users/journal/password', { password: secrets[1] }, token)).statusCode).toBe(200);
      expect((await json('PUT', '/api/users/journal/password', { password: secrets[2] }, token)).statusCode).toBe(400);
      const all = lines.join('\n');
      expect(all).toContain('user created');
      expect(all).toContain('password reset');
      for (const secret of [...secrets, token]) expect(all).not.toContain(secret);
    } finally {
      await app.close();
      await db.close();
    }
  });
});

/**
 * Authentication and roles, checked on the server for every protected endpoint: 401
 * without a valid token, 403 for a role the route does not admit, and the database
 * unchanged after each refusal. An admin is admitted wherever a supervisor is, and only an
 * admin manages users and locations. Then logins (wrong password, throttling), logout,
 * expiry, and the blind count (counters do not see expected quantities).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryDto, LineDto, Role, SessionDto } from '../../src/core/api/dto';
import { ROUTES, ROUTE_NAMES, routePath, type RouteName } from '../../src/core/api/routes';
import { can } from '../../src/core/roles';
import { LoginThrottle } from '../../src/server/auth/loginThrottle';
import { startTestServer, type DemoUser, type TestServer } from './harness';
import { createInventory, dbSnapshot, event, expectError, getLines, push, type WireLineDto } from './support';

const USER: Readonly<Record<Role, DemoUser>> = {
  supervisor: 'superviseur',
  counter: 'compteur',
  accountant: 'comptable',
  admin: 'admin',
};
const ROLES: readonly Role[] = ['counter', 'supervisor', 'accountant', 'admin'];
const ANY: readonly Role[] = ROLES;
/** A route for supervisors admits admins: the table says so for each (core/roles.ts does it once). */
const SUPERVISOR: readonly Role[] = ['supervisor', 'admin'];
const ADMIN: readonly Role[] = ['admin'];
/** A user the admin routes' requests would change (not a demo user, whose tokens the file reuses). */
const TARGET = 'cible';
const MISSING = 999999;

let server: TestServer;
let counting: InventoryDto; // location 1
let closed: InventoryDto; // location 2
let countingLine: LineDto;
let freeLocation: number; // a location nobody counts: movements and new inventories would succeed

beforeAll(async () => {
  server = await startTestServer();
  counting = await createInventory(server, { name: 'Rôles en cours', locationId: 1, kind: 'articles' });
  closed = await createInventory(server, { name: 'Rôles clôturé', locationId: 2, kind: 'articles' });
  countingLine = (await getLines(server, counting.id)).find((l) => l.unit === 'pcs' && l.serial === null) as LineDto;
  const closedLine = (await getLines(server, closed.id))[0] as LineDto;
  await push(server, await server.token('compteur'), closed.id, 'setup', [event(closedLine.key, 1, 1)]);
  const res = await server.call('POST', `/api/inventories/${closed.id}/close`, {
    token: await server.token('superviseur'),
  });
  expect(res.status).toBe(200);
  const [loc] = await server.db.query<{ id: number }>(
    `INSERT INTO locations (code, name) VALUES ('TST-03', 'Réserve test') RETURNING id`,
  );
  freeLocation = loc?.id ?? 0;
  await server.db.query(`INSERT INTO users (username, password_hash, role) VALUES ($1, 'x', 'counter')`, [TARGET]);
  await server.db.query(
    `INSERT INTO stock_lines (location_id, item_ref, bin, lot, serial, qty)
     SELECT $1, item_ref, bin, lot, serial, qty FROM stock_lines WHERE location_id = 1 AND item_ref = $2`,
    [freeLocation, countingLine.itemRef],
  );
});
afterAll(() => server.close());

interface Endpoint {
  readonly name: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** Roles the route admits (from its `requireRole(...)`). */
  readonly roles: readonly Role[];
  /** A request that would succeed (and change data, for writes) if the role check were missing. */
  readonly url: () => string;
  readonly body?: () => unknown;
  /** A harmless request for the admitted roles: passes the role check, then fails or reads. */
  readonly probe: () => { url: string; body?: unknown; status: number };
}

const inv = (id: number, rest = ''): string => `/api/inventories/${id}${rest}`;
const zipBytes = (): Uint8Array => new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...Array.from({ length: 18 }, () => 0)]);

const ENDPOINTS: readonly Endpoint[] = [
  {
    name: 'GET /locations',
    method: 'GET',
    roles: ANY,
    url: () => '/api/locations',
    probe: () => ({ url: '/api/locations', status: 200 }),
  },
  {
    name: 'GET /stock',
    method: 'GET',
    roles: [...SUPERVISOR, 'accountant'],
    url: () => '/api/stock?locationId=1',
    probe: () => ({ url: `/api/stock?locationId=${MISSING}`, status: 404 }),
  },
  {
    name: 'POST /stock-movements',
    method: 'POST',
    roles: SUPERVISOR,
    url: () => '/api/stock-movements',
    body: () => ({
      locationId: freeLocation,
      itemRef: countingLine.itemRef,
      bin: countingLine.bin,
      delta: 3,
      reason: 'test',
    }),
    probe: () => ({
      url: '/api/stock-movements',
      body: { locationId: MISSING, itemRef: countingLine.itemRef, bin: countingLine.bin, delta: 3, reason: 'test' },
      status: 404,
    }),
  },
  {
    name: 'POST /inventories',
    method: 'POST',
    roles: SUPERVISOR,
    url: () => '/api/inventories',
    body: () => ({ name: 'Interdit', locationId: freeLocation, kind: 'articles' }),
    probe: () => ({
      url: '/api/inventories',
      body: { name: 'Sonde', locationId: MISSING, kind: 'articles' },
      status: 404,
    }),
  },
  {
    name: 'GET /inventories',
    method: 'GET',
    roles: ANY,
    url: () => '/api/inventories',
    probe: () => ({ url: '/api/inventories', status: 200 }),
  },
  {
    name: 'GET /inventories/:id',
    method: 'GET',
    roles: ANY,
    url: () => inv(counting.id),
    probe: () => ({ url: inv(MISSING), status: 404 }),
  },
  {
    name: 'GET /inventories/:id/lines',
    method: 'GET',
    roles: ANY,
    url: () => inv(counting.id, '/lines'),
    probe: () => ({ url: inv(MISSING, '/lines'), status: 404 }),
  },
  {
    name: 'POST /inventories/:id/lines',
    method: 'POST',
    roles: ['counter', ...SUPERVISOR],
    url: () => inv(counting.id, '/lines'),
    body: () => ({ itemRef: countingLine.itemRef, bin: 'R-00-0' }),
    probe: () => ({ url: inv(MISSING, '/lines'), body: { itemRef: countingLine.itemRef, bin: 'R-00-0' }, status: 404 }),
  },
  {
    name: 'POST /inventories/:id/counts',
    method: 'POST',
    roles: ['counter', ...SUPERVISOR],
    url: () => inv(counting.id, '/counts'),
    body: () => ({ deviceId: 'intrus', events: [event(countingLine.key, 5, 1)] }),
    probe: () => ({ url: inv(MISSING, '/counts'), body: { deviceId: 'sonde', events: [] }, status: 404 }),
  },
  {
    name: 'POST /devices/claim',
    method: 'POST',
    roles: ['counter', ...SUPERVISOR],
    url: () => '/api/devices/claim',
    body: () => ({ deviceId: 'intrus-reclame' }),
    // A device id the schema refuses: past the role check, nothing claimed.
    probe: () => ({ url: '/api/devices/claim', body: { deviceId: 'pas un id' }, status: 400 }),
  },
  {
    name: 'GET /inventories/:id/counts',
    method: 'GET',
    roles: ANY,
    url: () => inv(counting.id, '/counts?after=0'),
    probe: () => ({ url: inv(MISSING, '/counts'), status: 404 }),
  },
  {
    name: 'POST /inventories/:id/close',
    method: 'POST',
    roles: SUPERVISOR,
    url: () => inv(counting.id, '/close'),
    body: () => ({ uncountedPolicy: 'zero' }),
    probe: () => ({ url: inv(MISSING, '/close'), body: {}, status: 404 }),
  },
  {
    name: 'GET /inventories/:id/recap',
    method: 'GET',
    roles: [...SUPERVISOR, 'accountant'],
    url: () => inv(closed.id, '/recap'),
    probe: () => ({ url: inv(MISSING, '/recap'), status: 404 }),
  },
  {
    name: 'POST /inventories/:id/reopen',
    method: 'POST',
    roles: SUPERVISOR,
    url: () => inv(closed.id, '/reopen'),
    probe: () => ({ url: inv(MISSING, '/reopen'), status: 404 }),
  },
  {
    name: 'POST /inventories/:id/cancel',
    method: 'POST',
    roles: SUPERVISOR,
    url: () => inv(counting.id, '/cancel'),
    probe: () => ({ url: inv(MISSING, '/cancel'), status: 404 }),
  },
  {
    name: 'POST /inventories/:id/apply',
    method: 'POST',
    roles: SUPERVISOR,
    url: () => inv(closed.id, '/apply'),
    probe: () => ({ url: inv(MISSING, '/apply'), status: 404 }),
  },
  {
    name: 'PUT /inventories/:id/exports/before',
    method: 'PUT',
    roles: SUPERVISOR,
    url: () => inv(counting.id, '/exports/before'),
    body: zipBytes,
    probe: () => ({ url: inv(MISSING, '/exports/before'), body: zipBytes(), status: 404 }),
  },
  {
    name: 'GET /inventories/:id/exports/after',
    method: 'GET',
    roles: [...SUPERVISOR, 'accountant'],
    url: () => inv(closed.id, '/exports/after'),
    probe: () => ({ url: inv(MISSING, '/exports/after'), status: 404 }),
  },
  {
    name: 'GET /users',
    method: 'GET',
    roles: ADMIN,
    url: () => '/api/users',
    probe: () => ({ url: '/api/users', status: 200 }),
  },
  {
    name: 'POST /users',
    method: 'POST',
    roles: ADMIN,
    url: () => '/api/users',
    body: () => ({ username: 'intrus', role: 'admin', password: 'mot-de-passe' }),
    probe: () => ({
      url: '/api/users',
      body: { username: TARGET, role: 'counter', password: 'mot-de-passe' },
      status: 409,
    }),
  },
  {
    name: 'PATCH /users/:username',
    method: 'PATCH',
    roles: ADMIN,
    url: () => `/api/users/${TARGET}`,
    body: () => ({ role: 'admin' }),
    probe: () => ({ url: '/api/users/personne', body: { role: 'counter' }, status: 404 }),
  },
  {
    name: 'PUT /users/:username/password',
    method: 'PUT',
    roles: ADMIN,
    url: () => `/api/users/${TARGET}/password`,
    body: () => ({ password: 'mot-de-passe' }),
    probe: () => ({ url: '/api/users/personne/password', body: { password: 'mot-de-passe' }, status: 404 }),
  },
  {
    name: 'POST /locations',
    method: 'POST',
    roles: ADMIN,
    url: () => '/api/locations',
    body: () => ({ code: 'INTRUS', name: 'Intrus' }),
    probe: () => ({ url: '/api/locations', body: { code: 'TST-03', name: 'Double' }, status: 409 }),
  },
  {
    name: 'PATCH /locations/:id',
    method: 'PATCH',
    roles: ADMIN,
    url: () => `/api/locations/${freeLocation}`,
    body: () => ({ name: 'Renommé' }),
    probe: () => ({ url: `/api/locations/${MISSING}`, body: { name: 'Sonde' }, status: 404 }),
  },
];

const REFUSALS = ENDPOINTS.flatMap((e) =>
  ROLES.filter((r) => !e.roles.includes(r)).map((role) => ({ ...e, role, label: `${e.name} as ${role}` })),
);
const ADMISSIONS = ENDPOINTS.flatMap((e) => e.roles.map((role) => ({ ...e, role, label: `${e.name} as ${role}` })));

const GARBAGE_TOKENS: readonly (string | undefined)[] = [
  undefined,
  'Bearer',
  'Bearer garbage',
  `Bearer ${'A'.repeat(43)}`,
  'Basic c3VwZXJ2aXNldXI6ZGVtbw==',
  `Token ${'A'.repeat(43)}`,
];

const ADMIN_ROUTES = ENDPOINTS.filter((e) => e.roles === ADMIN).map((e) => e.name);

describe('every protected endpoint', () => {
  it('the table covers the roles the issue names', () => {
    const refused = (role: Role): string[] => REFUSALS.filter((r) => r.role === role).map((r) => r.name);
    expect(refused('counter')).toEqual([
      'GET /stock',
      'POST /stock-movements',
      'POST /inventories',
      'POST /inventories/:id/close',
      'GET /inventories/:id/recap',
      'POST /inventories/:id/reopen',
      'POST /inventories/:id/cancel',
      'POST /inventories/:id/apply',
      'PUT /inventories/:id/exports/before',
      'GET /inventories/:id/exports/after',
      'GET /users',
      'POST /users',
      'PATCH /users/:username',
      'PUT /users/:username/password',
      'POST /locations',
      'PATCH /locations/:id',
    ]);
    expect(refused('accountant')).toEqual([
      'POST /stock-movements',
      'POST /inventories',
      'POST /inventories/:id/lines',
      'POST /inventories/:id/counts',
      'POST /devices/claim',
      'POST /inventories/:id/close',
      'POST /inventories/:id/reopen',
      'POST /inventories/:id/cancel',
      'POST /inventories/:id/apply',
      'PUT /inventories/:id/exports/before',
      'GET /users',
      'POST /users',
      'PATCH /users/:username',
      'PUT /users/:username/password',
      'POST /locations',
      'PATCH /locations/:id',
    ]);
    expect(refused('supervisor')).toEqual(ADMIN_ROUTES);
    // An admin is refused nothing: every supervisor route admits it, and the admin routes are its own.
    expect(refused('admin')).toEqual([]);
  });

  it.each(ENDPOINTS.map((e) => ({ ...e, label: e.name })))(
    '$label: 401 without a valid token, nothing changed',
    async (e) => {
      const before = await dbSnapshot(server);
      for (const authorization of GARBAGE_TOKENS) {
        const res = await server.call(e.method, e.url(), {
          body: e.body?.(),
          headers: authorization === undefined ? {} : { authorization },
        });
        expectError(res, 401, 'unauthenticated');
      }
      expect(await dbSnapshot(server)).toEqual(before);
    },
  );

  it.each(REFUSALS)('$label: 403, nothing changed', async (e) => {
    const before = await dbSnapshot(server);
    const res = await server.call(e.method, e.url(), { token: await server.token(USER[e.role]), body: e.body?.() });
    const error = expectError(res, 403, 'forbidden');
    expect(error.message).toContain(e.role);
    expect(await dbSnapshot(server)).toEqual(before);
  });

  it.each(ADMISSIONS)('$label: admitted', async (e) => {
    const probe = e.probe();
    const res = await server.call(e.method, probe.url, { token: await server.token(USER[e.role]), body: probe.body });
    expect(res.status, res.body).toBe(probe.status);
  });

  it('the refused requests were real: the supervisor (the admin, for its routes) can do each of them', async () => {
    const sup = await server.token('superviseur');
    const admin = await server.token('admin');
    const statuses: Record<string, number> = {};
    for (const e of ENDPOINTS.filter((x) => x.method !== 'GET' && !x.name.includes('exports'))) {
      const token = e.roles === ADMIN ? admin : sup;
      statuses[e.name] = (await server.call(e.method, e.url(), { token, body: e.body?.() })).status;
    }
    expect(statuses).toEqual({
      'POST /stock-movements': 201,
      'POST /inventories': 201,
      'POST /inventories/:id/lines': 201,
      'POST /inventories/:id/counts': 200,
      'POST /devices/claim': 204,
      'POST /inventories/:id/close': 200,
      'POST /inventories/:id/reopen': 200,
      // counting was closed just above, so it can be cancelled; closed was reopened, so apply is refused.
      'POST /inventories/:id/cancel': 200,
      'POST /inventories/:id/apply': 409,
      'POST /users': 201,
      'PATCH /users/:username': 200,
      'PUT /users/:username/password': 200,
      'POST /locations': 201,
      'PATCH /locations/:id': 200,
    });
  });

  it('asks for a token before looking at the body', async () => {
    const before = await dbSnapshot(server);
    expectError(await server.call('POST', '/api/inventories', { body: { nonsense: true } }), 401, 'unauthenticated');
    expectError(await server.call('POST', inv(counting.id, '/counts'), { body: '{not json' }), 401, 'unauthenticated');
    expectError(
      await server.call('PUT', inv(counting.id, '/exports/before'), { body: new Uint8Array(5 * 1024 * 1024) }),
      401,
      'unauthenticated',
    );
    expectError(
      await server.call('POST', '/api/inventories', { token: await server.token('compteur'), body: { nonsense: 1 } }),
      403,
      'forbidden',
    );
    expect(await dbSnapshot(server)).toEqual(before);
  });
});

/**
 * Every route of core's table, whatever the hand-written table above says: a route added
 * to the API is checked here without anyone listing it. Each role the route's permission
 * does not admit gets a 403, no token a 401, and nothing changes.
 */
describe('every route of the table', () => {
  const params = { id: MISSING, phase: 'before', username: TARGET } as const;
  const protectedRoutes = ROUTE_NAMES.filter((n) => ROUTES[n].permission !== null);
  const call = (name: RouteName, token?: string) => {
    const spec = ROUTES[name];
    return server.call(spec.method, routePath(name, params), {
      ...(token === undefined ? {} : { token }),
      ...('binaryBody' in spec ? { body: zipBytes() } : spec.method === 'GET' ? {} : { body: {} }),
    });
  };
  const refusals = protectedRoutes.flatMap((name) => {
    const permission = ROUTES[name].permission;
    return ROLES.filter((r) => permission === null || !can(r, permission)).map((role) => ({
      name,
      role,
      label: `${name} as ${role}`,
    }));
  });

  it('the hand-written table above admits the roles core’s table does, route by route', () => {
    for (const e of ENDPOINTS) {
      const [method, path] = e.name.split(' ') as [string, string];
      const name = protectedRoutes.find(
        (n) => ROUTES[n].method === method && new RegExp(`^${ROUTES[n].path.replace(/:\w+/g, '[^/]+')}$`).test(path),
      );
      expect(name, e.name).toBeDefined();
      const permission = ROUTES[name as RouteName].permission;
      expect(
        ROLES.filter((r) => permission !== null && can(r, permission)),
        e.name,
      ).toEqual(ROLES.filter((r) => e.roles.includes(r)));
    }
  });

  it.each(protectedRoutes)('%s: 401 without a token, nothing changed', async (name) => {
    const before = await dbSnapshot(server);
    expectError(await call(name), 401, 'unauthenticated');
    expect(await dbSnapshot(server)).toEqual(before);
  });

  it.each(refusals)('$label: 403, nothing changed', async ({ name, role }) => {
    const before = await dbSnapshot(server);
    expectError(await call(name, await server.token(USER[role])), 403, 'forbidden');
    expect(await dbSnapshot(server)).toEqual(before);
  });
});

describe('sessions', () => {
  let fresh: TestServer;

  beforeAll(async () => {
    fresh = await startTestServer({ throttle: new LoginThrottle() });
  });
  afterAll(() => fresh.close());

  const login = (username: string, password: string) =>
    fresh.call('POST', '/api/session', { body: { username, password } });

  it('refuses a wrong password and an unknown user alike: 401 invalid_credentials', async () => {
    const wrong = expectError(await login('superviseur', 'Demo'), 401, 'invalid_credentials');
    const unknown = expectError(await login('personne', 'demo'), 401, 'invalid_credentials');
    expect(unknown.message).toBe(wrong.message);
    const ok = await login('superviseur', 'demo');
    expect(ok.status).toBe(201);
    expect(ok.json<SessionDto>().user).toEqual({ username: 'superviseur', role: 'supervisor' });
  });

  it('throttles a username after 5 wrong passwords, even with the right one (429 + Retry-After)', async () => {
    for (let i = 0; i < 5; i++) expectError(await login('comptable', `faux-${i}`), 401, 'invalid_credentials');
    const res = await login('comptable', 'demo');
    const error = expectError(res, 429, 'too_many_attempts');
    const retryAfter = Number(res.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(error.details).toEqual({ retryAfterSeconds: retryAfter });
    expect(res.body).not.toContain('token');
    // Other users are not locked out by someone guessing at "comptable".
    expect((await login('compteur', 'demo')).status).toBe(201);
  });

  it('forgets the failures of a username once it logs in', async () => {
    for (let i = 0; i < 4; i++) expectError(await login('compteur', `faux-${i}`), 401, 'invalid_credentials');
    expect((await login('compteur', 'demo')).status).toBe(201);
    for (let i = 0; i < 4; i++) expectError(await login('compteur', `faux-${i}`), 401, 'invalid_credentials');
    expect((await login('compteur', 'demo')).status).toBe(201);
  });

  it('logout revokes the token, and only that token', async () => {
    const a = (await login('superviseur', 'demo')).json<SessionDto>().token;
    const b = (await login('superviseur', 'demo')).json<SessionDto>().token;
    expect((await fresh.call('GET', '/api/locations', { token: a })).status).toBe(200);
    const out = await fresh.call('DELETE', '/api/session', { token: a });
    expect(out.status).toBe(204);
    expectError(await fresh.call('GET', '/api/locations', { token: a }), 401, 'unauthenticated');
    expect((await fresh.call('GET', '/api/locations', { token: b })).status).toBe(200);
  });

  it('an expired token is refused', async () => {
    const token = (await login('compteur', 'demo')).json<SessionDto>().token;
    expect((await fresh.call('GET', '/api/locations', { token })).status).toBe(200);
    await fresh.db.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [
      createHash('sha256').update(token).digest('hex'),
    ]);
    expectError(await fresh.call('GET', '/api/locations', { token }), 401, 'unauthenticated');
  });
});

describe('blind count', () => {
  let fresh: TestServer;
  let blind: InventoryDto;
  let open: InventoryDto;

  beforeAll(async () => {
    fresh = await startTestServer();
    blind = await createInventory(fresh, { name: 'Aveugle', locationId: 1, kind: 'articles' });
    open = await createInventory(fresh, { name: 'Ouvert', locationId: 2, kind: 'articles', showExpected: true });
  });
  afterAll(() => fresh.close());

  const linesAs = async (user: 'superviseur' | 'compteur' | 'comptable', id: number): Promise<WireLineDto[]> => {
    const res = await fresh.call('GET', `/api/inventories/${id}/lines`, { token: await fresh.token(user) });
    expect(res.status).toBe(200);
    return res.json<WireLineDto[]>();
  };

  it('a counter gets no expected quantity; supervisor and accountant do', async () => {
    const asCounter = await linesAs('compteur', blind.id);
    expect(asCounter.length).toBeGreaterThan(100);
    expect(asCounter.every((l) => l.expectedQty === null)).toBe(true);
    for (const user of ['superviseur', 'comptable'] as const) {
      const lines = await linesAs(user, blind.id);
      expect(lines).toHaveLength(asCounter.length);
      expect(lines.every((l) => typeof l.expectedQty === 'string' && /^\d+\.\d{3}$/.test(l.expectedQty))).toBe(true);
    }
  });

  it('an inventory created with showExpected shows it to counters', async () => {
    const lines = await linesAs('compteur', open.id);
    expect(lines.length).toBeGreaterThan(100);
    expect(lines.every((l) => typeof l.expectedQty === 'string')).toBe(true);
  });

  it('"Ajouter réf." of a line already in the list does not reveal its expected quantity to a counter', async () => {
    const line = (await linesAs('superviseur', blind.id)).find((l) => l.expectedQty !== '0.000') as WireLineDto;
    const body = { itemRef: line.itemRef, bin: line.bin, lot: line.lot, serial: line.serial };
    const res = await fresh.call('POST', `/api/inventories/${blind.id}/lines`, {
      token: await fresh.token('compteur'),
      body,
    });
    expect(res.status, res.body).toBe(200);
    expect(res.json<WireLineDto>()).toMatchObject({ key: line.key, expectedQty: null });
    const asSup = await fresh.call('POST', `/api/inventories/${blind.id}/lines`, {
      token: await fresh.token('superviseur'),
      body,
    });
    expect(asSup.json<WireLineDto>().expectedQty).toBe(line.expectedQty);
    const shown = await fresh.call('POST', `/api/inventories/${open.id}/lines`, {
      token: await fresh.token('compteur'),
      body: { itemRef: line.itemRef, bin: 'N-01-1', lot: line.lot, serial: line.serial },
    });
    expect(shown.json<WireLineDto>().expectedQty).toBe('0.000');
  });
});

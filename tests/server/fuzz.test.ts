/**
 * A bounded, seeded fuzz of the whole API: thousands of malformed and hostile requests to
 * every route of core's route table, as each role (the admin on the routes where it does not
 * take the supervisor's path), with no token and with a revoked one. Never
 * a 5xx; every answer a 4xx with a code and a message; and the database, dumped whole
 * before and after, exactly the same. FUZZ_SEED replays a run; FUZZ_PER_ROUTE scales it.
 *
 * Besides the schema-invalid requests of fuzz/plan.ts, well-formed bodies carry SQL,
 * formula and unicode payloads deep into the code (lookups by line key, bin, item,
 * username) where the data itself refuses them, so those strings do reach SQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryDto, Role } from '../../src/core/api/dto';
import { ROUTE_NAMES } from '../../src/core/api/routes';
import { hasAnyRole } from '../../src/core/roles';
import type { ApiRoute } from '../../src/server/http/strictRoutes';
import { changedTables, dumpTables } from './fuzz/dump';
import { HOSTILE_TEXT } from './fuzz/hostile';
import { planRequests, validatorsFor, type FuzzRequest } from './fuzz/plan';
import { startTestServer, type TestServer } from './harness';
import { createInventory } from './support';

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const PER_ROUTE = Number(process.env.FUZZ_PER_ROUTE ?? 40);

let server: TestServer;
let counting: InventoryDto; // location 1, counting
let cancelled: InventoryDto; // location 2, cancelled (the location is free again)
const callers: { name: string; role: Role | null; authorization: string | null; refused: boolean }[] = [];

/**
 * Where an admin takes the supervisor's path (a route that admits supervisor, or no role
 * check at all), the superviseur's walk covers it; the admin walks its own routes.
 */
const coveredBySupervisor = (role: Role | null, route: ApiRoute): boolean =>
  role === 'admin' && (route.roles === null || hasAnyRole('supervisor', route.roles));

beforeAll(async () => {
  server = await startTestServer();
  counting = await createInventory(server, { name: 'Fuzz en cours', locationId: 1, kind: 'articles' });
  cancelled = await createInventory(server, { name: 'Fuzz annulé', locationId: 2, kind: 'articles' });
  const sup = await server.token('superviseur');
  expect((await server.call('POST', `/api/inventories/${cancelled.id}/cancel`, { token: sup })).status).toBe(200);
  const roles = { superviseur: 'supervisor', compteur: 'counter', comptable: 'accountant', admin: 'admin' } as const;
  for (const [username, role] of Object.entries(roles) as [keyof typeof roles, Role][]) {
    callers.push({ name: username, role, authorization: `Bearer ${await server.token(username)}`, refused: false });
  }
  const revoked = (
    await server.call('POST', '/api/session', { body: { username: 'compteur', password: 'demo' } })
  ).json<{ token: string }>().token;
  expect((await server.call('DELETE', '/api/session', { token: revoked })).status).toBe(204);
  callers.push({ name: 'revoked token', role: null, authorization: `Bearer ${revoked}`, refused: true });
  callers.push({ name: 'no token', role: null, authorization: null, refused: true });
});
afterAll(() => server.close());

/** Well-formed bodies with hostile text where the data refuses them (unknown line, bin, item…). */
function wellFormed(text: string, i: number): FuzzRequest[] {
  const at = '2026-12-01T10:00:00.000Z';
  const json = (method: string, url: string, body: unknown, what: string): FuzzRequest => ({
    method,
    url,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(body),
    what: `well-formed ${what}: ${JSON.stringify(text).slice(0, 60)}`,
  });
  const inv = `/api/inventories/${counting.id}`;
  return [
    json('POST', '/api/session', { username: text, password: text }, 'login'),
    json('POST', '/api/session', { username: 'superviseur', password: `${text}${i}` }, 'password'),
    json(
      'POST',
      `${inv}/counts`,
      {
        deviceId: 'fuzz',
        events: [{ id: crypto.randomUUID(), lineKey: text, qty: '1', seq: 1, counter: text, at }],
      },
      'line key',
    ),
    json(
      'POST',
      `${inv}/bins`,
      { deviceId: 'fuzz', checks: [{ bin: text, empty: true, seq: 1, counter: text, at }] },
      'bin',
    ),
    json('POST', `${inv}/recounts`, { lineKey: text }, 'recount line'),
    json('POST', `${inv}/recounts`, { bin: text }, 'recount bin'),
    json(
      'POST',
      '/api/stock-movements',
      { locationId: 2, itemRef: text, bin: 'A-01', delta: 1, reason: text },
      'movement item',
    ),
    // Location 1 is frozen by the counting inventory: a second inventory there is refused.
    json('POST', '/api/inventories', { name: text, locationId: 1, kind: 'articles' }, 'inventory name'),
    json(
      'POST',
      `/api/inventories/${cancelled.id}/lines`,
      { itemRef: text, designation: text, supplier: text, bin: text, lot: text, serial: text },
      'added line',
    ),
  ];
}

/**
 * The admin's routes, well-formed, each refused by the data (a user or a code that exists,
 * a password too short, a blank name) after the hostile text went through the checks
 * before it. Sent as the admin only: everyone else is refused before the body is read.
 */
function wellFormedAdmin(text: string): FuzzRequest[] {
  const json = (method: string, url: string, body: unknown, what: string): FuzzRequest => ({
    method,
    url,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(body),
    what: `well-formed ${what}: ${JSON.stringify(text).slice(0, 60)}`,
  });
  return [
    json('POST', '/api/users', { username: 'compteur', role: 'counter', password: `${text}-fuzz-pw` }, 'password'),
    json('POST', '/api/users', { username: text, role: 'admin', password: 'x' }, 'new username'),
    json('PATCH', `/api/users/${pathPart(text)}`, { active: false }, 'username in the path'),
    json('PUT', `/api/users/${pathPart(text)}/password`, { password: 'fuzz-password' }, 'username in the path'),
    json('POST', '/api/locations', { code: 'DEP-01', name: text }, 'location name'),
    json('POST', '/api/locations', { code: text, name: ' ' }, 'location code'),
    json('PATCH', '/api/locations/999999', { name: text }, 'location rename'),
  ];
}

/** A path segment; a lone surrogate (which encodeURIComponent refuses) as its raw UTF-8 bytes. */
function pathPart(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

/** A refusal as the API promises it: 4xx, JSON `{ error: { code, message } }`, both non-empty. */
function clearRefusal(status: number, body: string): boolean {
  if (status < 400 || status > 499) return false;
  try {
    const e = (JSON.parse(body) as { error?: { code?: unknown; message?: unknown } }).error;
    return typeof e?.code === 'string' && e.code.length > 0 && typeof e.message === 'string' && e.message.trim() !== '';
  } catch {
    return false;
  }
}

describe('fuzz', () => {
  it('thousands of hostile requests to every route: never a 5xx, always a clear 4xx, no data changed', async () => {
    // Core's route table, each route as the server registered it (with its strict defaults).
    const routes = ROUTE_NAMES.map((name) => server.app.apiRoutes.find((r) => r.name === name));
    expect(routes.every((r) => r !== undefined)).toBe(true);
    if (!routes.every((r): r is ApiRoute => r !== undefined)) return;
    const adminWalk = routes.filter((r) => !coveredBySupervisor('admin', r)).map((r) => `${r.method} ${r.url}`);
    expect(adminWalk).toEqual(
      expect.arrayContaining([
        'GET /api/users',
        'POST /api/users',
        'PATCH /api/users/:username',
        'PUT /api/users/:username/password',
        'POST /api/locations',
        'PATCH /api/locations/:id',
      ]),
    );
    expect(adminWalk).not.toContain('POST /api/inventories');
    const ids = [String(counting.id), String(cancelled.id), '999999'];
    const before = await dumpTables(server.db);

    let sent = 0;
    const serverErrors: string[] = [];
    const unclear: string[] = [];
    const statuses = new Map<number, number>();
    const send = async (caller: (typeof callers)[number], r: FuzzRequest): Promise<void> => {
      const res = await server.app.inject({
        method: r.method as 'GET',
        url: r.url,
        headers: { ...r.headers, ...(caller.authorization ? { authorization: caller.authorization } : {}) },
        ...(r.payload === undefined ? {} : { payload: r.payload }),
      });
      sent++;
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      const line = `${caller.name} ${r.method} ${r.url.slice(0, 100)} [${r.what}] → ${res.statusCode} ${res.body.slice(0, 200)}`;
      if (res.statusCode >= 500) serverErrors.push(line);
      else if (!clearRefusal(res.statusCode, res.body)) unclear.push(line);
    };

    for (const [r, route] of routes.entries()) {
      const validators = validatorsFor(route);
      for (const [c, caller] of callers.entries()) {
        if (coveredBySupervisor(caller.role, route)) continue;
        const n = caller.refused ? Math.ceil(PER_ROUTE / 4) : PER_ROUTE;
        const seed = SEED + r * 100 + c;
        for (const request of planRequests(route, validators, ids, caller.authorization, caller.refused, n, seed)) {
          await send(caller, request);
        }
      }
    }
    for (const caller of callers) {
      for (const [i, text] of HOSTILE_TEXT.entries()) {
        const requests = caller.role === 'admin' ? wellFormedAdmin(text) : wellFormed(text, i);
        for (const request of requests) await send(caller, request);
      }
    }

    const changed = changedTables(before, await dumpTables(server.db));
    if (changed.length) console.log(`fuzz changed tables: ${changed.join(', ')}`);
    console.log(`fuzz: ${sent} requests, 5xx: ${serverErrors.length}, data changed: ${changed.length}`);
    console.log(
      `fuzz statuses: ${[...statuses]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s}×${n}`)
        .join(' ')}`,
    );
    expect(sent).toBeGreaterThan(3000);
    expect(serverErrors.slice(0, 10)).toEqual([]);
    expect(unclear.slice(0, 10)).toEqual([]);
    expect(changed).toEqual([]);
    // ~20-30 s alone; twice that on a loaded machine.
  }, 180_000);
});

/**
 * The server's API is core's route table, all of it and nothing else: every route the
 * server registers has its name there, with the table's method, path and roles, every
 * route of the table is registered once, and a route declared outside the table stops
 * the server from starting.
 */
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, ROUTE_NAMES } from '../../src/core/api/routes';
import { ACTIONS } from '../../src/core/roles';
import { strictRoutes, type ApiRoute } from '../../src/server/http/strictRoutes';
import { ContractAudit } from './contractAudit';
import { startTestServer, type TestServer } from './harness';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('the route table', () => {
  it('the server registers exactly the table’s routes, with their method, path and roles', () => {
    const registered = server.app.apiRoutes.map((r) => ({
      name: r.name,
      method: r.method,
      url: r.url,
      roles: r.roles,
    }));
    const table = ROUTE_NAMES.map((name) => {
      const spec = ROUTES[name];
      return {
        name,
        method: spec.method,
        url: `/api${spec.path}`,
        roles: spec.permission === null ? null : ACTIONS[spec.permission],
      };
    });
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect([...registered].sort(byName)).toEqual([...table].sort(byName));
  });

  it('each method and path is one route', () => {
    const keys = ROUTE_NAMES.map((n) => `${ROUTES[n].method} ${ROUTES[n].path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('a route declared outside the table is refused when it is declared', async () => {
    const app = Fastify();
    const routes: ApiRoute[] = [];
    await app.register(async (api) => {
      strictRoutes(api, routes);
      expect(() => api.get('/not-in-the-table', async () => 'no')).toThrow(/not in core's route table/);
    });
    await app.close();
  });
});

describe('the contract audit every test server runs', () => {
  const answer = { method: 'POST', url: '/api/inventories/1/recounts', contentType: 'application/json; charset=utf-8' };
  const refusal = (code: string) => JSON.stringify({ error: { code, message: 'no' } });

  it('accepts a refusal whose code the route lists, and finds one whose code it does not', () => {
    const audit = new ContractAudit();
    audit.answered({ ...answer, route: 'createRecount', status: 409, body: refusal('recount_open'), value: undefined });
    audit.answered({ ...answer, route: 'createRecount', status: 404, body: refusal('not_found'), value: undefined });
    expect(audit.findings).toEqual([]);
    audit.answered({
      ...answer,
      route: 'createRecount',
      status: 409,
      body: refusal('export_exists'),
      value: undefined,
    });
    expect(audit.findings).toEqual([expect.stringContaining('code export_exists is not in the route')]);
    expect(() => audit.assertClean()).toThrow(/break core's route table/);
  });

  it('finds a field the serializer dropped, a field the schema does not name, and a status the table does not list', () => {
    const audit = new ContractAudit();
    const progress = { ...answer, route: 'importProgress' as const, url: '/api/imports/1/progress' };
    audit.answered({ ...progress, status: 200, body: '{"rows":3}', value: '{"rows":3}' });
    expect(audit.findings).toEqual([]);
    audit.answered({ ...progress, status: 200, body: '{"rows":3}', value: '{"rows":3,"at":1}' });
    audit.answered({ ...progress, status: 200, body: '{"rows":3,"at":1}', value: undefined });
    audit.answered({ ...progress, status: 201, body: '{"rows":3}', value: undefined });
    expect(audit.findings).toEqual([
      expect.stringContaining('the serializer changed the answer'),
      expect.stringContaining('does not match its response schema'),
      expect.stringContaining('status 201 is not one the route table lists'),
    ]);
  });
});

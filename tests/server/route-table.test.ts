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

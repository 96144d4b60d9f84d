/**
 * The hardened API: security headers on the app and the API, no CORS unless configured,
 * structured logs that never hold a password or a token, a revoked token refused by
 * every route, settings only from the environment.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildServer, type LoggerOptions } from '../../src/server/app';
import { readConfig } from '../../src/server/config';
import type { Database } from '../../src/server/db/database';
import { CONTENT_SECURITY_POLICY } from '../../src/server/http/security';
import { startTestServer, type TestServer } from './harness';
import { openTestDatabase } from './testDatabase';
import { dbSnapshot, expectError } from './support';

/** A server on its own copy of the template (embedded or PostgreSQL), with the options a test needs. */
async function serverWith(
  config: { corsOrigins?: string[]; staticDir?: string },
  logger?: LoggerOptions,
): Promise<{ app: FastifyInstance; db: Database; close(): Promise<void> }> {
  const db = await openTestDatabase();
  const app = await buildServer(
    db,
    { tokenTtlMs: 3_600_000, staticDir: config.staticDir ?? '/nonexistent', corsOrigins: config.corsOrigins ?? [] },
    logger ? { logger } : {},
  );
  return { app, db, close: async () => (await app.close(), await db.close()) };
}

const login = async (app: FastifyInstance, username: string, password = 'demo') =>
  app.inject({ method: 'POST', url: '/api/session', payload: { username, password } });

describe('security headers', () => {
  let srv: Awaited<ReturnType<typeof serverWith>>;
  let staticDir: string;

  beforeAll(async () => {
    staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'decompte-static-'));
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Décompte</title>');
    srv = await serverWith({ staticDir });
  });
  afterAll(async () => {
    await srv.close();
    fs.rmSync(staticDir, { recursive: true, force: true });
  });

  for (const url of ['/', '/index.html', '/api/locations', '/api/nothing-here']) {
    it(`${url} carries the CSP, nosniff, no-referrer and no framing`, async () => {
      const res = await srv.app.inject({ method: 'GET', url });
      const csp = String(res.headers['content-security-policy']);
      const directives = new Map(
        csp.split(';').map((d) => {
          const [name = '', ...values] = d.trim().split(/\s+/);
          return [name, values] as const;
        }),
      );
      expect(directives.get('default-src')).toEqual(["'self'"]);
      // No inline script, no eval: only the app's own files, and wasm compilation.
      expect(directives.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
      expect(csp).not.toContain('unsafe-inline');
      expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
      expect(directives.get('object-src')).toEqual(["'none'"]);
      expect(Object.keys(CONTENT_SECURITY_POLICY).length).toBe(directives.size);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(String(res.headers['permissions-policy'])).toContain('camera=(self)');
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });
  }
});

describe('CORS', () => {
  it('is off by default: another site gets no Access-Control-Allow-Origin, even on a preflight', async () => {
    const srv = await serverWith({});
    try {
      const token = (await login(srv.app, 'comptable')).json<{ token: string }>().token;
      const get = await srv.app.inject({
        method: 'GET',
        url: '/api/locations',
        headers: { origin: 'https://evil.example', authorization: `Bearer ${token}` },
      });
      expect(get.statusCode).toBe(200);
      expect(get.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await srv.app.inject({
        method: 'OPTIONS',
        url: '/api/inventories',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await srv.close();
    }
  });

  it('with CORS_ORIGINS, allows exactly those origins', async () => {
    const srv = await serverWith({ corsOrigins: ['https://erp.example'] });
    try {
      const ask = (origin: string) =>
        srv.app.inject({
          method: 'OPTIONS',
          url: '/api/inventories',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'authorization',
          },
        });
      const allowed = await ask('https://erp.example');
      expect(allowed.headers['access-control-allow-origin']).toBe('https://erp.example');
      expect(String(allowed.headers['access-control-allow-methods'])).toContain('POST');
      expect((await ask('https://evil.example')).headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await srv.close();
    }
  });

  it('CORS_ORIGINS must hold origins; settings come from the environment, with no secret in defaults', () => {
    expect(readConfig({}, []).corsOrigins).toEqual([]);
    expect(readConfig({ CORS_ORIGINS: 'https://a.example, http://b.example:8080' }, []).corsOrigins).toEqual([
      'https://a.example',
      'http://b.example:8080',
    ]);
    expect(() => readConfig({ CORS_ORIGINS: 'https://a.example/app' }, [])).toThrow(/CORS_ORIGINS/);
    expect(() => readConfig({ CORS_ORIGINS: '*' }, [])).toThrow(/CORS_ORIGINS/);
    expect(readConfig({ TRUST_PROXY: '1' }, []).trustProxy).toBe(true);
    expect(readConfig({}, []).trustProxy).toBe(false);
    // No configuration value is a password, key or token: the server has none to default.
    const config = readConfig({}, []);
    expect(Object.keys(config).filter((k) => /secret|password|key|token$/i.test(k))).toEqual([]);
  });
});

describe('logs', () => {
  it('are JSON lines that never hold a password or a token', async () => {
    const lines: string[] = [];
    const srv = await serverWith({}, { level: 'debug', stream: { write: (line) => void lines.push(line) } });
    try {
      const password = 'demo';
      const good = await login(srv.app, 'superviseur', password);
      expect(good.statusCode).toBe(201);
      const token = good.json<{ token: string }>().token;
      const wrongPassword = 'S3cret-Guess!';
      expect((await login(srv.app, 'superviseur', wrongPassword)).statusCode).toBe(401);
      const authed = await srv.app.inject({
        method: 'GET',
        url: '/api/inventories',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(authed.statusCode).toBe(200);
      // A refused request, a bad token and a logout are logged too.
      await srv.app.inject({
        method: 'GET',
        url: '/api/locations',
        headers: { authorization: `Bearer ${'x'.repeat(40)}` },
      });
      await srv.app.inject({ method: 'DELETE', url: '/api/session', headers: { authorization: `Bearer ${token}` } });

      expect(lines.length).toBeGreaterThan(6);
      const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(entries.every((e) => typeof e.level === 'number' && typeof e.time === 'number')).toBe(true);
      const all = lines.join('\n');
      expect(all).toContain('/api/inventories'); // requests are logged…
      expect(all).toContain('login refused'); // …and refused logins, with the username
      for (const secret of [token, wrongPassword, '"password"', 'x'.repeat(40), 'Bearer']) {
        expect(all).not.toContain(secret);
      }
      expect(all).not.toMatch(/"password"\s*:\s*"(?!\[redacted\])/);
    } finally {
      await srv.close();
    }
  });
});

describe('logout', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('a revoked token is refused by every API route, for every role', async () => {
    const routes = server.app.apiRoutes.filter((r) => !(r.url === '/api/session' && r.method === 'POST'));
    expect(routes.length).toBeGreaterThan(15);
    for (const username of ['superviseur', 'compteur', 'comptable', 'admin']) {
      const res = await server.call('POST', '/api/session', { body: { username, password: 'demo' } });
      const token = res.json<{ token: string }>().token;
      expect((await server.call('GET', '/api/inventories', { token })).status).toBe(200);
      expect((await server.call('DELETE', '/api/session', { token })).status).toBe(204);
      for (const route of routes) {
        if (route.url === '/api/session') continue; // logging out twice is fine: 204
        const url = route.url.replace(':id', '1').replace(':phase', 'before');
        expectError(await server.call(route.method, url, { token }), 401, 'unauthenticated');
      }
    }
  });

  it('a body sent to a route that takes none is refused, not ignored', async () => {
    const token = await server.token('superviseur');
    expectError(
      await server.call('POST', '/api/inventories/1/cancel', { token, body: { really: true } }),
      400,
      'unexpected_body',
    );
    expectError(await server.call('GET', '/api/locations?x=1', { token }), 400, 'invalid_request');
  });
});

describe("the router's own refusals", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('a path that is not UTF-8, or a path id over 100 characters, gets the API error shape', async () => {
    const token = await server.token('superviseur');
    const before = await dbSnapshot(server);
    expectError(await server.call('GET', '/api/inventories/%ED%A0%80', { token }), 400, 'bad_request');
    expectError(await server.call('GET', `/api/inventories/${'9'.repeat(101)}`, { token }), 414, 'uri_too_long');
    expectError(await server.call('POST', `/api/inventories/${'1'.repeat(101)}/close`, { token }), 414, 'uri_too_long');
    expect(await dbSnapshot(server)).toEqual(before);
  });
});

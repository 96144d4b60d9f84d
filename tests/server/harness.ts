/**
 * Starts the real server on a real database (a copy of the migrated demo template, on
 * the embedded database or on PostgreSQL: see testDatabase.ts) and gives tests a small
 * typed client: log in as a demo user, call the API.
 */
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/server/app';
import { LoginThrottle } from '../../src/server/auth/loginThrottle';
import type { Database } from '../../src/server/db/database';
import type { Role } from '../../src/core/api';
import { hashPassword } from '../../src/server/auth/passwords';
import { saveUser } from '../../src/server/repos/users';
import { openTestDatabase } from './testDatabase';

export interface TestServer {
  readonly app: FastifyInstance;
  readonly db: Database;
  /** Bearer token of a demo user: superviseur, compteur or comptable. */
  token(username: 'superviseur' | 'compteur' | 'comptable'): Promise<string>;
  /**
   * Bearer token of a user made for the test (password `demo`): the server names the
   * logged-in user as the counter, so two people counting are two users.
   */
  userToken(username: string, role?: Role): Promise<string>;
  call(
    method: string,
    url: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<Response>;
  close(): Promise<void>;
}

export interface Response {
  readonly status: number;
  readonly headers: Record<string, string | string[] | number | undefined>;
  readonly body: string;
  readonly raw: Buffer;
  /** Parses the body; name the contract type (`res.json<RecapDto>()`). */
  json<T = unknown>(): T;
}

export async function startTestServer(options: { throttle?: LoginThrottle } = {}): Promise<TestServer> {
  const db = await openTestDatabase();
  const app = await buildServer(db, { tokenTtlMs: 3_600_000, staticDir: '/nonexistent' }, options);
  const tokens = new Map<string, string>();
  const call: TestServer['call'] = async (method, url, o = {}) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    const isBinary = o.body instanceof Uint8Array;
    const res = await app.inject({
      method: method as 'GET',
      url,
      headers:
        o.body === undefined
          ? headers
          : { 'content-type': isBinary ? 'application/zip' : 'application/json', ...headers },
      ...(o.body === undefined
        ? {}
        : {
            payload: isBinary
              ? Buffer.from(o.body as Uint8Array)
              : typeof o.body === 'string'
                ? o.body
                : JSON.stringify(o.body),
          }),
    });
    return {
      status: res.statusCode,
      headers: res.headers,
      body: res.body,
      raw: res.rawPayload,
      json: () => res.json<never>(),
    };
  };
  return {
    app,
    db,
    call,
    async token(username) {
      const cached = tokens.get(username);
      if (cached) return cached;
      const res = await call('POST', '/api/session', { body: { username, password: 'demo' } });
      if (res.status !== 201) throw new Error(`login ${username} failed: ${res.status} ${res.body}`);
      const token = res.json<{ token: string }>().token;
      tokens.set(username, token);
      return token;
    },
    async userToken(username, role = 'counter') {
      const cached = tokens.get(username);
      if (cached) return cached;
      await saveUser(db, { username, role, passwordHash: await hashPassword('demo') });
      const res = await call('POST', '/api/session', { body: { username, password: 'demo' } });
      if (res.status !== 201) throw new Error(`login ${username} failed: ${res.status} ${res.body}`);
      const token = res.json<{ token: string }>().token;
      tokens.set(username, token);
      return token;
    },
    async close() {
      await app.close();
      await db.close();
    },
  };
}

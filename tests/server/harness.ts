/**
 * Starts the real server on a real database (a copy of the migrated demo template, on
 * the embedded database or on PostgreSQL: see testDatabase.ts) and gives tests a small
 * typed client: log in as a demo user, call the API.
 */
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/server/app';
import type { ServerContext } from '../../src/server/context';
import { LoginThrottle } from '../../src/server/auth/loginThrottle';
import type { Database } from '../../src/server/db/database';
import type { SenderOptions } from '../../src/server/webhook/sender';
import type { Role } from '../../src/core/api/dto';
import { hashPassword } from '../../src/server/auth/passwords';
import { saveUser } from '../../src/server/repos/users';
import { ContractAudit } from './contractAudit';
import { openTestDatabase } from './testDatabase';
import { migrate } from '../../src/server/db/migrate';
import { DEMO_PASSWORD, DEMO_USERS } from '../../src/server/demo/seed';

export type DemoUser = 'superviseur' | 'compteur' | 'comptable' | 'admin';

export interface TestServer {
  readonly app: FastifyInstance;
  readonly db: Database;
  /** Bearer token of a demo user (password `demo`), cached: log in again after revoking it. */
  token(username: DemoUser): Promise<string>;
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
  /** Every answer checked against core's route table; close() throws its findings. */
  readonly audit: ContractAudit;
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

/**
 * `empty`: a migrated database with the demo users and nothing else (no location, no
 * item), as a shop's own server starts before its first import.
 */
export async function startTestServer(
  options: {
    throttle?: LoginThrottle;
    empty?: boolean;
    /** Settings beyond the defaults (a webhook…). */
    config?: Partial<ServerContext['config']>;
    webhook?: SenderOptions;
  } = {},
): Promise<TestServer> {
  const db = options.empty ? await emptyDatabase() : await openTestDatabase();
  const { config, empty: _empty, ...rest } = options;
  const audit = new ContractAudit();
  const app = await buildServer(
    db,
    { tokenTtlMs: 3_600_000, staticDir: '/nonexistent', ...config },
    { ...rest, watcher: audit },
  );
  const tokens = new Map<string, string>();
  const call: TestServer['call'] = async (method, url, o = {}) => {
    const headers: Record<string, string> = { ...o.headers };
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
    audit,
    async close() {
      await app.close();
      await db.close();
      audit.assertClean();
    },
  };
}

async function emptyDatabase(): Promise<Database> {
  const db = await openTestDatabase({ empty: true });
  await migrate(db);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const u of DEMO_USERS) await saveUser(db, { ...u, passwordHash });
  return db;
}

/**
 * Issue #19: the login throttle lives in the database, so every server process sharing it
 * counts the same failures, and counts per client address and username, so a stranger
 * guessing at a user from elsewhere cannot lock that user out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/server/app';
import type { Database } from '../../src/server/db/database';
import { openTestDatabase } from './testDatabase';

let db: Database;
let one: FastifyInstance;
let two: FastifyInstance;

beforeAll(async () => {
  db = await openTestDatabase();
  // Two servers on one database: two processes behind a load balancer.
  const config = { tokenTtlMs: 3_600_000, staticDir: '/nonexistent' };
  one = await buildServer(db, config);
  two = await buildServer(db, config);
});
afterAll(async () => {
  await one.close();
  await two.close();
  await db.close();
});

const login = async (app: FastifyInstance, address: string, username: string, password: string) => {
  const res = await app.inject({
    method: 'POST',
    url: '/api/session',
    remoteAddress: address,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ username, password }),
  });
  return {
    status: res.statusCode,
    retryAfter: res.headers['retry-after'],
    code: res.json<{ error?: { code: string } }>().error?.code,
  };
};

describe('the login throttle', () => {
  it('counts per address and username, across processes: a stranger cannot lock a user out from elsewhere', async () => {
    // A stranger at 203.0.113.9 guesses at "comptable", alternating between the two processes.
    for (let i = 0; i < 5; i++) {
      const app = i % 2 === 0 ? one : two;
      expect((await login(app, '203.0.113.9', 'comptable', `faux-${i}`)).status).toBe(401);
    }
    // Locked out from there, on both processes, even with the right password.
    for (const app of [one, two]) {
      const res = await login(app, '203.0.113.9', 'comptable', 'demo');
      expect(res.status).toBe(429);
      expect(res.code).toBe('too_many_attempts');
      expect(Number(res.retryAfter)).toBeGreaterThan(0);
      expect(Number(res.retryAfter)).toBeLessThanOrEqual(15 * 60);
    }
    // The accountant, at the office, logs in.
    expect((await login(two, '192.0.2.10', 'comptable', 'demo')).status).toBe(201);
    // The stranger's other names are not locked (per pair), until the address's own limit.
    expect((await login(one, '203.0.113.9', 'compteur', 'demo')).status).toBe(201);
  });

  it('slows a machine guessing many names from one address', async () => {
    for (let i = 0; i < 100; i++) {
      expect((await login(one, '198.51.100.7', `nom-${i}`, 'x')).status).toBe(401);
    }
    expect((await login(two, '198.51.100.7', 'superviseur', 'demo')).status).toBe(429);
    expect((await login(two, '198.51.100.8', 'superviseur', 'demo')).status).toBe(201);
  });

  it('a good login clears the failures of that address and name', async () => {
    for (let i = 0; i < 4; i++) expect((await login(one, '192.0.2.20', 'compteur', `faux-${i}`)).status).toBe(401);
    expect((await login(two, '192.0.2.20', 'compteur', 'demo')).status).toBe(201);
    for (let i = 0; i < 4; i++) expect((await login(two, '192.0.2.20', 'compteur', `faux-${i}`)).status).toBe(401);
    expect((await login(one, '192.0.2.20', 'compteur', 'demo')).status).toBe(201);
  });
});

/** POST /api/session (log in), DELETE /api/session (log out). */
import type { FastifyInstance } from 'fastify';
import { verifyPassword, DUMMY_HASH } from '../auth/passwords';
import type { ServerContext } from '../context';
import { route } from '../http/route';
import { bearerToken } from '../http/auth';
import { HttpError } from '../http/errors';
import { BODY_LIMIT } from '../http/limits';
import { createSession, deleteSession, findUserWithHash } from '../repos/users';

export function sessionRoutes(app: FastifyInstance, { db, config, throttle }: ServerContext): void {
  route<{ Body: { username: string; password: string } }>(
    app,
    db,
    'login',
    async (request, reply) => {
      const username = request.body.username.trim().toLowerCase();
      const wait = await throttle.retryAfterMs(db, request.ip, username);
      if (wait > 0) {
        const seconds = Math.ceil(wait / 1000);
        reply.header('Retry-After', String(seconds));
        throw new HttpError(
          429,
          'too_many_attempts',
          `Too many wrong passwords. Try again in ${Math.ceil(seconds / 60)} min.`,
          {
            retryAfterSeconds: seconds,
          },
        );
      }
      const user = await findUserWithHash(db, username);
      const good = await verifyPassword(request.body.password, user?.passwordHash ?? DUMMY_HASH);
      if (!user || !good) {
        // Who and from where, for the audit trail; never what was typed as the password.
        request.log.warn({ username, ip: request.ip }, 'login refused: wrong username or password');
        await throttle.fail(db, request.ip, username);
        throw new HttpError(401, 'invalid_credentials', 'Wrong username or password.');
      }
      if (!user.active) {
        // Only after the right password: to anyone else an inactive account looks like any wrong login.
        request.log.warn({ username, ip: request.ip }, 'login refused: account deactivated');
        throw new HttpError(403, 'user_inactive', 'This account is deactivated: ask an administrator.');
      }
      await throttle.succeed(db, request.ip, username);
      const session = await createSession(db, user.username, config.tokenTtlMs);
      return reply.status(201).send({
        token: session.token,
        expiresAt: session.expiresAt.toISOString(),
        user: { username: user.username, role: user.role },
      });
    },
    { bodyLimit: BODY_LIMIT.login },
  );

  route(app, db, 'logout', async (request, reply) => {
    const token = bearerToken(request);
    if (token) await deleteSession(db, token);
    return reply.status(204).send();
  });
}

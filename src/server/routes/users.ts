/**
 * Users, managed by an admin (core/adminApi.ts has the contract): list, create, change the
 * role or deactivate/reactivate, reset the password. Passwords go in, are hashed, and are
 * never logged nor sent back.
 */
import type { FastifyInstance } from 'fastify';
import { checkPassword, MAX_PASSWORD_LENGTH, parseUsername, USERNAME_PATTERN } from '../../core/accounts';
import type { CreateUserDto, ResetPasswordDto, UpdateUserDto } from '../../core/adminApi';
import { ROLES } from '../../core/api';
import type { ServerContext } from '../context';
import { hashPassword } from '../auth/passwords';
import { currentUser, requireRole } from '../http/auth';
import { notFound, orThrow } from '../http/errors';
import { text } from '../http/schemas';
import { createUser, listUsers, resetPassword, updateUser, userExists, userTaken } from '../repos/accounts';

const role = { type: 'string', enum: ROLES } as const;
const passwordSchema = text(MAX_PASSWORD_LENGTH);
const usernameParams = {
  type: 'object',
  required: ['username'],
  additionalProperties: false,
  properties: { username: { type: 'string', pattern: USERNAME_PATTERN } },
} as const;

export function userRoutes(app: FastifyInstance, { db }: ServerContext): void {
  const admin = requireRole(db, ['admin']);

  app.get('/users', { onRequest: admin }, async () => listUsers(db));

  app.post<{ Body: CreateUserDto }>(
    '/users',
    {
      onRequest: admin,
      schema: {
        body: {
          type: 'object',
          required: ['username', 'role', 'password'],
          additionalProperties: false,
          properties: { username: text(100), role, password: passwordSchema },
        },
      },
    },
    async (request, reply) => {
      const username = orThrow(parseUsername(request.body.username));
      const password = orThrow(checkPassword(request.body.password));
      if (await userExists(db, username)) throw userTaken(username);
      const passwordHash = await hashPassword(password);
      const by = currentUser(request).username;
      const user = await db.transaction((tx) =>
        createUser(tx, { username, role: request.body.role, passwordHash }, by),
      );
      request.log.info({ username, role: user.role, by }, 'user created');
      return reply.status(201).send(user);
    },
  );

  app.patch<{ Params: { username: string }; Body: UpdateUserDto }>(
    '/users/:username',
    {
      onRequest: admin,
      schema: {
        params: usernameParams,
        body: {
          type: 'object',
          minProperties: 1,
          additionalProperties: false,
          properties: { role, active: { type: 'boolean' } },
        },
      },
    },
    async (request) => {
      const by = currentUser(request).username;
      const { username } = request.params;
      const { user, revoked } = await db.transaction((tx) =>
        updateUser(tx, username, { role: request.body.role, active: request.body.active }, by),
      );
      request.log.info({ username, role: user.role, active: user.active, revoked, by }, 'user changed');
      return user;
    },
  );

  app.put<{ Params: { username: string }; Body: ResetPasswordDto }>(
    '/users/:username/password',
    {
      onRequest: admin,
      schema: {
        params: usernameParams,
        body: {
          type: 'object',
          required: ['password'],
          additionalProperties: false,
          properties: { password: passwordSchema },
        },
      },
    },
    async (request) => {
      const by = currentUser(request).username;
      const { username } = request.params;
      const password = orThrow(checkPassword(request.body.password));
      if (!(await userExists(db, username))) throw notFound(`User ${username}`);
      const passwordHash = await hashPassword(password);
      const { user, revoked } = await db.transaction((tx) => resetPassword(tx, username, passwordHash, by));
      request.log.info({ username, revoked, by }, 'password reset');
      return user;
    },
  );
}

/**
 * Users, managed by an admin (core/adminApi.ts has the contract): list, create, change the
 * role or deactivate/reactivate, reset the password. Passwords go in, are hashed, and are
 * never logged nor sent back.
 */
import type { FastifyInstance } from 'fastify';
import { checkPassword, parseUsername } from '../../core/accounts';
import type { CreateUserDto, ResetPasswordDto, UpdateUserDto } from '../../core/adminApi';
import type { ServerContext } from '../context';
import { route } from '../http/route';
import { hashPassword } from '../auth/passwords';
import { currentUser } from '../http/auth';
import { notFound, orThrow } from '../http/errors';
import { createUser, listUsers, resetPassword, updateUser, userExists, userTaken } from '../repos/accounts';

export function userRoutes(app: FastifyInstance, { db }: ServerContext): void {
  route(app, db, 'listUsers', async () => listUsers(db));

  route<{ Body: CreateUserDto }>(app, db, 'createUser', async (request, reply) => {
    const username = orThrow(parseUsername(request.body.username));
    const password = orThrow(checkPassword(request.body.password));
    if (await userExists(db, username)) throw userTaken(username);
    const passwordHash = await hashPassword(password);
    const by = currentUser(request).username;
    const user = await db.transaction((tx) => createUser(tx, { username, role: request.body.role, passwordHash }, by));
    request.log.info({ username, role: user.role, by }, 'user created');
    return reply.status(201).send(user);
  });

  route<{ Params: { username: string }; Body: UpdateUserDto }>(app, db, 'updateUser', async (request) => {
    const by = currentUser(request).username;
    const { username } = request.params;
    const { user, revoked } = await db.transaction((tx) =>
      updateUser(tx, username, { role: request.body.role, active: request.body.active }, by),
    );
    request.log.info({ username, role: user.role, active: user.active, revoked, by }, 'user changed');
    return user;
  });

  route<{ Params: { username: string }; Body: ResetPasswordDto }>(app, db, 'resetPassword', async (request) => {
    const by = currentUser(request).username;
    const { username } = request.params;
    const password = orThrow(checkPassword(request.body.password));
    if (!(await userExists(db, username))) throw notFound(`User ${username}`);
    const passwordHash = await hashPassword(password);
    const { user, revoked } = await db.transaction((tx) => resetPassword(tx, username, passwordHash, by));
    request.log.info({ username, revoked, by }, 'password reset');
    return user;
  });
}

/**
 * Bearer-token authentication and role checks. Every route states the action it needs
 * (core's route table; core/roles.ts says which roles may);
 * the client only hides buttons, the server is where "no" is said. A role admits the
 * roles that hold it (core/roles.ts): a route for `supervisor` admits `admin` too.
 */
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { Role } from '../../core/api/dto';
import { ACTIONS, can, type Action } from '../../core/roles';
import type { Database } from '../db/database';
import { userForToken, type User } from '../repos/users';
import { HttpError } from './errors';

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
  }
}

export const bearerToken = (request: FastifyRequest): string | null => {
  const header = request.headers.authorization;
  const m = header ? /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header) : null;
  return m?.[1] ?? null;
};

/**
 * Runs as the route's `onRequest` hook: before the body is read or validated, so an
 * anonymous or unauthorised caller learns nothing from validation messages and cannot
 * make the server buffer a large upload.
 */
/** A role check, with the roles it admits kept on it (strictRoutes lists them per route). */
export type RoleCheck = onRequestAsyncHookHandler & { readonly roles: readonly Role[] };

export function requireRole(db: Database, action: Action): RoleCheck {
  const roles: readonly Role[] = ACTIONS[action];
  const check: onRequestAsyncHookHandler = async (request: FastifyRequest, _reply: FastifyReply) => {
    const token = bearerToken(request);
    const user = token ? await userForToken(db, token) : null;
    if (!user) throw new HttpError(401, 'unauthenticated', 'Log in first (missing, invalid or expired token).');
    if (!can(user.role, action)) {
      throw new HttpError(403, 'forbidden', `This action needs the role ${roles.join(' or ')}; you are ${user.role}.`);
    }
    request.user = user;
  };
  return Object.assign(check, { roles });
}

export const currentUser = (request: FastifyRequest): User => {
  if (!request.user) throw new HttpError(401, 'unauthenticated', 'Log in first.');
  return request.user;
};

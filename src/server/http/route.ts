/**
 * Registers a route of core's table (core/api/routes.ts) with its handler: the method,
 * the path, the request schemas and the permission come from the table, so a route file
 * holds only what the server does. What is the server's own business (how large a body
 * may be, a check before the body is read) comes with the handler.
 */
import type { FastifyInstance, RouteGenericInterface, RouteHandlerMethod, RouteShorthandOptions } from 'fastify';
import type { RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import { ROUTES, type RouteName, type RouteSpec } from '../../core/api/routes';
import type { Database } from '../db/database';
import { requireRole } from './auth';

type Options<G extends RouteGenericInterface> = Pick<
  RouteShorthandOptions<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, G>,
  'bodyLimit' | 'preParsing'
>;

export function route<G extends RouteGenericInterface = RouteGenericInterface>(
  app: FastifyInstance,
  db: Database,
  name: RouteName,
  handler: RouteHandlerMethod<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, G>,
  options: Options<G> = {},
): void {
  const spec: RouteSpec = ROUTES[name];
  app.route<G>({
    method: spec.method,
    url: spec.path,
    // A copy: strictRoutes adds its defaults to the route's schema, never to the table.
    schema: { ...spec.schema },
    ...(spec.permission ? { onRequest: requireRole(db, spec.permission) } : {}),
    config: { routeName: name, ...(spec.binaryBody ? { binaryBody: true } : {}) },
    ...options,
    handler,
  });
}

/**
 * Registers a route of core's table (core/api/routes.ts) with its handler: the method,
 * the path, the request and response schemas and the permission come from the table, so a route file
 * holds only what the server does. What is the server's own business (how large a body
 * may be, a check before the body is read) comes with the handler.
 */
import type { FastifyInstance, RouteGenericInterface, RouteHandlerMethod, RouteShorthandOptions } from 'fastify';
import type { RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import { isJsonBody } from '../../core/api/jsonSchema';
import { apiError } from '../../core/api/responseSchemas';
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
    schema: { ...spec.schema, response: responseSchemas(spec) },
    ...(spec.permission ? { onRequest: requireRole(db, spec.permission) } : {}),
    config: { routeName: name, ...(spec.binaryBody ? { binaryBody: true } : {}) },
    ...options,
    handler,
  });
}

/**
 * The JSON answers' schemas by status, refusals included: Fastify serializes with them
 * (faster than JSON.stringify, and never a field the contract does not name). Raw bytes
 * and empty answers have none: the serializer does not touch them.
 */
function responseSchemas(spec: RouteSpec): Record<string, unknown> {
  const out: Record<string, unknown> = { '4xx': apiError, '5xx': apiError };
  for (const [status, body] of Object.entries(spec.responses)) if (isJsonBody(body)) out[status] = body;
  return out;
}

/**
 * Rules every API route gets without repeating them, added as routes are declared:
 * - a route that declares no body schema takes no body (a body sent to /apply or
 *   /cancel is a client mistake, refused rather than ignored);
 * - a route that declares no query schema takes no query parameters;
 * - a route that is not in core's route table (core/api/routes.ts, registered through
 *   http/route.ts) is refused at start: the table is the whole API;
 * and the list of API routes (name, method, URL, and the roles its requireRole admits),
 * which the tests compare with the table.
 */
import type { FastifyInstance, preValidationAsyncHookHandler, RouteOptions } from 'fastify';
import type { Role } from '../../core/api/dto';
import type { RouteName } from '../../core/api/routes';
import { badRequest } from './errors';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The body is raw bytes (a ZIP) checked by the handler, not JSON checked by a schema. */
    binaryBody?: boolean;
    /** Its name in core's route table (http/route.ts sets it). */
    routeName?: RouteName;
  }
}

export interface ApiRoute {
  /** Its name in core's route table. */
  readonly name: RouteName;
  readonly method: string;
  readonly url: string;
  readonly schema: RouteOptions['schema'];
  readonly binaryBody: boolean;
  /** The roles named in its requireRole (roles.ts adds those that hold them); null: no role check. */
  readonly roles: readonly Role[] | null;
}

function rolesOf(onRequest: RouteOptions['onRequest']): readonly Role[] | null {
  const hooks = Array.isArray(onRequest) ? onRequest : onRequest ? [onRequest] : [];
  const check = hooks.find((h): h is typeof h & { roles: readonly Role[] } => 'roles' in h);
  return check ? check.roles : null;
}

const refuseBody: preValidationAsyncHookHandler = async (request) => {
  // JSON `null` is a body too: only "nothing sent" (or an empty JSON body) is no body.
  if (request.body !== undefined) {
    throw badRequest('unexpected_body', `${request.method} ${request.routeOptions.url} takes no body.`);
  }
};

const NO_QUERY = { type: 'object', additionalProperties: false, properties: {} } as const;

/** Adds the rules above to every route declared from now on, and records them in `routes`. */
export function strictRoutes(app: FastifyInstance, routes: ApiRoute[]): void {
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const schema = (route.schema ??= {});
    schema.querystring ??= NO_QUERY;
    if (!schema.body && !route.config?.binaryBody) {
      const pre = route.preValidation;
      route.preValidation = pre ? [refuseBody, ...(Array.isArray(pre) ? pre : [pre])] : refuseBody;
    }
    for (const method of methods) {
      if (method === 'HEAD' || method === 'OPTIONS') continue;
      const name = route.config?.routeName;
      if (!name) throw new Error(`${method} ${route.url} is not in core's route table (core/api/routes.ts).`);
      routes.push({
        name,
        method,
        url: route.url,
        schema,
        binaryBody: Boolean(route.config?.binaryBody),
        roles: rolesOf(route.onRequest),
      });
    }
  });
}

/**
 * GET /api/movements?after=CURSOR&limit=N: every stock movement once, in order, for an
 * ERP or a script that resumes from its cursor (why the order is exact: repos/movements.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';
import { route } from '../http/route';
import { movementsPageJson } from '../repos/movements';

export const MOVEMENTS_PAGE = { default: 1000, max: 10_000 } as const;

export function movementRoutes(app: FastifyInstance, { db }: ServerContext): void {
  route<{ Querystring: { after?: string; limit?: string } }>(app, db, 'listMovements', async (request, reply) => {
    const limit = Math.min(Number(request.query.limit ?? MOVEMENTS_PAGE.default), MOVEMENTS_PAGE.max);
    const page = await movementsPageJson(db, Number(request.query.after ?? 0), limit);
    return reply.type('application/json; charset=utf-8').send(page);
  });
}

/** Locations, current stock, and stock movements (refused with 423 while a location is counted). */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';
import { ANY_ROLE, currentUser, requireRole } from '../http/auth';
import { orThrow } from '../http/errors';
import { decimal, id, notBlank, nullableText, plainDecimal, text } from '../http/schemas';
import { getStock, listLocations, moveStock } from '../repos/stock';
import { parseDelta } from '../../core/quantity';
import { RESERVED_REASONS } from '../../core/outbound';
import { badRequest } from '../http/errors';

export function stockRoutes(app: FastifyInstance, { db }: ServerContext): void {
  app.get('/locations', { onRequest: requireRole(db, ANY_ROLE) }, async () => listLocations(db));

  app.get<{ Querystring: { locationId: string } }>(
    '/stock',
    {
      onRequest: requireRole(db, ['supervisor', 'accountant']),
      schema: {
        querystring: {
          type: 'object',
          required: ['locationId'],
          additionalProperties: false,
          properties: { locationId: { type: 'string', pattern: '^[1-9][0-9]{0,8}$' } },
        },
      },
    },
    async (request) => getStock(db, Number(request.query.locationId)),
  );

  app.post<{
    Body: {
      locationId: number;
      itemRef: string;
      bin: string;
      lot?: string | null;
      serial?: string | null;
      delta: number | string;
      reason: string;
    };
  }>(
    '/stock-movements',
    {
      onRequest: requireRole(db, ['supervisor']),
      schema: {
        body: {
          type: 'object',
          required: ['locationId', 'itemRef', 'bin', 'delta', 'reason'],
          additionalProperties: false,
          properties: {
            locationId: id,
            itemRef: text(64),
            bin: text(64),
            lot: nullableText(64),
            serial: nullableText(64),
            delta: decimal,
            reason: text(200),
          },
        },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const delta = orThrow(parseDelta(plainDecimal(b.delta, 'invalid_quantity', 'delta')));
      if (delta === 0n) throw badRequest('invalid_quantity', 'delta cannot be zero');
      const reason = notBlank(b.reason, 'reason');
      // The movements feed tells an inventory's or an import's movements by their reason.
      if (RESERVED_REASONS.includes(reason.toLowerCase())) {
        throw badRequest(
          'reserved_reason',
          `"${reason}" is the reason the server gives its own movements; give another.`,
        );
      }
      const result = await db.transaction((tx) =>
        moveStock(tx, {
          locationId: b.locationId,
          itemRef: notBlank(b.itemRef, 'itemRef'),
          bin: notBlank(b.bin, 'bin'),
          lot: b.lot || null,
          serial: b.serial || null,
          delta,
          reason,
          by: currentUser(request).username,
        }),
      );
      return reply.status(201).send(result);
    },
  );
}

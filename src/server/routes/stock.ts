/** Locations, current stock, and stock movements (refused with 423 while a location is counted). */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context';
import { route } from '../http/route';
import { currentUser } from '../http/auth';
import { orThrow } from '../http/errors';
import { notBlank, plainDecimal } from '../http/schemas';
import { getStock, listLocations, moveStock } from '../repos/stock';
import { parseDelta } from '../../core/quantity';
import { RESERVED_REASONS } from '../../core/outbound';
import { badRequest } from '../http/errors';

export function stockRoutes(app: FastifyInstance, { db }: ServerContext): void {
  route(app, db, 'listLocations', async () => listLocations(db));

  route<{ Querystring: { locationId: string } }>(app, db, 'getStock', async (request) =>
    getStock(db, Number(request.query.locationId)),
  );

  route<{
    Body: {
      locationId: number;
      itemRef: string;
      bin: string;
      lot?: string | null;
      serial?: string | null;
      delta: number | string;
      reason: string;
    };
  }>(app, db, 'moveStock', async (request, reply) => {
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
  });
}

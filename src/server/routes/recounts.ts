/**
 * Recounts: the supervisor asks for a line, or a whole bin, to be counted again (a new
 * count round, core/recount.ts); everyone reads the list — counters too, since it holds
 * no quantity (the count stays blind).
 */
import type { FastifyInstance } from 'fastify';
import type { RecountRequestDto } from '../../core/api/dto';
import type { ServerContext } from '../context';
import { route } from '../http/route';
import { currentUser } from '../http/auth';
import { conflict } from '../http/errors';
import { getInventory } from '../repos/inventories';
import { listRecounts, requestRecount } from '../repos/recounts';

type IdParams = { Params: { id: string } };

export function recountRoutes(app: FastifyInstance, { db }: ServerContext): void {
  route<IdParams>(app, db, 'listRecounts', async (request) => {
    const inv = await getInventory(db, Number(request.params.id));
    return listRecounts(db, inv.id);
  });

  route<IdParams & { Body: RecountRequestDto }>(app, db, 'createRecount', async (request, reply) => {
    const created = await db.transaction(async (tx) => {
      const inv = await getInventory(tx, Number(request.params.id), true);
      // Closed is fine: the supervisor decides from the recap, then reopens for the counters.
      if (inv.status !== 'counting' && inv.status !== 'closed') {
        throw conflict(
          'not_counting',
          `A recount needs an inventory still counting or closed; this one is ${inv.status}.`,
          {
            status: inv.status,
          },
        );
      }
      return requestRecount(tx, inv, request.body, currentUser(request).username);
    });
    return reply.status(201).send(created);
  });
}

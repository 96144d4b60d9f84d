/**
 * POST count events from a device (idempotent by event id); GET events since a cursor
 * (for a counter on a blind count, without their quantities: core/roles.ts countsBlind).
 * `qty: null` withdraws the device's count of the line (see core/counting.ts). Both say
 * the device is alive (its last contact, for the supervisor), and a push carries how many
 * events the device still holds unsent. An event's `round` above 0 must be one a recount
 * opened for its line: a round nobody asked for would silently replace a count.
 */
import type { FastifyInstance } from 'fastify';
import type { CountsPushDto } from '../../core/api/dto';
import { checkLineQty } from '../../core/line';
import type { LineKey } from '../../core/lineKey';
import { parseQty, type Qty } from '../../core/quantity';
import { currentRound } from '../../core/recount';
import { countsBlind } from '../../core/roles';
import type { ServerContext } from '../context';
import { route } from '../http/route';
import { currentUser } from '../http/auth';
import { badRequest, conflict, orThrow } from '../http/errors';
import { BODY_LIMIT } from '../http/limits';
import { plainDecimal } from '../http/schemas';
import { countsPageJson, ingestCounts, sameEvent, type IncomingEvent } from '../repos/counts';
import { bindDevice, touchDevice, touchDeviceOnPull } from '../repos/devices';
import { lineRules } from '../repos/lines';
import { getInventory } from '../repos/inventories';
import { recountScopes } from '../repos/recounts';

type IdParams = { Params: { id: string } };

export function countRoutes(app: FastifyInstance, { db }: ServerContext): void {
  route<IdParams & { Body: CountsPushDto }>(
    app,
    db,
    'pushCounts',
    async (request) => {
      const { deviceId, events, unsent, unsentAt, refused, refusedReason } = request.body;
      const inventoryId = Number(request.params.id);
      await getInventory(db, inventoryId); // 404 before validating lines
      const rules = await lineRules(db, inventoryId, [...new Set(events.map((e) => e.lineKey))]);
      const recounts = events.some((e) => (e.round ?? 0) > 0) ? await recountScopes(db, inventoryId) : [];
      // Validate the whole batch first: a bad event refuses the batch and stores nothing.
      const seen = new Map<string, IncomingEvent>();
      const incoming: IncomingEvent[] = events.map((e, i) => {
        const where = `events[${i}]`;
        const rule = rules.get(e.lineKey);
        if (!rule)
          throw badRequest('unknown_line', `${where}: line ${e.lineKey} is not in this inventory.`, {
            index: i,
            lineKey: e.lineKey,
          });
        // A withdrawal has no quantity to check: it puts the line back to "not counted".
        let q: Qty | null = null;
        if (e.qty !== null) {
          q = orThrow(parseQty(plainDecimal(e.qty, 'invalid_quantity', where)), 400, where);
          orThrow(checkLineQty(rule, q), 400, where);
        }
        const round = e.round ?? 0;
        if (round > currentRound({ key: e.lineKey, bin: rule.bin }, recounts))
          throw badRequest('unknown_round', `${where}: no recount opened round ${round} for line ${e.lineKey}.`, {
            index: i,
            lineKey: e.lineKey,
            round,
          });
        const event: IncomingEvent = {
          id: e.id.toLowerCase(),
          lineKey: e.lineKey as LineKey,
          qty: q,
          seq: e.seq,
          at: e.at,
          round,
        };
        const twin = seen.get(event.id);
        if (twin && !sameEvent(twin, event)) throw eventConflict(i, event.id);
        seen.set(event.id, event);
        return event;
      });
      // The counter is whoever is logged in: never a name the client chose.
      const by = currentUser(request).username;
      return db.transaction(async (tx) => {
        // The row lock first: the device's owner and the events are decided one push at a time.
        const inv = await getInventory(tx, inventoryId, true);
        await bindDevice(tx, inventoryId, deviceId, by);
        const { pushed, clash } = await ingestCounts(tx, inv, deviceId, incoming, by);
        // Thrown, the transaction rolls back: nothing of the push is stored.
        if (clash !== null)
          throw eventConflict(
            incoming.findIndex((e) => e.id === clash),
            clash,
          );
        await touchDevice(
          tx,
          inventoryId,
          deviceId,
          by,
          unsent === undefined
            ? null
            : { unsent, at: unsentAt ?? null, refused: refused ?? null, refusedReason: refusedReason ?? null },
        );
        return pushed;
      });
    },
    { bodyLimit: BODY_LIMIT.countPush },
  );

  route<IdParams & { Querystring: { after?: string; limit?: string; deviceId?: string } }>(
    app,
    db,
    'pullCounts',
    async (request, reply) => {
      const inventoryId = Number(request.params.id);
      const inv = await getInventory(db, inventoryId);
      const limit = Math.min(Number(request.query.limit ?? 5000), 10000);
      const { deviceId } = request.query;
      const user = currentUser(request);
      if (deviceId) await touchDeviceOnPull(db, inventoryId, deviceId, user.username);
      // Blind means blind: a counter learns that a line was counted, never how much.
      const page = await countsPageJson(db, inventoryId, Number(request.query.after ?? 0), limit, {
        withholdQty: countsBlind(user.role, inv.showExpected),
      });
      return reply.type('application/json; charset=utf-8').send(page);
    },
  );
}

/** The same event id with another content: a client bug or a forgery, never a duplicate to drop. */
const eventConflict = (index: number, id: string) =>
  conflict(
    'event_conflict',
    `events[${index}]: event ${id} is already stored on this inventory with other content (line, quantity, seq, round, time or device); an event never changes.`,
    { index, id },
  );

/** GET the inventory's bins as a checklist; POST "bin empty" checks from a device (idempotent by seq). */
import type { FastifyInstance } from 'fastify';
import type { BinChecksPushDto } from '../../core/api/dto';
import { acceptsCounts } from '../../core/inventory';
import type { ServerContext } from '../context';
import { route } from '../http/route';
import { currentUser } from '../http/auth';
import { badRequest, conflict } from '../http/errors';
import { BODY_LIMIT } from '../http/limits';
import { binChecklist, ingestBinChecks, unknownBins } from '../repos/bins';
import { claimDevice } from '../repos/deviceClaims';
import { getInventory } from '../repos/inventories';

type IdParams = { Params: { id: string } };

export function binRoutes(app: FastifyInstance, { db }: ServerContext): void {
  route<IdParams>(app, db, 'listBins', async (request) => {
    const inv = await getInventory(db, Number(request.params.id));
    return binChecklist(db, inv.id);
  });

  route<IdParams & { Body: BinChecksPushDto }>(
    app,
    db,
    'pushBinChecks',
    async (request) => {
      const { deviceId, checks } = request.body;
      const by = currentUser(request).username;
      return db.transaction(async (tx) => {
        // The row lock: no close, and no line (so no new bin) added, until this push is stored.
        const inv = await getInventory(tx, Number(request.params.id), true);
        if (!acceptsCounts(inv.status)) {
          throw conflict(
            'not_counting',
            `Bins can only be checked while counting; this inventory is ${inv.status}. ` +
              'A bin check is a counting aid, not a count, so it is not kept as a late count.',
          );
        }
        // Validate the whole batch first: one unknown bin refuses the batch and stores nothing.
        const unknown = new Set(await unknownBins(tx, inv.id, [...new Set(checks.map((c) => c.bin))]));
        const index = checks.findIndex((c) => unknown.has(c.bin));
        const bad = checks[index];
        if (bad) {
          throw badRequest(
            'unknown_bin',
            `checks[${index}]: bin ${bad.bin} is neither a bin of this location nor the bin of a line of this inventory.`,
            { index, bin: bad.bin },
          );
        }
        // Under another user's device id, bin checks would show as that phone's: refused as counts are.
        await claimDevice(tx, deviceId, by);
        return ingestBinChecks(tx, inv.id, deviceId, checks, by);
      });
    },
    { bodyLimit: BODY_LIMIT.binChecks },
  );
}

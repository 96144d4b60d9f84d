/**
 * Inventories: create (freeze + snapshot), list, detail, settings (recount threshold),
 * the devices taking part, close → recap (refused while a device holds unsent events,
 * unless forced), reopen, cancel, apply.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  recapToDto,
  recapTotalsToDto,
  type ApplyInventoryDto,
  type RecapDto,
  type RecapListing,
  type CloseInventoryDto,
  type CreateInventoryDto,
  type PatchInventoryDto,
  type RecountThresholdDto,
} from '../../core/api/dto';
import { NO_RECOUNT_THRESHOLD, type RecountThreshold } from '../../core/inventory';
import { parseRecountThreshold } from '../../core/recount';
import type { ServerContext } from '../context';
import { route } from '../http/route';
import { currentUser } from '../http/auth';
import { conflict, orThrow } from '../http/errors';
import { notBlank, plainDecimal } from '../http/schemas';
import { applyInventory, recapById, recapOf } from '../repos/apply';
import { foldLateEvents } from '../repos/counts';
import { listDevices } from '../repos/devices';
import { refreshStatistics, SNAPSHOT_STATISTICS_TARGET } from '../db/statistics';
import { phoneVariants } from '../repos/snapshotChunks';
import {
  createInventory,
  getInventory,
  getInventoryDetail,
  listInventories,
  moveInventory,
  setRecountThreshold,
  type InventoryRecord,
} from '../repos/inventories';
import { countOf } from '../../core/plural';

type IdParams = { Params: { id: string } };

/**
 * A recap sent as JSON.stringify's text: Fastify's serializer compiled from the response
 * schema took 150-320 ms for a recap of 20,000 counted lines (10 MB), JSON.stringify
 * 20-85 ms, for the same bytes (recapToDto builds exactly the schema's fields; the server
 * suite's contract audit validates every answer against the route's response schema).
 */
const sendRecap = (reply: FastifyReply, dto: RecapDto): FastifyReply =>
  reply.type('application/json; charset=utf-8').send(JSON.stringify(dto));
type RecapQuery = { Querystring: { uncounted?: string; lines?: 'all' | 'changed' } };

const uncountedCap = (query: RecapQuery['Querystring'] | undefined): { uncounted?: number } =>
  query?.uncounted === undefined ? {} : { uncounted: Number(query.uncounted) };

/** What of the recap's lines the caller asked for (the schema checked the values). */
const listing = (query: RecapQuery['Querystring'] | undefined): RecapListing => ({
  ...uncountedCap(query),
  ...(query?.lines === undefined ? {} : { lines: query.lines }),
});

const publicInventory = ({ showExpected: _hidden, ...rest }: InventoryRecord) => rest;

const threshold = (t: RecountThresholdDto | undefined): RecountThreshold =>
  t
    ? orThrow(
        parseRecountThreshold({
          qtyPercent: plainDecimal(t.qtyPercent, 'invalid_threshold', 'recountThreshold.qtyPercent'),
          value: plainDecimal(t.value, 'invalid_threshold', 'recountThreshold.value'),
        }),
      )
    : NO_RECOUNT_THRESHOLD;

export function inventoryRoutes(
  app: FastifyInstance,
  { db, appliedRecaps, snapshotChunks, webhooks }: ServerContext,
): void {
  route<{ Body: CreateInventoryDto }>(app, db, 'createInventory', async (request, reply) => {
    const b = request.body;
    const name = notBlank(b.name, 'name');
    const recountThreshold = threshold(b.recountThreshold);
    const created = await db.transaction((tx) =>
      createInventory(tx, {
        name,
        locationId: b.locationId,
        kind: b.kind,
        showExpected: b.showExpected ?? false,
        recountThreshold,
        by: currentUser(request).username,
      }),
    );
    // Before answering: the phones download the lines at once, with the new statistics.
    await refreshStatistics(db, ['inventory_lines', 'inventory_unit_sums'], SNAPSHOT_STATISTICS_TARGET);
    // Then the lines the phones will download, once, while the supervisor's own phone starts.
    snapshotChunks.warm(db, created.id, phoneVariants(created.showExpected));
    return reply.status(201).send(publicInventory(created));
  });

  route(app, db, 'listInventories', async () => (await listInventories(db)).map(publicInventory));

  route<IdParams>(app, db, 'getInventory', async (request) => getInventoryDetail(db, Number(request.params.id)));

  route<IdParams & { Body: PatchInventoryDto }>(app, db, 'patchInventory', async (request) => {
    const { recountThreshold } = request.body;
    const inventoryId = Number(request.params.id);
    if (!recountThreshold) return publicInventory(await getInventory(db, inventoryId));
    const t = threshold(recountThreshold);
    return publicInventory(await db.transaction((tx) => setRecountThreshold(tx, inventoryId, t)));
  });

  route<IdParams>(app, db, 'listDevices', async (request) => {
    const inv = await getInventory(db, Number(request.params.id));
    return listDevices(db, inv.id);
  });

  route<IdParams & RecapQuery & { Body: CloseInventoryDto | undefined }>(
    app,
    db,
    'closeInventory',
    async (request, reply) => {
      const policy = request.body?.uncountedPolicy ?? 'keep';
      const force = request.body?.force ?? false;
      const recap = await db.transaction(async (tx) => {
        const inventoryId = Number(request.params.id);
        // Under the row lock: no push can change what the devices reported until the close is done.
        const current = await getInventory(tx, inventoryId, true);
        // Not counting: the state machine's refusal below says why, not this warning.
        const holding = force || current.status !== 'counting' ? [] : await listDevices(tx, inventoryId, true);
        if (holding.length > 0) {
          throw conflict(
            'devices_hold_unsent',
            `${countOf(holding.length, 'device')} still ${holding.length === 1 ? 'holds' : 'hold'} count events not sent (${holding
              .map((d) => `${d.counter} on ${d.deviceId}: ${d.unsent}`)
              .join(', ')}); close anyway with force, their events will then arrive late.`,
            { devices: holding },
          );
        }
        const inv = await moveInventory(tx, inventoryId, 'close', { uncountedPolicy: policy });
        return recapOf(tx, inv, uncountedCap(request.query));
      });
      return sendRecap(reply, recapToDto(recap, listing(request.query)));
    },
  );

  route<IdParams & RecapQuery>(app, db, 'getRecap', async (request, reply) => {
    const cap = uncountedCap(request.query);
    const id = Number(request.params.id);
    // The after export's question, right after an apply: the recap the apply computed.
    const kept = cap.uncounted === 0 ? await appliedRecaps.get(db, id) : null;
    return sendRecap(reply, recapToDto(kept ?? (await recapById(db, id, cap)).recap, listing(request.query)));
  });

  for (const action of ['reopen', 'cancel'] as const) {
    route<IdParams>(app, db, `${action}Inventory` as const, async (request) =>
      publicInventory(
        await db.transaction(async (tx) => {
          const inv = await moveInventory(tx, Number(request.params.id), action);
          if (action === 'reopen') await foldLateEvents(tx, inv.id);
          return inv;
        }),
      ),
    );
  }

  route<IdParams & { Body: ApplyInventoryDto | undefined }>(app, db, 'applyInventory', async (request) => {
    const result = await db.transaction((tx) =>
      applyInventory(tx, Number(request.params.id), currentUser(request).username, {
        notify: webhooks !== null,
        confirmZeroCost: request.body?.confirmZeroCost === true,
      }),
    );
    // The after export asks for the recap (without its uncounted lines) the moment this
    // answers: built now, once the apply has committed, not inside it.
    appliedRecaps.keep(result.inventory.id, result.cursor, recapOf(db, result.inventory, { uncounted: 0 }));
    // Only the tables the apply added rows to: the quantities it updates change no row count,
    // and re-reading a 30,000-row sample of each catalogue table took ~0.3 s at 250,000 lines.
    await refreshStatistics(db, result.grown);
    webhooks?.wake();
    return {
      inventory: publicInventory(result.inventory),
      movements: result.movements,
      totals: recapTotalsToDto(result.totals),
    };
  });
}

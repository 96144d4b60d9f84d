/**
 * Inventories: create (freeze + snapshot), list, detail, settings (recount threshold),
 * the devices taking part, close → recap (refused while a device holds unsent events,
 * unless forced), reopen, cancel, apply.
 */
import type { FastifyInstance } from 'fastify';
import {
  recapToDto,
  type CloseInventoryDto,
  type CreateInventoryDto,
  type PatchInventoryDto,
  type RecountThresholdDto,
} from '../../core/api';
import { NO_RECOUNT_THRESHOLD, type RecountThreshold } from '../../core/inventory';
import { parseRecountThreshold } from '../../core/recount';
import type { ServerContext } from '../context';
import { ANY_ROLE, currentUser, requireRole } from '../http/auth';
import { conflict, orThrow } from '../http/errors';
import { decimal, id, idParams, notBlank, plainDecimal, text } from '../http/schemas';
import { applyInventory, recapById, recapOf } from '../repos/apply';
import { foldLateEvents } from '../repos/counts';
import { listDevices } from '../repos/devices';
import {
  createInventory,
  getInventory,
  getInventoryDetail,
  listInventories,
  moveInventory,
  setRecountThreshold,
  type InventoryRecord,
} from '../repos/inventories';

type IdParams = { Params: { id: string } };
type RecapQuery = { Querystring: { uncounted?: string } };

/** `?uncounted=N`: only the first N uncounted lines (the screen shows 500, the after ZIP none). */
const recapQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { uncounted: { type: 'string', pattern: '^(0|[1-9][0-9]{0,6})$' } },
} as const;
const uncountedCap = (query: { uncounted?: string } | undefined): { uncounted?: number } =>
  query?.uncounted === undefined ? {} : { uncounted: Number(query.uncounted) };

const publicInventory = ({ showExpected: _hidden, ...rest }: InventoryRecord) => rest;

const nullableDecimal = { anyOf: [...decimal.anyOf, { type: 'null' }] } as const;
const thresholdSchema = {
  type: 'object',
  required: ['qtyPercent', 'value'],
  additionalProperties: false,
  properties: { qtyPercent: nullableDecimal, value: nullableDecimal },
} as const;

const threshold = (t: RecountThresholdDto | undefined): RecountThreshold =>
  t
    ? orThrow(
        parseRecountThreshold({
          qtyPercent: plainDecimal(t.qtyPercent, 'invalid_threshold', 'recountThreshold.qtyPercent'),
          value: plainDecimal(t.value, 'invalid_threshold', 'recountThreshold.value'),
        }),
      )
    : NO_RECOUNT_THRESHOLD;

export function inventoryRoutes(app: FastifyInstance, { db, appliedRecaps, webhooks }: ServerContext): void {
  const supervisor = requireRole(db, ['supervisor']);

  app.post<{ Body: CreateInventoryDto }>(
    '/inventories',
    {
      onRequest: supervisor,
      schema: {
        body: {
          type: 'object',
          required: ['name', 'locationId', 'kind'],
          additionalProperties: false,
          properties: {
            name: text(120),
            locationId: id,
            kind: { type: 'string', enum: ['articles', 'pieces'] },
            showExpected: { type: 'boolean' },
            recountThreshold: thresholdSchema,
          },
        },
      },
    },
    async (request, reply) => {
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
      return reply.status(201).send(publicInventory(created));
    },
  );

  app.get('/inventories', { onRequest: requireRole(db, ANY_ROLE) }, async () =>
    (await listInventories(db)).map(publicInventory),
  );

  app.get<IdParams>(
    '/inventories/:id',
    { onRequest: requireRole(db, ANY_ROLE), schema: { params: idParams } },
    async (request) => getInventoryDetail(db, Number(request.params.id)),
  );

  app.patch<IdParams & { Body: PatchInventoryDto }>(
    '/inventories/:id',
    {
      onRequest: supervisor,
      schema: {
        params: idParams,
        body: { type: 'object', additionalProperties: false, properties: { recountThreshold: thresholdSchema } },
      },
    },
    async (request) => {
      const { recountThreshold } = request.body;
      const inventoryId = Number(request.params.id);
      if (!recountThreshold) return publicInventory(await getInventory(db, inventoryId));
      const t = threshold(recountThreshold);
      return publicInventory(await db.transaction((tx) => setRecountThreshold(tx, inventoryId, t)));
    },
  );

  app.get<IdParams>(
    '/inventories/:id/devices',
    { onRequest: requireRole(db, ['supervisor', 'accountant']), schema: { params: idParams } },
    async (request) => {
      const inv = await getInventory(db, Number(request.params.id));
      return listDevices(db, inv.id);
    },
  );

  app.post<IdParams & RecapQuery & { Body: CloseInventoryDto | undefined }>(
    '/inventories/:id/close',
    {
      onRequest: supervisor,
      schema: {
        params: idParams,
        querystring: recapQuery,
        body: {
          type: ['object', 'null'],
          additionalProperties: false,
          properties: { uncountedPolicy: { type: 'string', enum: ['keep', 'zero'] }, force: { type: 'boolean' } },
        },
      },
    },
    async (request) => {
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
            `${holding.length} device(s) still hold count events not sent (${holding
              .map((d) => `${d.counter} on ${d.deviceId}: ${d.unsent}`)
              .join(', ')}); close anyway with force, their events will then arrive late.`,
            { devices: holding },
          );
        }
        const inv = await moveInventory(tx, inventoryId, 'close', { uncountedPolicy: policy });
        return recapOf(tx, inv, uncountedCap(request.query));
      });
      return recapToDto(recap, uncountedCap(request.query));
    },
  );

  app.get<IdParams & RecapQuery>(
    '/inventories/:id/recap',
    {
      onRequest: requireRole(db, ['supervisor', 'accountant']),
      schema: { params: idParams, querystring: recapQuery },
    },
    async (request) => {
      const cap = uncountedCap(request.query);
      const id = Number(request.params.id);
      // The after export's question, right after an apply: the recap the apply computed.
      const kept = cap.uncounted === 0 ? await appliedRecaps.get(db, id) : null;
      return recapToDto(kept ?? (await recapById(db, id, cap)).recap, cap);
    },
  );

  for (const action of ['reopen', 'cancel'] as const) {
    app.post<IdParams>(
      `/inventories/:id/${action}`,
      { onRequest: supervisor, schema: { params: idParams } },
      async (request) =>
        publicInventory(
          await db.transaction(async (tx) => {
            const inv = await moveInventory(tx, Number(request.params.id), action);
            if (action === 'reopen') await foldLateEvents(tx, inv.id);
            return inv;
          }),
        ),
    );
  }

  app.post<IdParams>(
    '/inventories/:id/apply',
    { onRequest: supervisor, schema: { params: idParams } },
    async (request) => {
      const result = await db.transaction((tx) =>
        applyInventory(tx, Number(request.params.id), currentUser(request).username, { notify: webhooks !== null }),
      );
      appliedRecaps.keep(result.inventory.id, result.cursor, result.recap);
      webhooks?.wake();
      return {
        inventory: publicInventory(result.inventory),
        movements: result.movements,
        totals: recapToDto(result.recap).totals,
      };
    },
  );
}

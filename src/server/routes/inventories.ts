/** Inventories: create (freeze + snapshot), list, detail, close → recap, reopen, cancel, apply. */
import type { FastifyInstance } from 'fastify';
import { recapToDto } from '../../core/api';
import type { InventoryKind, UncountedPolicy } from '../../core/inventory';
import type { ServerContext } from '../app';
import { ANY_ROLE, currentUser, requireRole } from '../http/auth';
import { id, idParams, notBlank, text } from '../http/schemas';
import { applyInventory, recapById, recapOf } from '../repos/apply';
import { foldLateEvents } from '../repos/counts';
import {
  createInventory,
  getInventoryDetail,
  listInventories,
  moveInventory,
  type InventoryRecord,
} from '../repos/inventories';

type IdParams = { Params: { id: string } };

const publicInventory = ({ showExpected: _hidden, ...rest }: InventoryRecord) => rest;

export function inventoryRoutes(app: FastifyInstance, { db }: ServerContext): void {
  const supervisor = requireRole(db, ['supervisor']);

  app.post<{ Body: { name: string; locationId: number; kind: InventoryKind; showExpected?: boolean } }>(
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
          },
        },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const name = notBlank(b.name, 'name');
      const created = await db.transaction((tx) =>
        createInventory(tx, {
          name,
          locationId: b.locationId,
          kind: b.kind,
          showExpected: b.showExpected ?? false,
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

  app.post<IdParams & { Body: { uncountedPolicy?: UncountedPolicy } | undefined }>(
    '/inventories/:id/close',
    {
      onRequest: supervisor,
      schema: {
        params: idParams,
        body: {
          type: ['object', 'null'],
          additionalProperties: false,
          properties: { uncountedPolicy: { type: 'string', enum: ['keep', 'zero'] } },
        },
      },
    },
    async (request) => {
      const policy = request.body?.uncountedPolicy ?? 'keep';
      const recap = await db.transaction(async (tx) => {
        const inv = await moveInventory(tx, Number(request.params.id), 'close', { uncountedPolicy: policy });
        return recapOf(tx, inv);
      });
      return recapToDto(recap);
    },
  );

  app.get<IdParams>(
    '/inventories/:id/recap',
    { onRequest: requireRole(db, ['supervisor', 'accountant']), schema: { params: idParams } },
    async (request) => recapToDto((await recapById(db, Number(request.params.id))).recap),
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
        applyInventory(tx, Number(request.params.id), currentUser(request).username),
      );
      return {
        inventory: publicInventory(result.inventory),
        movements: result.movements,
        totals: recapToDto(result.recap).totals,
      };
    },
  );
}

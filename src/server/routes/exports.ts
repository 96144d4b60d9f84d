/**
 * PUT/GET /api/inventories/:id/exports/before|after: the ZIPs built on the device. The
 * server checks an upload is a genuine export of THIS inventory and phase (manifest,
 * every file's SHA-256) before keeping it, and answers downloads with the SHA-256.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { readExport } from '../../core/export/read';
import type { ServerContext } from '../app';
import { currentUser, requireRole } from '../http/auth';
import { badRequest, conflict, notFound } from '../http/errors';
import { BODY_LIMIT } from '../http/limits';
import { getInventory } from '../repos/inventories';
import { getExport, saveExport, type Phase } from '../repos/exports';

type ExportParams = { Params: { id: string; phase: Phase } };

export const MAX_EXPORT_BYTES = BODY_LIMIT.export;

const params = {
  type: 'object',
  required: ['id', 'phase'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: '^[1-9][0-9]{0,8}$' },
    phase: { type: 'string', enum: ['before', 'after'] },
  },
} as const;

export function exportRoutes(app: FastifyInstance, { db }: ServerContext): void {
  app.addContentTypeParser(
    ['application/zip', 'application/octet-stream'],
    // No bodyLimit here: the parser serves every /api route, and only the upload route
    // below raises its own limit; anywhere else a ZIP body gets the small default.
    { parseAs: 'buffer' },
    (_req, body, done) => done(null, body),
  );

  app.put<ExportParams & { Body: Buffer }>(
    '/inventories/:id/exports/:phase',
    {
      onRequest: requireRole(db, ['supervisor']),
      schema: { params },
      bodyLimit: MAX_EXPORT_BYTES,
      config: { binaryBody: true },
    },
    async (request, reply) => {
      const inventoryId = Number(request.params.id);
      const phase = request.params.phase;
      const inv = await getInventory(db, inventoryId);
      if (!Buffer.isBuffer(request.body))
        throw badRequest('invalid_export', 'Send the ZIP as the body, with Content-Type application/zip.');
      if (phase === 'after' && inv.status !== 'applied') {
        throw conflict('not_applied', `The after export needs an applied inventory; this one is ${inv.status}.`);
      }
      const bytes = new Uint8Array(request.body.buffer, request.body.byteOffset, request.body.byteLength);
      const opened = await readExport(bytes);
      if (!opened.ok) throw badRequest(opened.error.code, opened.error.message);
      const m = opened.value.manifest;
      if (m.phase !== phase || m.inventory?.id !== inventoryId) {
        throw badRequest(
          'invalid_export',
          `This ZIP is the ${m.phase} export of ${m.inventory ? `inventory #${m.inventory.id}` : 'a stock listing'}, not the ${phase} export of inventory #${inventoryId}.`,
        );
      }
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const saved = await db.transaction((tx) =>
        saveExport(tx, {
          inventoryId,
          phase,
          fileName: opened.value.fileName,
          sha256,
          content: bytes,
          by: currentUser(request).username,
        }),
      );
      return reply.status(saved.created ? 201 : 200).send(saved.info);
    },
  );

  app.get<ExportParams>(
    '/inventories/:id/exports/:phase',
    { onRequest: requireRole(db, ['supervisor', 'accountant']), schema: { params } },
    async (request, reply) => {
      const inventoryId = Number(request.params.id);
      await getInventory(db, inventoryId);
      const stored = await getExport(db, inventoryId, request.params.phase, true);
      if (!stored) throw notFound(`The ${request.params.phase} export of inventory ${inventoryId}`);
      return reply
        .header('Content-Type', 'application/zip')
        .header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(stored.fileName)}`)
        .header('X-Content-SHA256', stored.sha256)
        .header('Content-Length', String(stored.bytes))
        .send(Buffer.from(stored.content));
    },
  );
}

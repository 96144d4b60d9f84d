/**
 * PUT/GET /api/inventories/:id/exports/before|after: the ZIPs built on the device. The
 * server keeps an upload only when it vouches for it: bounded before anything is inflated
 * (its size against what an export of this inventory can weigh, the ZIP's declared sizes,
 * the manifest's inventory and phase), then rebuilt from the server's own data with the
 * same core builders and compared file by file (repos/exportRebuild.ts, core's
 * compareExport): any difference is a 422 naming the file, and nothing is stored.
 * Downloads carry the SHA-256.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, preParsingAsyncHookHandler } from 'fastify';
import { compareExport, openExport } from '../../core/export';
import type { ServerContext } from '../context';
import { route } from '../http/route';
import { currentUser } from '../http/auth';
import { badRequest, conflict, HttpError, notFound } from '../http/errors';
import { Gate } from '../http/gate';
import { BODY_LIMIT } from '../http/limits';
import { getInventory } from '../repos/inventories';
import { exportCeiling, getExport, saveExport, type Phase } from '../repos/exports';
import { rebuildExport } from '../repos/exportRebuild';

type ExportParams = { Params: { id: string; phase: Phase } };

export const MAX_EXPORT_BYTES = BODY_LIMIT.export;

const RETRY_BUSY_S = 10;
/**
 * One export rebuilt and checked at a time in this process, four waiting: at 250,000
 * lines a check holds the recap and the files (~150 MB); three uploads at once must not
 * hold three times that, nor the ZIPs they would inflate.
 */
const verifying = new Gate(1, 4, RETRY_BUSY_S);

const tooLarge = (bytes: number, ceiling: number) =>
  new HttpError(
    413,
    'export_too_large',
    `This export would be ${bytes} bytes; an export of this inventory cannot be over ${ceiling}.`,
    { bytes, maxBytes: ceiling },
  );

export function exportRoutes(app: FastifyInstance, { db }: ServerContext): void {
  app.addContentTypeParser(
    ['application/zip', 'application/octet-stream'],
    // No bodyLimit here: the parser serves every /api route, and only the upload route
    // below raises its own limit; anywhere else a ZIP body gets the small default.
    { parseAs: 'buffer' },
    (_req, body, done) => done(null, body),
  );

  /** Before the body is read: a ZIP larger than this inventory's export can be is refused unread. */
  const refuseOversized: preParsingAsyncHookHandler = async (request) => {
    // Params are not validated yet here: an id the schema would refuse is left to it.
    const { id } = request.params as { id?: string };
    if (!id || !/^[1-9][0-9]{0,8}$/.test(id)) return;
    const inventoryId = Number(id);
    const declared = Number(request.headers['content-length'] ?? 0);
    const ceiling = await exportCeiling(db, inventoryId);
    if (ceiling !== null && declared > ceiling) throw tooLarge(declared, ceiling);
  };

  route<ExportParams & { Body: Buffer }>(
    app,
    db,
    'uploadExport',
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
      const ceiling = (await exportCeiling(db, inventoryId)) ?? MAX_EXPORT_BYTES;
      // The central directory and manifest.json only: nothing else is inflated yet.
      const opened = await openExport(bytes, { maxBytes: ceiling });
      if (!opened.ok) {
        if (opened.error.code === 'export_too_large') throw tooLarge(Number(opened.error.details?.bytes), ceiling);
        throw badRequest(opened.error.code, opened.error.message, opened.error.details);
      }
      const m = opened.value.manifest;
      if (m.phase !== phase || m.inventory?.id !== inventoryId) {
        throw badRequest(
          'invalid_export',
          `This ZIP is the ${m.phase} export of ${m.inventory ? `inventory #${m.inventory.id}` : 'a stock listing'}, not the ${phase} export of inventory #${inventoryId}.`,
        );
      }
      // The server's own build of this export, file by file: one check at a time per process.
      const verified = await verifying
        .run(async () => {
          const rebuilt = await rebuildExport(db, inv, m);
          return rebuilt.ok ? compareExport(opened.value, rebuilt.value) : rebuilt;
        })
        .catch((e: unknown) => {
          if (e instanceof HttpError && e.code === 'busy') reply.header('Retry-After', String(RETRY_BUSY_S));
          throw e;
        });
      if (!verified.ok) throw new HttpError(422, verified.error.code, verified.error.message, verified.error.details);
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
    { bodyLimit: MAX_EXPORT_BYTES, preParsing: refuseOversized },
  );

  route<ExportParams>(app, db, 'downloadExport', async (request, reply) => {
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
  });
}

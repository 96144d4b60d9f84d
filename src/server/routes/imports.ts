/**
 * Loading a shop's own catalogue and stock (issue 18): upload a CSV or XLSX file, read
 * its columns, preview what importing it would do, import it in one transaction. The
 * screen, `npm run import` and scripts all go through these calls and the same engine.
 */
import type { FastifyInstance } from 'fastify';
import type { ImportSettings } from '../../core/import/preview';
import type { ServerContext } from '../context';
import { route } from '../http/route';
import { currentUser } from '../http/auth';
import { badRequest } from '../http/errors';
import { BODY_LIMIT } from '../http/limits';
import { commitImport, inspectImport, previewImport, uploadImport } from '../import/engine';
import { getImport, listImports } from '../repos/imports';

type IdParams = { Params: { id: string } };

/** What browsers and spreadsheets call a CSV or XLSX file (Windows sends a CSV as "vnd.ms-excel"). */
const FILE_TYPES = [
  'text/csv',
  'text/plain',
  'text/tab-separated-values',
  'application/csv',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

/** Preview progress, per import, in this process (the screen polls it during a long preview). */
const progress = new Map<number, { rows: number; at: number }>();

export function importRoutes(app: FastifyInstance, { db }: ServerContext): void {
  app.addContentTypeParser(FILE_TYPES, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  route<{ Querystring: { fileName: string; location?: string }; Body: Buffer }>(
    app,
    db,
    'uploadImport',
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) {
        throw badRequest(
          'invalid_file',
          'Send the file itself as the body, with the Content-Type of a CSV (text/csv) or an XLSX workbook.',
        );
      }
      const body = request.body;
      const info = await uploadImport(db, {
        fileName: request.query.fileName,
        bytes: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
        by: currentUser(request).username,
        location: request.query.location?.trim() || null,
      });
      return reply.status(201).send(info);
    },
    { bodyLimit: BODY_LIMIT.importFile },
  );

  route(app, db, 'listImports', async () =>
    (await listImports(db)).map(({ settings: _s, preview, result, ...rest }) => ({
      ...rest,
      errorCount: preview?.errorCount ?? null,
      movements: result?.movements ?? null,
    })),
  );

  route<IdParams & { Querystring: { location?: string } }>(app, db, 'getImport', async (request) => {
    const id = Number(request.params.id);
    const record = await getImport(db, id);
    const info = await inspectImport(db, id, request.query.location?.trim() || null);
    return { ...info, status: record.status, preview: record.preview, result: record.result };
  });

  route<IdParams>(app, db, 'importProgress', async (request) => {
    const p = progress.get(Number(request.params.id));
    return { rows: p?.rows ?? 0 };
  });

  route<IdParams & { Body: ImportSettings }>(app, db, 'previewImport', async (request) => {
    const id = Number(request.params.id);
    const settings: ImportSettings = {
      ...request.body,
      location: request.body.location?.trim() || null,
      defaultBin: request.body.defaultBin.trim() || 'GENERAL',
    };
    progress.set(id, { rows: 0, at: Date.now() });
    try {
      return await previewImport(db, id, settings, (rows) => progress.set(id, { rows, at: Date.now() }));
    } finally {
      progress.delete(id);
    }
  });

  route<IdParams & { Body: { token: string } }>(app, db, 'commitImport', async (request) =>
    commitImport(db, Number(request.params.id), request.body.token, currentUser(request).username),
  );
}

/**
 * Loading a shop's own catalogue and stock (issue 18): upload a CSV or XLSX file, read
 * its columns, preview what importing it would do, import it in one transaction. The
 * screen, `npm run import` and scripts all go through these calls and the same engine.
 */
import type { FastifyInstance } from 'fastify';
import { IMPORT_FIELDS, IMPORT_MODES } from '../../core/import/fields';
import type { ImportSettings } from '../../core/import/preview';
import { INVENTORY_KINDS } from '../../core/inventory';
import type { ServerContext } from '../context';
import { currentUser, requireRole } from '../http/auth';
import { badRequest } from '../http/errors';
import { BODY_LIMIT } from '../http/limits';
import { idParams, nullableText, text } from '../http/schemas';
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

const locationCode = nullableText(32);

const settingsSchema = {
  type: 'object',
  required: ['mode', 'location', 'mapping', 'decimal', 'defaultBin', 'defaultKind'],
  additionalProperties: false,
  properties: {
    mode: { type: 'string', enum: IMPORT_MODES },
    location: locationCode,
    mapping: {
      type: 'array',
      maxItems: 1000,
      items: {
        type: 'object',
        required: ['column', 'header', 'field'],
        additionalProperties: false,
        properties: {
          column: { type: 'integer', minimum: 0, maximum: 16383 },
          header: { type: 'string', maxLength: 1000 },
          field: { anyOf: [{ type: 'string', enum: IMPORT_FIELDS }, { type: 'null' }] },
        },
      },
    },
    decimal: { type: 'string', enum: [',', '.'] },
    defaultBin: text(64),
    defaultKind: { type: 'string', enum: INVENTORY_KINDS },
  },
} as const;

/** Preview progress, per import, in this process (the screen polls it during a long preview). */
const progress = new Map<number, { rows: number; at: number }>();

export function importRoutes(app: FastifyInstance, { db }: ServerContext): void {
  app.addContentTypeParser(FILE_TYPES, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.post<{ Querystring: { fileName: string; location?: string }; Body: Buffer }>(
    '/imports',
    {
      onRequest: requireRole(db, ['supervisor']),
      bodyLimit: BODY_LIMIT.importFile,
      config: { binaryBody: true },
      schema: {
        querystring: {
          type: 'object',
          required: ['fileName'],
          additionalProperties: false,
          properties: {
            fileName: {
              ...text(200),
              pattern: '^[^\\u0000-\\u001f\\u007f/\\\\]+\\.(csv|CSV|txt|TXT|tsv|TSV|xlsx|XLSX)$',
            },
            location: text(32),
          },
        },
      },
    },
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
  );

  app.get('/imports', { onRequest: requireRole(db, ['supervisor']) }, async () =>
    (await listImports(db)).map(({ settings: _s, preview, result, ...rest }) => ({
      ...rest,
      errorCount: preview?.errorCount ?? null,
      movements: result?.movements ?? null,
    })),
  );

  app.get<IdParams & { Querystring: { location?: string } }>(
    '/imports/:id',
    {
      onRequest: requireRole(db, ['supervisor']),
      schema: {
        params: idParams,
        querystring: { type: 'object', additionalProperties: false, properties: { location: text(32) } },
      },
    },
    async (request) => {
      const id = Number(request.params.id);
      const record = await getImport(db, id);
      const info = await inspectImport(db, id, request.query.location?.trim() || null);
      return { ...info, status: record.status, preview: record.preview, result: record.result };
    },
  );

  app.get<IdParams>(
    '/imports/:id/progress',
    { onRequest: requireRole(db, ['supervisor']), schema: { params: idParams } },
    async (request) => {
      const p = progress.get(Number(request.params.id));
      return { rows: p?.rows ?? 0 };
    },
  );

  app.post<IdParams & { Body: ImportSettings }>(
    '/imports/:id/preview',
    { onRequest: requireRole(db, ['supervisor']), schema: { params: idParams, body: settingsSchema } },
    async (request) => {
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
    },
  );

  app.post<IdParams & { Body: { token: string } }>(
    '/imports/:id/commit',
    {
      onRequest: requireRole(db, ['supervisor']),
      schema: {
        params: idParams,
        body: {
          type: 'object',
          required: ['token'],
          additionalProperties: false,
          properties: { token: { type: 'string', pattern: '^[0-9a-f]{32}$' } },
        },
      },
    },
    async (request) => commitImport(db, Number(request.params.id), request.body.token, currentUser(request).username),
  );
}

/** Locations, made and renamed by an admin (listing them is GET /locations, in stock.ts). */
import type { FastifyInstance } from 'fastify';
import {
  LOCATION_CODE_MAX,
  LOCATION_NAME_MAX,
  type CreateLocationDto,
  type UpdateLocationDto,
} from '../../core/adminApi';
import type { ServerContext } from '../context';
import { requireRole } from '../http/auth';
import { badRequest } from '../http/errors';
import { idParams, notBlank, text } from '../http/schemas';
import { createLocation, renameLocation } from '../repos/locations';

/**
 * Letters, digits, punctuation, symbols and plain spaces: what a label, a CSV cell and an
 * ERP show as typed. No invisible or direction-changing character (U+202E would show
 * "10-PED" for "DEP-01"), no combining mark left after NFC.
 */
const VISIBLE = /^[\p{L}\p{N}\p{P}\p{S} ]+$/u;

function locationCode(text: string): string {
  const code = notBlank(text, 'code').normalize('NFC');
  if (!VISIBLE.test(code))
    throw badRequest(
      'invalid_location_code',
      'A location code is made of letters, digits, punctuation and spaces only (no invisible character).',
    );
  return code;
}

export function locationRoutes(app: FastifyInstance, { db }: ServerContext): void {
  const admin = requireRole(db, ['admin']);

  app.post<{ Body: CreateLocationDto }>(
    '/locations',
    {
      onRequest: admin,
      schema: {
        body: {
          type: 'object',
          required: ['code', 'name'],
          additionalProperties: false,
          properties: { code: text(LOCATION_CODE_MAX), name: text(LOCATION_NAME_MAX) },
        },
      },
    },
    async (request, reply) => {
      const code = locationCode(request.body.code);
      const name = notBlank(request.body.name, 'name');
      return reply.status(201).send(await db.transaction((tx) => createLocation(tx, code, name)));
    },
  );

  app.patch<{ Params: { id: string }; Body: UpdateLocationDto }>(
    '/locations/:id',
    {
      onRequest: admin,
      schema: {
        params: idParams,
        body: {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: { name: text(LOCATION_NAME_MAX) },
        },
      },
    },
    async (request) => {
      const name = notBlank(request.body.name, 'name');
      return db.transaction((tx) => renameLocation(tx, Number(request.params.id), name));
    },
  );
}

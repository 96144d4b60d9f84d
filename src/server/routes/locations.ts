/** Locations, made and renamed by an admin (listing them is GET /locations, in stock.ts). */
import type { FastifyInstance } from 'fastify';
import { type CreateLocationDto, type UpdateLocationDto } from '../../core/adminApi';
import type { ServerContext } from '../context';
import { route } from '../http/route';
import { badRequest } from '../http/errors';
import { notBlank } from '../http/schemas';
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
  route<{ Body: CreateLocationDto }>(app, db, 'createLocation', async (request, reply) => {
    const code = locationCode(request.body.code);
    const name = notBlank(request.body.name, 'name');
    return reply.status(201).send(await db.transaction((tx) => createLocation(tx, code, name)));
  });

  route<{ Params: { id: string }; Body: UpdateLocationDto }>(app, db, 'renameLocation', async (request) => {
    const name = notBlank(request.body.name, 'name');
    return db.transaction((tx) => renameLocation(tx, Number(request.params.id), name));
  });
}

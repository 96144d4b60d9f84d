/**
 * Locations as an admin makes them: a code (unique, never changed afterwards — ZIPs, imports
 * and an ERP name a location by it) and a name that can change.
 */
import type { LocationDto } from '../../core/api/dto';
import type { Queryable } from '../db/database';
import { conflict, notFound } from '../http/errors';

const FROZEN_BY = `(SELECT i.id FROM inventories i WHERE i.location_id = l.id AND i.status IN ('counting', 'closed'))`;

export async function createLocation(tx: Queryable, code: string, name: string): Promise<LocationDto> {
  const [row] = await tx.query<LocationDto>(
    `INSERT INTO locations (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING
     RETURNING id, code, name, NULL::integer AS "frozenBy"`,
    [code, name],
  );
  if (!row) throw conflict('location_exists', `A location with the code ${code} already exists.`, { code });
  return row;
}

export async function renameLocation(tx: Queryable, id: number, name: string): Promise<LocationDto> {
  const [row] = await tx.query<LocationDto>(
    `UPDATE locations l SET name = $2 WHERE l.id = $1 RETURNING l.id, l.code, l.name, ${FROZEN_BY} AS "frozenBy"`,
    [id, name],
  );
  if (!row) throw notFound(`Location ${id}`);
  return row;
}

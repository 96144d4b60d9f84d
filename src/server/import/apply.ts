/**
 * The import itself, in ONE transaction: one import at a time (two imports of
 * overlapping files would each see the other's catalogue half-written), the file's
 * locations locked as a stock movement locks them (no inventory can freeze one in
 * between; one being counted refuses the import, 423), the plan made again on the
 * catalogue as it is now (it may have moved since the preview: what the preview showed
 * still holds, or the import is refused), then the writes. The same file twice: nothing
 * differs, nothing is written.
 */
import type { FileCollector } from '../../core/import/collect';
import { planImport, type ImportPlan } from '../../core/import/plan';
import type { ImportSettings } from '../../core/import/preview';
import type { Queryable } from '../db/database';
import { HttpError } from '../http/errors';
import { lockMovementFeed } from '../repos/movements';
import { catalogueState } from './state';
import { writeCatalogue, writeStock } from './write';

/** The locations a file's rows concern: its stock lines', or the import's own for the catalogue. */
export const fileLocations = (file: FileCollector, settings: ImportSettings): string[] =>
  settings.mode === 'replace'
    ? [...file.locations].filter(Boolean).sort()
    : settings.location
      ? [settings.location]
      : [];

export async function plan(db: Queryable, file: FileCollector, settings: ImportSettings): Promise<ImportPlan> {
  const locations = fileLocations(file, settings);
  return planImport(file, await catalogueState(db, file, locations), {
    mode: settings.mode,
    defaultKind: settings.defaultKind,
    locations,
  });
}

export async function importInTransaction(
  tx: Queryable,
  importId: number,
  file: FileCollector,
  settings: ImportSettings,
  by: string,
): Promise<ImportPlan> {
  // The feed lock first (movement ids commit in order, repos/movements.ts), then one
  // import at a time.
  if (settings.mode === 'replace') await lockMovementFeed(tx);
  await tx.query('SELECT pg_advisory_xact_lock(7303)');
  const codes = fileLocations(file, settings);
  if (settings.mode === 'replace') {
    await tx.query('SELECT id FROM locations WHERE code = ANY($1::text[]) ORDER BY id FOR UPDATE', [codes]);
  }
  const planned = await plan(tx, file, settings);
  if (settings.mode === 'replace') {
    const frozen = planned.locations.find((l) => l.frozenBy);
    if (frozen?.frozenBy) {
      throw new HttpError(
        423,
        'location_frozen',
        `Location ${frozen.code} is being counted by inventory "${frozen.frozenBy.name}" (#${frozen.frozenBy.id}); its stock cannot be imported until the inventory is confirmed or cancelled.`,
        { inventoryId: frozen.frozenBy.id, inventoryName: frozen.frozenBy.name, location: frozen.code },
      );
    }
  }
  const first = planned.findings[0];
  if (first) {
    throw new HttpError(
      409,
      'import_invalid',
      `The catalogue changed since the preview: row ${first.row}: ${first.message}.`,
      {
        findings: planned.findings.slice(0, 100),
      },
    );
  }
  await writeCatalogue(tx, planned);
  if (settings.mode === 'replace') {
    const created = planned.locations.filter((l) => l.isNew);
    if (created.length) {
      await tx.query(
        `INSERT INTO locations (code, name) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (code) DO NOTHING`,
        [created.map((l) => l.code), created.map((l) => l.name)],
      );
    }
    const ids = await tx.query<{ id: number; code: string }>(
      'SELECT id, code FROM locations WHERE code = ANY($1::text[])',
      [codes],
    );
    await writeStock(tx, planned, file, new Map(ids.map((l) => [l.code, l.id])), importId, by);
  }
  return planned;
}

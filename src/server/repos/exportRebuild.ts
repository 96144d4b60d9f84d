/**
 * The server's own build of an export, to vouch for an uploaded one: the same core
 * builders the device runs (buildBeforeExport / buildAfterExport), fed with what the
 * server holds — the snapshot for before; the recap, the lines and the count events for
 * after. compareExport (core) then checks every file the builder returns.
 *
 * What the server cannot know, and checks instead:
 * - `generatedAt` is the device's clock when it built the ZIP, with the device's UTC
 *   offset (also the ZIP entries' date and the file name's stamp, both read as the wall
 *   clock written in it, never in the server's zone): taken from the upload when it is a
 *   date from 1980 on (ZIP dates start there); a device clock hours off is not a forgery.
 *   The server's own times are the upload's `uploaded_at` and the inventory's.
 * - `generatedBy` is who built it on the device (a before ZIP may be built offline and sent
 *   later by whoever is logged in): it must name a user of this server.
 * - the inventory `status` written in a before ZIP is the device's copy of it when built
 *   (a before ZIP built offline may say `counting` of an inventory closed since): it must
 *   be a status the inventory has held. An after ZIP says `applied`.
 * - an after ZIP's counts.csv lists the events the device fetched: the first N of the
 *   server's log (cursor order), where N may leave out only late events that arrived after
 *   every event in the figures (after the close, never joined); its recap tells the late
 *   events among those N. Every other byte — every row, quantity, cost and total — is the
 *   server's.
 */
import { countEventFromDto, type CountsPageDto } from '../../core/api/dto';
import { fail, ok, type Result } from '../../core/errors';
import {
  buildAfterExport,
  buildBeforeExport,
  FILE,
  stockAfter,
  stockRowsFromLines,
  type ExportFile,
  type ExportHeader,
  type ExportManifest,
  wallClockOf,
} from '../../core/export';
import type { InventoryStatus } from '../../core/inventory';
import type { Queryable } from '../db/database';
import { recapOf } from './apply';
import { countsPageJson } from './counts';
import type { InventoryRecord } from './inventories';
import { getLines } from './lines';

type Rebuild = Result<ExportFile[], 'export_mismatch'>;

const claim = (field: string, why: string) =>
  fail(
    'export_mismatch',
    `manifest.json's ${field} ${why}: this is not an export the server can vouch for; nothing was stored.`,
    { file: FILE.manifest, field },
  );

export async function rebuildExport(db: Queryable, inv: InventoryRecord, manifest: ExportManifest): Promise<Rebuild> {
  const header = await headerOf(db, inv, manifest);
  if (!header.ok) return header;
  if (manifest.phase === 'before') {
    const lines = await getLines(db, inv.id);
    return ok(await buildBeforeExport(header.value, stockRowsFromLines(lines)));
  }
  const events = await eventsListed(db, inv.id, manifest);
  if (!events.ok) return events;
  const lastCursor = events.value.at(-1)?.cursor ?? 0;
  const [recap, lines] = await Promise.all([recapOf(db, inv, { lateUpToCursor: lastCursor }), getLines(db, inv.id)]);
  return ok(await buildAfterExport(header.value, { stock: stockAfter(lines, recap), recap, events: events.value }));
}

async function headerOf(
  db: Queryable,
  inv: InventoryRecord,
  m: ExportManifest,
): Promise<Result<ExportHeader, 'export_mismatch'>> {
  const generatedAt = wallClockOf(m.generatedAt);
  if (!generatedAt || generatedAt.year < 1980) {
    return claim('generatedAt', 'is not a date a ZIP can carry');
  }
  const [user] = await db.query<{ found: number }>('SELECT 1 AS found FROM users WHERE username = $1', [m.generatedBy]);
  if (!user) return claim('generatedBy', `names no user of this server (${m.generatedBy})`);
  const status = m.inventory?.status;
  if (!status || !heldStatuses(inv).includes(status)) {
    return claim(
      'inventory.status',
      `says ${String(status)}, a state this inventory has not been in for a ${m.phase} export`,
    );
  }
  const [location] = await db.query<{ id: number; code: string; name: string }>(
    'SELECT id, code, name FROM locations WHERE id = $1',
    [inv.locationId],
  );
  if (!location) throw new Error(`inventory ${inv.id} has no location`);
  return ok({
    phase: m.phase,
    inventory: { id: inv.id, name: inv.name, kind: inv.kind, status },
    location,
    generatedBy: m.generatedBy,
    generatedAt: m.generatedAt,
  });
}

/** The states an export of this phase may say the inventory was in when the device built it. */
function heldStatuses(inv: InventoryRecord): InventoryStatus[] {
  if (inv.status === 'applied') return ['counting', 'closed', 'applied'];
  if (inv.status === 'cancelled') return ['counting', 'cancelled'];
  return inv.status === 'closed' || inv.closedAt !== null ? ['counting', 'closed'] : ['counting'];
}

/**
 * The events counts.csv lists: the server's log as the device reads it (the same paged
 * JSON), cut to the rows the upload declares when only late events left out are after them.
 */
async function eventsListed(db: Queryable, inventoryId: number, m: ExportManifest) {
  const events = [];
  for (let after = 0, more = true; more;) {
    const page = JSON.parse(await countsPageJson(db, inventoryId, after, 10_000)) as CountsPageDto;
    for (const e of page.events) events.push(countEventFromDto(e));
    more = page.more;
    after = page.cursor;
  }
  const declared = m.files.find((f) => f.name === FILE.counts)?.rows ?? events.length;
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM count_events WHERE inventory_id = $1 AND cursor <=
       (SELECT coalesce(max(cursor), 0) FROM count_events WHERE inventory_id = $1 AND (NOT late OR late_joined))`,
    [inventoryId],
  );
  const needed = row?.n ?? 0;
  if (declared < needed || declared > events.length) {
    return fail(
      'export_mismatch',
      `${FILE.counts} lists ${declared} count events; the server holds ${events.length}, of which the first ${needed} are in the figures: nothing was stored.`,
      { file: FILE.counts },
    );
  }
  return ok(events.slice(0, declared));
}

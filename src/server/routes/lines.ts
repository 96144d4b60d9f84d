/**
 * GET the snapshot lines of an inventory (or only those added during the count), as
 * objects or as the app's chunks of columns; POST
 * "Ajouter réf." (add a line found on the shelf); PUT a new reference's unit cost (the
 * supervisor values a line "À valoriser").
 */
import type { FastifyInstance } from 'fastify';
import { Readable } from 'node:stream';
import { lineToDto, type LineCostDto } from '../../core/api/dto';
import { acceptsCounts } from '../../core/inventory';
import { parseMoney } from '../../core/money';
import type { ServerContext } from '../context';
import { route } from '../http/route';
import { currentUser } from '../http/auth';
import { badRequest, conflict, orThrow } from '../http/errors';
import { notBlank, plainDecimal } from '../http/schemas';
import { getInventory, type InventoryRecord } from '../repos/inventories';
import { addLine, lineChunksJson, linesJsonPages, setLineCost } from '../repos/lines';
import type { User } from '../repos/users';
import { chunkVariant, DEFAULT_CHUNK_LINES, viewOf } from '../repos/snapshotChunks';

type IdParams = { Params: { id: string } };

/** The client takes gzip (a browser always does). */
const GZIP = /\bgzip\b/;

interface AddLineBody {
  itemRef?: string | null;
  barcode?: string | null;
  designation?: string | null;
  supplier?: string | null;
  unit?: string | null;
  unitCost?: number | string | null;
  bin: string;
  lot?: string | null;
  serial?: string | null;
}

/** What of the lines this user sees (repos/snapshotChunks.ts `viewOf`: one rule for every lines answer). */
const hidesExpected = (user: User, inv: InventoryRecord): boolean => viewOf(user.role, inv.showExpected).hideExpected;
const hidesCost = (user: User, inv: InventoryRecord): boolean => viewOf(user.role, inv.showExpected).hideCost;

export function lineRoutes(app: FastifyInstance, { db, snapshotChunks }: ServerContext): void {
  route<IdParams & { Querystring: { added?: 'true' | 'false' } }>(app, db, 'listLines', async (request, reply) => {
    const inv = await getInventory(db, Number(request.params.id));
    const user = currentUser(request);
    // Streamed a page at a time (repos/lines.ts), written raw: the bytes of the JSON text
    // this route sent whole before, without the server ever holding it. `added=true`: the
    // lines added during the count only, hidden alike.
    const addedOnly = request.query.added === 'true';
    const pages = await linesJsonPages(
      db,
      inv.id,
      hidesExpected(user, inv),
      hidesCost(user, inv),
      undefined,
      addedOnly,
    );
    return reply.type('application/json; charset=utf-8').send(Readable.from(pages));
  });

  route<IdParams & { Querystring: { lines?: string } }>(app, db, 'listLineColumns', async (request, reply) => {
    const inv = await getInventory(db, Number(request.params.id));
    const user = currentUser(request);
    // The same lines as listLines, hidden alike, as the chunks the app stores: built by the
    // database a page of chunks at a time and written raw, as listLines writes its pages.
    const variant = chunkVariant(user.role, inv.showExpected, Number(request.query.lines ?? DEFAULT_CHUNK_LINES));
    reply.type('application/json; charset=utf-8');
    // Gzipped: 46.5 MB → 7.6 MB at 250,000 lines, 6× less over a warehouse's Wi-Fi, and
    // built once for every phone of the count (repos/snapshotChunks.ts).
    if (GZIP.test(request.headers['accept-encoding'] ?? '')) {
      const gzipped = await snapshotChunks.gzipped(db, inv.id, variant);
      reply.header('content-encoding', 'gzip').header('vary', 'accept-encoding');
      return reply.send(Readable.from(gzipped));
    }
    const { hideExpected, hideCost, chunkLines } = variant;
    return reply.send(Readable.from(await lineChunksJson(db, inv.id, hideExpected, hideCost, chunkLines)));
  });

  route<IdParams & { Body: AddLineBody }>(app, db, 'addLine', async (request, reply) => {
    const b = request.body;
    const itemRef = b.itemRef?.trim() || null;
    const barcode = b.barcode?.trim() || null;
    if (!itemRef && !barcode) throw badRequest('item_required', 'Give the item reference or its barcode.');
    const bin = notBlank(b.bin, 'bin');
    const unitCost =
      b.unitCost === undefined || b.unitCost === null
        ? null
        : orThrow(parseMoney(plainDecimal(b.unitCost, 'invalid_money', 'unitCost')));
    const { inv, result } = await db.transaction(async (tx) => {
      const inv = await getInventory(tx, Number(request.params.id), true);
      if (!acceptsCounts(inv.status)) {
        throw conflict('not_counting', `Lines can only be added while counting; this inventory is ${inv.status}.`);
      }
      const result = await addLine(tx, {
        inventoryId: inv.id,
        kind: inv.kind,
        itemRef,
        barcode,
        designation: b.designation?.trim() || null,
        supplier: b.supplier?.trim() || null,
        unit: b.unit?.trim() || null,
        unitCost,
        bin,
        lot: b.lot?.trim() || null,
        serial: b.serial?.trim() || null,
        by: currentUser(request).username,
      });
      return { inv, result };
    });
    // A line already in the list comes back as it is: blind for a counter, like the list.
    const line = lineToDto(result.line);
    const user = currentUser(request);
    const body = {
      ...line,
      ...(hidesExpected(user, inv) ? { expectedQty: null } : {}),
      ...(hidesCost(user, inv) ? { unitCost: null } : {}),
    };
    return reply.status(result.created ? 201 : 200).send(body);
  });

  route<IdParams & { Body: LineCostDto }>(app, db, 'setLineCost', async (request) => {
    const unitCost = orThrow(parseMoney(plainDecimal(request.body.unitCost, 'invalid_money', 'unitCost')));
    const line = await db.transaction(async (tx) => {
      // Under the row lock: no apply runs between the check and the new cost.
      const inv = await getInventory(tx, Number(request.params.id), true);
      if (inv.status !== 'counting' && inv.status !== 'closed') {
        throw conflict(
          'not_editable',
          `A line's cost can only be set while counting or closed; this inventory is ${inv.status}.`,
          {
            status: inv.status,
          },
        );
      }
      return setLineCost(tx, inv.id, request.body.lineKey, unitCost);
    });
    return lineToDto(line);
  });
}

/**
 * Count events: idempotent ingest (the same event id twice is stored once), the derived
 * per-device registers, and the pull feed. Ingest locks the inventory row, so the
 * status it reads (counting → on time, anything else → late) cannot change under it
 * and cursors of one inventory are committed in order (a pull never skips an event).
 * A withdrawal (qty NULL) is stored and folded like any event; its register then holds
 * NULL and the line is no longer counted by that device (core's lineCounts skips it).
 * Registers are per line × device × ROUND (a recount's events never overwrite the first
 * count's register); late events join the registers only when the inventory is reopened,
 * which marks them `late_joined`, so the recap can tell the late events left out.
 */
import type { CountsPushResultDto } from '../../core/api/dto';
import { lineCounts, type LineCount, type Register } from '../../core/counting';
import { acceptsCounts } from '../../core/inventory';
import type { LineKey } from '../../core/lineKey';
import { formatQty, qty, type Qty } from '../../core/quantity';
import { decimalToScaled } from '../../core/api/dto';
import type { Queryable } from '../db/database';
import type { InventoryRecord } from './inventories';

/**
 * Folds the rows of a CTE named `best` (one event per line × device × round) into the
 * registers: the highest seq wins, ties broken by event id, exactly as core's foldEvents.
 */
const upsertRegisters = (inventoryParam: string): string => `
  INSERT INTO count_registers (inventory_id, line_key, device_id, round, qty, seq, counter, at, event_id)
  SELECT ${inventoryParam}, line_key, device_id, round, qty, seq, counter, at, id FROM best
  ON CONFLICT (inventory_id, line_key, device_id, round) DO UPDATE
    SET qty = excluded.qty, seq = excluded.seq, counter = excluded.counter, at = excluded.at, event_id = excluded.event_id
    WHERE excluded.seq > count_registers.seq
       OR (excluded.seq = count_registers.seq AND excluded.event_id > count_registers.event_id)`;

export interface IncomingEvent {
  readonly id: string;
  readonly lineKey: LineKey;
  /** null: the device withdraws its count of the line. */
  readonly qty: Qty | null;
  readonly seq: number;
  readonly at: string;
  readonly round: number;
}

/** Two pushes of one event id carry the same event (what a retry sends again). */
export const sameEvent = (a: IncomingEvent, b: IncomingEvent): boolean =>
  a.lineKey === b.lineKey && a.qty === b.qty && a.seq === b.seq && a.at === b.at && a.round === b.round;

const wire = (e: IncomingEvent) => ({
  id: e.id,
  line_key: e.lineKey,
  qty: e.qty === null ? null : formatQty(e.qty),
  seq: e.seq,
  at: e.at,
  round: e.round,
});

/**
 * Stores a device's events on `inv` (read under its row lock by the caller) and folds them
 * into the registers, in one statement. `clash`: the first event already stored on the
 * inventory with another content (or from another device), or null; an event never
 * changes (a retry sends exactly what was sent), so the caller refuses the push and rolls
 * the transaction back. Only the events the insert skipped are looked up for it: a push of
 * new events reads no stored event (a separate check of every event cost ~8 ms a push of
 * 500, a fifth of the push).
 */
export async function ingestCounts(
  tx: Queryable,
  inv: Pick<InventoryRecord, 'id' | 'status'>,
  deviceId: string,
  events: readonly IncomingEvent[],
  by: string,
): Promise<{ readonly pushed: CountsPushResultDto; readonly clash: string | null }> {
  const inventoryId = inv.id;
  const late = !acceptsCounts(inv.status);
  const unique = [...new Map(events.map((e) => [e.id, e])).values()];
  const payload = JSON.stringify(unique.map(wire));
  const [result] = await tx.query<{ inserted: number; late: number; clash: string | null }>(
    `WITH input AS (
       SELECT * FROM json_to_recordset($1::json)
         AS x(id uuid, line_key text, qty numeric, seq bigint, at text, round integer)),
     ins AS (
       INSERT INTO count_events (id, inventory_id, line_key, device_id, qty, seq, counter, at, round, late, received_by)
       SELECT id, $2, line_key, $3, qty, seq, $5, at, round, $4, $5 FROM input
       ON CONFLICT (inventory_id, id) DO NOTHING
       RETURNING id, line_key, device_id, qty, seq, counter, at, round, late),
     best AS (
       SELECT DISTINCT ON (line_key, device_id, round) * FROM ins WHERE NOT late
       ORDER BY line_key, device_id, round, seq DESC, id DESC),
     reg AS (${upsertRegisters('$2')} RETURNING 1),
     -- The statement reads count_events as it was before its insert: an input event not
     -- inserted is one stored before (input ids are unique).
     clash AS (
       SELECT x.id::text AS id FROM input x
       JOIN count_events c ON c.inventory_id = $2 AND c.id = x.id
       WHERE x.id NOT IN (SELECT id FROM ins)
         AND (c.line_key, c.qty, c.seq, c.at, c.round, c.device_id)
             IS DISTINCT FROM (x.line_key, x.qty, x.seq, x.at, x.round, $3::text)
       LIMIT 1)
     SELECT (SELECT count(*) FROM ins)::int AS inserted,
            (SELECT count(*) FROM ins WHERE late)::int AS late,
            (SELECT count(*) FROM reg)::int AS registers,
            (SELECT id FROM clash) AS clash`,
    [payload, inventoryId, deviceId, late, by],
  );
  const inserted = result?.inserted ?? 0;
  return {
    pushed: { accepted: inserted, duplicates: events.length - inserted, late: result?.late ?? 0 },
    clash: result?.clash ?? null,
  };
}

/**
 * Reopening takes the events that arrived while the inventory was closed into the count
 * (the supervisor reopened precisely to go on counting). They stay flagged late in the
 * log, which tells when they arrived, and are marked joined so the recap no longer lists
 * them apart; events after an apply are never folded.
 */
export async function foldLateEvents(tx: Queryable, inventoryId: number): Promise<number> {
  const [row] = await tx.query<{ n: number }>(
    `WITH best AS (
       SELECT DISTINCT ON (line_key, device_id, round)
              id, line_key, device_id, round, qty, seq, received_by AS counter, at FROM count_events
       WHERE inventory_id = $1 AND late AND NOT late_joined
       ORDER BY line_key, device_id, round, seq DESC, id DESC),
     reg AS (${upsertRegisters('$1')} RETURNING 1),
     joined AS (UPDATE count_events SET late_joined = true WHERE inventory_id = $1 AND late AND NOT late_joined)
     SELECT count(*)::int AS n FROM reg`,
    [inventoryId],
  );
  return row?.n ?? 0;
}

/** Late events not in the figures (arrived after the close, inventory not reopened since), per line; up to a cursor if given. */
export async function lateEventsByLine(
  db: Queryable,
  inventoryId: number,
  upToCursor?: number,
): Promise<Map<string, number>> {
  const rows = await db.query<{ line_key: string; n: number }>(
    `SELECT line_key, count(*)::int AS n FROM count_events
     WHERE inventory_id = $1 AND late AND NOT late_joined${upToCursor === undefined ? '' : ' AND cursor <= $2'}
     GROUP BY line_key`,
    upToCursor === undefined ? [inventoryId] : [inventoryId, upToCursor],
  );
  return new Map(rows.map((r) => [r.line_key, r.n]));
}

/**
 * A page of the inventory's count events after `after`, as the JSON text of a
 * CountsPageDto built by the database: decoding 10,000 rows of ten columns in the
 * embedded driver and serialising them again took 150-190 ms a page, this 60-115 ms
 * (250,000-line inventory; the after export pulls every page, each device its news).
 * Each page also carries `emptyBins`, the bins some device says are empty now.
 */
export async function countsPageJson(
  db: Queryable,
  inventoryId: number,
  after: number,
  limit: number,
  /**
   * A blind reader (core's countsBlind: a counter on a blind count): each count's quantity
   * is left out (`qty` null, `withheld` true), so the answer says that a line was counted,
   * never how much. A withdrawal stays a withdrawal (qty null, no `withheld`).
   */
  { withholdQty = false }: { withholdQty?: boolean } = {},
): Promise<string> {
  const [row] = await db.query<{ events: string; cursor: number | null; more: boolean; empty_bins: string }>(
    `WITH page AS (
       SELECT * FROM count_events WHERE inventory_id = $1 AND cursor > $2 ORDER BY cursor LIMIT $3 + 1),
     shown AS (SELECT * FROM page ORDER BY cursor LIMIT $3)
     SELECT coalesce(json_agg(CASE WHEN $4::boolean AND qty IS NOT NULL
              THEN json_build_object(
                'id', id::text, 'lineKey', line_key, 'deviceId', device_id, 'qty', NULL, 'withheld', true,
                'seq', seq::float8, 'counter', received_by, 'at', at, 'cursor', cursor::float8, 'late', late,
                'round', round)
              ELSE json_build_object(
                'id', id::text, 'lineKey', line_key, 'deviceId', device_id, 'qty', qty::text, 'seq', seq::float8,
                'counter', received_by, 'at', at, 'cursor', cursor::float8, 'late', late, 'round', round)
              END ORDER BY cursor),
            '[]')::text AS events,
            max(cursor)::float8 AS cursor, (SELECT count(*) FROM page) > $3 AS more,
            -- The bins confirmed empty, read by bin_checks' key (one row per bin × device):
            -- cheap enough for every page of every pull, never the checklist's aggregate.
            (SELECT coalesce(json_agg(json_build_object('bin', bin, 'deviceId', device_id, 'counter', received_by)
                       ORDER BY bin, device_id), '[]')::text
             FROM bin_checks WHERE inventory_id = $1 AND empty) AS empty_bins
     FROM shown`,
    [inventoryId, after, limit, withholdQty],
  );
  return `{"events":${row?.events ?? '[]'},"cursor":${row?.cursor ?? after},"more":${row?.more ?? false},"emptyBins":${row?.empty_bins ?? '[]'}}`;
}

/**
 * The line counts from the registers; `keys` narrows them to some lines. The registers
 * come as one JSON text built by the database, as the lines do (linesJson): decoding
 * 60,000 rows of eight columns one by one in the embedded driver took 2.0 s.
 */
export async function countsByLine(
  db: Queryable,
  inventoryId: number,
  keys?: readonly string[],
): Promise<Map<LineKey, LineCount>> {
  const [row] = await db.query<{ json: string }>(
    `SELECT coalesce(json_agg(json_build_object(
       'lineKey', line_key, 'deviceId', device_id, 'qty', qty::text, 'seq', seq::float8, 'counter', counter,
       'at', at, 'round', round, 'eventId', event_id::text)), '[]')::text AS json
     FROM count_registers WHERE inventory_id = $1${keys ? ' AND line_key = ANY($2)' : ''}`,
    keys ? [inventoryId, keys] : [inventoryId],
  );
  const rows = JSON.parse(row?.json ?? '[]') as {
    lineKey: string;
    deviceId: string;
    qty: string | null;
    seq: number;
    counter: string;
    at: string;
    round: number;
    eventId: string;
  }[];
  return lineCounts(
    rows.map((r): Register => ({
      lineKey: r.lineKey as LineKey,
      deviceId: r.deviceId,
      qty: r.qty === null ? null : qty(decimalToScaled(r.qty, 3)),
      seq: r.seq,
      counter: r.counter,
      at: r.at,
      round: r.round,
      eventId: r.eventId,
    })),
  );
}

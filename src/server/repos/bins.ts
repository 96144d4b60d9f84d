/**
 * Bins as a checklist: the state of every bin of an inventory (one set-based query, fast
 * at 100,000 lines) and the idempotent ingest of "bin empty" checks. The rule (counted
 * beats empty, highest seq per device wins) is core's; SQL only tallies.
 */
import type { BinChecksPushResultDto, BinDto } from '../../core/api/dto';
import { summariseBins, type BinCheck, type BinTally } from '../../core/bins';
import type { Queryable } from '../db/database';

/**
 * Every bin of the inventory's location plus every bin that only appears in its lines,
 * with its lines, counted lines (a register from any device) and the latest check of
 * each device. As in the recap: late events are not in the registers, and a withdrawn
 * register (qty NULL, once count withdrawals exist) is no count.
 */
export async function binChecklist(db: Queryable, inventoryId: number): Promise<BinDto[]> {
  const rows = await db.query<{ code: string; lines: number; counted_lines: number; checks: Omit<BinCheck, 'bin'>[] }>(
    `WITH counted AS (
       SELECT DISTINCT line_key FROM count_registers WHERE inventory_id = $1 AND qty IS NOT NULL),
     tally AS (
       SELECT l.bin, count(*)::int AS lines, count(c.line_key)::int AS counted_lines
       FROM inventory_lines l LEFT JOIN counted c ON c.line_key = l.line_key
       WHERE l.inventory_id = $1
       GROUP BY l.bin),
     checks AS (
       SELECT bin, json_agg(json_build_object(
                'deviceId', device_id, 'empty', empty, 'seq', seq, 'counter', counter, 'at', at) ORDER BY device_id) AS checks
       FROM bin_checks WHERE inventory_id = $1
       GROUP BY bin),
     codes AS (
       SELECT b.code AS bin FROM bins b JOIN inventories i ON i.location_id = b.location_id WHERE i.id = $1
       UNION
       SELECT bin FROM tally)
     SELECT codes.bin AS code, coalesce(t.lines, 0) AS lines, coalesce(t.counted_lines, 0) AS counted_lines,
            coalesce(ch.checks, '[]') AS checks
     FROM codes LEFT JOIN tally t ON t.bin = codes.bin LEFT JOIN checks ch ON ch.bin = codes.bin`,
    [inventoryId],
  );
  const tallies = new Map<string, BinTally>(
    rows.map((r) => [r.code, { lines: r.lines, countedLines: r.counted_lines }]),
  );
  const checks = rows.flatMap((r) => r.checks.map((c): BinCheck => ({ ...c, bin: r.code })));
  return summariseBins(
    rows.map((r) => r.code),
    tallies,
    checks,
  );
}

/** The bins a check may name: those of the location and those of the inventory's lines. */
export async function unknownBins(db: Queryable, inventoryId: number, bins: readonly string[]): Promise<string[]> {
  const rows = await db.query<{ bin: string }>(
    `SELECT x.bin FROM unnest($2::text[]) AS x(bin)
     WHERE NOT EXISTS (
             SELECT 1 FROM bins b JOIN inventories i ON i.location_id = b.location_id
             WHERE i.id = $1 AND b.code = x.bin)
       AND NOT EXISTS (SELECT 1 FROM inventory_lines l WHERE l.inventory_id = $1 AND l.bin = x.bin)`,
    [inventoryId, bins],
  );
  return rows.map((r) => r.bin);
}

export interface IncomingBinCheck {
  readonly bin: string;
  readonly empty: boolean;
  readonly seq: number;
  readonly counter: string;
  readonly at: string;
}

/**
 * Upserts the device's checks: per bin the highest seq of the batch (the first on a tie),
 * stored only when higher than the one already there. The caller holds the inventory row
 * lock and has checked the status and the bins.
 */
export async function ingestBinChecks(
  tx: Queryable,
  inventoryId: number,
  deviceId: string,
  checks: readonly IncomingBinCheck[],
  by: string,
): Promise<BinChecksPushResultDto> {
  if (checks.length === 0) return { accepted: 0, ignored: 0 };
  const payload = JSON.stringify(checks.map((c, i) => ({ i, ...c })));
  const [row] = await tx.query<{ changed: number }>(
    `WITH input AS (
       SELECT * FROM json_to_recordset($1::json) AS x(i int, bin text, empty boolean, seq bigint, counter text, at timestamptz)),
     best AS (
       SELECT DISTINCT ON (bin) * FROM input ORDER BY bin, seq DESC, i),
     up AS (
       INSERT INTO bin_checks (inventory_id, bin, device_id, empty, seq, counter, at, received_by)
       SELECT $2, bin, $3, empty, seq, counter, at, $4 FROM best
       ON CONFLICT (inventory_id, bin, device_id) DO UPDATE
         SET empty = excluded.empty, seq = excluded.seq, counter = excluded.counter, at = excluded.at,
             received_at = excluded.received_at, received_by = excluded.received_by
         WHERE excluded.seq > bin_checks.seq
       RETURNING 1)
     SELECT count(*)::int AS changed FROM up`,
    [payload, inventoryId, deviceId, by],
  );
  const accepted = row?.changed ?? 0;
  return { accepted, ignored: checks.length - accepted };
}

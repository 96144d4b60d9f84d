/**
 * Recount requests (core/recount.ts): a new count round for one line or every line of a
 * bin. The request records the round, why (a manual request, or the line passed the
 * inventory's threshold) and who counted the round before (the recount goes preferably to
 * someone else). Nothing here reads or returns an expected quantity to the caller: the
 * list is for counters too, who count blind.
 */
import type { RecountDto, RecountRequestDto } from '../../core/api/dto';
import { decimalToScaled } from '../../core/api/dto';
import { lineValue, money } from '../../core/money';
import type { LineKey } from '../../core/lineKey';
import { qty } from '../../core/quantity';
import { currentRound, suggestsRecount, type RecountScope } from '../../core/recount';
import type { Queryable } from '../db/database';
import { badRequest, conflict } from '../http/errors';
import { countsByLine } from './counts';
import type { InventoryRecord } from './inventories';

interface RecountRow {
  id: number;
  line_key: string | null;
  bin: string | null;
  round: number;
  reason: 'manual' | 'threshold';
  requested_by: string;
  requested_at: Date;
  avoid_counters: string[];
  done: boolean;
}

/**
 * Done when every line it covers has a quantity in its round or a later one (a later bin
 * recount supersedes a line's). Derived from the registers, so it follows the counts.
 */
const RECOUNT_SELECT = `
  SELECT r.id, r.line_key, r.bin, r.round, r.reason, r.requested_by, r.requested_at, r.avoid_counters,
         NOT EXISTS (
           SELECT 1 FROM inventory_lines l
           WHERE l.inventory_id = r.inventory_id
             AND (l.line_key = r.line_key OR (r.line_key IS NULL AND l.bin = r.bin))
             AND NOT EXISTS (
               SELECT 1 FROM count_registers g
               WHERE g.inventory_id = r.inventory_id AND g.line_key = l.line_key
                 AND g.round >= r.round AND g.qty IS NOT NULL)) AS done
  FROM recounts r`;

const toDto = (r: RecountRow): RecountDto => ({
  id: r.id,
  lineKey: r.line_key,
  bin: r.bin,
  round: r.round,
  reason: r.reason,
  requestedBy: r.requested_by,
  requestedAt: r.requested_at.toISOString(),
  avoidCounters: r.avoid_counters,
  status: r.done ? 'done' : 'open',
});

export async function listRecounts(db: Queryable, inventoryId: number): Promise<RecountDto[]> {
  const rows = await db.query<RecountRow>(`${RECOUNT_SELECT} WHERE r.inventory_id = $1 ORDER BY r.id`, [inventoryId]);
  return rows.map(toDto);
}

/** What each recount covers, to check the round of incoming events. */
export const recountScopes = (db: Queryable, inventoryId: number): Promise<RecountScope[]> =>
  db.query<RecountScope>('SELECT line_key AS "lineKey", bin, round FROM recounts WHERE inventory_id = $1', [
    inventoryId,
  ]);

/**
 * Opens a round for a line, or for every line of a bin (one round above the highest any
 * of them is in). `inv` must be locked by the caller, so two requests cannot take the same
 * round. Refused while an identical request is still open: counters are already on it.
 */
export async function requestRecount(
  tx: Queryable,
  inv: InventoryRecord,
  request: RecountRequestDto,
  by: string,
): Promise<RecountDto> {
  const byLine = 'lineKey' in request;
  const lines = await tx.query<{ line_key: string; bin: string; expected_qty: string; unit_cost: string }>(
    `SELECT line_key, bin, expected_qty::text AS expected_qty, unit_cost::text AS unit_cost
     FROM inventory_lines WHERE inventory_id = $1 AND ${byLine ? 'line_key' : 'bin'} = $2`,
    [inv.id, byLine ? request.lineKey : request.bin],
  );
  if (lines.length === 0) {
    throw byLine
      ? badRequest('unknown_line', `Line ${request.lineKey} is not in this inventory.`, { lineKey: request.lineKey })
      : badRequest('unknown_bin', `Bin ${request.bin} has no line in this inventory.`, { bin: request.bin });
  }
  const existing = await listRecounts(tx, inv.id);
  const same = existing.find(
    (r) =>
      r.status === 'open' && (byLine ? r.lineKey === request.lineKey : r.bin === request.bin && r.lineKey === null),
  );
  if (same) {
    throw conflict(
      'recount_open',
      `This ${byLine ? 'line' : 'bin'} is already to be recounted (round ${same.round}).`,
      {
        recountId: same.id,
      },
    );
  }
  const counts = await countsByLine(
    tx,
    inv.id,
    lines.map((l) => l.line_key),
  );
  let round = 0;
  const avoid = new Set<string>();
  let suggested = false;
  for (const l of lines) {
    round = Math.max(round, currentRound({ key: l.line_key, bin: l.bin }, existing));
    const count = counts.get(l.line_key as LineKey);
    if (!count) continue;
    for (const d of count.devices) avoid.add(d.counter);
    const expected = qty(decimalToScaled(l.expected_qty, 3));
    const difference = qty(count.qty - expected);
    const value = lineValue(difference, money(decimalToScaled(l.unit_cost, 4)));
    if (suggestsRecount(expected, difference, value, inv.recountThreshold)) suggested = true;
  }
  const [row] = await tx.query<RecountRow>(
    `WITH ins AS (
       INSERT INTO recounts (inventory_id, line_key, bin, round, reason, requested_by, avoid_counters)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *)
     SELECT *, false AS done FROM ins`,
    [
      inv.id,
      byLine ? request.lineKey : null,
      byLine ? null : request.bin,
      round + 1,
      byLine && suggested ? 'threshold' : 'manual',
      by,
      [...avoid].sort(),
    ],
  );
  if (!row) throw new Error('insert returned no row');
  return toDto(row);
}

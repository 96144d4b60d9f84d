/**
 * The devices taking part in an inventory, for the supervisor: who counts on it, when the
 * server last heard from it (a push or a pull), how many events it said it still holds
 * unsent, and how many events the server has from it. A device that still holds events
 * when the supervisor closes is the one count that could otherwise be forgotten.
 */
import type { DeviceStatusDto } from '../../core/api/dto';
import type { Queryable } from '../db/database';
import { claimDevice, deviceTaken } from './deviceClaims';

/**
 * A device id is its claimant's (deviceClaims.ts): a push with an id another user claimed
 * is refused (403 `device_taken`) and, the caller's transaction being rolled back,
 * nothing changes; an id nobody claimed is claimed here for the pusher (older apps claim
 * by pushing). On the inventory the id is then bound to the same user — the binding of
 * ids pushed by two users before claims existed (migration 019) still refuses the second.
 * Call it under the inventory's row lock, so two first pushes of one device id by two
 * users cannot both win (the claim's INSERT … ON CONFLICT decides between pushes to two
 * inventories, and between a push and a claim).
 */
export async function bindDevice(tx: Queryable, inventoryId: number, deviceId: string, user: string): Promise<void> {
  await claimDevice(tx, deviceId, user);
  const [row] = await tx.query<{ owner: string }>(
    `INSERT INTO inventory_devices (inventory_id, device_id, counter, owner) VALUES ($1, $2, $3, $3)
     ON CONFLICT (inventory_id, device_id) DO UPDATE SET owner = coalesce(inventory_devices.owner, excluded.owner)
     RETURNING owner`,
    [inventoryId, deviceId, user],
  );
  if (row && row.owner !== user) throw deviceTaken(deviceId);
}

/** What a device reports with a push: events it still holds, events it holds refused, by its clock. */
export interface DeviceReport {
  readonly unsent: number;
  readonly refused: number | null;
  readonly refusedReason: string | null;
  readonly at: string | null;
}

/**
 * Records a contact. `counter` is who the device last said counts on it (or the logged-in
 * user when it sent no event); `report` is null when the device did not report what it
 * still holds (a pull, an older app): the last reported figure then stands. A report older
 * than the one stored (by the device's own clock) arrived late and is ignored.
 */
export async function touchDevice(
  db: Queryable,
  inventoryId: number,
  deviceId: string,
  counter: string,
  report: DeviceReport | null,
): Promise<void> {
  // A report is taken when it is not older than the stored one (by the device's clock).
  const newer = `$4::int IS NOT NULL AND ($5::timestamptz IS NULL OR inventory_devices.unsent_reported_at IS NULL
                 OR $5::timestamptz >= inventory_devices.unsent_reported_at)`;
  await db.query(
    `INSERT INTO inventory_devices (inventory_id, device_id, counter, last_contact_at, unsent, unsent_reported_at,
                                    refused, refused_reason)
     VALUES ($1, $2, $3, now(), coalesce($4, 0), $5::timestamptz, coalesce($6, 0), $7)
     ON CONFLICT (inventory_id, device_id) DO UPDATE
       SET counter = excluded.counter, last_contact_at = now(),
           unsent = CASE WHEN ${newer} THEN $4::int ELSE inventory_devices.unsent END,
           unsent_reported_at = CASE WHEN ${newer} THEN $5::timestamptz ELSE inventory_devices.unsent_reported_at END,
           refused = CASE WHEN ${newer} AND $6::int IS NOT NULL THEN $6::int ELSE inventory_devices.refused END,
           refused_reason = CASE WHEN ${newer} AND $6::int IS NOT NULL THEN $7 ELSE inventory_devices.refused_reason END`,
    [
      inventoryId,
      deviceId,
      counter,
      report?.unsent ?? null,
      report?.at ?? null,
      report?.refused ?? null,
      report?.refused === 0 ? null : (report?.refusedReason ?? null),
    ],
  );
}

/**
 * A pull keeps the counter the device's pushes named; it only says the device is alive —
 * and only for its owner: another user naming the device (claimed by someone else, or
 * bound to someone else on this inventory) changes nothing.
 */
export async function touchDeviceOnPull(db: Queryable, inventoryId: number, deviceId: string, user: string) {
  await db.query(
    `INSERT INTO inventory_devices (inventory_id, device_id, counter)
     SELECT $1, $2, $3
     WHERE NOT EXISTS (SELECT 1 FROM device_claims WHERE device_id = $2 AND username <> $3)
     ON CONFLICT (inventory_id, device_id) DO UPDATE SET last_contact_at = now()
       WHERE inventory_devices.owner IS NULL OR inventory_devices.owner = excluded.counter`,
    [inventoryId, deviceId, user],
  );
}

/** Every device of the inventory, by device id; `onlyUnsent`: those still holding events. */
export async function listDevices(db: Queryable, inventoryId: number, onlyUnsent = false): Promise<DeviceStatusDto[]> {
  const rows = await db.query<{
    deviceId: string;
    counter: string;
    lastContactAt: Date;
    unsent: number;
    refused: number;
    refusedReason: string | null;
    events: number;
    lateEvents: number;
  }>(
    `SELECT d.device_id AS "deviceId", d.counter, d.last_contact_at AS "lastContactAt", d.unsent,
            d.refused, d.refused_reason AS "refusedReason",
            coalesce(e.events, 0)::int AS events, coalesce(e.late_events, 0)::int AS "lateEvents"
     FROM inventory_devices d
     LEFT JOIN (SELECT device_id, count(*) AS events, count(*) FILTER (WHERE late) AS late_events
                FROM count_events WHERE inventory_id = $1 GROUP BY device_id) e ON e.device_id = d.device_id
     WHERE d.inventory_id = $1${onlyUnsent ? ' AND d.unsent > 0' : ''}
     ORDER BY d.device_id`,
    [inventoryId],
  );
  return rows.map((r) => ({ ...r, lastContactAt: r.lastContactAt.toISOString() }));
}

/**
 * The devices taking part in an inventory, for the supervisor: who counts on it, when the
 * server last heard from it (a push or a pull), how many events it said it still holds
 * unsent, and how many events the server has from it. A device that still holds events
 * when the supervisor closes is the one count that could otherwise be forgotten.
 */
import type { DeviceStatusDto } from '../../core/api';
import type { Queryable } from '../db/database';

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
  report: { readonly unsent: number; readonly at: string | null } | null,
): Promise<void> {
  await db.query(
    `INSERT INTO inventory_devices (inventory_id, device_id, counter, last_contact_at, unsent, unsent_reported_at)
     VALUES ($1, $2, $3, now(), coalesce($4, 0), $5::timestamptz)
     ON CONFLICT (inventory_id, device_id) DO UPDATE
       SET counter = excluded.counter, last_contact_at = now(),
           unsent = CASE WHEN $4::int IS NULL THEN inventory_devices.unsent
                         WHEN $5::timestamptz IS NULL OR inventory_devices.unsent_reported_at IS NULL
                              OR $5::timestamptz >= inventory_devices.unsent_reported_at THEN $4::int
                         ELSE inventory_devices.unsent END,
           unsent_reported_at = CASE WHEN $4::int IS NULL THEN inventory_devices.unsent_reported_at
                         WHEN $5::timestamptz IS NULL OR inventory_devices.unsent_reported_at IS NULL
                              OR $5::timestamptz >= inventory_devices.unsent_reported_at THEN $5::timestamptz
                         ELSE inventory_devices.unsent_reported_at END`,
    [inventoryId, deviceId, counter, report?.unsent ?? null, report?.at ?? null],
  );
}

/** A pull keeps the counter the device's pushes named; it only says the device is alive. */
export async function touchDeviceOnPull(db: Queryable, inventoryId: number, deviceId: string, user: string) {
  await db.query(
    `INSERT INTO inventory_devices (inventory_id, device_id, counter) VALUES ($1, $2, $3)
     ON CONFLICT (inventory_id, device_id) DO UPDATE SET last_contact_at = now()`,
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
    events: number;
    lateEvents: number;
  }>(
    `SELECT d.device_id AS "deviceId", d.counter, d.last_contact_at AS "lastContactAt", d.unsent,
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

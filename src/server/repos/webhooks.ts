/**
 * The webhook outbox: deliveries queued by the transaction that makes the event (so a
 * rolled-back apply queues nothing), claimed by one server process at a time
 * (`FOR UPDATE SKIP LOCKED`, then a lease: `next_attempt_at` moved past the request's
 * timeout, so a process that dies while sending leaves the delivery to be sent again),
 * and the log of every attempt for the supervisor.
 */
import type { WebhookDeliveryDto, WebhookEvent } from '../../core/outbound';
import type { Queryable } from '../db/database';
import { conflict, notFound } from '../http/errors';

/** Queues `event` in the caller's transaction; returns the delivery id. */
export async function queueDelivery(tx: Queryable, event: WebhookEvent, inventoryId: number | null): Promise<number> {
  const [row] = await tx.query<{ id: number }>(
    'INSERT INTO webhook_deliveries (event, inventory_id, payload) VALUES ($1, $2, $3) RETURNING id::float8 AS id',
    [event.event, inventoryId, JSON.stringify(event)],
  );
  if (!row) throw new Error('delivery not queued');
  return row.id;
}

export interface ClaimedDelivery {
  readonly id: number;
  readonly event: string;
  readonly payload: string;
  /** This attempt's number, counting every attempt of the delivery. */
  readonly attempt: number;
  /** This attempt's number in the current round (a "Renvoyer" starts a new round at 1). */
  readonly roundAttempt: number;
}

/**
 * Takes up to `limit` due deliveries for this process: each is leased for `leaseMs`
 * (longer than a request may take) and its attempt counted now.
 */
export async function claimDue(db: Queryable, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  return db.query<ClaimedDelivery>(
    `UPDATE webhook_deliveries
     SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => $2::float8 / 1000)
     WHERE id IN (
       SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= now()
       ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
     RETURNING id::float8 AS id, event, payload, attempts AS attempt, attempts - retry_base AS "roundAttempt"`,
    [limit, leaseMs],
  );
}

export interface AttemptOutcome {
  readonly httpStatus: number | null;
  readonly error: string | null;
  readonly durationMs: number;
  /** delivered; or the delay before the next attempt; or null: no more attempts (failed). */
  readonly next: 'delivered' | { readonly retryInMs: number } | null;
}

/** Logs the attempt and moves the delivery on: delivered, due again later, or failed. */
export async function recordAttempt(tx: Queryable, d: ClaimedDelivery, o: AttemptOutcome): Promise<void> {
  await tx.query(
    `INSERT INTO webhook_attempts (delivery_id, attempt, http_status, error, duration_ms) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING`,
    [d.id, d.attempt, o.httpStatus, o.error, Math.max(0, Math.round(o.durationMs))],
  );
  const delivered = o.next === 'delivered';
  const retryInMs = o.next === null || o.next === 'delivered' ? null : o.next.retryInMs;
  await tx.query(
    `UPDATE webhook_deliveries
     SET status = $2, last_status = $3, last_error = $4,
         delivered_at = CASE WHEN $2 = 'delivered' THEN now() END,
         next_attempt_at = CASE WHEN $5::float8 IS NULL THEN next_attempt_at
                                ELSE now() + make_interval(secs => $5::float8 / 1000) END
     WHERE id = $1 AND attempts = $6`,
    [
      d.id,
      delivered ? 'delivered' : retryInMs === null ? 'failed' : 'pending',
      o.httpStatus,
      o.error,
      retryInMs,
      d.attempt,
    ],
  );
}

/** An attempt that never went out (the process is stopping): the delivery is due again now. */
export async function releaseClaim(db: Queryable, d: ClaimedDelivery): Promise<void> {
  await db.query(
    `UPDATE webhook_deliveries SET attempts = attempts - 1, next_attempt_at = now()
     WHERE id = $1 AND attempts = $2 AND status = 'pending'`,
    [d.id, d.attempt],
  );
}

const DELIVERY_JSON = `json_build_object(
  'id', d.id::float8, 'event', d.event, 'inventoryId', d.inventory_id, 'status', d.status, 'attempts', d.attempts,
  'createdAt', ${iso('d.created_at')},
  'nextAttemptAt', CASE WHEN d.status = 'pending' THEN ${iso('d.next_attempt_at')} END,
  'deliveredAt', ${iso('d.delivered_at')}, 'lastError', d.last_error,
  'log', (SELECT coalesce(json_agg(json_build_object(
            'attempt', a.attempt, 'at', ${iso('a.at')}, 'httpStatus', a.http_status, 'error', a.error,
            'durationMs', a.duration_ms) ORDER BY a.attempt DESC), '[]')
          FROM (SELECT * FROM webhook_attempts WHERE delivery_id = d.id ORDER BY attempt DESC LIMIT 20) a))`;

function iso(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** The newest deliveries first, `before` an id for the next page. */
export async function listDeliveries(
  db: Queryable,
  limit: number,
  before: number | null,
): Promise<WebhookDeliveryDto[]> {
  const [row] = await db.query<{ json: string }>(
    `SELECT coalesce(json_agg(${DELIVERY_JSON} ORDER BY d.id DESC), '[]')::text AS json
     FROM (SELECT * FROM webhook_deliveries WHERE $2::bigint IS NULL OR id < $2 ORDER BY id DESC LIMIT $1) d`,
    [limit, before],
  );
  return JSON.parse(row?.json ?? '[]') as WebhookDeliveryDto[];
}

export async function getDelivery(db: Queryable, id: number): Promise<WebhookDeliveryDto> {
  const [row] = await db.query<{ json: string }>(
    `SELECT ${DELIVERY_JSON}::text AS json FROM webhook_deliveries d WHERE d.id = $1`,
    [id],
  );
  if (!row) throw notFound(`Webhook delivery ${id}`);
  return JSON.parse(row.json) as WebhookDeliveryDto;
}

/**
 * "Renvoyer": a failed delivery gets a new round of attempts, the first one now. Only a
 * failed one: a pending one is already on its way (sending it now as well could send it
 * twice at once), a delivered one has arrived.
 */
export async function retryDelivery(tx: Queryable, id: number): Promise<WebhookDeliveryDto> {
  const current = await getDelivery(tx, id);
  const [row] = await tx.query(
    `UPDATE webhook_deliveries SET status = 'pending', retry_base = attempts, next_attempt_at = now()
     WHERE id = $1 AND status = 'failed' RETURNING 1 AS found`,
    [id],
  );
  if (!row) {
    throw conflict(
      current.status === 'delivered' ? 'delivery_delivered' : 'delivery_pending',
      current.status === 'delivered'
        ? `Webhook delivery ${id} was delivered; there is nothing to send again.`
        : `Webhook delivery ${id} is already queued (next attempt at ${current.nextAttemptAt}).`,
    );
  }
  return getDelivery(tx, id);
}

/**
 * What goes out to the shop's ERP besides the ZIPs, as the API gives it: the stock
 * movements feed (`GET /api/movements?after=CURSOR`) and the webhook sent on apply, with
 * its delivery log for the supervisor. Quantities and money are decimal strings, as
 * everywhere in the API.
 */
import type { RecapTotalsDto } from './api/dto';
import type { InventoryKind } from './inventory';

/** One stock movement, as the feed lists it. */
export interface MovementDto {
  /** Also the cursor: pass the last one seen as `after` to get the next ones. */
  readonly id: number;
  /** When the stock moved (ISO-8601, UTC). */
  readonly at: string;
  readonly location: { readonly id: number; readonly code: string };
  readonly itemRef: string;
  /** The item's designation and unit as the catalogue has them now (null: item gone). */
  readonly designation: string | null;
  readonly unit: string | null;
  readonly bin: string;
  readonly lot: string | null;
  readonly serial: string | null;
  /** The signed change of the stock line ("-2.000": two fewer). */
  readonly quantity: string;
  /** The unit cost when the stock moved (for an inventory: the one its recap used). */
  readonly unitCost: string;
  /** quantity × unit cost, rounded per movement to 4 decimals (half away from zero). */
  readonly value: string;
  /** `inventory`, `import`, or the reason given with a manual movement. */
  readonly reason: string;
  readonly inventoryId: number | null;
  /** The stock import that made it (reason `import`), else null. */
  readonly importId: number | null;
  /** The user who moved the stock (who applied the inventory, ran the import…). */
  readonly by: string;
}

export interface MovementsPageDto {
  readonly movements: readonly MovementDto[];
  /** The last id of this page (the `after` given when the page is empty): the next call's `after`. */
  readonly cursor: number;
  readonly more: boolean;
}

/** Reasons the server writes itself; a manual movement may not claim them. */
export const RESERVED_REASONS: readonly string[] = ['inventory', 'import'];

/** The body POSTed to the webhook URL when an inventory is applied. */
export interface InventoryAppliedEvent {
  readonly event: 'inventory.applied';
  readonly inventory: { readonly id: number; readonly name: string; readonly kind: InventoryKind };
  readonly location: { readonly id: number; readonly code: string; readonly name: string };
  readonly appliedAt: string;
  readonly appliedBy: string;
  readonly totals: RecapTotalsDto;
  /**
   * The apply's movements: ids `after` < id ≤ `last` (consecutive, none of another
   * writer). Pull them with GET /api/movements?after={after} until the cursor reaches `last`.
   */
  readonly movements: { readonly count: number; readonly after: number; readonly last: number };
}

export type WebhookEvent = InventoryAppliedEvent;

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface DeliveryAttemptDto {
  readonly attempt: number;
  readonly at: string;
  /** The receiver's HTTP status; null when it did not answer (timeout, refused). */
  readonly httpStatus: number | null;
  readonly error: string | null;
  readonly durationMs: number;
}

export interface WebhookDeliveryDto {
  readonly id: number;
  readonly event: WebhookEvent['event'];
  readonly inventoryId: number | null;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly createdAt: string;
  /** When the next attempt is due (pending only). */
  readonly nextAttemptAt: string | null;
  readonly deliveredAt: string | null;
  readonly lastError: string | null;
  /** Newest first, the last 20. */
  readonly log: readonly DeliveryAttemptDto[];
}

export interface WebhookDeliveriesDto {
  /** A webhook URL is configured on the server (WEBHOOK_URL). */
  readonly configured: boolean;
  /** Newest first. */
  readonly deliveries: readonly WebhookDeliveryDto[];
}

/**
 * The inventory and its life: counting → closed → applied, or cancelled. `closed` can go
 * back to `counting` (the supervisor reopens before applying). Any other move is refused
 * with a message that says where the inventory stands.
 */
import { fail, ok, type Result } from './errors';

export type InventoryKind = 'articles' | 'pieces';
export const INVENTORY_KINDS: readonly InventoryKind[] = ['articles', 'pieces'];

export type InventoryStatus = 'counting' | 'closed' | 'applied' | 'cancelled';
export type InventoryAction = 'close' | 'reopen' | 'apply' | 'cancel';

/** What to do with lines nobody counted: keep the expected quantity (default) or count 0. */
export type UncountedPolicy = 'keep' | 'zero';

/**
 * When the recap suggests recounting a line (core/recount.ts): canonical decimal texts,
 * a percentage of the expected quantity ("5.000") and a money value ("100.0000"); null
 * turns that test off. Text, not bigints, so an inventory stays plain JSON.
 */
export interface RecountThreshold {
  readonly qtyPercent: string | null;
  readonly value: string | null;
}

export const NO_RECOUNT_THRESHOLD: RecountThreshold = { qtyPercent: null, value: null };

export interface Inventory {
  readonly id: number;
  readonly name: string;
  readonly locationId: number;
  readonly kind: InventoryKind;
  readonly status: InventoryStatus;
  readonly uncountedPolicy: UncountedPolicy;
  readonly recountThreshold: RecountThreshold;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly closedAt: string | null;
  readonly appliedAt: string | null;
}

const TRANSITIONS: Readonly<Record<InventoryAction, Partial<Record<InventoryStatus, InventoryStatus>>>> = {
  close: { counting: 'closed' },
  reopen: { closed: 'counting' },
  apply: { closed: 'applied' },
  cancel: { counting: 'cancelled', closed: 'cancelled' },
};

const WHY: Readonly<Record<InventoryStatus, string>> = {
  counting: 'it is still being counted (close it first)',
  closed: 'it is closed',
  applied: 'it has already been applied to the stock',
  cancelled: 'it was cancelled',
};

export function transition(from: InventoryStatus, action: InventoryAction): Result<InventoryStatus> {
  const to = TRANSITIONS[action][from];
  if (to) return ok(to);
  return fail('invalid_transition', `Cannot ${action} this inventory: ${WHY[from]}.`, { from, action });
}

/** A location stays frozen (no stock movement) from the start until applied or cancelled. */
export const freezesLocation = (status: InventoryStatus): boolean => status === 'counting' || status === 'closed';

/** Counts are taken into the recap only while counting; later ones are kept as late. */
export const acceptsCounts = (status: InventoryStatus): boolean => status === 'counting';

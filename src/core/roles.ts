/**
 * Which roles a role holds, and what each may do. An admin is a supervisor too (plus
 * users and locations), so "admits supervisor" means "admits supervisor or admin"
 * everywhere. The server's route permissions (api/routes.ts) and the app's buttons ask
 * `can(role, action)`: a new route or button declared for an action admits exactly the
 * roles that action names, without anyone listing them again. Counters and accountants
 * hold only their own role. Checks are always positive ("may this role…?"): a role
 * nobody foresaw (an old device's) may do nothing.
 */
import type { Role } from './api/dto';

const HOLDS: Readonly<Record<Role, readonly Role[]>> = {
  counter: ['counter'],
  supervisor: ['supervisor'],
  accountant: ['accountant'],
  admin: ['admin', 'supervisor'],
};

/** Does a user of `role` have the rights of `needed`? (An unknown role — an old device's — holds nothing.) */
export function roleIncludes(role: Role, needed: Role): boolean {
  const held: readonly Role[] | undefined = HOLDS[role];
  return held !== undefined && held.includes(needed);
}

/** Does `role` hold at least one of `roles` (a route's or a button's list)? */
export const hasAnyRole = (role: Role, roles: readonly Role[]): boolean => roles.some((r) => roleIncludes(role, r));

/**
 * What a route or a button needs. Each action names the roles it admits (roles holding
 * them are admitted too).
 */
export const ACTIONS = {
  /** See inventories, their lines and counts, the locations: every logged-in user. */
  read: ['counter', 'supervisor', 'accountant', 'admin'],
  /** Count, add a line found on the shelf, check a bin. */
  count: ['counter', 'supervisor'],
  /** Expected quantities, unit costs, recaps, ZIPs, the stock and its movements. */
  readStock: ['supervisor', 'accountant'],
  /** Start, close, recount, confirm, cancel an inventory; move and import stock; the webhook. */
  supervise: ['supervisor'],
  /** Users and locations. */
  administer: ['admin'],
} as const satisfies Readonly<Record<string, readonly Role[]>>;

export type Action = keyof typeof ACTIONS;

/** May a user of `role` do `action`? */
export const can = (role: Role, action: Action): boolean => hasAnyRole(role, ACTIONS[action]);

export const isSupervisor = (role: Role): boolean => can(role, 'supervise');
export const isAdmin = (role: Role): boolean => can(role, 'administer');
/** Counters and supervisors (and so admins) count; accountants only read. */
export const canCount = (role: Role): boolean => can(role, 'count');
/** Supervisors (and admins) and accountants see expected quantities, recaps and ZIPs. */
export const seesStock = (role: Role): boolean => can(role, 'readStock');
/**
 * A blind count for this reader: the inventory hides expected quantities from counters
 * (not `showExpected`) and the role does not read the stock. Such a reader gets neither
 * the expected quantities nor what the other devices counted (a count of another phone
 * biases the count exactly as the expected quantity would), only THAT a line was counted.
 */
export const countsBlind = (role: Role, showExpected: boolean): boolean => !showExpected && !can(role, 'readStock');

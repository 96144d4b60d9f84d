/**
 * Which roles a role holds. An admin is a supervisor too (plus users and locations), so
 * "admits supervisor" means "admits supervisor or admin" everywhere: the server's role
 * check and the app's buttons ask here, and a new route or button declared for
 * supervisors admits admins without anyone listing them. Counters and accountants hold
 * only their own role.
 */
import type { Role } from './api';

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

export const isSupervisor = (role: Role): boolean => roleIncludes(role, 'supervisor');
export const isAdmin = (role: Role): boolean => roleIncludes(role, 'admin');
/** Counters and supervisors (and so admins) count; accountants only read. */
export const canCount = (role: Role): boolean => hasAnyRole(role, ['counter', 'supervisor']);
/** Supervisors (and admins) and accountants see expected quantities, recaps and ZIPs. */
export const seesStock = (role: Role): boolean => hasAnyRole(role, ['supervisor', 'accountant']);

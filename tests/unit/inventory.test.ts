import { describe, expect, it } from 'vitest';
import {
  acceptsCounts,
  freezesLocation,
  INVENTORY_KINDS,
  transition,
  type InventoryAction,
  type InventoryStatus,
} from '../../src/core/inventory';
import { unwrap, unwrapErr } from './coreTestUtils';

const STATUSES: readonly InventoryStatus[] = ['counting', 'closed', 'applied', 'cancelled'];
const ACTIONS: readonly InventoryAction[] = ['close', 'reopen', 'apply', 'cancel'];

/** The whole allowed graph; every pair not listed here must be refused. */
const ALLOWED: Readonly<Record<string, InventoryStatus>> = {
  'counting/close': 'closed',
  'closed/reopen': 'counting',
  'closed/apply': 'applied',
  'counting/cancel': 'cancelled',
  'closed/cancel': 'cancelled',
};

/** A word of the refusal that says where the inventory stands. */
const WHERE: Readonly<Record<InventoryStatus, RegExp>> = {
  counting: /still being counted/,
  closed: /closed/,
  applied: /already been applied/,
  cancelled: /cancelled/,
};

const pairs = STATUSES.flatMap((from) => ACTIONS.map((action) => [from, action] as const));

describe('transition: every (status, action) pair', () => {
  it('covers all 16 pairs, 5 of them allowed', () => {
    expect(pairs).toHaveLength(16);
    expect(pairs.filter(([from, action]) => transition(from, action).ok)).toHaveLength(5);
  });

  it.each(pairs)('%s + %s', (from, action) => {
    const to = ALLOWED[`${from}/${action}`];
    const r = transition(from, action);
    if (to !== undefined) {
      expect(unwrap(r)).toBe(to);
      return;
    }
    const error = unwrapErr(r);
    expect(error.code).toBe('invalid_transition');
    expect(error.message).toContain(action);
    expect(error.message).toMatch(WHERE[from]);
    expect(error.details).toEqual({ from, action });
  });
});

describe('the life of an inventory', () => {
  const run = (start: InventoryStatus, actions: readonly InventoryAction[]): InventoryStatus =>
    actions.reduce((status, action) => unwrap(transition(status, action)), start);

  it('counting → closed → reopened → closed → applied', () => {
    expect(run('counting', ['close', 'reopen', 'close', 'apply'])).toBe('applied');
  });

  it('can be cancelled while counting or once closed, not after applying', () => {
    expect(run('counting', ['cancel'])).toBe('cancelled');
    expect(run('counting', ['close', 'cancel'])).toBe('cancelled');
    expect(transition('applied', 'cancel').ok).toBe(false);
  });

  it('cannot be applied without being closed first', () => {
    const error = unwrapErr(transition('counting', 'apply'));
    expect(error.message).toBe('Cannot apply this inventory: it is still being counted (close it first).');
  });

  it('applied and cancelled are final', () => {
    for (const from of ['applied', 'cancelled'] as const) {
      for (const action of ACTIONS) expect(transition(from, action).ok, `${from} + ${action}`).toBe(false);
    }
  });
});

describe('freezesLocation / acceptsCounts', () => {
  it.each([
    ['counting', true, true],
    ['closed', true, false],
    ['applied', false, false],
    ['cancelled', false, false],
  ] as const)('%s: frozen %s, accepts counts %s', (status, frozen, accepts) => {
    expect(freezesLocation(status)).toBe(frozen);
    expect(acceptsCounts(status)).toBe(accepts);
  });

  it('a location is frozen exactly while the inventory can still move', () => {
    for (const status of STATUSES) {
      const canMove = ACTIONS.some((action) => transition(status, action).ok);
      expect(freezesLocation(status), status).toBe(canMove);
    }
  });

  it('counts are only accepted where they are frozen', () => {
    for (const status of STATUSES) if (acceptsCounts(status)) expect(freezesLocation(status)).toBe(true);
  });
});

describe('INVENTORY_KINDS', () => {
  it('is articles and pieces', () => {
    expect([...INVENTORY_KINDS]).toEqual(['articles', 'pieces']);
  });
});

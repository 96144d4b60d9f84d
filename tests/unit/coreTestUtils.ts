/**
 * Small helpers shared by the core unit tests: unwrapping Results, a seeded PRNG (so a
 * failing shuffle can be replayed), and builders for lines and events.
 */
import type { Result } from '../../src/core/errors';
import type { CountEvent } from '../../src/core/counting';
import type { InventoryLine } from '../../src/core/line';
import { makeLineKey, type LineKey } from '../../src/core/lineKey';
import { parseMoney } from '../../src/core/money';
import { parseQty, type Qty } from '../../src/core/quantity';

export function unwrap<T, C extends string>(r: Result<T, C>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}

export function unwrapErr<T, C extends string>(r: Result<T, C>): { code: C; message: string; details?: unknown } {
  if (r.ok) throw new Error(`expected an error, got ok: ${String(r.value)}`);
  return r.error;
}

/** The demo catalogue's seeded PRNG, reused so test data is reproducible. */
export { prng } from '../../src/server/demo/catalogue';

export const pick = <T>(rand: () => number, list: readonly T[]): T => {
  const v = list[Math.floor(rand() * list.length)];
  if (v === undefined) throw new Error('pick from an empty list');
  return v;
};

export function shuffled<T>(rand: () => number, list: readonly T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export const q = (text: string | number): Qty => unwrap(parseQty(text));

export interface LineSpec {
  itemRef?: string;
  bin?: string;
  lot?: string | null;
  serial?: string | null;
  expected?: string;
  unitCost?: string;
  unit?: string;
  added?: boolean;
  designation?: string;
}

export function line(spec: LineSpec = {}): InventoryLine {
  const id = {
    itemRef: spec.itemRef ?? 'REF-1',
    bin: spec.bin ?? 'A-01',
    lot: spec.lot ?? null,
    serial: spec.serial ?? null,
  };
  return {
    ...id,
    key: makeLineKey(id),
    designation: spec.designation ?? `Designation of ${id.itemRef}`,
    kind: 'articles',
    supplier: null,
    barcodes: [],
    unit: spec.unit ?? 'pcs',
    expectedQty: q(spec.expected ?? '0'),
    unitCost: unwrap(parseMoney(spec.unitCost ?? '0')),
    added: spec.added ?? false,
  };
}

export function event(
  id: string,
  lineKey: LineKey,
  deviceId: string,
  quantity: string,
  seq: number,
  extra: { counter?: string; at?: string; round?: number } = {},
): CountEvent {
  return {
    id,
    lineKey,
    deviceId,
    qty: q(quantity),
    seq,
    counter: extra.counter ?? `counter-of-${deviceId}`,
    at: extra.at ?? new Date(Date.UTC(2026, 0, 1, 8, 0, seq)).toISOString(),
    round: extra.round ?? 0,
  };
}

/**
 * The HTTP API contract shared by the app, the server and outside clients: JSON shapes
 * and their conversion to and from domain types. Quantities and money travel as
 * canonical decimal strings ("12.500", "3.1400") so no float ever creeps in.
 */
import type { CountEvent, DevicePart } from './counting';
import type { Inventory, InventoryKind, InventoryStatus, UncountedPolicy } from './inventory';
import type { InventoryLine, Pack, StockLine } from './line';
import type { LineKey } from './lineKey';
import { formatMoney, money } from './money';
import { formatQty, qty } from './quantity';
import type { Recap, RecapLine, RecapTotals } from './recap';

export type Role = 'counter' | 'supervisor' | 'accountant';
export const ROLES: readonly Role[] = ['counter', 'supervisor', 'accountant'];

/**
 * The JSON shape of a domain type: exact numbers (branded bigints) become canonical
 * decimal strings, line keys plain strings, everything else stays as it is. Deriving the DTOs keeps them from
 * drifting away from the domain types.
 */
export type Wire<T> = {
  readonly [K in keyof T]: T[K] extends bigint ? string : T[K] extends LineKey ? string : T[K];
};

export interface ApiError {
  readonly error: { readonly code: string; readonly message: string; readonly details?: unknown };
}

export interface SessionDto {
  readonly token: string;
  readonly expiresAt: string;
  readonly user: { readonly username: string; readonly role: Role };
}

export interface LocationDto {
  readonly id: number;
  readonly code: string;
  readonly name: string;
  readonly frozenBy: number | null;
}

export type StockLineDto = Wire<StockLine>;

/** An inventory has no bigint field: its JSON shape is the domain type itself. */
export type InventoryDto = Inventory;

export interface InventoryDetailDto extends InventoryDto {
  readonly lineCount: number;
  readonly countedLines: number;
  readonly devices: readonly {
    readonly deviceId: string;
    readonly counter: string;
    readonly lastEventAt: string;
    readonly events: number;
  }[];
  readonly exports: { readonly before: ExportInfoDto | null; readonly after: ExportInfoDto | null };
}

export interface ExportInfoDto {
  readonly fileName: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly uploadedAt: string;
  readonly uploadedBy: string;
}

export interface LineDto {
  readonly key: string;
  readonly itemRef: string;
  readonly designation: string;
  readonly kind: InventoryKind;
  readonly supplier: string | null;
  readonly bin: string;
  readonly lot: string | null;
  readonly serial: string | null;
  readonly barcodes: readonly string[];
  /**
   * The barcodes among `barcodes` that name a pack (a carton of 12), with its quantity as a
   * decimal string; absent or empty when every barcode is one unit (older servers send none).
   */
  readonly packs?: readonly PackDto[];
  readonly unit: string;
  /** null for a counter on a blind count: the server does not send what it should not see. */
  readonly expectedQty: string | null;
  readonly unitCost: string;
  readonly added: boolean;
}

export interface PackDto {
  readonly code: string;
  readonly qty: string;
}

export interface CountEventDto {
  readonly id: string;
  readonly lineKey: string;
  readonly deviceId: string;
  /** null: the device withdrew its count of the line (see counting.ts). */
  readonly qty: string | null;
  readonly seq: number;
  readonly counter: string;
  readonly at: string;
  /** Server order, the pull cursor. */
  readonly cursor: number;
  readonly late: boolean;
}

/**
 * A count event as a device sends it; `qty` may be a JSON number or a decimal string, or
 * null to withdraw the device's count of the line (the line is no longer counted by it).
 */
export interface CountEventInputDto {
  readonly id: string;
  readonly lineKey: string;
  readonly qty: number | string | null;
  readonly seq: number;
  readonly counter: string;
  readonly at: string;
}

export interface CountsPushDto {
  readonly deviceId: string;
  readonly events: readonly CountEventInputDto[];
}

export interface CountsPushResultDto {
  readonly accepted: number;
  readonly duplicates: number;
  readonly late: number;
}

export interface CountsPageDto {
  readonly events: readonly CountEventDto[];
  readonly cursor: number;
  readonly more: boolean;
}

export type DevicePartDto = Wire<DevicePart>;

export type RecapLineDto = Wire<Omit<RecapLine, 'devices'>> & { readonly devices: readonly DevicePartDto[] };

export type RecapTotalsDto = Wire<RecapTotals>;

export interface RecapDto {
  readonly uncountedPolicy: UncountedPolicy;
  readonly lines: readonly RecapLineDto[];
  readonly uncounted: readonly RecapLineDto[];
  readonly totals: RecapTotalsDto;
}

export const lineToDto = ({ packs, ...l }: InventoryLine): LineDto => ({
  ...l,
  ...(packs ? { packs: packs.map((p) => ({ code: p.code, qty: formatQty(p.qty) })) } : {}),
  expectedQty: formatQty(l.expectedQty),
  unitCost: formatMoney(l.unitCost),
});

/**
 * Trusts its input (it comes from our own server); bad text throws, which is a bug, not
 * user input. A blind line (no expected quantity) is not a whole snapshot line: callers
 * that get blind lines keep them as DTOs.
 */
export const lineFromDto = ({ packs, ...l }: LineDto): InventoryLine => {
  if (l.expectedQty === null) throw new Error(`line ${l.key} is blind (no expected quantity)`);
  return {
    ...l,
    ...(packs ? { packs: packs.map(packFromDto) } : {}),
    key: l.key as LineKey,
    expectedQty: qty(decimalToScaled(l.expectedQty, 3)),
    unitCost: money(decimalToScaled(l.unitCost, 4)),
  };
};

export const devicePartToDto = (d: DevicePart): DevicePartDto => ({ ...d, qty: formatQty(d.qty) });

export const recapLineToDto = (l: RecapLine): RecapLineDto => ({
  ...l,
  expected: formatQty(l.expected),
  counted: formatQty(l.counted),
  difference: formatQty(l.difference),
  unitCost: formatMoney(l.unitCost),
  differenceValue: formatMoney(l.differenceValue),
  devices: l.devices.map(devicePartToDto),
});

export const recapTotalsToDto = (t: RecapTotals): RecapTotalsDto => ({
  ...t,
  expected: formatQty(t.expected),
  counted: formatQty(t.counted),
  difference: formatQty(t.difference),
  expectedValue: formatMoney(t.expectedValue),
  countedValue: formatMoney(t.countedValue),
  differenceValue: formatMoney(t.differenceValue),
  gainValue: formatMoney(t.gainValue),
  lossValue: formatMoney(t.lossValue),
});

export const recapToDto = (r: Recap): RecapDto => ({
  uncountedPolicy: r.uncountedPolicy,
  lines: r.lines.map(recapLineToDto),
  uncounted: r.uncounted.map(recapLineToDto),
  totals: recapTotalsToDto(r.totals),
});

export const countEventToDto = (e: CountEvent, cursor: number, late: boolean): CountEventDto => ({
  ...e,
  qty: e.qty === null ? null : formatQty(e.qty),
  cursor,
  late,
});

export const countEventFromDto = (
  e: CountEventDto,
): CountEvent & { readonly late: boolean; readonly cursor: number } => ({
  ...e,
  lineKey: e.lineKey as LineKey,
  qty: e.qty === null ? null : qty(decimalToScaled(e.qty, 3)),
});

export const packFromDto = (p: PackDto): Pack => ({ code: p.code, qty: qty(decimalToScaled(p.qty, 3)) });

/** Canonical decimal text (as the server sends it) to a scaled bigint. */
export function decimalToScaled(text: string, scale: number): bigint {
  const negative = text.startsWith('-');
  const [whole = '0', frac = ''] = (negative ? text.slice(1) : text).split('.');
  const v = BigInt(whole) * 10n ** BigInt(scale) + BigInt(frac.padEnd(scale, '0').slice(0, scale) || '0');
  return negative ? -v : v;
}

// ---------- bins as a checklist (core/bins.ts) ----------

/** A bin of the inventory's location, or one that only has lines added during the count. */
export interface BinDto {
  readonly code: string;
  readonly state: import('./bins').BinState;
  readonly lines: number;
  readonly countedLines: number;
  /** Counters whose device currently says "empty" (each once, sorted); kept when the bin is counted after all. */
  readonly emptyBy: readonly string[];
}

/** "Bin empty" confirmations (or their withdrawal, `empty: false`) from one device. */
export interface BinChecksPushDto {
  readonly deviceId: string;
  readonly checks: readonly {
    readonly bin: string;
    readonly empty: boolean;
    readonly seq: number;
    readonly counter: string;
    readonly at: string;
  }[];
}

/** `accepted`: checks that changed the device's register; `ignored`: repeats, older seqs, superseded in the batch. */
export interface BinChecksPushResultDto {
  readonly accepted: number;
  readonly ignored: number;
}
